/**
 * `npm run natspec`: the NatSpec completeness gate for the interfaces (issue 18 item 4). Compiles, then reads solc's
 * developer documentation (`devdoc`, from each contract's metadata in Hardhat's build info) for every contract in
 * contracts/interfaces/ and checks, against its ABI, that:
 * - every function documents each input (`@param name`) and each output (`@return`; solc keys a named output by its
 *   name and an unnamed one as `_0`, `_1`, …);
 * - every event and every custom error documents each input (`@param name`);
 * - no documented text holds a second tag: solc silently merges `@param a … @param b …` written on one line into the
 *   text of `a`, and `b` is lost.
 * Prints one line per gap (`IACL.grant(bytes32,address,bytes32) @param who`) and exits 1 if there is any.
 *
 * {@link natspecGaps} needs no Hardhat runtime.
 */

/** An ABI parameter (only the fields this check reads). */
export interface AbiParam {
  name: string;
  type: string;
  components?: AbiParam[];
}

/** An ABI entry (only the fields this check reads). */
export interface AbiItem {
  type: string;
  name?: string;
  inputs?: AbiParam[];
  outputs?: AbiParam[];
}

/** One documented item in solc's devdoc: parameter and return texts by name. */
interface DevdocItem {
  params?: Record<string, string>;
  returns?: Record<string, string>;
}

/** solc's developer documentation of one contract (`output.devdoc` in its metadata). */
export interface Devdoc {
  methods?: Record<string, DevdocItem>;
  events?: Record<string, DevdocItem>;
  errors?: Record<string, DevdocItem[]>;
}

/** The canonical ABI type of a parameter, tuples spelled out (`(address,uint256)[]`), as solc keys its devdoc. */
function canonicalType(param: AbiParam): string {
  if (!param.type.startsWith("tuple")) return param.type;
  return `(${(param.components ?? []).map(canonicalType).join(",")})${param.type.slice("tuple".length)}`;
}

/** A tag swallowed by the text before it (two tags on one line). */
const MERGED_TAG = /@(param|return)\b/;

/**
 * The documentation gaps of one contract: one line per function, event or error input without `@param`, function
 * output without `@return`, and documented text that swallowed a second tag. Each line starts with
 * `contract.signature`.
 */
export function natspecGaps(contract: string, abi: AbiItem[], devdoc: Devdoc): string[] {
  const gaps: string[] = [];
  for (const item of abi) {
    if (item.type !== "function" && item.type !== "event" && item.type !== "error") continue;
    const inputs = item.inputs ?? [];
    const signature = `${item.name}(${inputs.map(canonicalType).join(",")})`;
    const where = `${contract}.${signature}`;
    const doc =
      item.type === "function"
        ? devdoc.methods?.[signature]
        : item.type === "event"
          ? devdoc.events?.[signature]
          : devdoc.errors?.[signature]?.[0];
    const params = doc?.params ?? {};
    const kind = item.type === "function" ? "" : ` (${item.type})`;
    inputs.forEach((input, index) => {
      if (!input.name) gaps.push(`${where}${kind} input ${index} has no name, so it cannot have a @param`);
      else if (!params[input.name]?.trim()) gaps.push(`${where}${kind} @param ${input.name}`);
    });
    if (item.type === "function") {
      const returns = doc?.returns ?? {};
      (item.outputs ?? []).forEach((output, index) => {
        const key = output.name || `_${index}`;
        if (!returns[key]?.trim()) gaps.push(`${where} @return ${output.name || `(output ${index})`}`);
      });
    }
    for (const [key, text] of [...Object.entries(params), ...Object.entries(doc?.returns ?? {})]) {
      if (MERGED_TAG.test(text)) gaps.push(`${where}${kind} two tags on one line: the text of ${key} holds "${text}"`);
    }
  }
  return gaps;
}

async function main() {
  const hre = (await import("hardhat")).default;
  // Fresh artifacts: each interface's devdoc is read from the build info of its current artifact.
  await hre.run("compile", { quiet: true });
  const names = (await hre.artifacts.getAllFullyQualifiedNames()).filter((name) =>
    name.startsWith("contracts/interfaces/"),
  );
  const gaps: string[] = [];
  let items = 0;
  for (const fullyQualifiedName of names.sort()) {
    const [source, contract] = fullyQualifiedName.split(":");
    const buildInfo = await hre.artifacts.getBuildInfo(fullyQualifiedName);
    const output = buildInfo?.output.contracts[source]?.[contract];
    if (!output) {
      gaps.push(`${fullyQualifiedName}: no build info (delete artifacts/ and cache/, then compile again)`);
      continue;
    }
    const abi = output.abi as AbiItem[];
    const metadata = JSON.parse((output as unknown as { metadata: string }).metadata);
    items += abi.filter((item) => ["function", "event", "error"].includes(item.type)).length;
    gaps.push(...natspecGaps(contract, abi, metadata.output.devdoc as Devdoc));
  }
  if (names.length === 0) {
    console.error("check-natspec: no contracts found under contracts/interfaces/");
    process.exitCode = 1;
  } else if (gaps.length > 0) {
    console.error(`check-natspec: FAILED, ${gaps.length} missing or merged tags\n  ${gaps.join("\n  ")}`);
    process.exitCode = 1;
  } else {
    console.log(
      `check-natspec: ok, ${names.length} interfaces, ${items} functions, events and errors fully documented`,
    );
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
