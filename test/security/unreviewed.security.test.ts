import { expect } from "chai";
import hre from "hardhat";
import type { Interface } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { systemFixture } from "../fixtures/system";
import { CAPABILITY, MODULE, NO_EXPIRY, PERMISSION } from "../../lib/ids";
import { Counter__factory, RogueProgram, RogueProgram__factory } from "../../typechain-types";

const { ethers } = hre;
const Status = { Running: 1n, Suspended: 2n, Terminated: 3n } as const;

/**
 * ../shared/ATTACKS.md F1–F4: a program nobody reviewed (`RogueProgram`: its contract calls anything anyone asks)
 * (published by anyone, unverified) can only affect its own processes. Alice: Counter PID 1 with a 10 NYN budget, Carol holds INCREMENT on it. Dave (the
 * attacker) runs the rogue program as PID 2. Alice also installed it under her PID 1, as PID 3.
 */
async function rogueFixture() {
  const s = await systemFixture();
  const { alice, carol, dave } = s.accounts;
  // Dave publishes it himself: no approval needed (publishProgram), and it stays unverified.
  const impl = await new RogueProgram__factory(dave).deploy(s.addresses.kernel);
  await (
    await s.registry.connect(dave).publishProgram(await impl.getAddress(), "Rogue", "6.6.6", "test://rogue")
  ).wait();
  const rogueId = Number(await s.registry.programCount());
  expect((await s.registry.program(rogueId)).verified).to.equal(false);
  await (await s.registry.connect(alice).spawn(s.programs.Counter, "0x", 0)).wait();
  await (await s.registry.connect(dave).spawn(rogueId, "0x", 0)).wait();
  await (await s.registry.connect(alice).spawn(rogueId, "0x", 1)).wait();
  await (await s.acl.connect(alice).grantCapability(1, carol.address, CAPABILITY.INCREMENT, NO_EXPIRY)).wait();
  const meter = await s.gasMeter.getAddress();
  await (await s.nyn.connect(alice).approve(meter, ethers.parseEther("10"))).wait();
  await (await s.gasMeter.connect(alice).deposit(1, ethers.parseEther("10"))).wait();
  const rogue = async (pid: number): Promise<RogueProgram> =>
    RogueProgram__factory.connect(await s.registry.instanceOf(pid), dave);
  return {
    ...s,
    rogueId,
    counter1: Counter__factory.connect(await s.registry.instanceOf(1), alice),
    rogue2: await rogue(2),
    rogue3: await rogue(3),
  };
}

describe("Unreviewed programs reach only their own processes (ATTACKS.md F)", function () {
  it("F1 foreign-budget: a rogue program cannot charge, relay against or withdraw another process's budget", async function () {
    const s = await loadFixture(rogueFixture);
    const { alice, dave } = s.accounts;
    const [rogue, counter] = [await s.rogue2.getAddress(), await s.counter1.getAddress()];
    const budget = await s.gasMeter.budgetOf(1);
    await expect(s.rogue2.chargeTo(1, dave.address, 1_000_000))
      .to.be.revertedWithCustomError(s.gasMeter, "GasMeterNotProcessInstance")
      .withArgs(1, rogue, counter);
    const meter = await s.gasMeter.getAddress();
    const call = (fn: string, args: unknown[]) =>
      s.rogue2.exec(meter, (s.gasMeter.interface as Interface).encodeFunctionData(fn, args));
    await expect(call("withdraw", [1, budget, dave.address]))
      .to.be.revertedWithCustomError(s.gasMeter, "GasMeterNotProcessOwner")
      .withArgs(1, rogue, alice.address);
    await expect(
      call("chargeRelay", [1, dave.address, counter, rogue, 1_000_000, ethers.MaxUint256, "0x00000000", true]),
    )
      .to.be.revertedWithCustomError(s.gasMeter, "GasMeterOnlyForwarder")
      .withArgs(rogue);
    // Its owner, directly, no better.
    await expect(s.gasMeter.connect(dave).withdraw(1, budget, dave.address))
      .to.be.revertedWithCustomError(s.gasMeter, "GasMeterNotProcessOwner")
      .withArgs(1, dave.address, alice.address);
    // Charging its own process is what metering is: allowed, and paid by its own (empty) budget.
    await expect(s.rogue2.chargeTo(2, dave.address, 1_000_000)).to.be.revertedWithCustomError(
      s.gasMeter,
      "GasMeterBudgetExhausted",
    );
    expect(await s.gasMeter.budgetOf(1)).to.equal(budget);
  });

  it("F2 foreign-capability: a rogue program cannot grant, revoke or use a capability on a process it does not own", async function () {
    const s = await loadFixture(rogueFixture);
    const { alice, carol, dave } = s.accounts;
    const [rogue, acl] = [await s.rogue2.getAddress(), await s.acl.getAddress()];
    const aclCall = (fn: string, args: unknown[]) =>
      s.rogue2.exec(acl, (s.acl.interface as Interface).encodeFunctionData(fn, args));
    await expect(aclCall("grantCapability", [1, dave.address, CAPABILITY.INCREMENT, NO_EXPIRY]))
      .to.be.revertedWithCustomError(s.acl, "ACLNotProcessOwner")
      .withArgs(1, rogue, alice.address);
    await expect(aclCall("revokeCapability", [1, carol.address, CAPABILITY.INCREMENT]))
      .to.be.revertedWithCustomError(s.acl, "ACLNotProcessOwner")
      .withArgs(1, rogue, alice.address);
    const increment = s.counter1.interface.encodeFunctionData("increment");
    await expect(s.rogue2.exec(await s.counter1.getAddress(), increment))
      .to.be.revertedWithCustomError(s.counter1, "KernelProcessMissingCapability")
      .withArgs(1, rogue, CAPABILITY.INCREMENT);
    // The same capability id on its own process (which its owner may grant it) is worth nothing on PID 1.
    await (await s.acl.connect(dave).grantCapability(2, rogue, CAPABILITY.INCREMENT, NO_EXPIRY)).wait();
    expect(await s.acl.hasCapability(2, rogue, CAPABILITY.INCREMENT)).to.equal(true);
    await expect(s.rogue2.exec(await s.counter1.getAddress(), increment)).to.be.revertedWithCustomError(
      s.counter1,
      "KernelProcessMissingCapability",
    );
    expect(await s.acl.hasCapability(1, carol.address, CAPABILITY.INCREMENT)).to.equal(true);
    expect(await s.acl.hasCapability(1, dave.address, CAPABILITY.INCREMENT)).to.equal(false);
    expect(await s.counter1.count()).to.equal(0n);
  });

  it("F3 kernel-reach: a rogue program cannot pause, upgrade, install, register, grant kernel permissions, mint, set meter parameters or touch another process", async function () {
    const s = await loadFixture(rogueFixture);
    const { alice } = s.accounts;
    const rogue = await s.rogue2.getAddress();
    const [kernel, registry, acl, nyn, meter] = await Promise.all(
      [s.kernel, s.registry, s.acl, s.nyn, s.gasMeter].map((c) => c.getAddress()),
    );
    const impl = await s.kernel.moduleImplementation(MODULE.ACL);
    const hash = ethers.keccak256((await ethers.provider.getCode(impl)) as string);
    const attempts: [string, string, string, unknown[]][] = [
      [kernel, "pause", "KernelUnauthorized", [rogue, PERMISSION.PAUSE]],
      [kernel, "upgradeModule", "KernelUnauthorized", [rogue, PERMISSION.ROOT]],
      [kernel, "installModule", "KernelUnauthorized", [rogue, PERMISSION.ROOT]],
      [registry, "registerProgram", "ACLUnauthorized", [rogue, registry, PERMISSION.REGISTER_PROGRAM]],
      [registry, "deprecateProgram", "ACLUnauthorized", [rogue, registry, PERMISSION.REGISTER_PROGRAM]],
      [registry, "suspend", "ProcessRegistryNotOwner", [1, rogue, alice.address]],
      [registry, "kill", "ProcessRegistryNotOwner", [1, rogue, alice.address]],
      [registry, "transferProcessOwnership", "ProcessRegistryNotOwner", [1, rogue, alice.address]],
      [acl, "grantPermission", "ACLNotManager", undefined as never],
      [nyn, "mint", "NYNUnauthorizedMinter", [rogue]],
      [meter, "setPrice", "ACLUnauthorized", [rogue, meter, PERMISSION.SET_METER_PARAMS]],
    ];
    const calldata: Record<string, string> = {
      pause: s.kernel.interface.encodeFunctionData("pause"),
      upgradeModule: s.kernel.interface.encodeFunctionData("upgradeModule", [MODULE.ACL, impl, hash, "0x"]),
      installModule: s.kernel.interface.encodeFunctionData("installModule", [ethers.id("rogue"), impl, hash, "0x"]),
      registerProgram: s.registry.interface.encodeFunctionData("registerProgram", [rogue, "Evil", "1", ""]),
      deprecateProgram: s.registry.interface.encodeFunctionData("deprecateProgram", [s.programs.Counter]),
      suspend: s.registry.interface.encodeFunctionData("suspend", [1]),
      kill: s.registry.interface.encodeFunctionData("kill", [1]),
      transferProcessOwnership: s.registry.interface.encodeFunctionData("transferProcessOwnership", [1, rogue]),
      grantPermission: s.acl.interface.encodeFunctionData("grantPermission", [
        rogue,
        kernel,
        PERMISSION.ROOT,
        NO_EXPIRY,
      ]),
      mint: s.nyn.interface.encodeFunctionData("mint", [rogue, 1]),
      setPrice: s.gasMeter.interface.encodeFunctionData("setPrice", [1]),
    };
    const errors = [s.kernel, s.registry, s.acl, s.nyn, s.gasMeter];
    for (const [target, fn, error, args] of attempts) {
      const owner = errors.find((c) => c.interface.getError(error))!;
      const reverted = expect(s.rogue2.exec(target, calldata[fn]), fn).to.be.revertedWithCustomError(owner, error);
      await (args ? reverted.withArgs(...args) : reverted);
    }
    expect(await s.kernel.paused()).to.equal(false);
    expect(await s.kernel.isRoot(rogue)).to.equal(false);
    expect(await s.registry.statusOf(1)).to.equal(Status.Running);
    expect(await s.registry.ownerOf(1)).to.equal(alice.address);
    expect(await s.nyn.balanceOf(rogue)).to.equal(0n);
  });

  it("F3 kernel-reach: a rogue program cannot take, name, transfer, release or point names it does not own", async function () {
    const s = await loadFixture(rogueFixture);
    const { alice } = s.accounts;
    const rogue = await s.rogue2.getAddress();
    const counter = await s.counter1.getAddress();
    const ns = await s.names.getAddress();
    const node = (name: string) => ethers.namehash(name);
    await (await s.names.connect(alice).claim("alice")).wait();
    await (await s.names.connect(alice).nameProcess(node("alice.nyn"), "counter", 1)).wait();
    // A free name is anyone's to claim, a rogue program's too: that name, and only that one, is its own.
    await (await s.rogue2.exec(ns, s.names.interface.encodeFunctionData("claim", ["rogue"]))).wait();
    const attempts: [string, unknown[], string, unknown[]][] = [
      ["claim", ["alice"], "NameServiceTaken", [node("alice.nyn"), alice.address]],
      [
        "nameProcess",
        [node("alice.nyn"), "evil", 2],
        "NameServiceNotNameOwner",
        [node("alice.nyn"), rogue, alice.address],
      ],
      ["nameProcess", [node("rogue.nyn"), "stolen", 1], "NameServiceNotProcessOwner", [1, rogue, alice.address]],
      [
        "transferName",
        [node("alice.nyn"), rogue],
        "NameServiceNotNameOwner",
        [node("alice.nyn"), rogue, alice.address],
      ],
      ["acceptName", [node("alice.nyn")], "NameServiceNotPendingOwner", [node("alice.nyn"), rogue, ethers.ZeroAddress]],
      [
        "releaseProcessName",
        [node("counter.alice.nyn")],
        "NameServiceNotNameOwner",
        [node("alice.nyn"), rogue, alice.address],
      ],
      ["setName", [node("alice.nyn")], "NameServiceNotResolvingToCaller", [node("alice.nyn"), rogue, alice.address]],
      [
        "setName",
        [node("counter.alice.nyn")],
        "NameServiceNotResolvingToCaller",
        [node("counter.alice.nyn"), rogue, counter],
      ],
      ["setFee", [0], "ACLUnauthorized", [rogue, ns, PERMISSION.SET_NAME_FEE]],
    ];
    for (const [fn, args, error, values] of attempts) {
      const owner = error === "ACLUnauthorized" ? s.acl : s.names;
      await expect(s.rogue2.exec(ns, s.names.interface.encodeFunctionData(fn as never, args as never)), fn)
        .to.be.revertedWithCustomError(owner, error)
        .withArgs(...values);
    }
    expect(await s.names.addr(node("alice.nyn"))).to.equal(alice.address);
    expect(await s.names.addr(node("counter.alice.nyn"))).to.equal(counter);
    expect(await s.names.name(counter)).to.equal("counter.alice.nyn");
    expect(await s.names.name(alice.address)).to.equal("alice.nyn");
    expect(await s.names.name(rogue)).to.equal("rogue.nyn");
    expect(await s.names.fee()).to.equal(0n);
  });

  it("F4 cascade-escape: a rogue child stays suspended and then killed with its ancestor, even when it owns itself", async function () {
    const s = await loadFixture(rogueFixture);
    const { alice, dave } = s.accounts;
    const rogue = await s.rogue3.getAddress();
    const registry = await s.registry.getAddress();
    // The worst case: Alice let the rogue own its own process, so every owner-only call is open to its code.
    await (await s.registry.connect(alice).transferProcessOwnership(3, rogue)).wait();
    await (await s.registry.connect(alice).suspend(1)).wait();
    const effective = async (pid: number) => (await s.registry.processInfo(pid)).effectiveStatus;
    expect(await effective(3)).to.equal(Status.Suspended);
    const call = (fn: string, args: unknown[]) =>
      s.rogue3.exec(registry, (s.registry.interface as Interface).encodeFunctionData(fn, args));
    // It cannot resume itself (its own status is Running: only its ancestor holds it), nor its ancestor.
    await expect(call("resume", [3]))
      .to.be.revertedWithCustomError(s.registry, "ProcessRegistryInvalidStatus")
      .withArgs(3, Status.Running, Status.Suspended);
    await expect(call("resume", [1]))
      .to.be.revertedWithCustomError(s.registry, "ProcessRegistryNotOwner")
      .withArgs(1, rogue, alice.address);
    // It cannot act through a new child, nor get metered work done.
    await expect(call("spawn", [s.rogueId, "0x", 3])).to.be.revertedWithCustomError(
      s.registry,
      "ProcessRegistryInvalidStatus",
    );
    await expect(s.rogue3.chargeTo(3, dave.address, 1_000))
      .to.be.revertedWithCustomError(s.gasMeter, "GasMeterProcessNotRunning")
      .withArgs(3, Status.Suspended);
    // Suspending and resuming itself changes nothing: the ancestor still holds it.
    await (await call("suspend", [3])).wait();
    await (await call("resume", [3])).wait();
    expect(await effective(3)).to.equal(Status.Suspended);
    // Killed with its ancestor: terminal, whatever it calls afterwards.
    await (await s.registry.connect(alice).kill(1)).wait();
    expect(await effective(3)).to.equal(Status.Terminated);
    await expect(call("resume", [3])).to.be.reverted;
    await expect(call("spawn", [s.rogueId, "0x", 3])).to.be.reverted;
    expect(await effective(3)).to.equal(Status.Terminated);
    expect(await s.registry.statusOf(3)).to.equal(Status.Terminated);
  });
});
