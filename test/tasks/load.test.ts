import { expect } from "chai";
import fs from "fs";
import path from "path";

const ROOT = path.join(__dirname, "..", "..");

/** The project files `file` imports at load time (value imports; `import type` is erased), resolved to paths. */
function loadTimeImports(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const specifiers = [
    ...text.matchAll(/^import\s+(?!type\b)[^"';]*?\bfrom\s+"([^"]+)";/gms),
    ...text.matchAll(/^import\s+"([^"]+)";/gm),
    ...text.matchAll(/^export\s+(?!type\b)[^"';]*?\bfrom\s+"([^"]+)";/gms),
  ].map((m) => m[1]);
  const resolved: string[] = [];
  for (const spec of specifiers.filter((s) => s.startsWith("."))) {
    const base = path.resolve(path.dirname(file), spec);
    const candidate = [`${base}.ts`, path.join(base, "index.ts"), base].find(
      (p) => fs.existsSync(p) && fs.statSync(p).isFile(),
    );
    resolved.push(candidate ?? base); // an unresolved path (typechain-types before compiling) is kept as written
  }
  return resolved;
}

describe("Loading the Hardhat config", function () {
  it("imports nothing generated at load time: a clean clone runs `hardhat compile` (and `npm test`) before TypeChain has written typechain-types", function () {
    const seen = new Set<string>();
    const offending: string[] = [];
    const walk = (file: string, via: string[]) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const next of loadTimeImports(file)) {
        const chain = [...via, path.relative(ROOT, next)];
        if (/typechain-types|artifacts/.test(next)) offending.push(chain.join(" → "));
        else if (next.endsWith(".ts")) walk(next, chain);
      }
    };
    walk(path.join(ROOT, "hardhat.config.ts"), ["hardhat.config.ts"]);
    expect(seen.size, "the walk did not reach the tasks").to.be.greaterThan(5);
    expect(offending, "generated code imported at load time (use `await import(...)` inside the task)").to.deep.equal(
      [],
    );
  });
});
