import { defineConfig } from "vitest/config";

// The indexer's end-to-end comparison (a node, the demo, the indexer, minutes): run by .ci/indexer, not `npm test`.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 900_000,
    fileParallelism: false,
    reporters: ["verbose"],
  },
});
