import { ethers } from "ethers";
import { Counter__factory } from "../../typechain-types";
import { ANY_ENTITY, CAPABILITY } from "../../lib/ids";
import { spawn } from "../../lib/spawn";
import { describeGrantCondition } from "../../lib/conditions";
import { ENUMS, formatAddress, formatAmount } from "../../lib/format";
import type { DemoContext } from "./context";
import { whois } from "../../lib/whois";
import { formatContextFor } from "../../tasks/util";

const STATUS = ENUMS.ProcessStatus;

/** Spawn a Counter process as `owner`; returns its PID and a typed handle. */
export async function spawnCounter(
  ctx: DemoContext,
  label: string,
  owner: ethers.Signer,
  parentPid: bigint,
  start = 0n,
) {
  const { registry, programs } = ctx.system;
  const initData = ethers.AbiCoder.defaultAbiCoder().encode(["uint256"], [start]);
  const { pid, instance } = await spawn(registry.connect(owner), programs.Counter, {
    init: initData,
    parent: parentPid,
    send: (tx) => ctx.tx(label, tx),
  });
  return { pid, counter: Counter__factory.connect(instance, owner) };
}

/**
 * The foundation's story: programs, processes, capabilities, the lifecycle and its cascade, NYN.
 * Leaves `pid1` (Alice's running Counter) and `counter1` in `ctx.state` for later chapters.
 */
export async function coreChapter(ctx: DemoContext): Promise<void> {
  const { registry, acl, nyn, programs } = ctx.system;
  const { alice, bob, carol } = ctx.cast;

  ctx.chapter("Programs and processes");
  const program = await registry.program(programs.Counter);
  ctx.say(
    `program #${programs.Counter} "${program.name}" v${program.version} registered by deploySystem, code hash ${program.codeHash.slice(0, 18)}…, ${program.verified ? "verified by the DAO" : "unverified"}`,
  );
  // Publishing needs nobody's approval: bob deploys his own build and publishes it; it stays unverified until the DAO
  // reviews it (dao:propose --verify-program), and whatever its code does reaches only its own processes (F1–F4).
  const bobsBuild = await new Counter__factory(bob).deploy(ctx.system.addresses.kernel);
  await bobsBuild.waitForDeployment();
  await ctx.tx(
    "bob publishes his own program (no approval needed)",
    registry.connect(bob).publishProgram(await bobsBuild.getAddress(), "BobCounter", "0.1.0", "ipfs://bob/counter"),
  );
  const published = await registry.programCount();
  ctx.say(
    `program #${published} "BobCounter" published by bob: ${(await registry.program(published)).verified ? "verified" : "unverified"} until the DAO reviews it; anyone may spawn it`,
  );
  // A new version is a new program in the same line (same name, linked both ways, unverified again); processes stay
  // pinned to the version they were spawned from (spawn from the new one and migrate to move).
  const bobsNextBuild = await new Counter__factory(bob).deploy(ctx.system.addresses.kernel);
  await bobsNextBuild.waitForDeployment();
  await ctx.tx(
    "bob publishes BobCounter 0.2.0, its next version",
    registry.connect(bob).publishVersion(published, await bobsNextBuild.getAddress(), "0.2.0", "ipfs://bob/counter/2"),
  );
  const next = await registry.program(published);
  ctx.say(
    `program #${next.nextVersion} "BobCounter" v0.2.0 follows #${published} v0.1.0 (previousVersion/nextVersion); unverified until the DAO reviews it`,
  );
  const p1 = await spawnCounter(ctx, "alice spawns PID 1 (Counter)", alice, 0n);
  const p2 = await spawnCounter(ctx, "alice spawns PID 2, a child of PID 1", alice, p1.pid);
  ctx.gas["spawn a process"] = ctx.gas["alice spawns PID 1 (Counter)"];
  ctx.say(
    `PID ${p1.pid} at ${await p1.counter.getAddress()}, PID ${p2.pid} (parent ${p1.pid}) at ${await p2.counter.getAddress()}`,
  );

  // ---- names (issue 16): ENS-style names for accounts and processes; errors and outputs show them from here on.
  ctx.chapter("Names: alice.nyn, bob.nyn, counter.alice.nyn");
  const { names } = ctx.system;
  await ctx.tx("alice claims alice.nyn (first come, first served)", names.connect(alice).claim("alice"));
  ctx.gas["claim a name"] = ctx.gas["alice claims alice.nyn (first come, first served)"];
  await ctx.tx("bob claims bob.nyn", names.connect(bob).claim("bob"));
  await ctx.tx(
    "alice names PID 1 counter.alice.nyn",
    names.connect(alice).nameProcess(ethers.namehash("alice.nyn"), "counter", p1.pid),
  );
  ctx.gas["name a process"] = ctx.gas["alice names PID 1 counter.alice.nyn"];
  await ctx.tx(
    "alice names PID 2 child.alice.nyn",
    names.connect(alice).nameProcess(ethers.namehash("alice.nyn"), "child", p2.pid),
  );
  await ctx.expectRevert("bob claims alice.nyn too", names.connect(bob).claim("alice"), "NameServiceTaken");
  await ctx.expectRevert(
    "bob names PID 1 under bob.nyn",
    names.connect(bob).nameProcess(ethers.namehash("bob.nyn"), "mine", p1.pid),
    "NameServiceNotProcessOwner",
  );
  await ctx.expectRevert("bob claims Bob_2 (bad label)", names.connect(bob).claim("Bob_2"), "NameServiceInvalidLabel");
  const counterNode = ethers.namehash("counter.alice.nyn");
  ctx.say(
    `counter.alice.nyn → ${await names.addr(counterNode)} (PID ${await names.pidOf(counterNode)}); ` +
      `alice.nyn → ${await names.addr(ethers.namehash("alice.nyn"))}`,
  );
  ctx.say(
    `reverse (EIP-181, checked forward): ${alice.address} is ${await names.name(alice.address)}, ` +
      `${await p1.counter.getAddress()} is ${await names.name(await p1.counter.getAddress())}`,
  );

  ctx.chapter("Capabilities");
  await ctx.tx("alice increments PID 1 (owner, capability-checked call)", p1.counter.connect(alice).increment());
  ctx.gas["permission-checked call"] = ctx.gas["alice increments PID 1 (owner, capability-checked call)"];
  await ctx.expectRevert(
    "bob increments PID 1 without a capability",
    p1.counter.connect(bob).increment(),
    "KernelProcessMissingCapability",
  );
  const NEVER = (1n << 64n) - 1n;
  await ctx.tx(
    "alice grants bob INCREMENT on PID 1",
    acl.connect(alice).grantCapability(p1.pid, bob.address, CAPABILITY.INCREMENT, NEVER),
  );
  ctx.gas["grant a capability"] = ctx.gas["alice grants bob INCREMENT on PID 1"];
  await ctx.tx("bob increments PID 1 (capability holder)", p1.counter.connect(bob).increment());
  ctx.gas["permission-checked call (capability holder)"] = ctx.gas["bob increments PID 1 (capability holder)"];
  ctx.say(
    `counter.alice.nyn (PID 1) = ${await p1.counter.count()} (bob.nyn: ${await p1.counter.incrementsBy(bob.address)})`,
  );
  // What may an account do (acl:whois): permissions from the ACL's own index, capabilities from its events.
  const fmt = await formatContextFor(ctx.hre, ctx.system);
  const id = (what: string) => fmt.idName?.(what) ?? what;
  const bobMay = await whois(acl, bob.address, ctx.system.deployBlock);
  ctx.say(
    `what may ${formatAddress(bob.address, fmt.names)} do: ` +
      `${bobMay.capabilities.map((c) => `${id(c.what)} on PID ${c.pid}`).join(", ")}; ` +
      `permissions: ${bobMay.permissions.length}`,
  );
  const root = ctx.system.roles.root;
  const rootMay = await whois(acl, root, ctx.system.deployBlock);
  const where = (a: string) => fmt.names?.get(a.toLowerCase()) ?? a;
  ctx.say(
    `what may the root (${fmt.names?.get(root.toLowerCase()) ?? root}) do: ` +
      rootMay.permissions.map((h) => `${id(h.what).replace(/_PERMISSION$/, "")} on ${where(h.where)}`).join(", "),
  );
  await ctx.tx(
    "alice revokes bob's INCREMENT on PID 1",
    acl.connect(alice).revokeCapability(p1.pid, bob.address, CAPABILITY.INCREMENT),
  );
  await ctx.expectRevert(
    "bob increments PID 1 after the revoke",
    p1.counter.connect(bob).increment(),
    "KernelProcessMissingCapability",
  );

  // ---- issue 16 part 3: conditional (token-gated) capabilities
  ctx.chapter("Token-gated media: a capability for NYN holders (a condition on the grant)");
  // The ACL's built-in balance condition (the minimum in the grant word, NYN an immutable of the ACL): no condition
  // contract to deploy, under half of TokenBalanceCondition's gas (bench: 5,397 against 11,636). Other conditions: contracts/conditions/.
  await ctx.tx(
    "alice grants INCREMENT on PID 1 to everyone holding ≥ 100 NYN",
    acl
      .connect(alice)
      .grantCapabilityWithMinBalance(p1.pid, ANY_ENTITY, CAPABILITY.INCREMENT, NEVER, ethers.parseEther("100")),
  );
  const [gate, min] = [
    (await acl.capabilityCondition(p1.pid, ANY_ENTITY, CAPABILITY.INCREMENT))[1],
    await acl.capabilityMinBalance(p1.pid, ANY_ENTITY, CAPABILITY.INCREMENT),
  ];
  ctx.say(`condition: ${await describeGrantCondition(ctx.hre.ethers.provider, gate, min)}`);
  const [carolNyn, bobNyn] = [await nyn.balanceOf(carol.address), await nyn.balanceOf(bob.address)];
  ctx.say(`carol holds ${formatAmount(carolNyn)}, bob ${formatAmount(bobNyn)}`);
  await ctx.tx("carol (a NYN holder) increments PID 1", p1.counter.connect(carol).increment());
  ctx.gas["token-gated call (holds ≥ 100 NYN)"] = ctx.gas["carol (a NYN holder) increments PID 1"];
  await ctx.expectRevert(
    "bob (no NYN) increments PID 1",
    p1.counter.connect(bob).increment(),
    "ACLCapabilityConditionDenied",
  );
  const bobGated = await whois(acl, bob.address, ctx.system.deployBlock);
  ctx.say(
    `what may bob do now: ${bobGated.everyoneCapabilities
      .map((c) => `${id(c.what)} on PID ${c.pid} granted to everyone, ${c.active ? "granted" : "denied"} for him`)
      .join(", ")}`,
  );
  await ctx.tx(
    "alice revokes the token-gated grant",
    acl.connect(alice).revokeCapability(p1.pid, ANY_ENTITY, CAPABILITY.INCREMENT),
  );

  ctx.chapter("Lifecycle: suspend cascades to children, kill is terminal");
  await ctx.tx("alice suspends PID 1", registry.connect(alice).suspend(p1.pid));
  ctx.say(
    `status: PID 1 ${STATUS[Number(await registry.statusOf(p1.pid))]}, PID 2 ${STATUS[Number(await registry.statusOf(p2.pid))]} (inherited from its parent)`,
  );
  await ctx.expectRevert(
    "alice increments suspended PID 1",
    p1.counter.connect(alice).increment(),
    "KernelProcessNotRunning",
  );
  await ctx.expectRevert(
    "alice increments PID 2 (parent suspended)",
    p2.counter.connect(alice).increment(),
    "KernelProcessNotRunning",
  );
  await ctx.tx("alice resumes PID 1", registry.connect(alice).resume(p1.pid));
  await ctx.tx("alice increments PID 2 again", p2.counter.connect(alice).increment());
  await ctx.tx("alice kills PID 2", registry.connect(alice).kill(p2.pid));
  await ctx.expectRevert(
    "alice increments killed PID 2",
    p2.counter.connect(alice).increment(),
    "KernelProcessNotRunning",
  );
  await ctx.expectRevert(
    "alice resumes killed PID 2",
    registry.connect(alice).resume(p2.pid),
    "ProcessRegistryProcessTerminated",
  );
  ctx.say(
    `PID 1 ${STATUS[Number(await registry.statusOf(p1.pid))]}, PID 2 ${STATUS[Number(await registry.statusOf(p2.pid))]}; ${await registry.processCount()} PIDs issued, never reused`,
  );
  ctx.say(
    `child.alice.nyn now resolves to ${await names.addr(ethers.namehash("child.alice.nyn"))} (released with its ` +
      `killed process; alice may give the name again); counter.alice.nyn still → PID ${await names.pidOf(counterNode)}`,
  );

  ctx.chapter("NYN: transfer and delegate");
  const amount = ethers.parseEther("1000");
  await ctx.tx("alice transfers 1,000 NYN to bob", nyn.connect(alice).transfer(bob.address, amount));
  await ctx.tx("alice delegates her votes to herself", nyn.connect(alice).delegate(alice.address));
  await ctx.tx("bob delegates his votes to alice", nyn.connect(bob).delegate(alice.address));
  ctx.say(`alice's votes: ${formatAmount(await nyn.getVotes(alice.address))} (her balance + bob's)`);

  ctx.state.pid1 = p1.pid;
  ctx.state.counter1 = p1.counter;
}
