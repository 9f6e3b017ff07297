import { defineConfig } from "vitest/config";

// The indexer's benchmark (minutes; not in CI): npm run bench --workspace indexer.
export default defineConfig({
  test: { include: ["bench/**/*.bench.test.ts"], testTimeout: 7_200_000, hookTimeout: 600_000, reporters: ["verbose"] },
});
