import { and, eq, like } from "ponder";
import schema from "ponder:schema";
import { encodeAbiParameters, keccak256, decodeFunctionData, zeroAddress, type Hex } from "viem";
import { ActionDecoder, idName, moduleName } from "../../lib/actions";
import { CounterAbi, KernelForwarderAbi, NYNGovernorAbi, ProcessRegistryV2Abi } from "../abis";
import { contractAbis } from "./contracts";
import type { Deployment } from "./deployment";

const {
  account,
  allowance,
  application,
  budgetMove,
  capability,
  charge,
  dispute,
  epochUsage,
  escrow,
  evidence,
  gasAccount,
  governor,
  job,
  kernel,
  kernelProcess,
  listing,
  marketAccount,
  marketToken,
  marketTokenAccount,
  meter,
  milestone,
  module,
  order,
  permission,
  permissionManager,
  program,
  proposal,
  relayedRequest,
  relaySelector,
  relayer,
  seller,
  timelockOperation,
  timelockRole,
  token,
  transfer,
  userEpochUsage,
  vote,
} = schema;

/** What a handler receives (Ponder's event and context; the handlers are registered in a loop, untyped). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Args = { event: any; context: any };
export type Handler = (args: Args) => Promise<void>;

const STATUS = ["None", "Running", "Suspended", "Terminated"];
const ORDER_STATUS = ["None", "Paid", "Shipped", "Disputed", "Settled"];
const JOB_STATUS = ["None", "Open", "Assigned", "Completed", "Cancelled", "Expired"];
const MILESTONE_STATUS = ["Pending", "Submitted", "Approved", "Disputed", "Resolved"];
const DISPUTE_STATUS = ["None", "Open", "Ruled", "DefaultSettled"];
/** IMarketEscrow.DEFAULT_PAYER_SHARE_BPS: a ruling above it is won by the payer, below it by the payee. */
const DEFAULT_PAYER_SHARE_BPS = 5_000n;

const lower = (a: string) => a.toLowerCase() as Hex;
const max = (a: number, b: number) => (a > b ? a : b);

/**
 * The handlers of every event that changes an entity, by "Contract:Event". Events not listed here (e.g.
 * `EIP712DomainChanged`, `Initialized`) are still recorded in the `event` table: see {@link LOG_ONLY}.
 * @param d The deployment (addresses name the contracts in decoded actions).
 */
export function makeHandlers(d: Deployment): Record<string, Handler> {
  const a = d.addresses;
  const decoder = new ActionDecoder({
    contracts: [
      ["Kernel", a.kernel],
      ["ACL", a.acl],
      ["ProcessRegistry", a.processRegistry],
      ["GasMeter", a.gasMeter],
      ["NYN", a.nyn],
      ["KernelForwarder", a.forwarder],
      ["Marketplace", a.marketplace],
      ["JobBoard", a.jobBoard],
      ["NYNGovernor", a.governor],
      ["TimelockController", a.timelock],
    ].map(([name, address]) => ({ name: name!, address: address!, abi: contractAbis[name!] as never })),
    extraAbis: [ProcessRegistryV2Abi as never, CounterAbi as never],
  });

  // ---------------------------------------------------------------- shared updates

  const meterRow = async (context: Args["context"]) => {
    const row = await context.db.find(meter, { id: "meter" });
    return (
      row ?? { id: "meter", price: 0n, epochLength: 1n, epochAnchor: 0n, epochOffset: 1n, fees: 0n, feesCollected: 0n }
    );
  };
  const upsertMeter = (context: Args["context"], values: Record<string, unknown>) =>
    context.db
      .insert(meter)
      .values({
        id: "meter",
        price: 0n,
        epochLength: 1n,
        epochAnchor: 0n,
        epochOffset: 1n,
        fees: 0n,
        feesCollected: 0n,
        ...values,
      })
      .onConflictDoUpdate(values);
  const gas = async (
    context: Args["context"],
    pid: bigint,
    change: (row: typeof gasAccount.$inferSelect) => Partial<typeof gasAccount.$inferSelect>,
  ) => {
    const row = (await context.db.find(gasAccount, { pid })) ?? {
      pid,
      budget: 0n,
      deposited: 0n,
      withdrawn: 0n,
      charged: 0n,
      gasCharged: 0n,
      charges: 0,
      processQuota: 0n,
      userQuota: 0n,
      lowBudgetThreshold: 0n,
      freezeThreshold: 0n,
      relayGasCap: 0n,
      relaySignerCapability: null,
      relaySelectorsOnly: false,
      relayRevertedCallsSponsored: true,
    };
    await context.db
      .insert(gasAccount)
      .values({ ...row, ...change(row) })
      .onConflictDoUpdate(change(row));
    return row;
  };
  const accountRow = async (context: Args["context"], address: Hex) =>
    (await context.db.find(account, { address })) ?? { address, balance: 0n, votes: 0n, delegate: null };
  const setAccount = async (
    context: Args["context"],
    address: Hex,
    change: (row: typeof account.$inferSelect) => Partial<typeof account.$inferSelect>,
  ) => {
    const row = await accountRow(context, address);
    await context.db
      .insert(account)
      .values({ ...row, ...change(row) })
      .onConflictDoUpdate(change(row));
  };
  const escrowRow = (market: string) => ({
    market,
    feeBps: 0n,
    treasury: null,
    arbitrator: null,
    uncollectedFees: 0n,
    feesCollected: 0n,
  });
  const setEscrow = async (
    context: Args["context"],
    market: string,
    change: (row: typeof escrow.$inferSelect) => Partial<typeof escrow.$inferSelect>,
  ) => {
    const row = (await context.db.find(escrow, { market })) ?? escrowRow(market);
    await context.db
      .insert(escrow)
      .values({ ...row, ...change(row) })
      .onConflictDoUpdate(change(row));
  };
  const setMarketAccount = async (
    context: Args["context"],
    market: string,
    who: string,
    change: (row: typeof marketAccount.$inferSelect) => Partial<typeof marketAccount.$inferSelect>,
  ) => {
    const id = `${market}-${lower(who)}`;
    const row = (await context.db.find(marketAccount, { id })) ?? {
      id,
      market,
      account: lower(who),
      withdrawable: 0n,
      withdrawn: 0n,
      completedSales: 0,
      completedJobs: 0,
      disputesOpened: 0,
      disputesWon: 0,
      disputesLost: 0,
    };
    await context.db
      .insert(marketAccount)
      .values({ ...row, ...change(row) })
      .onConflictDoUpdate(change(row));
  };
  const credit = (context: Args["context"], market: string, who: string, amount: bigint) =>
    amount === 0n
      ? Promise.resolve()
      : setMarketAccount(context, market, who, (r) => ({ withdrawable: r.withdrawable + amount }));
  // Issue 17 part 3: escrows in a token besides NYN (`tokenAddress` not null) credit and accrue fees per token.
  const setMarketToken = async (
    context: Args["context"],
    market: string,
    tokenAddress: string,
    change: (row: typeof marketToken.$inferSelect) => Partial<typeof marketToken.$inferSelect>,
  ) => {
    const id = `${market}-${lower(tokenAddress)}`;
    const row = (await context.db.find(marketToken, { id })) ?? {
      id,
      market,
      token: lower(tokenAddress),
      tokenId: 0n,
      approved: false,
      uncollectedFees: 0n,
      feesCollected: 0n,
    };
    await context.db
      .insert(marketToken)
      .values({ ...row, ...change(row) })
      .onConflictDoUpdate(change(row));
  };
  const setTokenAccount = async (
    context: Args["context"],
    market: string,
    tokenAddress: string,
    who: string,
    change: (row: typeof marketTokenAccount.$inferSelect) => Partial<typeof marketTokenAccount.$inferSelect>,
  ) => {
    const id = `${market}-${lower(tokenAddress)}-${lower(who)}`;
    const row = (await context.db.find(marketTokenAccount, { id })) ?? {
      id,
      market,
      token: lower(tokenAddress),
      account: lower(who),
      withdrawable: 0n,
      withdrawn: 0n,
    };
    await context.db
      .insert(marketTokenAccount)
      .values({ ...row, ...change(row) })
      .onConflictDoUpdate(change(row));
  };
  /** Credit `amount` in `tokenAddress` (null: NYN) to `who`'s withdrawable balance in `market`. */
  const creditIn = (
    context: Args["context"],
    market: string,
    tokenAddress: string | null,
    who: string,
    amount: bigint,
  ) =>
    tokenAddress === null
      ? credit(context, market, who, amount)
      : amount === 0n
        ? Promise.resolve()
        : setTokenAccount(context, market, tokenAddress, who, (r) => ({ withdrawable: r.withdrawable + amount }));
  /** Accrue `fee` in `tokenAddress` (null: NYN) to `market`'s uncollected fees. */
  const feeIn = (context: Args["context"], market: string, tokenAddress: string | null, fee: bigint) =>
    fee === 0n
      ? Promise.resolve()
      : tokenAddress === null
        ? setEscrow(context, market, (e) => ({ uncollectedFees: e.uncollectedFees + fee }))
        : setMarketToken(context, market, tokenAddress, (t) => ({ uncollectedFees: t.uncollectedFees + fee }));

  /** Recompute the effective status of `pid` and every descendant (suspend, resume and kill cascade). */
  const cascade = async (context: Args["context"], pid: bigint, timestamp: bigint) => {
    const root = await context.db.find(kernelProcess, { pid });
    if (!root) return;
    const parent = root.parentPid === 0n ? undefined : await context.db.find(kernelProcess, { pid: root.parentPid });
    const tree = await context.db.sql
      .select()
      .from(kernelProcess)
      .where(like(kernelProcess.path, `${root.path}%`));
    tree.sort((x: { depth: number }, y: { depth: number }) => x.depth - y.depth);
    const effective = new Map<bigint, number>();
    for (const p of tree as (typeof kernelProcess.$inferSelect)[]) {
      const above = p.pid === pid ? (parent?.effectiveStatus ?? 1) : (effective.get(p.parentPid) ?? 1);
      const status = p.pid === pid ? root.status : p.status;
      const e = max(status, above);
      effective.set(p.pid, e);
      if (e !== p.effectiveStatus)
        await context.db
          .update(kernelProcess, { pid: p.pid })
          .set({ effectiveStatus: e, effectiveStatusName: STATUS[e], updatedAt: timestamp });
    }
  };
  const setStatus = async ({ event, context }: Args, status: number) => {
    const pid = event.args.pid as bigint;
    await context.db
      .update(kernelProcess, { pid })
      .set({ status, statusName: STATUS[status], updatedAt: event.block.timestamp });
    await cascade(context, pid, event.block.timestamp);
  };

  /** The governor's id for a proposal's operation in the timelock (GovernorTimelockControl). */
  const timelockIdOf = (p: typeof proposal.$inferSelect) => {
    const descriptionHash = keccak256(new TextEncoder().encode(p.description));
    const salt = (BigInt(a.governor) << 96n) ^ BigInt(descriptionHash);
    return keccak256(
      encodeAbiParameters(
        [{ type: "address[]" }, { type: "uint256[]" }, { type: "bytes[]" }, { type: "bytes32" }, { type: "bytes32" }],
        [
          p.targets as Hex[],
          (p.values as string[]).map(BigInt),
          p.calldatas as Hex[],
          `0x${"0".repeat(64)}`,
          `0x${salt.toString(16).padStart(64, "0")}`,
        ],
      ),
    );
  };

  // ---------------------------------------------------------------- handlers
  const h: Record<string, Handler> = {
    // ---- Kernel
    "Kernel:ModuleInstalled": async ({ event, context }) => {
      await context.db.insert(module).values({
        id: event.args.moduleId,
        name: moduleName(event.args.moduleId),
        proxy: lower(event.args.proxy),
        implementation: lower(event.args.implementation),
        installedAt: event.block.timestamp,
        upgrades: 0,
        pauseHookFailures: 0,
      });
    },
    "Kernel:ModuleUpgraded": async ({ event, context }) => {
      await context.db.update(module, { id: event.args.moduleId }).set((m: typeof module.$inferSelect) => ({
        implementation: lower(event.args.newImplementation),
        upgrades: m.upgrades + 1,
        upgradedAt: event.block.timestamp,
      }));
    },
    "Kernel:KernelPauseChanged": async ({ event, context }) => {
      const values = {
        paused: event.args.paused,
        pausedBy: lower(event.args.account),
        updatedAt: event.block.timestamp,
      };
      await context.db
        .insert(kernel)
        .values({ id: "kernel", ...values })
        .onConflictDoUpdate(values);
    },
    "Kernel:KernelPauseHookFailed": async ({ event, context }) => {
      const m = await context.db.find(module, { id: event.args.moduleId });
      if (m) await context.db.update(module, { id: m.id }).set({ pauseHookFailures: m.pauseHookFailures + 1 });
    },

    // ---- ProcessRegistry
    "ProcessRegistry:ProgramRegistered": async ({ event, context }) => {
      await context.db.insert(program).values({
        id: Number(event.args.programId),
        implementation: lower(event.args.implementation),
        codeHash: event.args.codeHash,
        name: event.args.name,
        version: event.args.version,
        publisher: lower(event.args.publisher),
        deprecated: false,
        verified: false, // registerProgram (the DAO's) emits ProgramVerified(true) right after
        registeredAt: event.block.timestamp,
      });
    },
    "ProcessRegistry:ProgramVerified": async ({ event, context }) => {
      await context.db.update(program, { id: Number(event.args.programId) }).set({ verified: event.args.verified });
    },
    "ProcessRegistry:ProgramVersionPublished": async ({ event, context }) => {
      const [previous, next] = [Number(event.args.previousVersion), Number(event.args.programId)];
      await context.db.update(program, { id: previous }).set({ nextVersion: next });
      await context.db.update(program, { id: next }).set({ previousVersion: previous });
    },
    "ProcessRegistry:ProgramDeprecated": async ({ event, context }) => {
      await context.db.update(program, { id: Number(event.args.programId) }).set({ deprecated: true });
    },
    "ProcessRegistry:ProcessSpawned": async ({ event, context }) => {
      const pid = event.args.pid as bigint;
      const parent =
        event.args.parentPid === 0n ? undefined : await context.db.find(kernelProcess, { pid: event.args.parentPid });
      const effective = max(1, parent?.effectiveStatus ?? 1);
      await context.db.insert(kernelProcess).values({
        pid,
        instance: lower(event.args.instance),
        programId: Number(event.args.programId),
        parentPid: event.args.parentPid,
        owner: lower(event.args.owner),
        status: 1,
        statusName: STATUS[1],
        effectiveStatus: effective,
        effectiveStatusName: STATUS[effective],
        depth: (parent?.depth ?? 0) + 1,
        path: `${parent?.path ?? "/"}${pid}/`,
        ownerGeneration: 0,
        metadataURI: "",
        createdAt: event.block.timestamp,
        createdBlock: event.block.number,
        updatedAt: event.block.timestamp,
        programEvents: 0,
      });
    },
    "ProcessRegistry:ProcessSpawnedDeterministically": async ({ event, context }) => {
      await context.db.update(kernelProcess, { pid: event.args.pid }).set({ salt: event.args.salt });
    },
    "ProcessRegistry:ProcessSuspended": (args) => setStatus(args, 2),
    "ProcessRegistry:ProcessResumed": (args) => setStatus(args, 1),
    "ProcessRegistry:ProcessKilled": (args) => setStatus(args, 3),
    "ProcessRegistry:ProcessOwnershipTransferred": async ({ event, context }) => {
      await context.db.update(kernelProcess, { pid: event.args.pid }).set((p: typeof kernelProcess.$inferSelect) => ({
        owner: lower(event.args.newOwner),
        ownerGeneration: p.ownerGeneration + 1,
        updatedAt: event.block.timestamp,
      }));
    },
    "ProcessRegistry:ProcessMetadataUpdated": async ({ event, context }) => {
      await context.db
        .update(kernelProcess, { pid: event.args.pid })
        .set({ metadataURI: event.args.metadataURI, updatedAt: event.block.timestamp });
    },

    // ---- processes (Counter clones)
    "Process:Incremented": async ({ event, context }) => {
      await context.db
        .update(kernelProcess, { pid: event.args.pid })
        .set((p: typeof kernelProcess.$inferSelect) => ({ programEvents: p.programEvents + 1 }));
    },
    "Process:Reset": async ({ event, context }) => {
      await context.db
        .update(kernelProcess, { pid: event.args.pid })
        .set((p: typeof kernelProcess.$inferSelect) => ({ programEvents: p.programEvents + 1 }));
    },

    // ---- ACL
    "ACL:PermissionCreated": async ({ event, context }) => {
      const where = lower(event.args.where);
      const id = `${where}-${event.args.what}`;
      await context.db.insert(permissionManager).values({
        id,
        where,
        what: event.args.what,
        whatName: idName(event.args.what),
        manager: lower(event.args.manager),
        protected: false,
        createdAt: event.block.timestamp,
      });
    },
    "ACL:PermissionManagerChanged": async ({ event, context }) => {
      const where = lower(event.args.where);
      const values = { manager: lower(event.args.manager) };
      await context.db
        .insert(permissionManager)
        .values({
          id: `${where}-${event.args.what}`,
          where,
          what: event.args.what,
          whatName: idName(event.args.what),
          protected: false,
          createdAt: event.block.timestamp,
          ...values,
        })
        .onConflictDoUpdate(values);
    },
    "ACL:PermissionProtected": async ({ event, context }) => {
      const where = lower(event.args.where);
      await context.db.update(permissionManager, { id: `${where}-${event.args.what}` }).set({ protected: true });
    },
    "ACL:PermissionGranted": async ({ event, context }) => {
      const who = lower(event.args.who);
      const where = lower(event.args.where);
      const values = {
        holder: true,
        expiry: event.args.expiry,
        condition: null, // a conditional grant's PermissionConditionSet follows
        minBalance: null, // and a built-in balance condition's PermissionMinBalanceSet
        grantedBy: lower(event.args.grantedBy),
        grantedAt: event.block.timestamp,
        revokedBy: null,
        revokedAt: null,
      };
      await context.db
        .insert(permission)
        .values({
          id: `${who}-${where}-${event.args.what}`,
          who,
          where,
          what: event.args.what,
          whatName: idName(event.args.what),
          ...values,
        })
        .onConflictDoUpdate(values);
    },
    "ACL:PermissionRevoked": async ({ event, context }) => {
      const id = `${lower(event.args.who)}-${lower(event.args.where)}-${event.args.what}`;
      await context.db
        .update(permission, { id })
        .set({ holder: false, revokedBy: lower(event.args.revokedBy), revokedAt: event.block.timestamp });
    },
    "ACL:CapabilityGranted": async ({ event, context }) => {
      const p = await context.db.find(kernelProcess, { pid: event.args.pid });
      const generation = p?.ownerGeneration ?? 0;
      const who = lower(event.args.who);
      const values = {
        expiry: event.args.expiry,
        condition: null, // a conditional grant's CapabilityConditionSet follows
        minBalance: null, // and a built-in balance condition's CapabilityMinBalanceSet
        revoked: false,
        revokedBy: null,
        grantedAt: event.block.timestamp,
      };
      await context.db
        .insert(capability)
        .values({
          id: `${event.args.pid}-${generation}-${who}-${event.args.what}`,
          pid: event.args.pid,
          generation,
          who,
          what: event.args.what,
          whatName: idName(event.args.what),
          ...values,
        })
        .onConflictDoUpdate(values);
    },
    "ACL:CapabilityRevoked": async ({ event, context }) => {
      const p = await context.db.find(kernelProcess, { pid: event.args.pid });
      const id = `${event.args.pid}-${p?.ownerGeneration ?? 0}-${lower(event.args.who)}-${event.args.what}`;
      await context.db.update(capability, { id }).set({ revoked: true, revokedBy: lower(event.args.revokedBy) });
    },

    // ---- ACL conditions (issue 16 part 3): each follows its grant's PermissionGranted / CapabilityGranted
    "ACL:PermissionConditionSet": async ({ event, context }) => {
      const id = `${lower(event.args.who)}-${lower(event.args.where)}-${event.args.what}`;
      await context.db.update(permission, { id }).set({ condition: lower(event.args.condition) });
    },
    "ACL:CapabilityConditionSet": async ({ event, context }) => {
      const p = await context.db.find(kernelProcess, { pid: event.args.pid });
      const id = `${event.args.pid}-${p?.ownerGeneration ?? 0}-${lower(event.args.who)}-${event.args.what}`;
      await context.db.update(capability, { id }).set({ condition: lower(event.args.condition) });
    },
    "ACL:PermissionMinBalanceSet": async ({ event, context }) => {
      const id = `${lower(event.args.who)}-${lower(event.args.where)}-${event.args.what}`;
      await context.db.update(permission, { id }).set({ minBalance: event.args.minBalance });
    },
    "ACL:CapabilityMinBalanceSet": async ({ event, context }) => {
      const p = await context.db.find(kernelProcess, { pid: event.args.pid });
      const id = `${event.args.pid}-${p?.ownerGeneration ?? 0}-${lower(event.args.who)}-${event.args.what}`;
      await context.db.update(capability, { id }).set({ minBalance: event.args.minBalance });
    },

    // ---- GasMeter
    "GasMeter:PriceChanged": async ({ event, context }) => {
      await upsertMeter(context, { price: event.args.newPrice });
    },
    "GasMeter:EpochLengthChanged": async ({ event, context }) => {
      await upsertMeter(context, {
        epochLength: event.args.newLength,
        epochAnchor: event.block.timestamp,
        epochOffset: event.args.firstEpoch,
      });
    },
    "GasMeter:BudgetDeposited": async ({ event, context }) => {
      await gas(context, event.args.pid, (g) => ({
        budget: event.args.budget,
        deposited: g.deposited + event.args.amount,
      }));
      await context.db.insert(budgetMove).values({
        id: event.id,
        pid: event.args.pid,
        kind: "deposit",
        account: lower(event.args.from),
        amount: event.args.amount,
        budgetAfter: event.args.budget,
        timestamp: event.block.timestamp,
      });
    },
    "GasMeter:BudgetWithdrawn": async ({ event, context }) => {
      await gas(context, event.args.pid, (g) => ({
        budget: event.args.budget,
        withdrawn: g.withdrawn + event.args.amount,
      }));
      await context.db.insert(budgetMove).values({
        id: event.id,
        pid: event.args.pid,
        kind: "withdrawal",
        account: lower(event.args.to),
        amount: event.args.amount,
        budgetAfter: event.args.budget,
        timestamp: event.block.timestamp,
      });
    },
    "GasMeter:GasCharged": async ({ event, context }) => {
      const { pid, user, gasUsed, cost } = event.args as { pid: bigint; user: Hex; gasUsed: bigint; cost: bigint };
      const m = await meterRow(context);
      const epoch = m.epochOffset + (event.block.timestamp - m.epochAnchor) / m.epochLength;
      const before = await gas(context, pid, (g) => ({
        budget: g.budget - cost,
        charged: g.charged + cost,
        gasCharged: g.gasCharged + gasUsed,
        charges: g.charges + 1,
      }));
      // A direct metered call's cost becomes the meter's fees; a relayed one's goes to the relayer (RelayerReimbursed,
      // next in the same transaction, takes it back out of the fees).
      await upsertMeter(context, { fees: m.fees + cost });
      await context.db.insert(charge).values({
        id: event.id,
        pid,
        user: lower(user),
        gasUsed,
        cost,
        epoch,
        blockNumber: event.block.number,
        timestamp: event.block.timestamp,
      });
      if (txCharges.transaction !== event.transaction.hash)
        txCharges = { transaction: event.transaction.hash, list: [] };
      txCharges.list.push({ id: event.id, pid, cost, relayer: undefined });
      await context.db
        .insert(epochUsage)
        .values({ pid, epoch, gas: gasUsed, cost, charges: 1 })
        .onConflictDoUpdate((u: typeof epochUsage.$inferSelect) => ({
          gas: u.gas + gasUsed,
          cost: u.cost + cost,
          charges: u.charges + 1,
        }));
      const quotaGas = before.userQuota !== 0n ? gasUsed : 0n;
      await context.db
        .insert(userEpochUsage)
        .values({ pid, user: lower(user), epoch, gas: gasUsed, cost, quotaGas })
        .onConflictDoUpdate((u: typeof userEpochUsage.$inferSelect) => ({
          gas: u.gas + gasUsed,
          cost: u.cost + cost,
          quotaGas: u.quotaGas + quotaGas,
        }));
    },
    "GasMeter:QuotaSet": async ({ event, context }) => {
      await gas(context, event.args.pid, () => ({
        processQuota: event.args.processQuota,
        userQuota: event.args.userQuota,
      }));
    },
    "GasMeter:LowBudgetThresholdSet": async ({ event, context }) => {
      await gas(context, event.args.pid, () => ({ lowBudgetThreshold: event.args.threshold }));
    },
    // issue 17 part 2: the freezing threshold
    "GasMeter:FreezeThresholdSet": async ({ event, context }) => {
      await gas(context, event.args.pid, () => ({ freezeThreshold: event.args.threshold }));
    },
    "GasMeter:RelayGasCapSet": async ({ event, context }) => {
      await gas(context, event.args.pid, () => ({ relayGasCap: event.args.gasCap }));
    },
    "GasMeter:RelaySignerCapabilitySet": async ({ event, context }) => {
      await gas(context, event.args.pid, () => ({ relaySignerCapability: event.args.capability }));
    },
    // issue 17 part 2: the selector rule of sponsored relays
    "GasMeter:RelaySelectorsOnlySet": async ({ event, context }) => {
      await gas(context, event.args.pid, () => ({ relaySelectorsOnly: event.args.only }));
    },
    "GasMeter:RelayRevertedCallsSponsoredSet": async ({ event, context }) => {
      await gas(context, event.args.pid, () => ({ relayRevertedCallsSponsored: event.args.sponsored }));
    },
    "GasMeter:RelaySelectorSet": async ({ event, context }) => {
      const values = { sponsored: event.args.sponsored };
      await context.db
        .insert(relaySelector)
        .values({
          id: `${event.args.pid}-${event.args.selector}`,
          pid: event.args.pid,
          selector: event.args.selector,
          ...values,
        })
        .onConflictDoUpdate(values);
    },
    "GasMeter:RelayerReimbursed": async ({ event, context }) => {
      const who = lower(event.args.relayer);
      const pid = event.args.pid as bigint;
      const amount = event.args.amount as bigint;
      const m = await meterRow(context);
      await upsertMeter(context, { fees: m.fees - amount });
      // The charges this credit pays for: a lone relay's one GasCharged just before it, or, for a batch (one credit
      // per process for the whole batch), the process's latest untagged charges of this transaction summing to it.
      const paid: string[] = [];
      if (txCharges.transaction === event.transaction.hash) {
        let sum = 0n;
        for (let i = txCharges.list.length - 1; i >= 0 && sum < amount; i--) {
          const c = txCharges.list[i];
          if (c.pid !== pid || c.relayer !== undefined) continue;
          c.relayer = who;
          sum += c.cost;
          paid.push(c.id);
        }
      }
      for (const id of paid) await context.db.update(charge, { id }).set({ relayer: who });
      const requests = Math.max(paid.length, 1);
      await context.db
        .insert(relayer)
        .values({ address: who, reimbursed: amount, claimed: 0n, claimable: amount, requests })
        .onConflictDoUpdate((r: typeof relayer.$inferSelect) => ({
          reimbursed: r.reimbursed + amount,
          claimable: r.claimable + amount,
          requests: r.requests + requests,
        }));
    },
    "GasMeter:RelayerClaimed": async ({ event, context }) => {
      const amount = event.args.amount as bigint;
      await context.db
        .insert(relayer)
        .values({ address: lower(event.args.relayer), reimbursed: 0n, claimed: amount, claimable: 0n, requests: 0 })
        .onConflictDoUpdate((r: typeof relayer.$inferSelect) => ({ claimed: r.claimed + amount, claimable: 0n }));
    },
    "GasMeter:FeesCollected": async ({ event, context }) => {
      const m = await meterRow(context);
      await upsertMeter(context, {
        fees: m.fees - event.args.amount,
        feesCollected: m.feesCollected + event.args.amount,
      });
    },

    // ---- KernelForwarder
    "KernelForwarder:ExecutedForwardRequest": async ({ event, context }) => {
      let target: Hex | null = null;
      let pid: bigint | null = null;
      let sentence: string | null = null;
      const tx = event.transaction;
      if (tx?.to && lower(tx.to) === lower(a.forwarder)) {
        try {
          const call = decodeFunctionData({ abi: KernelForwarderAbi, data: tx.input });
          const batched = call.functionName === "executeBatch" || call.functionName === "executeRelayedBatch";
          const requests = batched
            ? (call.args[0] as readonly {
                from: Hex;
                to: Hex;
                value: bigint;
                gas: bigint;
                deadline: number;
                data: Hex;
              }[])
            : [call.args[0] as { from: Hex; to: Hex; value: bigint; gas: bigint; deadline: number; data: Hex }];
          const index = requests.findIndex((r) => lower(r.from) === lower(event.args.signer));
          const request = index >= 0 ? requests[index] : undefined;
          if (request) {
            target = lower(request.to);
            pid =
              call.functionName === "executeRelayed"
                ? (call.args[1] as bigint)
                : call.functionName === "executeRelayedBatch" // issue 17: one PID per request
                  ? (call.args[1] as readonly bigint[])[index]
                  : null;
            sentence = decoder.decodeRelayed(
              { ...request, deadline: BigInt(request.deadline) },
              pid ?? undefined,
            ).sentence;
          }
        } catch {
          // not a call this forwarder's ABI decodes (e.g. through another contract)
        }
      }
      await context.db.insert(relayedRequest).values({
        id: `${lower(event.args.signer)}-${event.args.nonce}`,
        signer: lower(event.args.signer),
        nonce: event.args.nonce,
        success: event.args.success,
        relayer: lower(tx?.from ?? zeroAddress),
        target,
        pid,
        sentence,
        timestamp: event.block.timestamp,
      });
    },
    "KernelForwarder:RelayedCallReverted": async ({ event, context }) => {
      const id = `${lower(event.args.signer)}-${event.args.nonce}`;
      const existing = await context.db.find(relayedRequest, { id });
      if (existing) await context.db.update(relayedRequest, { id }).set({ revertReason: event.args.reason });
      else
        await context.db.insert(relayedRequest).values({
          id,
          signer: lower(event.args.signer),
          nonce: event.args.nonce,
          success: false,
          relayer: lower(event.transaction?.from ?? zeroAddress),
          revertReason: event.args.reason,
          timestamp: event.block.timestamp,
        });
    },

    // ---- NYN
    "NYN:Transfer": async ({ event, context }) => {
      const { from, to, value } = event.args as { from: Hex; to: Hex; value: bigint };
      if (from !== zeroAddress) await setAccount(context, lower(from), (r) => ({ balance: r.balance - value }));
      if (to !== zeroAddress) await setAccount(context, lower(to), (r) => ({ balance: r.balance + value }));
      const delta = from === zeroAddress ? value : to === zeroAddress ? -value : 0n;
      await context.db
        .insert(token)
        .values({ id: "NYN", totalSupply: delta, transfers: 1 })
        .onConflictDoUpdate((t: typeof token.$inferSelect) => ({
          totalSupply: t.totalSupply + delta,
          transfers: t.transfers + 1,
        }));
      await context.db.insert(transfer).values({
        id: event.id,
        from: lower(from),
        to: lower(to),
        value,
        blockNumber: event.block.number,
        timestamp: event.block.timestamp,
      });
    },
    "NYN:Approval": async ({ event, context }) => {
      const owner = lower(event.args.owner);
      const spender = lower(event.args.spender);
      await context.db
        .insert(allowance)
        .values({ id: `${owner}-${spender}`, owner, spender, value: event.args.value })
        .onConflictDoUpdate({ value: event.args.value });
    },
    "NYN:DelegateChanged": async ({ event, context }) => {
      await setAccount(context, lower(event.args.delegator), () => ({ delegate: lower(event.args.toDelegate) }));
    },
    "NYN:DelegateVotesChanged": async ({ event, context }) => {
      await setAccount(context, lower(event.args.delegate), () => ({ votes: event.args.newVotes }));
    },

    // ---- NYNGovernor
    "NYNGovernor:ProposalCreated": async ({ event, context }) => {
      const x = event.args;
      const actions = (x.targets as Hex[]).map((target, i) => {
        const decoded = decoder.decode({ target, value: x.values[i], data: x.calldatas[i] });
        return {
          target: lower(target),
          value: String(x.values[i]),
          contract: decoded.contract ?? null,
          fn: decoded.fn ?? null,
          sentence: decoded.sentence,
        };
      });
      await context.db.insert(proposal).values({
        id: x.proposalId,
        proposer: lower(x.proposer),
        description: x.description,
        targets: (x.targets as Hex[]).map(lower),
        values: (x.values as bigint[]).map(String),
        calldatas: x.calldatas,
        actions,
        voteStart: x.voteStart,
        voteEnd: x.voteEnd,
        forVotes: 0n,
        againstVotes: 0n,
        abstainVotes: 0n,
        voters: 0,
        queued: false,
        executed: false,
        canceled: false,
        createdBlock: event.block.number,
        createdAt: event.block.timestamp,
      });
    },
    "NYNGovernor:VoteCast": (args) => castVote(args, null),
    "NYNGovernor:VoteCastWithParams": (args) => castVote(args, args.event.args.params),
    "NYNGovernor:ProposalQueued": async ({ event, context }) => {
      const p = await context.db.find(proposal, { id: event.args.proposalId });
      await context.db.update(proposal, { id: event.args.proposalId }).set({
        queued: true,
        eta: event.args.etaSeconds,
        queuedAt: event.block.timestamp,
        timelockId: p ? timelockIdOf(p) : null,
      });
    },
    "NYNGovernor:ProposalExecuted": async ({ event, context }) => {
      await context.db
        .update(proposal, { id: event.args.proposalId })
        .set({ executed: true, executedAt: event.block.timestamp });
    },
    "NYNGovernor:ProposalCanceled": async ({ event, context }) => {
      await context.db
        .update(proposal, { id: event.args.proposalId })
        .set({ canceled: true, canceledAt: event.block.timestamp });
    },
    "NYNGovernor:VotingDelaySet": ({ event, context }) =>
      setGovernor(context, { votingDelay: event.args.newVotingDelay }),
    "NYNGovernor:VotingPeriodSet": ({ event, context }) =>
      setGovernor(context, { votingPeriod: event.args.newVotingPeriod }),
    "NYNGovernor:ProposalThresholdSet": ({ event, context }) =>
      setGovernor(context, { proposalThreshold: event.args.newProposalThreshold }),
    "NYNGovernor:QuorumNumeratorUpdated": ({ event, context }) =>
      setGovernor(context, { quorumNumerator: event.args.newQuorumNumerator }),
    "NYNGovernor:ProposalGuardianSet": ({ event, context }) =>
      setGovernor(context, { proposalGuardian: lower(event.args.newProposalGuardian) }),
    "NYNGovernor:TimelockChange": ({ event, context }) =>
      setGovernor(context, { timelock: lower(event.args.newTimelock) }),

    // ---- TimelockController
    "TimelockController:CallScheduled": async ({ event, context }) => {
      const x = event.args;
      const sentence = decoder.decode({ target: x.target, value: x.value, data: x.data }).sentence;
      const existing = await context.db.find(timelockOperation, { id: x.id });
      const actions = [...((existing?.actions as string[]) ?? []), sentence];
      const values = {
        status: "scheduled",
        calls: actions.length,
        actions,
        delay: x.delay,
        predecessor: x.predecessor,
      };
      await context.db
        .insert(timelockOperation)
        .values({ id: x.id, scheduledAt: event.block.timestamp, ...values })
        .onConflictDoUpdate(values);
    },
    "TimelockController:CallSalt": async ({ event, context }) => {
      await context.db.update(timelockOperation, { id: event.args.id }).set({ salt: event.args.salt });
    },
    "TimelockController:CallExecuted": async ({ event, context }) => {
      await context.db
        .update(timelockOperation, { id: event.args.id })
        .set({ status: "executed", executedAt: event.block.timestamp });
    },
    "TimelockController:Cancelled": async ({ event, context }) => {
      await context.db.update(timelockOperation, { id: event.args.id }).set({ status: "cancelled" });
      // Cancelled in the timelock directly (not through the governor): the proposal reads Canceled.
      const [p] = await context.db.sql.select().from(proposal).where(eq(proposal.timelockId, event.args.id));
      if (p && !p.canceled)
        await context.db.update(proposal, { id: p.id }).set({ canceled: true, canceledAt: event.block.timestamp });
    },
    "TimelockController:MinDelayChange": ({ event, context }) =>
      setGovernor(context, { timelockDelay: event.args.newDuration }),
    "TimelockController:RoleGranted": ({ event, context }) =>
      setRole(context, event.args.role, event.args.account, true),
    "TimelockController:RoleRevoked": ({ event, context }) =>
      setRole(context, event.args.role, event.args.account, false),

    // ---- Marketplace and JobBoard: the escrow base
    ...escrowHandlers("Marketplace"),
    ...escrowHandlers("JobBoard"),

    // ---- Marketplace
    "Marketplace:SellerRegistered": async ({ event, context }) => {
      await context.db.insert(seller).values({ address: lower(event.args.seller), sellerId: event.args.sellerId });
    },
    "Marketplace:ListingCreated": async ({ event, context }) => {
      await context.db.insert(listing).values({
        id: event.args.listingId,
        seller: lower(event.args.seller),
        pricePerUnit: event.args.pricePerUnit,
        quantity: event.args.quantity,
        deliveryWindow: event.args.deliveryWindow,
        metadataURI: event.args.metadataURI,
        status: 1,
        createdAt: event.block.timestamp,
      });
    },
    "Marketplace:ListingPricedInToken": async ({ event, context }) => {
      await context.db.update(listing, { id: event.args.listingId }).set({ token: lower(event.args.token) });
    },
    "Marketplace:ListingPriceUpdated": async ({ event, context }) => {
      await context.db.update(listing, { id: event.args.listingId }).set({ pricePerUnit: event.args.newPrice });
    },
    "Marketplace:ListingQuantityUpdated": async ({ event, context }) => {
      await context.db.update(listing, { id: event.args.listingId }).set({ quantity: event.args.newQuantity });
    },
    "Marketplace:ListingCancelled": async ({ event, context }) => {
      await context.db.update(listing, { id: event.args.listingId }).set({ status: 2 });
    },
    "Marketplace:OrderPlaced": async ({ event, context }) => {
      const l = await context.db.find(listing, { id: event.args.listingId });
      await context.db
        .update(listing, { id: event.args.listingId })
        .set({ quantity: l.quantity - event.args.quantity });
      await context.db.insert(order).values({
        id: event.args.orderId,
        listingId: event.args.listingId,
        buyer: lower(event.args.buyer),
        seller: l.seller,
        quantity: event.args.quantity,
        amount: event.args.amount,
        token: l.token,
        status: 1,
        statusName: ORDER_STATUS[1],
        deadline: event.args.shipBy,
        createdAt: event.block.timestamp,
      });
    },
    "Marketplace:OrderShipped": async ({ event, context }) => {
      await context.db
        .update(order, { id: event.args.orderId })
        .set({ status: 2, statusName: ORDER_STATUS[2], deadline: event.args.confirmBy });
    },
    "Marketplace:OrderCompleted": async ({ event, context }) => {
      const o = await context.db.update(order, { id: event.args.orderId }).set({
        status: 4,
        statusName: ORDER_STATUS[4],
        outcome: "completed",
        sellerAmount: event.args.sellerAmount,
        fee: event.args.fee,
      });
      await setMarketAccount(context, "Marketplace", o.seller, (r) => ({
        withdrawable: r.withdrawable + (o.token === null ? event.args.sellerAmount : 0n),
        completedSales: r.completedSales + 1,
      }));
      if (o.token !== null) await creditIn(context, "Marketplace", o.token, o.seller, event.args.sellerAmount);
      await feeIn(context, "Marketplace", o.token, event.args.fee);
    },
    "Marketplace:OrderRefunded": async ({ event, context }) => {
      const o = await context.db
        .update(order, { id: event.args.orderId })
        .set({ status: 4, statusName: ORDER_STATUS[4], outcome: "refunded" });
      await creditIn(context, "Marketplace", o.token, o.buyer, event.args.amount);
    },
    "Marketplace:OrderDisputed": async ({ event, context }) => {
      await context.db
        .update(order, { id: event.args.orderId })
        .set({ status: 3, statusName: ORDER_STATUS[3], disputeId: event.args.disputeId });
    },
    "Marketplace:OrderResolved": async ({ event, context }) => {
      await context.db
        .update(order, { id: event.args.orderId })
        .set({ status: 4, statusName: ORDER_STATUS[4], outcome: "resolved" });
    },

    // ---- JobBoard
    "JobBoard:JobPosted": async ({ event, context }) => {
      const amounts = event.args.milestoneAmounts as bigint[];
      await context.db.insert(job).values({
        id: event.args.jobId,
        client: lower(event.args.client),
        budget: event.args.budget,
        escrowed: event.args.budget,
        deadline: event.args.deadline,
        metadataURI: event.args.metadataURI,
        milestoneCount: amounts.length,
        currentMilestone: 0,
        status: 1,
        statusName: JOB_STATUS[1],
        cancelRequested: false,
        applications: 0,
        createdAt: event.block.timestamp,
      });
      for (const [index, amount] of amounts.entries()) {
        await context.db.insert(milestone).values({
          id: `${event.args.jobId}-${index}`,
          jobId: event.args.jobId,
          index,
          amount,
          status: 0,
          statusName: MILESTONE_STATUS[0],
        });
      }
    },
    "JobBoard:JobPricedInToken": async ({ event, context }) => {
      await context.db.update(job, { id: event.args.jobId }).set({ token: lower(event.args.token) });
    },
    "JobBoard:JobApplied": async ({ event, context }) => {
      await context.db.insert(application).values({
        id: `${event.args.jobId}-${lower(event.args.worker)}`,
        jobId: event.args.jobId,
        worker: lower(event.args.worker),
        proposalURI: event.args.proposalURI,
        timestamp: event.block.timestamp,
      });
      await context.db
        .update(job, { id: event.args.jobId })
        .set((j: typeof job.$inferSelect) => ({ applications: j.applications + 1 }));
    },
    "JobBoard:JobAssigned": async ({ event, context }) => {
      await context.db
        .update(job, { id: event.args.jobId })
        .set({ worker: lower(event.args.worker), status: 2, statusName: JOB_STATUS[2] });
    },
    "JobBoard:MilestoneSubmitted": async ({ event, context }) => {
      await context.db.update(milestone, { id: `${event.args.jobId}-${event.args.index}` }).set({
        status: 1,
        statusName: MILESTONE_STATUS[1],
        deliverableURI: event.args.deliverableURI,
        deliverableHash: event.args.deliverableHash,
        reviewDeadline: event.args.reviewDeadline,
      });
    },
    "JobBoard:MilestoneChangesRequested": async ({ event, context }) => {
      await context.db
        .update(milestone, { id: `${event.args.jobId}-${event.args.index}` })
        .set({ status: 0, statusName: MILESTONE_STATUS[0], revisionDeadline: event.args.revisionDeadline });
    },
    "JobBoard:MilestonePaid": async ({ event, context }) => {
      const m = await context.db.update(milestone, { id: `${event.args.jobId}-${event.args.index}` }).set({
        status: 2,
        statusName: MILESTONE_STATUS[2],
        workerAmount: event.args.workerAmount,
        fee: event.args.fee,
      });
      const j = await settleMilestone(context, event.args.jobId, Number(event.args.index), m.amount);
      const last = Number(event.args.index) + 1 === j.milestoneCount;
      await setMarketAccount(context, "JobBoard", j.worker!, (r) => ({
        withdrawable: r.withdrawable + (j.token === null ? event.args.workerAmount : 0n),
        completedJobs: r.completedJobs + (last ? 1 : 0),
      }));
      if (j.token !== null) await creditIn(context, "JobBoard", j.token, j.worker!, event.args.workerAmount);
      await feeIn(context, "JobBoard", j.token, event.args.fee);
    },
    "JobBoard:MilestoneDisputed": async ({ event, context }) => {
      await context.db
        .update(milestone, { id: `${event.args.jobId}-${event.args.index}` })
        .set({ status: 3, statusName: MILESTONE_STATUS[3], disputeId: event.args.disputeId });
    },
    "JobBoard:MilestoneResolved": async ({ event, context }) => {
      const m = await context.db
        .update(milestone, { id: `${event.args.jobId}-${event.args.index}` })
        .set({ status: 4, statusName: MILESTONE_STATUS[4] });
      await settleMilestone(context, event.args.jobId, Number(event.args.index), m.amount);
    },
    "JobBoard:JobCompleted": async ({ event, context }) => {
      await context.db.update(job, { id: event.args.jobId }).set({ status: 3, statusName: JOB_STATUS[3] });
    },
    "JobBoard:JobCancelRequested": async ({ event, context }) => {
      await context.db.update(job, { id: event.args.jobId }).set({ cancelRequested: true });
    },
    "JobBoard:JobCancelled": (args) => closeJob(args, 4),
    "JobBoard:JobExpired": (args) => closeJob(args, 5),
  };

  async function settleMilestone(context: Args["context"], jobId: bigint, index: number, amount: bigint) {
    return context.db.update(job, { id: jobId }).set((j: typeof job.$inferSelect) => ({
      escrowed: j.escrowed - amount,
      currentMilestone: index + 1 < j.milestoneCount ? index + 1 : j.currentMilestone,
    }));
  }

  async function closeJob({ event, context }: Args, status: number) {
    const j = await context.db
      .update(job, { id: event.args.jobId })
      .set({ status, statusName: JOB_STATUS[status], escrowed: 0n });
    await creditIn(context, "JobBoard", j.token, j.client, event.args.refund);
  }

  async function castVote({ event, context }: Args, params: Hex | null) {
    const x = event.args;
    const proposalId = x.proposalId as bigint;
    await context.db.insert(vote).values({
      id: `${proposalId}-${lower(x.voter)}`,
      proposalId,
      voter: lower(x.voter),
      support: Number(x.support),
      weight: x.weight,
      reason: x.reason,
      params,
      blockNumber: event.block.number,
      timestamp: event.block.timestamp,
    });
    const p = await context.db.find(proposal, { id: proposalId });
    // The quorum at the snapshot, once: the snapshot is past whenever a vote is cast.
    const quorum =
      p.quorum ??
      ((await context.client.readContract({
        abi: NYNGovernorAbi,
        address: a.governor,
        functionName: "quorum",
        args: [p.voteStart],
        blockNumber: event.block.number,
      })) as bigint);
    const support = Number(x.support);
    await context.db.update(proposal, { id: proposalId }).set({
      quorum,
      voters: p.voters + 1,
      againstVotes: p.againstVotes + (support === 0 ? x.weight : 0n),
      forVotes: p.forVotes + (support === 1 ? x.weight : 0n),
      abstainVotes: p.abstainVotes + (support === 2 ? x.weight : 0n),
    });
  }

  async function setGovernor(context: Args["context"], values: Partial<typeof governor.$inferSelect>) {
    await context.db
      .insert(governor)
      .values({ id: "governor", ...values })
      .onConflictDoUpdate(values);
  }

  async function setRole(context: Args["context"], role: Hex, who: Hex, active: boolean) {
    const id = `${role}-${lower(who)}`;
    await context.db
      .insert(timelockRole)
      .values({ id, role, roleName: idName(role), account: lower(who), active })
      .onConflictDoUpdate({ active });
  }

  function escrowHandlers(market: "Marketplace" | "JobBoard"): Record<string, Handler> {
    const key = (disputeId: bigint) => `${market}-${disputeId}`;
    return {
      [`${market}:FeeChanged`]: ({ context, event }) =>
        setEscrow(context, market, () => ({ feeBps: event.args.newFeeBps })),
      [`${market}:TreasuryChanged`]: ({ context, event }) =>
        setEscrow(context, market, () => ({ treasury: lower(event.args.newTreasury) })),
      [`${market}:ArbitratorChanged`]: ({ context, event }) =>
        setEscrow(context, market, () => ({ arbitrator: lower(event.args.newArbitrator) })),
      [`${market}:Withdrawn`]: ({ context, event }) =>
        setMarketAccount(context, market, event.args.account, (r) => ({
          withdrawable: r.withdrawable - event.args.amount,
          withdrawn: r.withdrawn + event.args.amount,
        })),
      // Issue 17 part 3: the token list and per-token pull payments.
      [`${market}:TokenApproved`]: ({ context, event }) =>
        setMarketToken(context, market, event.args.token, () => ({ tokenId: event.args.tokenId, approved: true })),
      [`${market}:TokenRemoved`]: ({ context, event }) =>
        setMarketToken(context, market, event.args.token, () => ({ tokenId: event.args.tokenId, approved: false })),
      [`${market}:TokenWithdrawn`]: ({ context, event }) =>
        setTokenAccount(context, market, event.args.token, event.args.account, (r) => ({
          withdrawable: r.withdrawable - event.args.amount,
          withdrawn: r.withdrawn + event.args.amount,
        })),
      [`${market}:TokenFeesCollected`]: ({ context, event }) =>
        setMarketToken(context, market, event.args.token, (t) => ({
          uncollectedFees: t.uncollectedFees - event.args.amount,
          feesCollected: t.feesCollected + event.args.amount,
        })),
      [`${market}:FeesCollected`]: ({ context, event }) =>
        setEscrow(context, market, (e) => ({
          uncollectedFees: e.uncollectedFees - event.args.amount,
          feesCollected: e.feesCollected + event.args.amount,
        })),
      [`${market}:DisputeOpened`]: async ({ context, event }) => {
        const x = event.args;
        // The escrow's token: the order's (Marketplace) or the job's (JobBoard); null for NYN.
        const escrowed =
          market === "Marketplace"
            ? await context.db.find(order, { id: x.escrowId })
            : await context.db.find(job, { id: x.escrowId });
        await context.db.insert(dispute).values({
          token: escrowed?.token ?? null,
          id: key(x.disputeId),
          market,
          disputeId: x.disputeId,
          escrowId: x.escrowId,
          openedBy: lower(x.openedBy),
          payer: lower(x.payer),
          payee: lower(x.payee),
          amount: x.amount,
          rulingDeadline: x.rulingDeadline,
          status: 1,
          statusName: DISPUTE_STATUS[1],
          evidenceCount: 0,
          openedAt: event.block.timestamp,
        });
        await setMarketAccount(context, market, x.openedBy, (r) => ({ disputesOpened: r.disputesOpened + 1 }));
      },
      // ERC-1497: the dispute's arbitrator and its id there (evidenceGroupID is the module's own dispute id).
      [`${market}:Dispute`]: async ({ context, event }) => {
        await context.db
          .update(dispute, { id: key(event.args.evidenceGroupID) })
          .set({ arbitrator: lower(event.args.arbitrator), externalId: event.args.disputeID });
      },
      [`${market}:Evidence`]: async ({ context, event }) => {
        await context.db.insert(evidence).values({
          id: event.id,
          market,
          disputeId: event.args.evidenceGroupID,
          arbitrator: lower(event.args.arbitrator),
          party: lower(event.args.party),
          evidence: event.args.evidence,
          timestamp: event.block.timestamp,
        });
        const d = await context.db.find(dispute, { id: key(event.args.evidenceGroupID) });
        if (d) await context.db.update(dispute, { id: d.id }).set({ evidenceCount: d.evidenceCount + 1 });
      },
      // ERC-792 ruling: by an ARBITER holder (the module's own id) or an external arbitrator (its id there).
      [`${market}:Ruling`]: async ({ context, event }) => {
        const x = event.args;
        let d = await context.db.find(dispute, { id: key(x.disputeID) });
        if (!d || (d.arbitrator && lower(d.arbitrator) !== lower(x.arbitrator) && d.externalId !== x.disputeID)) {
          const [external] = await context.db.sql
            .select()
            .from(dispute)
            .where(
              and(
                eq(dispute.market, market),
                eq(dispute.arbitrator, lower(x.arbitrator)),
                eq(dispute.externalId, x.disputeID),
              ),
            );
          d = external ?? d;
        }
        if (d) await context.db.update(dispute, { id: d.id }).set({ ruling: x.ruling, ruledBy: lower(x.arbitrator) });
      },
      [`${market}:DisputeResolved`]: async ({ context, event }) => {
        const x = event.args;
        const status = x.byDefault ? 3 : 2;
        const d = await context.db.update(dispute, { id: key(x.disputeId) }).set({
          status,
          statusName: DISPUTE_STATUS[status],
          payerShareBps: x.payerShareBps,
          payerAmount: x.payerAmount,
          payeeAmount: x.payeeAmount,
          fee: x.fee,
          resolvedAt: event.block.timestamp,
        });
        await creditIn(context, market, d.token, d.payer, x.payerAmount);
        await creditIn(context, market, d.token, d.payee, x.payeeAmount);
        await feeIn(context, market, d.token, x.fee);
        if (x.payerShareBps !== DEFAULT_PAYER_SHARE_BPS) {
          const [winner, loser] = x.payerShareBps > DEFAULT_PAYER_SHARE_BPS ? [d.payer, d.payee] : [d.payee, d.payer];
          await setMarketAccount(context, market, winner, (r) => ({ disputesWon: r.disputesWon + 1 }));
          await setMarketAccount(context, market, loser, (r) => ({ disputesLost: r.disputesLost + 1 }));
        }
      },
    };
  }

  return h;
}

/**
 * The GasCharged events of the transaction being indexed, in order: RelayerReimbursed, later in the same transaction,
 * names the relayer of the charges it pays for (the one just before it for a lone relay; for a batch, credited once per
 * process, the process's charges summing to its amount).
 */
let txCharges: {
  transaction: string;
  list: { id: string; pid: bigint; cost: bigint; relayer: string | undefined }[];
} = { transaction: "", list: [] };

/**
 * Events recorded in the `event` table only: no entity changes with them (the proxy's own bookkeeping, the
 * EIP-712 domain, the registry's V2 migration marker, a process's initialisation, role admin changes).
 */
export const LOG_ONLY = [
  "ACL:Initialized",
  "ACL:Upgraded",
  "ProcessRegistry:Initialized",
  "ProcessRegistry:Upgraded",
  "ProcessRegistry:ProcessRegistryMigrated",
  "GasMeter:Initialized",
  "GasMeter:Upgraded",
  "GasMeter:BudgetLow",
  "NYN:EIP712DomainChanged",
  "KernelForwarder:EIP712DomainChanged",
  "KernelForwarder:RelayedRequestSkipped", // issue 17: a skipped batch request changes no state
  "Marketplace:Initialized",
  "Marketplace:Upgraded",
  "JobBoard:Initialized",
  "JobBoard:Upgraded",
  "NYNGovernor:EIP712DomainChanged",
  "TimelockController:RoleAdminChanged",
  "Process:ProcessInitialized",
];
