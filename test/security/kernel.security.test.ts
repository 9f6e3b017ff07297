import { expect } from "chai";
import hre from "hardhat";
import { impersonateAccount, loadFixture, setBalance, time } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { harnessAt, harnessFixture, systemFixture } from "../fixtures/system";
import { signForwardRequest } from "../../lib/forwardRequest";
import { signPermit } from "../../lib/permit";
import { ANY_ENTITY, CAPABILITY, MODULE, NO_EXPIRY, PERMISSION } from "../../lib/ids";
import {
  ACL__factory,
  Counter,
  Counter__factory,
  NYN__factory,
  PhishingAirdrop__factory,
  ProgramHarness__factory,
  ProcessRegistry__factory,
  TestRegistryV2__factory,
} from "../../typechain-types";

const { ethers } = hre;
const INCREMENT = CAPABILITY.INCREMENT;
const Status = { Running: 1n, Suspended: 2n, Terminated: 3n } as const;
const CAP = ethers.parseEther("5000000000");

/**
 * Alice: Counter PID 1 with child Counter PID 2, and Harness PID 4. Bob: Counter PID 3.
 * Carol holds INCREMENT on PID 1 (no expiry).
 */
async function attackFixture() {
  const s = await harnessFixture();
  const { alice, bob, carol } = s.accounts;
  await (await s.registry.connect(alice).spawn(s.programs.Counter, "0x", 0)).wait();
  await (await s.registry.connect(alice).spawn(s.programs.Counter, "0x", 1)).wait();
  await (await s.registry.connect(bob).spawn(s.programs.Counter, "0x", 0)).wait();
  await (await s.registry.connect(alice).spawn(s.programs.Harness, "0x", 0)).wait();
  await (await s.acl.connect(alice).grantCapability(1, carol.address, INCREMENT, NO_EXPIRY)).wait();
  const counter = async (pid: number) => Counter__factory.connect(await s.registry.instanceOf(pid), alice);
  return {
    ...s,
    counter1: await counter(1),
    counter2: await counter(2),
    counter3: await counter(3),
    harness4: (await harnessAt(s, 4)).connect(alice),
  };
}

/** Alice's Counter PID 1 with `n` descendants: a chain down to MAX_DEPTH, the rest direct children of PID 1. */
async function buildTree(n: number) {
  const s = await systemFixture();
  const registry = s.registry.connect(s.accounts.alice);
  await (await registry.spawn(s.programs.Counter, "0x", 0)).wait();
  const maxDepth = Number(await registry.MAX_DEPTH());
  let parent = 1n;
  for (let i = 0; i < n; i++) {
    const depth = Number((await registry.processInfo(parent)).depth);
    const under = depth < maxDepth ? parent : 1n;
    await (await registry.spawn(s.programs.Counter, "0x", under)).wait();
    if (depth < maxDepth) parent = await registry.processCount();
  }
  const descendants: Counter[] = [];
  for (let pid = 2; pid <= n + 1; pid++) {
    descendants.push(Counter__factory.connect(await registry.instanceOf(pid), s.accounts.alice));
  }
  return { ...s, descendants };
}
async function oneDescendantFixture() {
  return buildTree(1);
}
async function fiftyDescendantsFixture() {
  return buildTree(50);
}

/** Gas of suspend(1), resume(1), suspend(1), kill(1) on a tree. */
async function lifecycleGas(s: Awaited<ReturnType<typeof buildTree>>) {
  const registry = s.registry.connect(s.accounts.alice);
  const gas: bigint[] = [];
  for (const call of [
    () => registry.suspend(1),
    () => registry.resume(1),
    () => registry.suspend(1),
    () => registry.kill(1),
  ]) {
    gas.push((await (await call()).wait())!.gasUsed);
  }
  return gas;
}

describe("Security: kernel, process registry, ACL, NYN (SECURITY.md)", function () {
  it("A1 reinit-proxy: initialising a module proxy again, an implementation, or a process again reverts", async function () {
    const s = await loadFixture(attackFixture);
    const { mallory } = s.accounts;
    const aclImpl = ACL__factory.connect(s.addresses.implementations.ACL, mallory);
    const registryImpl = ProcessRegistry__factory.connect(s.addresses.implementations.ProcessRegistry, mallory);

    await expect(s.acl.connect(mallory).initialize(mallory.address)).to.be.revertedWithCustomError(
      s.acl,
      "InvalidInitialization",
    );
    await expect(s.registry.connect(mallory).initialize()).to.be.revertedWithCustomError(
      s.registry,
      "InvalidInitialization",
    );
    await expect(aclImpl.initialize(mallory.address)).to.be.revertedWithCustomError(aclImpl, "InvalidInitialization");
    await expect(registryImpl.initialize()).to.be.revertedWithCustomError(registryImpl, "InvalidInitialization");
    // Processes: only the registry initialises (it calls initializeProcess exactly once, at spawn); the PID in a
    // clone's code cannot be rebound; the program implementation never acts as a process.
    await expect(s.counter1.connect(mallory).initializeProcess(1, "0x"))
      .to.be.revertedWithCustomError(s.counter1, "KernelProcessOnlyRegistry")
      .withArgs(mallory.address);
    await impersonateAccount(s.addresses.processRegistry);
    await setBalance(s.addresses.processRegistry, ethers.parseEther("1"));
    const asRegistry = await ethers.getSigner(s.addresses.processRegistry);
    const counterImpl = Counter__factory.connect(s.addresses.implementations.Counter, asRegistry);
    await expect(counterImpl.initializeProcess(1, "0x")).to.be.revertedWithCustomError(
      counterImpl,
      "KernelProcessAlreadyInitialized",
    );
    await expect(s.counter1.connect(asRegistry).initializeProcess(9, "0x")).to.be.revertedWithCustomError(
      s.counter1,
      "KernelProcessAlreadyInitialized",
    );

    expect(await s.kernel.isRoot(mallory.address)).to.equal(false);
    expect(await registryImpl.kernel()).to.equal(ethers.ZeroAddress);
    expect(await s.counter1.pid()).to.equal(1n);
  });

  it("A2 impl-upgrade-direct: upgradeToAndCall on an implementation, or on a proxy by anyone but the kernel, reverts", async function () {
    const s = await loadFixture(attackFixture);
    const { deployer, mallory } = s.accounts;
    const v2 = await new TestRegistryV2__factory(deployer).deploy(s.addresses.kernel);
    const v2Address = await v2.getAddress();
    const registryImpl = ProcessRegistry__factory.connect(s.addresses.implementations.ProcessRegistry, mallory);
    const aclImpl = ACL__factory.connect(s.addresses.implementations.ACL, mallory);

    await expect(registryImpl.upgradeToAndCall(v2Address, "0x")).to.be.revertedWithCustomError(
      registryImpl,
      "UUPSUnauthorizedCallContext",
    );
    await expect(aclImpl.upgradeToAndCall(v2Address, "0x")).to.be.revertedWithCustomError(
      aclImpl,
      "UUPSUnauthorizedCallContext",
    );
    // Even root must go through the kernel, which pins the code hash.
    for (const who of [mallory, deployer]) {
      await expect(s.registry.connect(who).upgradeToAndCall(v2Address, "0x"))
        .to.be.revertedWithCustomError(s.registry, "KernelModuleOnlyKernel")
        .withArgs(who.address);
      await expect(s.acl.connect(who).upgradeToAndCall(v2Address, "0x"))
        .to.be.revertedWithCustomError(s.acl, "KernelModuleOnlyKernel")
        .withArgs(who.address);
    }
    const codeHash = ethers.keccak256(await ethers.provider.getCode(v2Address));
    await expect(s.kernel.connect(mallory).upgradeModule(MODULE.PROCESS_REGISTRY, v2Address, codeHash, "0x"))
      .to.be.revertedWithCustomError(s.kernel, "KernelUnauthorized")
      .withArgs(mallory.address, PERMISSION.ROOT);

    expect(await s.kernel.moduleImplementation(MODULE.PROCESS_REGISTRY)).to.equal(
      s.addresses.implementations.ProcessRegistry,
    );
    expect(await s.registry.version()).to.equal(1n);
  });

  it("A3 role-escalation: a non-manager, or the manager of another permission, cannot grant; nothing changes", async function () {
    const s = await loadFixture(attackFixture);
    const { bob, guardian, mallory, deployer } = s.accounts;
    const reg = s.addresses.processRegistry;
    const kernel = s.addresses.kernel;
    // Bob manages PROCESS_ADMIN only.
    await (await s.acl.setPermissionManager(bob.address, reg, PERMISSION.PROCESS_ADMIN)).wait();
    const rows: [string, string][] = [
      [kernel, PERMISSION.ROOT],
      [kernel, PERMISSION.PAUSE],
      [reg, PERMISSION.REGISTER_PROGRAM],
      [s.addresses.nyn, PERMISSION.MINT],
    ];
    const before = await Promise.all(rows.map(([w, p]) => s.acl.permissionHolderCount(w, p)));

    await expect(s.acl.connect(mallory).grantPermission(mallory.address, kernel, PERMISSION.ROOT, NO_EXPIRY))
      .to.be.revertedWithCustomError(s.acl, "ACLNotManager")
      .withArgs(mallory.address, kernel, PERMISSION.ROOT, deployer.address);
    await expect(s.acl.connect(bob).grantPermission(bob.address, reg, PERMISSION.REGISTER_PROGRAM, NO_EXPIRY))
      .to.be.revertedWithCustomError(s.acl, "ACLNotManager")
      .withArgs(bob.address, reg, PERMISSION.REGISTER_PROGRAM, deployer.address);
    await expect(s.acl.connect(bob).setPermissionManager(bob.address, s.addresses.nyn, PERMISSION.MINT))
      .to.be.revertedWithCustomError(s.acl, "ACLNotManager")
      .withArgs(bob.address, s.addresses.nyn, PERMISSION.MINT, deployer.address);
    await expect(
      s.acl.connect(bob).createPermission(bob.address, s.addresses.nyn, ethers.id("X_PERMISSION"), bob.address),
    )
      .to.be.revertedWithCustomError(s.acl, "ACLUnauthorized")
      .withArgs(bob.address, kernel, PERMISSION.ROOT);
    // A holder is not a manager: the guardian cannot pass PAUSE on.
    await expect(s.acl.connect(guardian).grantPermission(mallory.address, kernel, PERMISSION.PAUSE, NO_EXPIRY))
      .to.be.revertedWithCustomError(s.acl, "ACLNotManager")
      .withArgs(guardian.address, kernel, PERMISSION.PAUSE, deployer.address);

    const after = await Promise.all(rows.map(([w, p]) => s.acl.permissionHolderCount(w, p)));
    expect(after).to.deep.equal(before);
    for (const who of [bob, mallory]) {
      for (const [w, p] of rows) expect(await s.acl.hasPermission(who.address, w, p)).to.equal(false);
    }
    // What Bob does manage, he can grant.
    await expect(s.acl.connect(bob).grantPermission(bob.address, reg, PERMISSION.PROCESS_ADMIN, NO_EXPIRY)).to.emit(
      s.acl,
      "PermissionGranted",
    );
  });

  it("A4 pid-impersonation: ownership or a capability on one process gives no power over another", async function () {
    const s = await loadFixture(attackFixture);
    const { alice, bob, carol } = s.accounts;
    // Alice owns PIDs 1, 2, 4; Bob owns PID 3. Carol holds INCREMENT on PID 1 only.
    await expect(s.registry.connect(alice).kill(3))
      .to.be.revertedWithCustomError(s.registry, "ProcessRegistryNotOwner")
      .withArgs(3n, alice.address, bob.address);
    await expect(s.registry.connect(alice).transferProcessOwnership(3, alice.address))
      .to.be.revertedWithCustomError(s.registry, "ProcessRegistryNotOwner")
      .withArgs(3n, alice.address, bob.address);
    await expect(s.acl.connect(alice).grantCapability(3, carol.address, INCREMENT, NO_EXPIRY))
      .to.be.revertedWithCustomError(s.acl, "ACLNotProcessOwner")
      .withArgs(3n, alice.address, bob.address);
    await expect(s.counter3.connect(carol).increment())
      .to.be.revertedWithCustomError(s.counter3, "KernelProcessMissingCapability")
      .withArgs(3n, carol.address, INCREMENT);
    await expect(s.counter3.connect(alice).reset(0n))
      .to.be.revertedWithCustomError(s.counter3, "KernelProcessNotOwner")
      .withArgs(3n, alice.address);
    await expect(s.registry.connect(alice).spawn(s.programs.Counter, "0x", 3))
      .to.be.revertedWithCustomError(s.registry, "ProcessRegistryNotParentController")
      .withArgs(3n, alice.address);
    // A process contract (Alice's PID 4) cannot spawn under someone else's process either.
    await expect(s.harness4.spawnChild(s.programs.Counter, "0x", 3))
      .to.be.revertedWithCustomError(s.registry, "ProcessRegistryNotParentController")
      .withArgs(3n, await s.harness4.getAddress());
    // Nor under its sibling owned by the same human: the parent rule is per process, not per owner.
    await expect(s.harness4.spawnChild(s.programs.Counter, "0x", 1))
      .to.be.revertedWithCustomError(s.registry, "ProcessRegistryNotParentController")
      .withArgs(1n, await s.harness4.getAddress());

    expect(await s.registry.ownerOf(3)).to.equal(bob.address);
    expect(await s.registry.statusOf(3)).to.equal(Status.Running);
    expect(await s.registry.processCount()).to.equal(4n);
  });

  it("A4 pid-impersonation: a clone carrying another process's PID, made outside the registry, gets none of its power", async function () {
    // A process's PID is an immutable argument in its clone's code, so anyone can deploy a clone of a program that
    // claims any PID. It is only a claim: the registry's instanceOf(pid) is the truth, and whatever acts for a PID
    // (the gas meter, the registry's parent rule) checks it.
    const s = await loadFixture(attackFixture);
    const { alice, mallory } = s.accounts;
    const forge = async (implementation: string, pid: number) => {
      const runtime = ethers.concat([
        "0x363d3d373d3d3d363d73",
        implementation,
        "0x5af43d82803e903d91602b57fd5bf3",
        ethers.toBeHex(pid, 6),
      ]);
      const length = ethers.toBeHex(ethers.dataLength(runtime), 2);
      const initcode = ethers.concat(["0x61", length, "0x3d81600a3d39f3", runtime]); // OZ Clones' creation code
      const receipt = await (await mallory.sendTransaction({ data: initcode })).wait();
      return receipt!.contractAddress!;
    };
    const fakeCounter = Counter__factory.connect(await forge(s.addresses.implementations.Counter, 1), alice);
    const fakeHarness = ProgramHarness__factory.connect(await forge(await s.harnessImpl.getAddress(), 4), alice);
    expect(await fakeCounter.pid()).to.equal(1n);
    expect(await s.registry.instanceOf(1)).to.not.equal(await fakeCounter.getAddress());
    // It cannot charge PID 1's budget...
    await expect(fakeCounter.incrementMetered())
      .to.be.revertedWithCustomError(s.gasMeter, "GasMeterNotProcessInstance")
      .withArgs(1n, await fakeCounter.getAddress(), await s.registry.instanceOf(1));
    // ...nor spawn under PID 4 as if it were that process...
    await expect(fakeHarness.spawnChild(s.programs.Counter, "0x", 4))
      .to.be.revertedWithCustomError(s.registry, "ProcessRegistryNotParentController")
      .withArgs(4n, await fakeHarness.getAddress());
    // ...and what it does touch is its own storage, not the real process's.
    await (await fakeCounter.increment()).wait();
    expect(await fakeCounter.count()).to.equal(1n);
    expect(await s.counter1.count()).to.equal(0n);
    expect(await s.registry.processCount()).to.equal(4n);
  });

  it("A5 zombie-process: a killed PID's capabilities and ownership are dead and the PID is never reused", async function () {
    const s = await loadFixture(attackFixture);
    const { alice, bob, carol } = s.accounts;
    await (await s.registry.connect(alice).kill(1)).wait();

    for (const who of [alice, carol]) {
      await expect(s.counter1.connect(who).increment())
        .to.be.revertedWithCustomError(s.counter1, "KernelProcessNotRunning")
        .withArgs(1n, Status.Terminated);
    }
    await expect(s.counter1.reset(0n))
      .to.be.revertedWithCustomError(s.counter1, "KernelProcessNotRunning")
      .withArgs(1n, Status.Terminated);
    await expect(s.counter2.increment())
      .to.be.revertedWithCustomError(s.counter2, "KernelProcessNotRunning")
      .withArgs(2n, Status.Terminated);
    expect(await s.acl.hasCapability(1, carol.address, INCREMENT)).to.equal(false);
    expect(await s.acl.hasCapability(1, alice.address, INCREMENT)).to.equal(false);
    await expect(s.acl.connect(alice).grantCapability(1, bob.address, INCREMENT, NO_EXPIRY))
      .to.be.revertedWithCustomError(s.acl, "ACLProcessTerminated")
      .withArgs(1n);
    await expect(s.registry.connect(alice).transferProcessOwnership(1, bob.address))
      .to.be.revertedWithCustomError(s.registry, "ProcessRegistryProcessTerminated")
      .withArgs(1n);
    await expect(s.registry.connect(alice).resume(1))
      .to.be.revertedWithCustomError(s.registry, "ProcessRegistryProcessTerminated")
      .withArgs(1n);
    await expect(s.registry.connect(alice).spawn(s.programs.Counter, "0x", 1))
      .to.be.revertedWithCustomError(s.registry, "ProcessRegistryInvalidStatus")
      .withArgs(1n, Status.Terminated, Status.Running);
    // The process admin cannot bring it back either.
    await expect(s.registry.resume(1))
      .to.be.revertedWithCustomError(s.registry, "ProcessRegistryProcessTerminated")
      .withArgs(1n);

    const instance1 = await s.registry.instanceOf(1);
    await expect(s.registry.connect(alice).spawn(s.programs.Counter, "0x", 0))
      .to.emit(s.registry, "ProcessSpawned")
      .withArgs(5n, s.programs.Counter, 0n, anyValue, alice.address);
    expect(await s.registry.instanceOf(5)).to.not.equal(instance1);
    expect(await s.registry.statusOf(1)).to.equal(Status.Terminated);
  });

  it("A6 wildcard-root: granting a root-level permission to ANY_ENTITY reverts", async function () {
    const s = await loadFixture(attackFixture);
    const { deployer, mallory } = s.accounts;
    for (const what of [PERMISSION.ROOT, PERMISSION.PAUSE]) {
      await expect(s.acl.grantPermission(ANY_ENTITY, s.addresses.kernel, what, NO_EXPIRY))
        .to.be.revertedWithCustomError(s.acl, "ACLWildcardRootPermission")
        .withArgs(s.addresses.kernel, what);
    }
    const fresh = ethers.id("FRESH_PERMISSION");
    for (const where of [s.addresses.kernel, s.addresses.acl]) {
      await expect(s.acl.createPermission(ANY_ENTITY, where, fresh, deployer.address))
        .to.be.revertedWithCustomError(s.acl, "ACLWildcardRootPermission")
        .withArgs(where, fresh);
    }
    expect(await s.kernel.isRoot(mallory.address)).to.equal(false);
    expect(await s.acl.hasPermission(mallory.address, s.addresses.kernel, PERMISSION.PAUSE)).to.equal(false);
    expect(await s.acl.permissionExpiry(ANY_ENTITY, s.addresses.kernel, PERMISSION.ROOT)).to.equal(0n);
  });

  it("A7 last-root-lockout: the last ROOT holder can be neither revoked nor renounce", async function () {
    const s = await loadFixture(attackFixture);
    const { deployer, alice } = s.accounts;
    const kernel = s.addresses.kernel;
    await expect(s.acl.revokePermission(deployer.address, kernel, PERMISSION.ROOT))
      .to.be.revertedWithCustomError(s.acl, "ACLLastHolder")
      .withArgs(deployer.address, kernel, PERMISSION.ROOT);
    await expect(s.acl.renouncePermission(kernel, PERMISSION.ROOT))
      .to.be.revertedWithCustomError(s.acl, "ACLLastHolder")
      .withArgs(deployer.address, kernel, PERMISSION.ROOT);
    // Handing over works; the new sole root is then pinned the same way.
    await (await s.acl.grantPermission(alice.address, kernel, PERMISSION.ROOT, NO_EXPIRY)).wait();
    await (await s.acl.renouncePermission(kernel, PERMISSION.ROOT)).wait();
    await expect(s.acl.connect(alice).renouncePermission(kernel, PERMISSION.ROOT))
      .to.be.revertedWithCustomError(s.acl, "ACLLastHolder")
      .withArgs(alice.address, kernel, PERMISSION.ROOT);
    // The deployer still manages ROOT (it renounced holding, not managing) and still cannot remove the last root.
    await expect(s.acl.revokePermission(alice.address, kernel, PERMISSION.ROOT))
      .to.be.revertedWithCustomError(s.acl, "ACLLastHolder")
      .withArgs(alice.address, kernel, PERMISSION.ROOT);
    expect(await s.acl.permissionHolderCount(kernel, PERMISSION.ROOT)).to.equal(1n);
    expect(await s.kernel.isRoot(alice.address)).to.equal(true);
    // The remaining root still has its powers (install/upgrade are gated by ROOT alone).
    await expect(s.kernel.connect(alice).pause()).to.emit(s.kernel, "KernelPauseChanged").withArgs(alice.address, true);
  });

  it("A8 tx-origin-phish: a privileged account lured into a malicious contract lends it no power", async function () {
    const s = await loadFixture(attackFixture);
    const { deployer, guardian, alice, mallory } = s.accounts;
    const phishing = async (target: string, payload: string) => {
      const c = await new PhishingAirdrop__factory(mallory).deploy(target, payload);
      return { contract: c, address: await c.getAddress() };
    };

    // Root is lured: grant mallory ROOT, create a permission, install a module, mint.
    let p = await phishing(
      s.addresses.acl,
      s.acl.interface.encodeFunctionData("grantPermission", [
        mallory.address,
        s.addresses.kernel,
        PERMISSION.ROOT,
        NO_EXPIRY,
      ]),
    );
    await expect(p.contract.connect(deployer).claim())
      .to.be.revertedWithCustomError(s.acl, "ACLNotManager")
      .withArgs(p.address, s.addresses.kernel, PERMISSION.ROOT, deployer.address);
    p = await phishing(
      s.addresses.kernel,
      s.kernel.interface.encodeFunctionData("installModule", [
        ethers.id("evil"),
        s.addresses.implementations.ACL,
        ethers.ZeroHash,
        "0x00",
      ]),
    );
    await expect(p.contract.connect(deployer).claim())
      .to.be.revertedWithCustomError(s.kernel, "KernelUnauthorized")
      .withArgs(p.address, PERMISSION.ROOT);
    p = await phishing(s.addresses.nyn, s.nyn.interface.encodeFunctionData("mint", [mallory.address, 1n]));
    await expect(p.contract.connect(deployer).claim())
      .to.be.revertedWithCustomError(s.nyn, "NYNUnauthorizedMinter")
      .withArgs(p.address);
    // The guardian is lured: pause.
    p = await phishing(s.addresses.kernel, s.kernel.interface.encodeFunctionData("pause"));
    await expect(p.contract.connect(guardian).claim())
      .to.be.revertedWithCustomError(s.kernel, "KernelUnauthorized")
      .withArgs(p.address, PERMISSION.PAUSE);
    // A process owner is lured: kill her process, reset her counter, grant a capability.
    p = await phishing(s.addresses.processRegistry, s.registry.interface.encodeFunctionData("kill", [1n]));
    await expect(p.contract.connect(alice).claim())
      .to.be.revertedWithCustomError(s.registry, "ProcessRegistryNotOwner")
      .withArgs(1n, p.address, alice.address);
    p = await phishing(await s.counter1.getAddress(), s.counter1.interface.encodeFunctionData("reset", [0n]));
    await expect(p.contract.connect(alice).claim())
      .to.be.revertedWithCustomError(s.counter1, "KernelProcessNotOwner")
      .withArgs(1n, p.address);
    p = await phishing(
      s.addresses.acl,
      s.acl.interface.encodeFunctionData("grantCapability", [1n, mallory.address, INCREMENT, NO_EXPIRY]),
    );
    await expect(p.contract.connect(alice).claim())
      .to.be.revertedWithCustomError(s.acl, "ACLNotProcessOwner")
      .withArgs(1n, p.address, alice.address);

    expect(await s.kernel.isRoot(mallory.address)).to.equal(false);
    expect(await s.kernel.paused()).to.equal(false);
    expect(await s.registry.statusOf(1)).to.equal(Status.Running);
    expect(await s.acl.hasCapability(1, mallory.address, INCREMENT)).to.equal(false);
  });

  it("A9 expired-capability: a capability or permission used one second after its expiry reverts", async function () {
    const s = await loadFixture(attackFixture);
    const { alice, bob, relayer } = s.accounts;
    const expiry = BigInt(await time.latest()) + 1000n;
    await (await s.acl.connect(alice).grantCapability(1, bob.address, INCREMENT, expiry)).wait();
    await (
      await s.acl.grantPermission(bob.address, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM, expiry)
    ).wait();

    await time.setNextBlockTimestamp(expiry);
    await expect(s.counter1.connect(bob).increment()).to.emit(s.counter1, "Incremented").withArgs(1n, bob.address, 1n);

    await time.setNextBlockTimestamp(expiry + 1n);
    await expect(s.counter1.connect(bob).increment())
      .to.be.revertedWithCustomError(s.counter1, "KernelProcessMissingCapability")
      .withArgs(1n, bob.address, INCREMENT);
    // Relaying does not revive it.
    const request = await signForwardRequest(s.forwarder, bob, {
      to: await s.counter1.getAddress(),
      data: s.counter1.interface.encodeFunctionData("increment"),
      deadline: expiry + 3600n,
    });
    await expect(s.forwarder.connect(relayer).execute(request)).to.be.revertedWithCustomError(
      s.forwarder,
      "FailedCall",
    );
    // Module permissions expire the same way.
    await expect(s.registry.connect(bob).registerProgram(s.addresses.implementations.Counter, "x", "1", ""))
      .to.be.revertedWithCustomError(s.acl, "ACLUnauthorized")
      .withArgs(bob.address, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM);
    expect(await s.counter1.count()).to.equal(1n);
  });

  it("A10 cascade-bound: suspend/resume/kill of a parent cost the same with 1 or 50 descendants, which are unusable after", async function () {
    const small = await loadFixture(oneDescendantFixture);
    const gasSmall = await lifecycleGas(small);
    const big = await loadFixture(fiftyDescendantsFixture);
    expect(big.descendants.length).to.equal(50);
    expect((await big.registry.processInfo(8)).depth).to.equal(8n); // the chain reaches MAX_DEPTH

    // Suspend: every descendant refuses calls; resume: they all run again.
    const registry = big.registry.connect(big.accounts.alice);
    const suspendGas = (await (await registry.suspend(1)).wait())!.gasUsed;
    for (const [i, d] of big.descendants.entries()) {
      await expect(d.increment())
        .to.be.revertedWithCustomError(d, "KernelProcessNotRunning")
        .withArgs(BigInt(i + 2), Status.Suspended);
    }
    const resumeGas = (await (await registry.resume(1)).wait())!.gasUsed;
    await expect(big.descendants[49].increment()).to.emit(big.descendants[49], "Incremented");
    await expect(big.descendants[6].increment()).to.emit(big.descendants[6], "Incremented");
    const suspendAgainGas = (await (await registry.suspend(1)).wait())!.gasUsed;
    const killGas = (await (await registry.kill(1)).wait())!.gasUsed;
    expect([suspendGas, resumeGas, suspendAgainGas, killGas]).to.deep.equal(gasSmall);
    expect(killGas).to.be.lessThan(50_000n);

    for (const [i, d] of big.descendants.entries()) {
      const pid = BigInt(i + 2);
      await expect(d.increment())
        .to.be.revertedWithCustomError(d, "KernelProcessNotRunning")
        .withArgs(pid, Status.Terminated);
      expect(await big.registry.statusOf(pid)).to.equal(Status.Terminated);
    }
    await expect(registry.kill(50))
      .to.be.revertedWithCustomError(registry, "ProcessRegistryProcessTerminated")
      .withArgs(50n);
  });

  it("C1 permit-replay: a reused, cross-chain, cross-deployment or expired permit reverts; the nonce moves by exactly one", async function () {
    const s = await loadFixture(systemFixture);
    const { alice, bob, deployer } = s.accounts;
    const value = ethers.parseEther("100");
    const deadline = BigInt(await time.latest()) + 3600n;
    const nyn = s.nyn.connect(bob);
    const submit = (p: Awaited<ReturnType<typeof signPermit>>) =>
      nyn.permit(p.owner, p.spender, p.value, p.deadline, p.v, p.r, p.s);

    const good = await signPermit(s.nyn, alice, bob.address, value, deadline);
    await (await submit(good)).wait();
    expect(await s.nyn.nonces(alice.address)).to.equal(1n);
    expect(await s.nyn.allowance(alice.address, bob.address)).to.equal(value);

    // Replay of the used permit.
    await expect(submit(good))
      .to.be.revertedWithCustomError(s.nyn, "ERC2612InvalidSigner")
      .withArgs(anyValue, alice.address);
    // The next nonce, but signed for another chain.
    const otherChain = await signPermit(s.nyn, alice, bob.address, 2n * value, deadline, { chainId: 1n });
    await expect(submit(otherChain))
      .to.be.revertedWithCustomError(s.nyn, "ERC2612InvalidSigner")
      .withArgs(anyValue, alice.address);
    // The next nonce, but signed for another NYN deployment; and this deployment's permit there.
    const twin = await new NYN__factory(deployer).deploy(s.addresses.acl, [alice.address], [value]);
    const otherDeployment = await signPermit(s.nyn, alice, bob.address, 2n * value, deadline, {
      verifyingContract: await twin.getAddress(),
    });
    await expect(submit(otherDeployment))
      .to.be.revertedWithCustomError(s.nyn, "ERC2612InvalidSigner")
      .withArgs(anyValue, alice.address);
    await expect(twin.connect(bob).permit(good.owner, good.spender, good.value, good.deadline, good.v, good.r, good.s))
      .to.be.revertedWithCustomError(twin, "ERC2612InvalidSigner")
      .withArgs(anyValue, alice.address);
    // A valid signature past its deadline.
    const shortDeadline = BigInt(await time.latest()) + 60n;
    const late = await signPermit(s.nyn, alice, bob.address, 2n * value, shortDeadline);
    await time.setNextBlockTimestamp(shortDeadline + 1n);
    await expect(submit(late)).to.be.revertedWithCustomError(s.nyn, "ERC2612ExpiredSignature").withArgs(shortDeadline);

    expect(await s.nyn.nonces(alice.address)).to.equal(1n);
    expect(await s.nyn.allowance(alice.address, bob.address)).to.equal(value);
    expect(await twin.nonces(alice.address)).to.equal(0n);
  });

  it("C3 mint-cap: a mint by anyone without MINT, or past the 5,000,000,000 NYN cap, reverts", async function () {
    const s = await loadFixture(systemFixture);
    const { mallory, guardian, bob } = s.accounts;
    for (const who of [mallory, guardian]) {
      await expect(s.nyn.connect(who).mint(who.address, 1n))
        .to.be.revertedWithCustomError(s.nyn, "NYNUnauthorizedMinter")
        .withArgs(who.address);
    }
    const supply = await s.nyn.totalSupply();
    await expect(s.nyn.mint(bob.address, CAP - supply + 1n))
      .to.be.revertedWithCustomError(s.nyn, "NYNCapExceeded")
      .withArgs(CAP - supply + 1n, CAP + 1n, CAP);
    await (await s.nyn.mint(bob.address, CAP - supply)).wait();
    expect(await s.nyn.totalSupply()).to.equal(CAP);
    await expect(s.nyn.mint(bob.address, 1n))
      .to.be.revertedWithCustomError(s.nyn, "NYNCapExceeded")
      .withArgs(1n, CAP + 1n, CAP);
    expect(await s.nyn.totalSupply()).to.equal(CAP);
    expect(await s.nyn.balanceOf(mallory.address)).to.equal(0n);
  });
});
