import { eq as eqCol, type Client } from "@ponder/client";
import { createPublicClient, http, zeroAddress, type Abi, type Address, type Hex, type PublicClient } from "viem";
import * as schema from "../ponder.schema";
import {
  ACLAbi,
  GasMeterAbi,
  JobBoardAbi,
  KernelAbi,
  MarketplaceAbi,
  NYNAbi,
  NYNGovernorAbi,
  ProcessRegistryAbi,
  TimelockControllerAbi,
} from "../abis";
import { proposalState } from "../src/state";
import type { Deployment } from "../src/deployment";

/** What a comparison found: how many values it compared, and every mismatch (entity, field, indexed, chain). */
export interface Comparison {
  compared: number;
  mismatches: string[];
  counts: Record<string, number>;
}

type Db = Client<typeof schema>["db"];

const lower = (a: string) => a.toLowerCase();

/**
 * Compare every indexed entity with the chain's own views at the indexed head: processes (owner, parent, status,
 * effective status, depth, generation), programs, modules and pause, permissions (holders, expiries, managers),
 * capabilities, gas budgets, quotas, per-epoch and per-user usage, fees, relayers, NYN balances, votes, delegates
 * and supply, proposals (state, tallies, ETA, each vote), governance parameters and timelock roles, listings,
 * orders, jobs, milestones, disputes, fee balances, withdrawable balances and reputation; and the event table with
 * the chain's logs (every log of every indexed address, none missing, none extra).
 */
export async function compare(db: Db, d: Deployment): Promise<Comparison> {
  const chain = createPublicClient({ transport: http(d.rpcUrl), cacheTime: 0 }) as PublicClient;
  const head = await chain.getBlockNumber();
  const now = (await chain.getBlock({ blockNumber: head })).timestamp;
  const a = d.addresses;
  const result: Comparison = { compared: 0, mismatches: [], counts: {} };
  const read = <T>(address: Address, abi: Abi, functionName: string, args: unknown[] = []) =>
    chain.readContract({ address, abi, functionName, args, blockNumber: head }) as Promise<T>;
  const eq = (what: string, indexed: unknown, actual: unknown) => {
    result.compared++;
    const norm = (v: unknown) => (typeof v === "string" && /^0x[0-9a-fA-F]{40}$/.test(v) ? v.toLowerCase() : String(v));
    if (norm(indexed) !== norm(actual))
      result.mismatches.push(`${what}: indexed ${norm(indexed)}, chain ${norm(actual)}`);
  };

  // ---- the event table against the chain's logs
  const processes = await db.select().from(schema.kernelProcess);
  const addresses = [...Object.values(a), ...processes.map((p) => p.instance)] as Address[];
  const logs = await chain.request({
    method: "eth_getLogs",
    params: [{ address: addresses, fromBlock: `0x${d.startBlock.toString(16)}`, toBlock: `0x${head.toString(16)}` }],
  });
  const events = await db.select().from(schema.event);
  const indexedIds = new Set(events.map((e) => `${e.blockNumber}-${e.logIndex}-${lower(e.transactionHash)}`));
  const chainIds = new Set(
    (logs as { blockNumber: Hex; logIndex: Hex; transactionHash: Hex }[]).map(
      (l) => `${BigInt(l.blockNumber)}-${Number(l.logIndex)}-${lower(l.transactionHash)}`,
    ),
  );
  eq("events: count", events.length, chainIds.size);
  for (const id of chainIds) if (!indexedIds.has(id)) result.mismatches.push(`event ${id} on chain is not indexed`);
  for (const id of indexedIds) if (!chainIds.has(id)) result.mismatches.push(`indexed event ${id} is not on chain`);
  result.counts.events = events.length;

  // ---- processes and programs
  const count = await read<bigint>(a.processRegistry, ProcessRegistryAbi, "processCount");
  eq("processes: count", processes.length, count);
  const onChain = await read<readonly Record<string, unknown>[]>(a.processRegistry, ProcessRegistryAbi, "processes", [
    0n,
    count,
  ]);
  const byPid = new Map(processes.map((p) => [p.pid, p]));
  for (const c of onChain) {
    const p = byPid.get(c.pid as bigint);
    if (!p) {
      result.mismatches.push(`process ${c.pid} is not indexed`);
      continue;
    }
    const w = `process ${p.pid}`;
    eq(`${w} instance`, p.instance, c.instance);
    eq(`${w} owner`, p.owner, c.owner);
    eq(`${w} parent`, p.parentPid, c.parentPid);
    eq(`${w} program`, p.programId, c.programId);
    eq(`${w} status`, p.status, c.status);
    eq(`${w} effective status`, p.effectiveStatus, c.effectiveStatus);
    eq(`${w} depth`, p.depth, c.depth);
    eq(`${w} owner generation`, p.ownerGeneration, c.ownerGeneration);
    eq(`${w} metadata`, p.metadataURI, c.metadataURI);
  }
  result.counts.processes = processes.length;
  const programs = await db.select().from(schema.program);
  eq("programs: count", programs.length, await read(a.processRegistry, ProcessRegistryAbi, "programCount"));
  for (const p of programs) {
    const c = await read<Record<string, unknown>>(a.processRegistry, ProcessRegistryAbi, "program", [p.id]);
    eq(`program ${p.id} implementation`, p.implementation, c.implementation);
    eq(`program ${p.id} code hash`, p.codeHash, c.codeHash);
    eq(`program ${p.id} deprecated`, p.deprecated, c.deprecated);
    eq(`program ${p.id} verified`, p.verified, c.verified);
    eq(`program ${p.id} name`, p.name, c.name);
    eq(`program ${p.id} previous version`, p.previousVersion, Number(c.previousVersion));
    eq(`program ${p.id} next version`, p.nextVersion, Number(c.nextVersion));
  }

  // ---- kernel
  const modules = await db.select().from(schema.module);
  eq("modules: count", modules.length, await read(a.kernel, KernelAbi, "moduleCount"));
  for (const m of modules) {
    eq(`module ${m.name} proxy`, m.proxy, await read(a.kernel, KernelAbi, "moduleAddress", [m.id]));
    eq(
      `module ${m.name} implementation`,
      m.implementation,
      await read(a.kernel, KernelAbi, "moduleImplementation", [m.id]),
    );
  }
  const [k] = await db.select().from(schema.kernel);
  eq("kernel paused", k?.paused ?? false, await read(a.kernel, KernelAbi, "paused"));

  // ---- ACL
  const permissions = await db.select().from(schema.permission);
  const managers = await db.select().from(schema.permissionManager);
  const targets = new Map<string, { where: Hex; what: Hex }>();
  for (const p of [...permissions, ...managers]) targets.set(`${p.where}-${p.what}`, { where: p.where, what: p.what });
  for (const { where, what } of targets.values()) {
    const holders = await read<readonly Address[]>(a.acl, ACLAbi, "permissionHolders", [where, what, 0n, 10_000n]);
    const indexed = permissions.filter((p) => p.where === where && p.what === what && p.holder).map((p) => p.who);
    eq(`permission ${what} on ${where}: holders`, [...indexed].sort().join(","), holders.map(lower).sort().join(","));
    const m = managers.find((x) => x.where === where && x.what === what);
    eq(
      `permission ${what} on ${where}: manager`,
      m?.manager ?? "0x0000000000000000000000000000000000000000",
      await read(a.acl, ACLAbi, "getPermissionManager", [where, what]),
    );
  }
  for (const p of permissions.filter((x) => x.holder)) {
    eq(
      `permission ${p.whatName} on ${p.where} of ${p.who}: expiry`,
      p.expiry,
      await read(a.acl, ACLAbi, "permissionExpiry", [p.who, p.where, p.what]),
    );
    eq(
      `permission ${p.whatName} on ${p.where} of ${p.who}: condition`,
      p.condition ?? zeroAddress,
      lower(await read<Address>(a.acl, ACLAbi, "permissionCondition", [p.who, p.where, p.what])),
    );
    eq(
      `permission ${p.whatName} on ${p.where} of ${p.who}: minimum balance`,
      p.minBalance ?? 0n,
      await read(a.acl, ACLAbi, "permissionMinBalance", [p.who, p.where, p.what]),
    );
  }
  result.counts.permissions = permissions.length;
  const capabilities = await db.select().from(schema.capability);
  for (const c of capabilities) {
    // A conditional grant's expiry-only word reads 0 (its expiry and condition are read with capabilityCondition).
    eq(
      `capability ${c.whatName} on process ${c.pid} (generation ${c.generation}) of ${c.who}`,
      c.revoked || c.condition !== null ? 0n : c.expiry,
      await read(a.acl, ACLAbi, "capabilityExpiryAt", [c.pid, c.generation, c.who, c.what]),
    );
    const current = processes.find((x) => x.pid === c.pid)?.ownerGeneration === c.generation;
    if (!current) continue; // capabilityCondition reads the current generation only
    const [expiry, condition] = await read<readonly [bigint, Address]>(a.acl, ACLAbi, "capabilityCondition", [
      c.pid,
      c.who,
      c.what,
    ]);
    eq(
      `capability ${c.whatName} on process ${c.pid} of ${c.who}: condition`,
      c.revoked || c.condition === null ? `0-${zeroAddress}` : `${c.expiry}-${c.condition}`,
      `${expiry}-${lower(condition)}`,
    );
    eq(
      `capability ${c.whatName} on process ${c.pid} of ${c.who}: minimum balance`,
      c.revoked ? 0n : (c.minBalance ?? 0n),
      await read(a.acl, ACLAbi, "capabilityMinBalance", [c.pid, c.who, c.what]),
    );
  }
  result.counts.capabilities = capabilities.length;

  // ---- gas meter
  const [m] = await db.select().from(schema.meter);
  eq("meter price", m?.price, await read(a.gasMeter, GasMeterAbi, "price"));
  eq("meter fees", m?.fees, await read(a.gasMeter, GasMeterAbi, "fees"));
  const [epoch, epochLength] = await read<readonly bigint[]>(a.gasMeter, GasMeterAbi, "epochInfo");
  eq("meter epoch length", m?.epochLength, epochLength);
  eq("meter epoch (now)", m ? m.epochOffset + (now - m.epochAnchor) / m.epochLength : undefined, epoch);
  const accounts = await db.select().from(schema.gasAccount);
  const usage = await db.select().from(schema.epochUsage);
  const userUsage = await db.select().from(schema.userEpochUsage);
  for (const g of accounts) {
    eq(`process ${g.pid} budget`, g.budget, await read(a.gasMeter, GasMeterAbi, "budgetOf", [g.pid]));
    const [pq, uq] = await read<readonly bigint[]>(a.gasMeter, GasMeterAbi, "quotaOf", [g.pid]);
    eq(`process ${g.pid} process quota`, g.processQuota, pq);
    eq(`process ${g.pid} user quota`, g.userQuota, uq);
    eq(
      `process ${g.pid} freezing threshold`,
      g.freezeThreshold,
      await read(a.gasMeter, GasMeterAbi, "freezeThresholdOf", [g.pid]),
    );
    eq(
      `process ${g.pid} relay selector rule`,
      g.relaySelectorsOnly,
      await read(a.gasMeter, GasMeterAbi, "relaySelectorsOnly", [g.pid]),
    );
    eq(
      `process ${g.pid} reverted calls sponsored`,
      g.relayRevertedCallsSponsored,
      await read(a.gasMeter, GasMeterAbi, "relayRevertedCallsSponsored", [g.pid]),
    );
    // The meter keeps the last epoch's usage: compare the current epoch's, and the epoch of the latest charge.
    const latest = usage.filter((u) => u.pid === g.pid).sort((x, y) => Number(y.epoch - x.epoch))[0];
    for (const e of new Set([epoch, ...(latest ? [latest.epoch] : [])])) {
      const u = usage.find((x) => x.pid === g.pid && x.epoch === e);
      eq(
        `process ${g.pid} usage in epoch ${e}`,
        u?.gas ?? 0n,
        await read(a.gasMeter, GasMeterAbi, "usage", [g.pid, e]),
      );
    }
    for (const u of userUsage.filter((x) => x.pid === g.pid && x.epoch === epoch)) {
      eq(
        `process ${g.pid} user ${u.user} usage in epoch ${epoch}`,
        u.quotaGas,
        await read(a.gasMeter, GasMeterAbi, "userUsage", [g.pid, u.user, epoch]),
      );
    }
    const charged = usage.filter((x) => x.pid === g.pid).reduce((s, x) => s + x.gas, 0n);
    eq(`process ${g.pid} gas charged (charges vs epochs)`, g.gasCharged, charged);
  }
  result.counts.gasAccounts = accounts.length;
  for (const r of await db.select().from(schema.relaySelector)) {
    eq(
      `process ${r.pid} selector ${r.selector} sponsored`,
      r.sponsored,
      await read(a.gasMeter, GasMeterAbi, "isRelaySelectorSponsored", [r.pid, r.selector]),
    );
  }
  result.counts.charges = (await db.select().from(schema.charge)).length;
  for (const r of await db.select().from(schema.relayer)) {
    eq(`relayer ${r.address} claimable`, r.claimable, await read(a.gasMeter, GasMeterAbi, "claimable", [r.address]));
  }

  // ---- NYN
  const holders = await db.select().from(schema.account);
  let sum = 0n;
  for (const h of holders) {
    sum += h.balance;
    eq(`NYN balance of ${h.address}`, h.balance, await read(a.nyn, NYNAbi, "balanceOf", [h.address]));
    eq(`NYN votes of ${h.address}`, h.votes, await read(a.nyn, NYNAbi, "getVotes", [h.address]));
    eq(
      `NYN delegate of ${h.address}`,
      h.delegate ?? "0x0000000000000000000000000000000000000000",
      await read(a.nyn, NYNAbi, "delegates", [h.address]),
    );
  }
  const [t] = await db.select().from(schema.token);
  const supply = await read<bigint>(a.nyn, NYNAbi, "totalSupply");
  eq("NYN total supply", t?.totalSupply, supply);
  eq("NYN sum of balances", sum, supply);
  result.counts.accounts = holders.length;

  // ---- governance
  const proposals = await db.select().from(schema.proposal);
  const votes = await db.select().from(schema.vote);
  for (const p of proposals) {
    const w = `proposal ${String(p.id).slice(0, 10)}…`;
    eq(`${w} state`, proposalState(p, now), await read(a.governor, NYNGovernorAbi, "state", [p.id]));
    const [against, forVotes, abstain] = await read<readonly bigint[]>(a.governor, NYNGovernorAbi, "proposalVotes", [
      p.id,
    ]);
    eq(`${w} for`, p.forVotes, forVotes);
    eq(`${w} against`, p.againstVotes, against);
    eq(`${w} abstain`, p.abstainVotes, abstain);
    eq(`${w} eta`, p.eta ?? 0n, await read(a.governor, NYNGovernorAbi, "proposalEta", [p.id]));
    eq(`${w} snapshot`, p.voteStart, await read(a.governor, NYNGovernorAbi, "proposalSnapshot", [p.id]));
    eq(`${w} proposer`, p.proposer, await read(a.governor, NYNGovernorAbi, "proposalProposer", [p.id]));
    const own = votes.filter((v) => v.proposalId === p.id);
    eq(`${w} voters`, p.voters, own.length);
    eq(
      `${w} vote weights`,
      own.reduce((s, v) => s + v.weight, 0n),
      forVotes + against + abstain,
    );
    for (const v of own)
      eq(`${w} hasVoted ${v.voter}`, true, await read(a.governor, NYNGovernorAbi, "hasVoted", [p.id, v.voter]));
    if ((p.actions as unknown[]).length !== (p.targets as unknown[]).length)
      result.mismatches.push(`${w}: actions not all decoded`);
  }
  result.counts.proposals = proposals.length;
  result.counts.votes = votes.length;
  const [g] = await db.select().from(schema.governor);
  eq("governor voting delay", g?.votingDelay, await read(a.governor, NYNGovernorAbi, "votingDelay"));
  eq("governor voting period", g?.votingPeriod, await read(a.governor, NYNGovernorAbi, "votingPeriod"));
  eq("governor proposal threshold", g?.proposalThreshold, await read(a.governor, NYNGovernorAbi, "proposalThreshold"));
  eq("governor quorum numerator", g?.quorumNumerator, await read(a.governor, NYNGovernorAbi, "quorumNumerator", []));
  eq("timelock delay", g?.timelockDelay, await read(a.timelock, TimelockControllerAbi, "getMinDelay"));
  for (const r of await db.select().from(schema.timelockRole)) {
    eq(
      `timelock role ${r.roleName} of ${r.account}`,
      r.active,
      await read(a.timelock, TimelockControllerAbi, "hasRole", [r.role, r.account]),
    );
  }

  // ---- market
  for (const l of await db.select().from(schema.listing)) {
    const c = await read<Record<string, bigint | number>>(a.marketplace, MarketplaceAbi, "listing", [l.id]);
    eq(`listing ${l.id} price`, l.pricePerUnit, c.pricePerUnit);
    eq(`listing ${l.id} quantity`, l.quantity, c.quantity);
    eq(`listing ${l.id} status`, l.status, c.status);
  }
  const orders = await db.select().from(schema.order);
  for (const o of orders) {
    const c = await read<Record<string, bigint | number>>(a.marketplace, MarketplaceAbi, "order", [o.id]);
    eq(`order ${o.id} status`, o.status, c.status);
    if (o.status !== 4) eq(`order ${o.id} amount`, o.amount, c.amount);
  }
  result.counts.orders = orders.length;
  const jobs = await db.select().from(schema.job);
  const milestones = await db.select().from(schema.milestone);
  eq("jobs: count", jobs.length, await read(a.jobBoard, JobBoardAbi, "jobCount"));
  for (const j of jobs) {
    const c = await read<Record<string, unknown>>(a.jobBoard, JobBoardAbi, "job", [j.id]);
    eq(`job ${j.id} status`, j.status, c.status);
    eq(`job ${j.id} worker`, j.worker ?? "0x0000000000000000000000000000000000000000", c.worker);
    eq(`job ${j.id} escrowed`, j.escrowed, c.escrowed);
    eq(`job ${j.id} current milestone`, j.currentMilestone, c.currentMilestone);
    eq(`job ${j.id} cancel requested`, j.cancelRequested, c.cancelRequested);
    for (const ms of milestones.filter((x) => x.jobId === j.id)) {
      const cm = await read<Record<string, unknown>>(a.jobBoard, JobBoardAbi, "milestone", [j.id, BigInt(ms.index)]);
      eq(`job ${j.id} milestone ${ms.index} status`, ms.status, cm.status);
      eq(`job ${j.id} milestone ${ms.index} amount`, ms.amount, cm.amount);
      // the review and revision windows the console offers claim, request changes and reclaim by
      eq(
        `job ${j.id} milestone ${ms.index} review deadline`,
        ms.reviewDeadline ?? 0n,
        BigInt(cm.reviewDeadline as number),
      );
      eq(
        `job ${j.id} milestone ${ms.index} revision deadline`,
        ms.revisionDeadline ?? 0n,
        BigInt(cm.revisionDeadline as number),
      );
    }
  }
  result.counts.jobs = jobs.length;
  // applicants (the console's job board reads them here): each one the job board says applied, and each job's count
  const applications = await db.select().from(schema.application);
  for (const x of applications) {
    eq(
      `job ${x.jobId} applicant ${x.worker}`,
      true,
      await read(a.jobBoard, JobBoardAbi, "hasApplied", [x.jobId, x.worker]),
    );
  }
  for (const j of jobs) {
    eq(`job ${j.id} applications`, j.applications, applications.filter((x) => x.jobId === j.id).length);
  }
  result.counts.applications = applications.length;
  const markets = { Marketplace: [a.marketplace, MarketplaceAbi], JobBoard: [a.jobBoard, JobBoardAbi] } as const;
  for (const d of await db.select().from(schema.dispute)) {
    const [address, abi] = markets[d.market as keyof typeof markets];
    const c = await read<Record<string, unknown>>(address, abi as Abi, "dispute", [d.disputeId]);
    eq(`${d.market} dispute ${d.disputeId} status`, d.status, c.status);
    eq(`${d.market} dispute ${d.disputeId} payer share`, d.payerShareBps ?? 0n, c.payerShareBps);
    eq(`${d.market} dispute ${d.disputeId} payer`, d.payer, c.payer);
  }
  for (const [market, [address, abi]] of Object.entries(markets)) {
    const [e] = await db.select().from(schema.escrow).where(eqCol(schema.escrow.market, market));
    eq(`${market} uncollected fees`, e?.uncollectedFees, await read(address, abi as Abi, "uncollectedFees"));
    eq(`${market} fee`, e?.feeBps, await read(address, abi as Abi, "feeBps"));
    eq(`${market} treasury`, e?.treasury, await read(address, abi as Abi, "treasury"));
    eq(
      `${market} dispute count`,
      (await db.select().from(schema.dispute).where(eqCol(schema.dispute.market, market))).length,
      await read(address, abi as Abi, "disputeCount"),
    );
  }
  // Issue 17 part 3: the token lists, per-token balances and fees, and each listing's and job's token.
  const marketTokens = await db.select().from(schema.marketToken);
  for (const t of marketTokens) {
    const [address, abi] = markets[t.market as keyof typeof markets];
    const [onChain, approved] = await read<[string, boolean]>(address, abi as Abi, "tokenAt", [t.tokenId]);
    eq(`${t.market} token #${t.tokenId}`, t.token, onChain.toLowerCase());
    eq(`${t.market} token #${t.tokenId} approved`, t.approved, approved);
    eq(
      `${t.market} uncollected fees in ${t.token}`,
      t.uncollectedFees,
      await read(address, abi as Abi, "uncollectedTokenFees", [t.token]),
    );
  }
  result.counts.marketTokens = marketTokens.length;
  for (const r of await db.select().from(schema.marketTokenAccount)) {
    const [address, abi] = markets[r.market as keyof typeof markets];
    eq(
      `${r.market} withdrawable of ${r.account} in ${r.token}`,
      r.withdrawable,
      await read(address, abi as Abi, "withdrawableToken", [r.account, r.token]),
    );
  }
  for (const l of await db.select().from(schema.listing)) {
    const onChain = await read<string>(a.marketplace, MarketplaceAbi, "listingToken", [l.id]);
    eq(`listing ${l.id} token`, l.token ?? a.nyn.toLowerCase(), onChain.toLowerCase());
  }
  for (const j of jobs) {
    const c = await read<{ tokenId: number }>(a.jobBoard, JobBoardAbi, "job", [j.id]);
    const [onChain] = await read<[string, boolean]>(a.jobBoard, JobBoardAbi, "tokenAt", [BigInt(c.tokenId)]);
    eq(`job ${j.id} token`, j.token ?? a.nyn.toLowerCase(), onChain.toLowerCase());
  }
  const marketAccounts = await db.select().from(schema.marketAccount);
  const fields = ["completedSales", "completedJobs", "disputesOpened", "disputesWon", "disputesLost"] as const;
  for (const r of marketAccounts) {
    const [address, abi] = markets[r.market as keyof typeof markets];
    eq(
      `${r.market} withdrawable of ${r.account}`,
      r.withdrawable,
      await read(address, abi as Abi, "withdrawable", [r.account]),
    );
    const local = await read<Record<string, number>>(address, abi as Abi, "localReputation", [r.account]);
    for (const f of fields) eq(`${r.market} reputation of ${r.account}: ${f}`, r[f], local[f]);
    const total = await read<Record<string, number>>(address, abi as Abi, "reputation", [r.account]);
    const both = marketAccounts.filter((x) => x.account === r.account);
    for (const f of fields)
      eq(
        `reputation of ${r.account}: ${f}`,
        both.reduce((s, x) => s + x[f], 0),
        total[f],
      );
  }
  result.counts.marketAccounts = marketAccounts.length;
  return result;
}
