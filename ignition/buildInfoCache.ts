import fs from "fs";
import path from "path";
import { HardhatArtifactResolver } from "@nomicfoundation/hardhat-ignition/helpers";
import type { BuildInfo } from "hardhat/types";

/**
 * Ignition reads a contract's build info for every future that deploys or calls it, and every contract here is
 * compiled in one solc job: one ~30 MB build info, read and parsed again each time — most of the ~20 s an in-process
 * System deploy took. Parse each build-info file once per process (artifacts do not change while Hardhat runs;
 * a recompile writes a new file name). Loaded by hardhat.config.ts, so the CLI and `hre.ignition.deploy` share it.
 */
const byFile = new Map<string, Promise<BuildInfo>>();
type Hre = { artifacts: { getArtifactPaths(): Promise<string[]> } };
const original = HardhatArtifactResolver.prototype.getBuildInfo;
HardhatArtifactResolver.prototype.getBuildInfo = async function (contractName: string) {
  if (contractName.includes(":")) return original.call(this, contractName);
  const hre = (this as unknown as { _hre: Hre })._hre;
  const artifact = (await hre.artifacts.getArtifactPaths()).find((p) => path.parse(p).name === contractName);
  if (!artifact) return original.call(this, contractName); // its own error
  const debug = artifact.replace(/\.json$/, ".dbg.json");
  const file = path.join(path.dirname(debug), JSON.parse(fs.readFileSync(debug, "utf8")).buildInfo);
  let buildInfo = byFile.get(file);
  if (!buildInfo) {
    buildInfo = fs.promises.readFile(file, "utf8").then((text) => JSON.parse(text) as BuildInfo);
    buildInfo.catch(() => byFile.delete(file));
    byFile.set(file, buildInfo);
  }
  return buildInfo;
};
