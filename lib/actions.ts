import { Interface, formatEther, id as keccakId, ZeroHash } from "ethers";
import { formatAmount, formatDate, formatDuration } from "./format";
import type { SignedForwardRequest } from "./forwardRequest";
import type { InterfaceAbi, Result } from "ethers";
import { NO_EXPIRY, nameOfId } from "./ids";

/**
 * Action decoding, written once: a proposal's actions (the calls the timelock makes) and relayed requests (the calls
 * the forwarder makes for a signer) read as sentences with their values, e.g. "upgrade module ProcessRegistry to
 * 0x… pinned to code hash 0x…", "mint 1,000,000 NYN to the treasury", "set the gas price to 2 NYN-wei per gas".
 * Used by the tasks (`dao:status`, `dao:execute`) and by the indexer (proposal actions, relayed requests).
 *
 * Nothing here reads a chain or a Hardhat runtime: the caller says which contracts it knows (name, address, ABI).
 */

/** A contract the decoder knows by address. */
export interface KnownContract {
  /** The name sentences use: Kernel, ACL, ProcessRegistry, GasMeter, NYN, NYNGovernor, TimelockController, Marketplace, JobBoard, KernelForwarder, NameService. */
  name: string;
  address: string;
  /** Its ABI (JSON ABI, human-readable fragments or an ethers `Interface`). */
  abi: InterfaceAbi | Interface;
}

/** What the decoder knows: contracts by address, names of other accounts, ABIs for migrations and process calls. */
export interface ActionContext {
  contracts: KnownContract[];
  /** Other accounts by address (e.g. alice, bob); the timelock reads "the treasury" on its own. */
  accounts?: Record<string, string>;
  /** ABIs tried for calldata nested in an upgrade (a migration such as `initializeV2()`) or a relayed call. */
  extraAbis?: (InterfaceAbi | Interface)[];
}

/** One call: where it goes, the ETH it sends (wei) and its calldata. */
export interface RawAction {
  target: string;
  value: bigint;
  data: string;
}

/** An action decoded: the contract and function when known, the arguments by name, and the sentence. */
export interface DecodedAction extends RawAction {
  /** The known contract's name, if the target is one. */
  contract?: string;
  /** The function's name, if the calldata decoded. */
  fn?: string;
  /** Arguments by parameter name (bigint values stay bigint). */
  args?: Record<string, unknown>;
  /** The action in words, with its values. */
  sentence: string;
}

/** A relayed request as the forwarder executes it (OpenZeppelin `ERC2771Forwarder.ForwardRequestData`). */
export type RelayedRequest = Omit<SignedForwardRequest, "signature">;

/** The timelock's roles (OpenZeppelin `TimelockController`) by id. */
const TIMELOCK_ROLES: Record<string, string> = {
  [ZeroHash]: "DEFAULT_ADMIN",
  [keccakId("PROPOSER_ROLE")]: "PROPOSER",
  [keccakId("EXECUTOR_ROLE")]: "EXECUTOR",
  [keccakId("CANCELLER_ROLE")]: "CANCELLER",
};

/** A known name for a bytes32 id: a module, a permission, a capability or a timelock role; else the id itself. */
export function idName(value: string): string {
  const name = nameOfId(value);
  if (name !== value) return name;
  for (const [v, role] of Object.entries(TIMELOCK_ROLES)) if (v.toLowerCase() === value.toLowerCase()) return role;
  return value;
}

/** The module table's names (the kernel's module ids) as the contracts behind them are called. */
const MODULE_NAMES: Record<string, string> = {
  ACL: "ACL",
  PROCESS_REGISTRY: "ProcessRegistry",
  GAS_METER: "GasMeter",
  MARKETPLACE: "Marketplace",
  JOB_BOARD: "JobBoard",
  NAME_SERVICE: "NameService",
};

/** A module id as its contract's name ("ProcessRegistry"), or the id. */
export function moduleName(moduleId: string): string {
  const name = idName(moduleId);
  return MODULE_NAMES[name] ?? name;
}

function expiryText(expiry: bigint): string {
  if (expiry === NO_EXPIRY || expiry === 0n) return "without expiry";
  return `until ${formatDate(expiry)} (${expiry})`;
}

/** A decoder for one context: build once, decode many actions. */
export class ActionDecoder {
  private readonly byAddress = new Map<string, { name: string; iface: Interface }>();
  private readonly extra: Interface[];
  private readonly accounts = new Map<string, string>();
  private readonly treasury?: string;

  /** @param ctx The contracts and accounts the sentences may name. */
  constructor(ctx: ActionContext) {
    for (const c of ctx.contracts) {
      const iface = c.abi instanceof Interface ? c.abi : Interface.from(c.abi);
      this.byAddress.set(c.address.toLowerCase(), { name: c.name, iface });
      if (c.name === "TimelockController") this.treasury = c.address.toLowerCase();
    }
    for (const [address, name] of Object.entries(ctx.accounts ?? {})) this.accounts.set(address.toLowerCase(), name);
    this.extra = (ctx.extraAbis ?? []).map((abi) => (abi instanceof Interface ? abi : Interface.from(abi)));
  }

  /** An address in words: "the treasury", a known contract's name, or the address with its account name. */
  address(address: string): string {
    const lower = address.toLowerCase();
    if (lower === this.treasury) return "the treasury";
    const known = this.byAddress.get(lower);
    if (known) return known.name;
    const name = this.accounts.get(lower);
    return name ? `${address} (${name})` : address;
  }

  /**
   * Decode one call. `from` names who makes it, for sentences that involve the sender ("the treasury" by default:
   * proposal actions run from the timelock).
   * @returns The decoded action; unknown targets and undecodable calldata still get a sentence (the selector).
   */
  decode(action: RawAction, from = "the treasury"): DecodedAction {
    const base: DecodedAction = { ...action, sentence: "" };
    const eth = action.value > 0n ? ` and send ${formatEther(action.value)} ETH` : "";
    const known = this.byAddress.get(action.target.toLowerCase());
    const parsed = this.parse(known?.iface, action);
    if (!parsed) {
      const where = this.address(action.target);
      base.contract = known?.name;
      base.sentence =
        action.data === "0x" || action.data === ""
          ? `send ${formatEther(action.value)} ETH to ${where}`
          : `call ${where} with selector ${action.data.slice(0, 10)}${eth}`;
      return base;
    }
    const { fn, args, result } = parsed;
    base.contract = known?.name;
    base.fn = fn;
    base.args = args;
    const sentence = this.sentence(known?.name ?? this.address(action.target), fn, result, from);
    base.sentence = sentence + eth;
    return base;
  }

  /** A relayed request in words: "relay for 0x… (bob): <the call>", reimbursed by process `pid` when given. */
  decodeRelayed(request: RelayedRequest, pid?: bigint): DecodedAction {
    const inner = this.decode(
      { target: request.to, value: request.value, data: request.data },
      this.address(request.from),
    );
    const paid = pid === undefined ? "" : `, reimbursed by process ${pid}`;
    return { ...inner, sentence: `relay for ${this.address(request.from)}: ${inner.sentence}${paid}` };
  }

  private parse(
    iface: Interface | undefined,
    action: RawAction,
  ): { fn: string; args: Record<string, unknown>; result: Result } | undefined {
    for (const candidate of iface ? [iface, ...this.extra] : this.extra) {
      try {
        const tx = candidate.parseTransaction({ data: action.data, value: action.value });
        if (!tx) continue;
        const args: Record<string, unknown> = {};
        tx.fragment.inputs.forEach((input, i) => (args[input.name || `arg${i}`] = tx.args[i]));
        return { fn: tx.name, args, result: tx.args };
      } catch {
        // not this interface
      }
    }
    return undefined;
  }

  /** Nested calldata (a migration, a relayed call) in words, or its selector. */
  private nested(target: string, data: string): string {
    if (data === "0x") return "";
    const known = this.byAddress.get(target.toLowerCase())?.iface;
    const all = [...this.extra, ...[...this.byAddress.values()].map((c) => c.iface)];
    for (const iface of known ? [known, ...all] : all) {
      try {
        const tx = iface.parseTransaction({ data });
        if (tx) return `${tx.name}(${this.argList(Object.fromEntries(tx.args.map((v, i) => [i, v])))})`;
      } catch {
        // not this interface
      }
    }
    return `calldata ${data.slice(0, 10)}…`;
  }

  private argList(args: Record<string, unknown>): string {
    return Object.values(args)
      .map((v) => this.value(v))
      .join(", ");
  }

  private value(v: unknown): string {
    if (typeof v === "bigint") return v.toString();
    if (typeof v === "string" && /^0x[0-9a-fA-F]{40}$/.test(v)) return this.address(v);
    if (typeof v === "string" && /^0x[0-9a-fA-F]{64}$/.test(v)) return idName(v);
    if (Array.isArray(v)) return `[${v.map((x) => this.value(x)).join(", ")}]`;
    return String(v);
  }

  private sentence(contract: string, fn: string, a: Result, from: string): string {
    const addr = (x: string) => this.address(x);
    const nyn = (x: bigint) => formatAmount(x, "NYN", 18, { exact: true });
    const fromText = from === "the treasury" ? "the treasury's" : `${from}'s`;
    const market = contract === "JobBoard" ? "job board" : "marketplace";
    switch (`${contract}.${fn}`) {
      // ---- Kernel
      case "Kernel.upgradeModule": {
        const then = a[3] !== "0x" ? `, then run ${this.migrationText(a[1], a[3])}` : "";
        return `upgrade module ${moduleName(a[0])} to ${a[1]} pinned to code hash ${a[2]}${then}`;
      }
      case "Kernel.installModule":
        return `install module ${moduleName(a[0])} implemented by ${a[1]} pinned to code hash ${a[2]}${a[3] !== "0x" ? `, initialised with ${this.migrationText(a[1], a[3])}` : ""}`;
      case "Kernel.pause":
        return "pause the kernel";
      case "Kernel.unpause":
        return "unpause the kernel";
      // ---- ACL
      case "ACL.createPermission":
        return `create permission ${idName(a[2])} on ${addr(a[1])} for ${addr(a[0])}, managed by ${addr(a[3])}`;
      case "ACL.grantPermission":
        return `grant ${idName(a[2])} on ${addr(a[1])} to ${addr(a[0])} ${expiryText(a[3])}`;
      case "ACL.revokePermission":
        return `revoke ${idName(a[2])} on ${addr(a[1])} from ${addr(a[0])}`;
      case "ACL.renouncePermission":
        return `renounce ${fromText} ${idName(a[1])} on ${addr(a[0])}`;
      case "ACL.setPermissionManager":
        return `make ${addr(a[0])} the manager of ${idName(a[2])} on ${addr(a[1])}`;
      case "ACL.protectPermission":
        return `protect ${idName(a[1])} on ${addr(a[0])} (root-level: no wildcard, no expiry)`;
      case "ACL.grantCapability":
        return `grant capability ${idName(a[2])} on process ${a[0]} to ${addr(a[1])} ${expiryText(a[3])}`;
      case "ACL.revokeCapability":
        return `revoke capability ${idName(a[2])} on process ${a[0]} from ${addr(a[1])}`;
      case "ACL.renounceCapability":
        return `renounce ${fromText} capability ${idName(a[1])} on process ${a[0]}`;
      // ---- ProcessRegistry
      case "ProcessRegistry.registerProgram":
        return `register program "${a[1]}" version "${a[2]}" implemented by ${a[0]}${a[3] ? ` (metadata ${a[3]})` : ""}`;
      case "ProcessRegistry.deprecateProgram":
        return `deprecate program ${a[0]} (no new spawns)`;
      case "ProcessRegistry.spawn":
        return `spawn a process of program ${a[0]}${a[2] > 0n ? ` as a child of process ${a[2]}` : ""}${a[1] !== "0x" ? ` with init data ${a[1]}` : ""}`;
      case "ProcessRegistry.spawnDeterministic":
        return `spawn a process of program ${a[0]}${a[2] > 0n ? ` as a child of process ${a[2]}` : ""} with salt ${a[3]}`;
      case "ProcessRegistry.suspend":
        return `suspend process ${a[0]} and its descendants`;
      case "ProcessRegistry.resume":
        return `resume process ${a[0]}`;
      case "ProcessRegistry.kill":
        return `kill process ${a[0]} and its descendants`;
      case "ProcessRegistry.transferProcessOwnership":
        return `transfer process ${a[0]} to ${addr(a[1])}`;
      case "ProcessRegistry.setProcessMetadata":
        return `set process ${a[0]}'s metadata to "${a[1]}"`;
      // ---- GasMeter
      case "GasMeter.setPrice":
        return `set the gas price to ${a[0]} NYN-wei per gas`;
      case "GasMeter.setEpochLength":
        return `set the gas meter's epoch length to ${formatDuration(a[0])}`;
      case "GasMeter.collectFees":
        return `collect ${nyn(a[1])} of gas-meter fees to ${addr(a[0])}`;
      case "GasMeter.deposit":
        return `deposit ${nyn(a[1])} into process ${a[0]}'s gas budget`;
      case "GasMeter.withdraw":
        return `withdraw ${nyn(a[1])} from process ${a[0]}'s gas budget to ${addr(a[2])}`;
      case "GasMeter.setQuota":
        return `set process ${a[0]}'s quota to ${quota(a[1])} per epoch and ${quota(a[2])} per user per epoch`;
      case "GasMeter.setLowBudgetThreshold":
        return `warn when process ${a[0]}'s budget falls below ${nyn(a[1])}`;
      case "GasMeter.setRelayGasCap":
        return `reimburse relayers of process ${a[0]} at most ${a[1]} gas per request`;
      case "GasMeter.setRelaySignerCapability":
        return `reimburse relayed requests to process ${a[0]} only when signed by its owner or a holder of ${idName(a[1])}`;
      case "GasMeter.claim":
        return `claim ${fromText} relayer reimbursements to ${addr(a[0])}`;
      // ---- NYN
      case "NYN.mint":
        return `mint ${nyn(a[1])} to ${addr(a[0])}`;
      case "NYN.transfer":
        return `transfer ${nyn(a[1])} from ${from} to ${addr(a[0])}`;
      case "NYN.transferFrom":
        return `transfer ${nyn(a[2])} from ${addr(a[0])} to ${addr(a[1])}`;
      case "NYN.approve":
        return `allow ${addr(a[0])} to spend ${nyn(a[1])} of ${fromText} NYN`;
      case "NYN.delegate":
        return `delegate ${fromText} votes to ${addr(a[0])}`;
      // ---- NYNGovernor
      case "NYNGovernor.setVotingDelay":
        return `set the voting delay to ${formatDuration(a[0])}`;
      case "NYNGovernor.setVotingPeriod":
        return `set the voting period to ${formatDuration(a[0])}`;
      case "NYNGovernor.setProposalThreshold":
        return `set the proposal threshold to ${nyn(a[0])}`;
      case "NYNGovernor.updateQuorumNumerator":
        return `set the quorum to ${a[0]} % of the supply`;
      case "NYNGovernor.setProposalGuardian":
        return `make ${addr(a[0])} the proposal guardian`;
      case "NYNGovernor.relay":
        return `have the governor ${this.decode({ target: a[0], value: a[1], data: a[2] }, "NYNGovernor").sentence}`;
      // ---- TimelockController
      case "TimelockController.updateDelay":
        return `set the timelock delay to ${formatDuration(a[0])}`;
      case "TimelockController.grantRole":
        return `grant the timelock's ${idName(a[0])} role to ${addr(a[1])}`;
      case "TimelockController.revokeRole":
        return `revoke the timelock's ${idName(a[0])} role from ${addr(a[1])}`;
      case "TimelockController.renounceRole":
        return `renounce the timelock's ${idName(a[0])} role for ${addr(a[1])}`;
      // ---- Marketplace / JobBoard
      case "Marketplace.setFee":
      case "JobBoard.setFee":
        return `set the ${market} fee to ${Number(a[0]) / 100} % (${a[0]} bps)`;
      case "Marketplace.setTreasury":
      case "JobBoard.setTreasury":
        return `send the ${market}'s fees to ${addr(a[0])}`;
      case "Marketplace.setArbitrator":
      case "JobBoard.setArbitrator":
        return `make ${addr(a[0])} the ${market}'s external arbitrator`;
      case "Marketplace.collectFees":
      case "JobBoard.collectFees":
        return `collect the ${market}'s fees to its treasury`;
      case "Marketplace.rule":
      case "JobBoard.rule":
        return `rule ${market} dispute ${a[0]}: ${Number(a[1]) / 100} % to the payer`;
      // ---- NameService
      case "NameService.setFee":
        return `set the name claim fee to ${nyn(a[0])}`;
      // ---- every UUPS module
      case `${contract}.upgradeToAndCall`:
        return `upgrade ${contract} directly to ${a[0]}${a[1] !== "0x" ? `, then run ${this.migrationText(a[0], a[1])}` : ""}`;
      // ---- KernelForwarder (a relayed request inside an action)
      case "KernelForwarder.execute":
        return this.decodeRelayed(request(a[0])).sentence;
      case "KernelForwarder.executeRelayed":
        return this.decodeRelayed(request(a[0]), a[1]).sentence;
      default:
        return `call ${contract}.${fn}(${a.map((x: unknown) => this.value(x)).join(", ")})`;
    }
  }

  private migrationText(implementation: string, data: string): string {
    return this.nested(implementation, data);
  }
}

function quota(gas: bigint): string {
  return gas === 0n ? "unlimited gas" : `${gas} gas`;
}

function request(r: Result): RelayedRequest {
  return { from: r[0], to: r[1], value: r[2], gas: r[3], deadline: r[4], data: r[5] };
}

/** The contracts of a deployed system, for {@link ActionDecoder} (the typed handles' interfaces). */
export function contractsOf(s: {
  addresses: {
    kernel: string;
    acl: string;
    processRegistry: string;
    gasMeter: string;
    nyn: string;
    governor: string;
    timelock: string;
    marketplace: string;
    jobBoard: string;
    forwarder: string;
    nameService?: string;
  };
  kernel: { interface: unknown };
  acl: { interface: unknown };
  registry: { interface: unknown };
  gasMeter: { interface: unknown };
  nyn: { interface: unknown };
  governor: { interface: unknown };
  timelock: { interface: unknown };
  marketplace: { interface: unknown };
  jobBoard: { interface: unknown };
  forwarder: { interface: unknown };
  names?: { interface: unknown };
}): KnownContract[] {
  const a = s.addresses;
  const entries: [string, string, unknown][] = [
    ["Kernel", a.kernel, s.kernel.interface],
    ["ACL", a.acl, s.acl.interface],
    ["ProcessRegistry", a.processRegistry, s.registry.interface],
    ["GasMeter", a.gasMeter, s.gasMeter.interface],
    ["NYN", a.nyn, s.nyn.interface],
    ["NYNGovernor", a.governor, s.governor.interface],
    ["TimelockController", a.timelock, s.timelock.interface],
    ["Marketplace", a.marketplace, s.marketplace.interface],
    ["JobBoard", a.jobBoard, s.jobBoard.interface],
    ["KernelForwarder", a.forwarder, s.forwarder.interface],
  ];
  if (a.nameService && s.names) entries.push(["NameService", a.nameService, s.names.interface]);
  return entries.map(([name, address, iface]) => ({
    name,
    address,
    abi: Interface.from((iface as Interface).fragments),
  }));
}

/**
 * Decode one action against a context (a convenience over {@link ActionDecoder} for a single call).
 * @returns The decoded action with its sentence.
 */
export function decodeAction(ctx: ActionContext, action: RawAction, from?: string): DecodedAction {
  return new ActionDecoder(ctx).decode(action, from);
}

/**
 * A decoder for a deployed system's typed handles (tasks, scripts).
 * @param s The system (its addresses and typed contract handles).
 * @param extraAbis ABIs for nested calldata, e.g. an upgrade's migration (`ProcessRegistryV2`'s `initializeV2`).
 */
export function decoderFor(
  s: Parameters<typeof contractsOf>[0],
  extraAbis: (InterfaceAbi | Interface)[] = [],
): ActionDecoder {
  return new ActionDecoder({ contracts: contractsOf(s), extraAbis });
}
