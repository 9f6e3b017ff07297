import { expect } from "chai";
import fs from "fs";
import path from "path";
import { AbiCoder, keccak256, toUtf8Bytes } from "ethers";

const CONTRACTS = path.join(__dirname, "../../contracts");

/** ERC-7201: `keccak256(abi.encode(uint256(keccak256(id)) - 1)) & ~bytes32(uint256(0xff))`. */
export function erc7201(id: string): string {
  const inner = BigInt(keccak256(toUtf8Bytes(id))) - 1n;
  const outer = BigInt(keccak256(AbiCoder.defaultAbiCoder().encode(["uint256"], [inner])));
  return "0x" + (outer & ~0xffn).toString(16).padStart(64, "0");
}

function solidityFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return solidityFiles(full);
    return e.name.endsWith(".sol") ? [full] : [];
  });
}

interface SlotConstant {
  file: string;
  name: string;
  value: string;
  /** The namespace id named by the comment above the constant (`keccak256("<id>")`), if any. */
  id?: string;
}

/** Every `bytes32 … constant …(STORAGE|SLOT|LOCATION)… = 0x…;` of a source, with the namespace its comment names. */
function slotConstantsOf(file: string, text: string): SlotConstant[] {
  const found: SlotConstant[] = [];
  const constant =
    /bytes32\s+(?:(?:private|internal|public)\s+)?constant\s+(\w*(?:STORAGE|SLOT|LOCATION)\w*)\s*=\s*(0x[0-9a-fA-F]+)\s*;/g;
  for (const m of text.matchAll(constant)) {
    // The comment block directly above the declaration (lines starting with // or ///).
    const before = text.slice(0, m.index).split("\n");
    before.pop(); // the declaration's own line, up to the match
    const comment: string[] = [];
    while (before.length && /^\s*\/\//.test(before[before.length - 1])) comment.unshift(before.pop()!);
    const id = /keccak256\(abi\.encode\(uint256\(keccak256\("([^"]+)"\)\)\s*-\s*1\)\)/.exec(
      comment.join(" ").replace(/\/\/\/?/g, " "),
    )?.[1];
    found.push({ file: path.relative(CONTRACTS, file), name: m[1], value: m[2].toLowerCase(), id });
  }
  return found;
}

const sources = solidityFiles(CONTRACTS).map((file) => ({ file, text: fs.readFileSync(file, "utf8") }));
const constants = sources.flatMap(({ file, text }) => slotConstantsOf(file, text));
const annotations = sources.flatMap(({ file, text }) =>
  [...text.matchAll(/@custom:storage-location\s+erc7201:([\w.-]+)/g)].map((m) => ({
    file: path.relative(CONTRACTS, file),
    id: m[1],
  })),
);

describe("ERC-7201 storage slot constants", function () {
  it("recomputes the ERC-7201 formula (the EIP's own example)", function () {
    // EIP-7201's example namespace and location.
    expect(erc7201("example.main")).to.equal("0x183a6125c38840424c4a85fa12bab2ab606c4b6d0e7cc73c0c06ba5300eab500");
  });

  it("finds every namespace of the sources (the production modules at least)", function () {
    const ids = new Set(constants.map((c) => c.id));
    for (const id of [
      "nyn.storage.KernelModule",
      "nyn.storage.ACL",
      "nyn.storage.ProcessRegistry",
      "nyn.storage.ProcessRegistryV2",
      "nyn.storage.GasMeter",
      "nyn.storage.NameService",
      "nyn.storage.KernelProcess",
      "nyn.storage.MarketEscrow",
      "nyn.storage.Marketplace",
      "nyn.storage.JobBoard",
      "nyn.transient.KernelForwarder.relayTarget",
      "nyn.transient.KernelForwarder.knownTarget",
    ]) {
      expect(ids.has(id), id).to.equal(true);
    }
    expect(constants.length).to.be.at.least(annotations.length);
  });

  it("names its namespace above every slot constant", function () {
    const unnamed = constants.filter((c) => c.id === undefined).map((c) => `${c.file}: ${c.name}`);
    expect(unnamed).to.deep.equal([]);
  });

  it("has a constant for every `@custom:storage-location erc7201:` namespace, in the same file", function () {
    const missing = annotations
      .filter((a) => !constants.some((c) => c.file === a.file && c.id === a.id))
      .map((a) => `${a.file}: ${a.id}`);
    expect(missing).to.deep.equal([]);
  });

  for (const c of constants) {
    it(`${c.file}: ${c.name} = erc7201("${c.id}")`, function () {
      expect(c.value, `${c.file} ${c.name}`).to.equal(erc7201(c.id ?? ""));
    });
  }
});
