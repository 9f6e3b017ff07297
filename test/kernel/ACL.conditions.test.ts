import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import { processFixture } from "../fixtures/system";
import { ANY_ENTITY, CAPABILITY, MODULE, NO_EXPIRY, PERMISSION } from "../../lib/ids";
import { codeHashOf } from "../../lib/codeHash";
import {
  ACL__factory,
  CombinedCondition__factory,
  GarbageCondition__factory,
  GasBurningCondition__factory,
  PidCondition__factory,
  RevertingCondition__factory,
  SwitchCondition__factory,
  TestModule__factory,
  TimeWindowCondition__factory,
  TokenBalanceCondition__factory,
  VotesCondition__factory,
} from "../../typechain-types";

const { ethers } = hre;
const TEST_MODULE = ethers.id("nyn.module.test");
const TEST_PERMISSION = ethers.id("TEST_PERMISSION");
const INCREMENT = CAPABILITY.INCREMENT;
const NYN = (n: bigint) => n * 10n ** 18n;
const ALL_OF = 0;
const ANY_OF = 1;

/**
 * The process fixture plus a test module behind TEST_PERMISSION (managed by the deployer, no holder but the deployer),
 * a switchable condition, a "holds ≥ 100 NYN" condition, and Bob holding 150 NYN (Mallory none).
 */
async function conditionsFixture() {
  const s = await processFixture();
  const { deployer, bob } = s.accounts;
  const impl = await new TestModule__factory(deployer).deploy(s.addresses.kernel);
  await (
    await s.kernel.installModule(
      TEST_MODULE,
      await impl.getAddress(),
      await codeHashOf(await impl.getAddress()),
      impl.interface.encodeFunctionData("initialize", [7n]),
    )
  ).wait();
  const proxy = await s.kernel.moduleAddress(TEST_MODULE);
  await (await s.acl.createPermission(deployer.address, proxy, TEST_PERMISSION, deployer.address)).wait();
  const module = TestModule__factory.connect(proxy, deployer);
  const toggle = await new SwitchCondition__factory(deployer).deploy();
  const holds100 = await new TokenBalanceCondition__factory(deployer).deploy(s.addresses.nyn, NYN(100n));
  await (await s.nyn.connect(deployer).transfer(bob.address, NYN(150n))).wait();
  return { ...s, proxy, module, toggle, holds100 };
}

type S = Awaited<ReturnType<typeof conditionsFixture>>;

async function addr(c: { getAddress(): Promise<string> }): Promise<string> {
  return c.getAddress();
}

describe("ACL conditions", function () {
  describe("built-in conditions", function () {
    it("TokenBalanceCondition grants from the threshold up", async function () {
      const s = await loadFixture(conditionsFixture);
      const { bob, mallory } = s.accounts;
      expect(await s.holds100.isGranted(s.proxy, bob.address, TEST_PERMISSION, "0x")).to.equal(true);
      expect(await s.holds100.isGranted(s.proxy, mallory.address, TEST_PERMISSION, "0x")).to.equal(false);
      await (await s.nyn.connect(bob).transfer(mallory.address, NYN(100n))).wait(); // Bob 50, Mallory exactly 100
      expect(await s.holds100.isGranted(s.proxy, bob.address, TEST_PERMISSION, "0x")).to.equal(false);
      expect(await s.holds100.isGranted(s.proxy, mallory.address, TEST_PERMISSION, "0x")).to.equal(true);
      expect(await s.holds100.TOKEN()).to.equal(s.addresses.nyn);
      expect(await s.holds100.MIN_BALANCE()).to.equal(NYN(100n));
    });

    it("VotesCondition counts delegated votes at the current clock, not balances", async function () {
      const s = await loadFixture(conditionsFixture);
      const { bob, mallory } = s.accounts;
      const votes = await new VotesCondition__factory(s.accounts.deployer).deploy(s.addresses.nyn, NYN(100n));
      expect(await votes.isGranted(s.proxy, bob.address, TEST_PERMISSION, "0x")).to.equal(false); // not delegated
      await (await s.nyn.connect(bob).delegate(mallory.address)).wait();
      expect(await votes.isGranted(s.proxy, bob.address, TEST_PERMISSION, "0x")).to.equal(false);
      expect(await votes.isGranted(s.proxy, mallory.address, TEST_PERMISSION, "0x")).to.equal(true);
    });

    it("TimeWindowCondition grants inside its inclusive window only", async function () {
      const s = await loadFixture(conditionsFixture);
      const t = BigInt(await time.latest());
      const window = await new TimeWindowCondition__factory(s.accounts.deployer).deploy(t + 100n, t + 200n);
      const ask = () => window.isGranted(s.proxy, s.accounts.bob.address, TEST_PERMISSION, "0x");
      await time.setNextBlockTimestamp(t + 99n);
      await hre.network.provider.send("evm_mine");
      expect(await ask()).to.equal(false);
      await time.setNextBlockTimestamp(t + 100n);
      await hre.network.provider.send("evm_mine");
      expect(await ask()).to.equal(true);
      await time.setNextBlockTimestamp(t + 200n);
      await hre.network.provider.send("evm_mine");
      expect(await ask()).to.equal(true);
      await time.setNextBlockTimestamp(t + 201n);
      await hre.network.provider.send("evm_mine");
      expect(await ask()).to.equal(false);
      const factory = new TimeWindowCondition__factory(s.accounts.deployer);
      await expect(factory.deploy(t + 2n, t + 1n))
        .to.be.revertedWithCustomError(window, "TimeWindowInvalid")
        .withArgs(t + 2n, t + 1n);
    });

    it("CombinedCondition combines all-of / any-of and treats a reverting member as a no", async function () {
      const s = await loadFixture(conditionsFixture);
      const { deployer, bob } = s.accounts;
      const on = await new SwitchCondition__factory(deployer).deploy();
      await (await on.set(true)).wait();
      const off = await new SwitchCondition__factory(deployer).deploy();
      const bad = await new RevertingCondition__factory(deployer).deploy();
      const combine = async (mode: number, list: string[]) =>
        new CombinedCondition__factory(deployer).deploy(mode, list);
      const ask = async (c: Awaited<ReturnType<typeof combine>>) =>
        c.isGranted(s.proxy, bob.address, TEST_PERMISSION, "0x");
      expect(await ask(await combine(ALL_OF, [await addr(on), await addr(on)]))).to.equal(true);
      expect(await ask(await combine(ALL_OF, [await addr(on), await addr(off)]))).to.equal(false);
      expect(await ask(await combine(ANY_OF, [await addr(off), await addr(on)]))).to.equal(true);
      expect(await ask(await combine(ANY_OF, [await addr(off), await addr(bad)]))).to.equal(false);
      expect(await ask(await combine(ALL_OF, [await addr(on), await addr(bad)]))).to.equal(false);
      const mixed = await combine(ANY_OF, [await addr(s.holds100), await addr(off)]);
      expect(await mixed.conditions()).to.deep.equal([await addr(s.holds100), await addr(off)]);
      expect(await mixed.MODE()).to.equal(BigInt(ANY_OF));
      expect(await ask(mixed)).to.equal(true); // Bob holds 150 NYN
    });

    it("CombinedCondition is bounded: 1 to MAX_CONDITIONS contracts", async function () {
      const s = await loadFixture(conditionsFixture);
      const factory = new CombinedCondition__factory(s.accounts.deployer);
      const on = await addr(s.toggle);
      const max = Number(await (await factory.deploy(ALL_OF, [on])).MAX_CONDITIONS());
      expect(max).to.equal(8);
      await factory.deploy(ALL_OF, Array(max).fill(on));
      await expect(factory.deploy(ALL_OF, Array(max + 1).fill(on)))
        .to.be.revertedWithCustomError(factory, "CombinedConditionSize")
        .withArgs(max + 1);
      await expect(factory.deploy(ANY_OF, []))
        .to.be.revertedWithCustomError(factory, "CombinedConditionSize")
        .withArgs(0);
      await expect(factory.deploy(ANY_OF, [on, s.accounts.bob.address]))
        .to.be.revertedWithCustomError(factory, "CombinedConditionNotContract")
        .withArgs(s.accounts.bob.address);
    });
  });

  describe("conditional permissions", function () {
    it("grants while the condition says yes, emits PermissionGranted then PermissionConditionSet", async function () {
      const s = await loadFixture(conditionsFixture);
      const { deployer, bob } = s.accounts;
      const cond = await addr(s.toggle);
      const tx = s.acl.grantPermissionWithCondition(bob.address, s.proxy, TEST_PERMISSION, NO_EXPIRY, cond);
      await expect(tx)
        .to.emit(s.acl, "PermissionGranted")
        .withArgs(bob.address, s.proxy, TEST_PERMISSION, NO_EXPIRY, deployer.address)
        .and.to.emit(s.acl, "PermissionConditionSet")
        .withArgs(bob.address, s.proxy, TEST_PERMISSION, cond);
      expect(await s.acl.permissionCondition(bob.address, s.proxy, TEST_PERMISSION)).to.equal(cond);
      expect(await s.acl.permissionExpiry(bob.address, s.proxy, TEST_PERMISSION)).to.equal(NO_EXPIRY);
      expect(await s.acl.hasPermission(bob.address, s.proxy, TEST_PERMISSION)).to.equal(false);
      await expect(s.acl.checkPermission(bob.address, s.proxy, TEST_PERMISSION))
        .to.be.revertedWithCustomError(s.acl, "ACLConditionDenied")
        .withArgs(cond, bob.address, s.proxy, TEST_PERMISSION);
      await expect(s.module.connect(bob).setValue(1))
        .to.be.revertedWithCustomError(s.acl, "ACLConditionDenied")
        .withArgs(cond, bob.address, s.proxy, TEST_PERMISSION);
      await (await s.toggle.set(true)).wait();
      expect(await s.acl.hasPermission(bob.address, s.proxy, TEST_PERMISSION)).to.equal(true);
      await s.acl.checkPermission(bob.address, s.proxy, TEST_PERMISSION);
      await (await s.module.connect(bob).setValue(5)).wait();
      expect(await s.module.value()).to.equal(5n);
      const [holding] = await s.acl.permissionsOf(bob.address, 0, 10);
      expect([holding.where, holding.what, holding.expiry, holding.condition]).to.deep.equal([
        s.proxy,
        TEST_PERMISSION,
        NO_EXPIRY,
        cond,
      ]);
    });

    it("gates to token holders through ANY_ENTITY; no grant at all is ACLUnauthorized", async function () {
      const s = await loadFixture(conditionsFixture);
      const { bob, mallory } = s.accounts;
      await expect(s.acl.checkPermission(mallory.address, s.proxy, TEST_PERMISSION))
        .to.be.revertedWithCustomError(s.acl, "ACLUnauthorized")
        .withArgs(mallory.address, s.proxy, TEST_PERMISSION);
      const cond = await addr(s.holds100);
      await (await s.acl.grantPermissionWithCondition(ANY_ENTITY, s.proxy, TEST_PERMISSION, NO_EXPIRY, cond)).wait();
      expect(await s.acl.hasPermission(bob.address, s.proxy, TEST_PERMISSION)).to.equal(true);
      expect(await s.acl.hasPermission(mallory.address, s.proxy, TEST_PERMISSION)).to.equal(false);
      await (await s.module.connect(bob).setValue(3)).wait();
      await expect(s.module.connect(mallory).setValue(4))
        .to.be.revertedWithCustomError(s.acl, "ACLConditionDenied")
        .withArgs(cond, mallory.address, s.proxy, TEST_PERMISSION);
      // An unconditional grant of Mallory's own still lets her through.
      await (await s.acl.grantPermission(mallory.address, s.proxy, TEST_PERMISSION, NO_EXPIRY)).wait();
      await (await s.module.connect(mallory).setValue(4)).wait();
      expect(await s.module.value()).to.equal(4n);
    });

    it("denies for a reverting, a gas-burning and a garbage-returning condition", async function () {
      const s = await loadFixture(conditionsFixture);
      const { deployer, bob } = s.accounts;
      const conditions = [
        await addr(await new RevertingCondition__factory(deployer).deploy()),
        await addr(await new GasBurningCondition__factory(deployer).deploy()),
        await addr(await new GarbageCondition__factory(deployer).deploy(0)), // one word: 2
        await addr(await new GarbageCondition__factory(deployer).deploy(2)), // two words of 1
        await addr(await new GarbageCondition__factory(deployer).deploy(1)), // control: one word of 1 = true
      ];
      for (const [i, cond] of conditions.entries()) {
        await (await s.acl.grantPermissionWithCondition(bob.address, s.proxy, TEST_PERMISSION, NO_EXPIRY, cond)).wait();
        const granted = i === conditions.length - 1;
        expect(await s.acl.hasPermission(bob.address, s.proxy, TEST_PERMISSION)).to.equal(granted);
        if (granted) {
          await (await s.module.connect(bob).setValue(9)).wait();
        } else {
          await expect(s.module.connect(bob).setValue(9, { gasLimit: 1_000_000 }))
            .to.be.revertedWithCustomError(s.acl, "ACLConditionDenied")
            .withArgs(cond, bob.address, s.proxy, TEST_PERMISSION);
        }
        await (await s.acl.revokePermission(bob.address, s.proxy, TEST_PERMISSION)).wait();
      }
    });

    it("caps the gas a condition may use at CONDITION_GAS_LIMIT", async function () {
      const s = await loadFixture(conditionsFixture);
      const { deployer, bob } = s.accounts;
      const burner = await addr(await new GasBurningCondition__factory(deployer).deploy());
      await (await s.acl.grantPermissionWithCondition(bob.address, s.proxy, TEST_PERMISSION, NO_EXPIRY, burner)).wait();
      const limit = await s.acl.CONDITION_GAS_LIMIT();
      expect(limit).to.equal(100_000n);
      const tx = await s.module
        .connect(bob)
        .setValue(1, { gasLimit: 3_000_000 })
        .catch((e: unknown) => e);
      expect(tx).to.be.instanceOf(Error);
      // The failed transaction used about two capped evaluations (hasPermission, then checkPermission), not 3M.
      const block = await ethers.provider.getBlock("latest", true);
      const receipt = await ethers.provider.getTransactionReceipt(block!.prefetchedTransactions[0].hash);
      expect(receipt!.gasUsed).to.be.greaterThan(2n * limit);
      expect(receipt!.gasUsed).to.be.lessThan(2n * limit + 100_000n);
    });

    it("clears the condition on revoke and on an unconditional re-grant after expiry", async function () {
      const s = await loadFixture(conditionsFixture);
      const { bob } = s.accounts;
      const cond = await addr(s.toggle);
      await (await s.acl.grantPermissionWithCondition(bob.address, s.proxy, TEST_PERMISSION, NO_EXPIRY, cond)).wait();
      await expect(s.acl.revokePermission(bob.address, s.proxy, TEST_PERMISSION)).to.emit(s.acl, "PermissionRevoked");
      expect(await s.acl.permissionCondition(bob.address, s.proxy, TEST_PERMISSION)).to.equal(ethers.ZeroAddress);
      const t = BigInt(await time.latest()) + 10n;
      await time.setNextBlockTimestamp(t);
      await (await s.acl.grantPermissionWithCondition(bob.address, s.proxy, TEST_PERMISSION, t + 5n, cond)).wait();
      await time.setNextBlockTimestamp(t + 6n);
      await expect(s.acl.grantPermission(bob.address, s.proxy, TEST_PERMISSION, NO_EXPIRY)).not.to.emit(
        s.acl,
        "PermissionConditionSet",
      );
      expect(await s.acl.permissionCondition(bob.address, s.proxy, TEST_PERMISSION)).to.equal(ethers.ZeroAddress);
      expect(await s.acl.hasPermission(bob.address, s.proxy, TEST_PERMISSION)).to.equal(true); // toggle is off
      // Conditional count back to 0: the permission can be protected.
      await expect(s.acl.protectPermission(s.proxy, TEST_PERMISSION)).to.emit(s.acl, "PermissionProtected");
    });

    it("refuses conditions on root-level permissions and protection while a conditional grant exists", async function () {
      const s = await loadFixture(conditionsFixture);
      const { bob } = s.accounts;
      const cond = await addr(s.toggle);
      const kernel = s.addresses.kernel;
      await expect(s.acl.grantPermissionWithCondition(bob.address, kernel, PERMISSION.ROOT, NO_EXPIRY, cond))
        .to.be.revertedWithCustomError(s.acl, "ACLConditionalRootPermission")
        .withArgs(kernel, PERMISSION.ROOT);
      await (await s.acl.grantPermissionWithCondition(bob.address, s.proxy, TEST_PERMISSION, NO_EXPIRY, cond)).wait();
      await expect(s.acl.protectPermission(s.proxy, TEST_PERMISSION))
        .to.be.revertedWithCustomError(s.acl, "ACLConditionalRootPermission")
        .withArgs(s.proxy, TEST_PERMISSION);
      await (await s.acl.revokePermission(bob.address, s.proxy, TEST_PERMISSION)).wait();
      await (await s.acl.protectPermission(s.proxy, TEST_PERMISSION)).wait();
      await expect(s.acl.grantPermissionWithCondition(bob.address, s.proxy, TEST_PERMISSION, NO_EXPIRY, cond))
        .to.be.revertedWithCustomError(s.acl, "ACLConditionalRootPermission")
        .withArgs(s.proxy, TEST_PERMISSION);
    });

    it("refuses a non-contract condition and a caller who is not the manager", async function () {
      const s = await loadFixture(conditionsFixture);
      const { bob, mallory } = s.accounts;
      await expect(
        s.acl.grantPermissionWithCondition(bob.address, s.proxy, TEST_PERMISSION, NO_EXPIRY, mallory.address),
      )
        .to.be.revertedWithCustomError(s.acl, "ACLConditionNotContract")
        .withArgs(mallory.address);
      const cond = await addr(s.toggle);
      await expect(
        s.acl.connect(mallory).grantPermissionWithCondition(bob.address, s.proxy, TEST_PERMISSION, NO_EXPIRY, cond),
      ).to.be.revertedWithCustomError(s.acl, "ACLNotManager");
    });
  });

  describe("conditional capabilities", function () {
    async function gated(s: S) {
      const cond = await addr(s.holds100);
      await (
        await s.acl.connect(s.accounts.alice).grantCapabilityWithCondition(1, ANY_ENTITY, INCREMENT, NO_EXPIRY, cond)
      ).wait();
      return cond;
    }

    it("token-gates a process function: a holder increments, a non-holder is refused naming the condition", async function () {
      const s = await loadFixture(conditionsFixture);
      const { alice, bob, mallory } = s.accounts;
      const cond = await addr(s.holds100);
      await expect(s.acl.connect(alice).grantCapabilityWithCondition(1, ANY_ENTITY, INCREMENT, NO_EXPIRY, cond))
        .to.emit(s.acl, "CapabilityGranted")
        .withArgs(1n, ANY_ENTITY, INCREMENT, NO_EXPIRY)
        .and.to.emit(s.acl, "CapabilityConditionSet")
        .withArgs(1n, ANY_ENTITY, INCREMENT, cond);
      await expect(s.counter1.connect(bob).increment())
        .to.emit(s.counter1, "Incremented")
        .withArgs(1n, bob.address, 1n);
      await expect(s.counter1.connect(mallory).increment())
        .to.be.revertedWithCustomError(s.acl, "ACLCapabilityConditionDenied")
        .withArgs(1n, cond, mallory.address, INCREMENT);
      expect(await s.acl.hasCapability(1, bob.address, INCREMENT)).to.equal(true);
      expect(await s.acl.hasCapability(1, mallory.address, INCREMENT)).to.equal(false);
      // Only process 1 is gated.
      await expect(s.counter2.connect(bob).increment()).to.be.revertedWithCustomError(
        s.counter2,
        "KernelProcessMissingCapability",
      );
      expect(await s.acl.capabilityCondition(1, ANY_ENTITY, INCREMENT)).to.deep.equal([NO_EXPIRY, cond]);
      // The expiry-only view and check see no unconditional grant.
      expect(await s.acl.capabilityExpiry(1, ANY_ENTITY, INCREMENT)).to.equal(0n);
    });

    it("an unconditional ANY_ENTITY grant admits everyone", async function () {
      const s = await loadFixture(conditionsFixture);
      const { alice, mallory } = s.accounts;
      await (await s.acl.connect(alice).grantCapability(1, ANY_ENTITY, INCREMENT, NO_EXPIRY)).wait();
      await expect(s.counter1.connect(mallory).increment()).to.emit(s.counter1, "Incremented");
      expect(await s.acl.hasCapability(1, mallory.address, INCREMENT)).to.equal(true);
    });

    it("a conditional grant to one account; an unconditional re-grant replaces it; revoke removes it", async function () {
      const s = await loadFixture(conditionsFixture);
      const { alice, mallory } = s.accounts;
      const cond = await addr(s.toggle);
      await (
        await s.acl.connect(alice).grantCapabilityWithCondition(1, mallory.address, INCREMENT, NO_EXPIRY, cond)
      ).wait();
      await expect(s.counter1.connect(mallory).increment())
        .to.be.revertedWithCustomError(s.acl, "ACLCapabilityConditionDenied")
        .withArgs(1n, cond, mallory.address, INCREMENT);
      await (await s.toggle.set(true)).wait();
      await expect(s.counter1.connect(mallory).increment()).to.emit(s.counter1, "Incremented");
      await (await s.toggle.set(false)).wait();
      await (await s.acl.connect(alice).grantCapability(1, mallory.address, INCREMENT, NO_EXPIRY)).wait();
      expect(await s.acl.capabilityCondition(1, mallory.address, INCREMENT)).to.deep.equal([0n, ethers.ZeroAddress]);
      await expect(s.counter1.connect(mallory).increment()).to.emit(s.counter1, "Incremented");
      await (
        await s.acl.connect(alice).grantCapabilityWithCondition(1, mallory.address, INCREMENT, NO_EXPIRY, cond)
      ).wait();
      expect(await s.acl.capabilityExpiry(1, mallory.address, INCREMENT)).to.equal(0n);
      await expect(s.acl.connect(alice).revokeCapability(1, mallory.address, INCREMENT))
        .to.emit(s.acl, "CapabilityRevoked")
        .withArgs(1n, mallory.address, INCREMENT, alice.address);
      expect(await s.acl.capabilityCondition(1, mallory.address, INCREMENT)).to.deep.equal([0n, ethers.ZeroAddress]);
      await (await s.toggle.set(true)).wait();
      await expect(s.counter1.connect(mallory).increment()).to.be.revertedWithCustomError(
        s.counter1,
        "KernelProcessMissingCapability",
      );
      await expect(s.acl.connect(alice).revokeCapability(1, mallory.address, INCREMENT)).to.be.revertedWithCustomError(
        s.acl,
        "ACLCapabilityNotGranted",
      );
    });

    it("passes the checking program as `where` and abi.encode(pid) as data", async function () {
      const s = await loadFixture(conditionsFixture);
      const { alice, deployer, mallory } = s.accounts;
      const only2 = await addr(await new PidCondition__factory(deployer).deploy(2));
      await (
        await s.acl.connect(alice).grantCapabilityWithCondition(1, ANY_ENTITY, INCREMENT, NO_EXPIRY, only2)
      ).wait();
      await (
        await s.acl.connect(alice).grantCapabilityWithCondition(2, ANY_ENTITY, INCREMENT, NO_EXPIRY, only2)
      ).wait();
      await expect(s.counter1.connect(mallory).increment()).to.be.revertedWithCustomError(
        s.acl,
        "ACLCapabilityConditionDenied",
      );
      await expect(s.counter2.connect(mallory).increment()).to.emit(s.counter2, "Incremented");
    });

    it("an expired conditional grant is no grant; a lapsed owner's grants do not carry over", async function () {
      const s = await loadFixture(conditionsFixture);
      const { alice, bob, dave } = s.accounts;
      const cond = await addr(s.holds100);
      const t = BigInt(await time.latest()) + 10n;
      await time.setNextBlockTimestamp(t);
      await (await s.acl.connect(alice).grantCapabilityWithCondition(1, ANY_ENTITY, INCREMENT, t + 5n, cond)).wait();
      await time.setNextBlockTimestamp(t + 6n);
      await expect(s.counter1.connect(bob).increment()).to.be.revertedWithCustomError(
        s.counter1,
        "KernelProcessMissingCapability",
      );
      await (await s.acl.connect(alice).grantCapabilityWithCondition(1, ANY_ENTITY, INCREMENT, NO_EXPIRY, cond)).wait();
      await (await s.registry.connect(alice).transferProcessOwnership(1, dave.address)).wait();
      await expect(s.counter1.connect(bob).increment()).to.be.revertedWithCustomError(
        s.counter1,
        "KernelProcessMissingCapability",
      );
    });

    it("refuses a non-contract condition and a caller who does not own the process", async function () {
      const s = await loadFixture(conditionsFixture);
      const { alice, mallory } = s.accounts;
      await expect(
        s.acl.connect(alice).grantCapabilityWithCondition(1, ANY_ENTITY, INCREMENT, NO_EXPIRY, mallory.address),
      )
        .to.be.revertedWithCustomError(s.acl, "ACLConditionNotContract")
        .withArgs(mallory.address);
      await expect(gated({ ...s, accounts: { ...s.accounts, alice: mallory } })).to.be.revertedWithCustomError(
        s.acl,
        "ACLNotProcessOwner",
      );
    });
  });

  describe("built-in balance condition (NYN, evaluated inside the ACL)", function () {
    it("the deployed ACL's balance token is NYN; its bootstrap build had none and refuses", async function () {
      const s = await loadFixture(conditionsFixture);
      expect(await s.acl.balanceToken()).to.equal(s.addresses.nyn);
      const bootstrap = await new ACL__factory(s.accounts.deployer).deploy(ethers.ZeroAddress);
      expect(await bootstrap.balanceToken()).to.equal(ethers.ZeroAddress);
      // The deploy upgraded the kernel's ACL from the bootstrap build to the NYN build.
      expect(await s.kernel.moduleImplementation(MODULE.ACL)).to.equal(s.addresses.implementations.ACL);
    });

    it("grants a permission from the minimum up, emits its events and reads like TokenBalanceCondition", async function () {
      const s = await loadFixture(conditionsFixture);
      const { bob, mallory } = s.accounts;
      await expect(s.acl.grantPermissionWithMinBalance(ANY_ENTITY, s.proxy, TEST_PERMISSION, NO_EXPIRY, NYN(100n)))
        .to.emit(s.acl, "PermissionGranted")
        .and.to.emit(s.acl, "PermissionConditionSet")
        .withArgs(ANY_ENTITY, s.proxy, TEST_PERMISSION, s.addresses.nyn)
        .and.to.emit(s.acl, "PermissionMinBalanceSet")
        .withArgs(ANY_ENTITY, s.proxy, TEST_PERMISSION, NYN(100n));
      expect(await s.acl.permissionMinBalance(ANY_ENTITY, s.proxy, TEST_PERMISSION)).to.equal(NYN(100n));
      expect(await s.acl.permissionCondition(ANY_ENTITY, s.proxy, TEST_PERMISSION)).to.equal(s.addresses.nyn);
      expect(await s.acl.hasPermission(bob.address, s.proxy, TEST_PERMISSION)).to.equal(true); // 150 NYN
      expect(await s.acl.hasPermission(mallory.address, s.proxy, TEST_PERMISSION)).to.equal(false); // none
      await (await s.module.connect(bob).setValue(11)).wait();
      await expect(s.module.connect(mallory).setValue(12))
        .to.be.revertedWithCustomError(s.acl, "ACLConditionDenied")
        .withArgs(s.addresses.nyn, mallory.address, s.proxy, TEST_PERMISSION);
      // Exactly the minimum admits; one wei less does not.
      await (await s.nyn.connect(bob).transfer(mallory.address, NYN(100n))).wait(); // Bob 50, Mallory 100
      expect(await s.acl.hasPermission(mallory.address, s.proxy, TEST_PERMISSION)).to.equal(true);
      expect(await s.acl.hasPermission(bob.address, s.proxy, TEST_PERMISSION)).to.equal(false);
      await (await s.nyn.connect(mallory).transfer(bob.address, 1n)).wait();
      expect(await s.acl.hasPermission(mallory.address, s.proxy, TEST_PERMISSION)).to.equal(false);
      // The same verdicts as the TokenBalanceCondition contract over the same minimum.
      for (const a of [bob, mallory, s.accounts.alice]) {
        expect(await s.acl.hasPermission(a.address, s.proxy, TEST_PERMISSION), a.address).to.equal(
          await s.holds100.isGranted(s.proxy, a.address, TEST_PERMISSION, "0x"),
        );
      }
      const holding = (await s.acl.permissionsOf(ANY_ENTITY, 0, 10)).find((h) => h.where === s.proxy)!;
      expect(holding.condition).to.equal(s.addresses.nyn);
    });

    it("keeps the holder lists and positions intact (32-bit positions) across grants, re-grants and revokes", async function () {
      const s = await loadFixture(conditionsFixture);
      const { alice, bob, carol, mallory } = s.accounts;
      for (const a of [alice, bob, carol]) {
        await (await s.acl.grantPermissionWithMinBalance(a.address, s.proxy, TEST_PERMISSION, NO_EXPIRY, 5n)).wait();
      }
      expect(await s.acl.permissionHolderCount(s.proxy, TEST_PERMISSION)).to.equal(4n); // deployer + 3
      // An unconditional re-grant after expiry is impossible here (no expiry), so revoke and re-grant plainly.
      await (await s.acl.revokePermission(alice.address, s.proxy, TEST_PERMISSION)).wait();
      expect(await s.acl.permissionMinBalance(alice.address, s.proxy, TEST_PERMISSION)).to.equal(0n);
      expect(await s.acl.permissionCondition(alice.address, s.proxy, TEST_PERMISSION)).to.equal(ethers.ZeroAddress);
      expect([...(await s.acl.permissionHolders(s.proxy, TEST_PERMISSION, 0, 10))]).to.have.members([
        s.accounts.deployer.address,
        bob.address,
        carol.address,
      ]);
      await (await s.acl.grantPermission(mallory.address, s.proxy, TEST_PERMISSION, NO_EXPIRY)).wait();
      expect(await s.acl.hasPermission(mallory.address, s.proxy, TEST_PERMISSION)).to.equal(true);
      // Bob's and Carol's records survive the swap-and-pop: revoking them works and empties their lists.
      for (const a of [carol, bob]) {
        expect(await s.acl.permissionMinBalance(a.address, s.proxy, TEST_PERMISSION)).to.equal(5n);
        await (await s.acl.revokePermission(a.address, s.proxy, TEST_PERMISSION)).wait();
        expect(await s.acl.permissionCountOf(a.address)).to.equal(0n);
      }
      expect([...(await s.acl.permissionHolders(s.proxy, TEST_PERMISSION, 0, 10))]).to.have.members([
        s.accounts.deployer.address,
        mallory.address,
      ]);
    });

    it("an unconditional re-grant after expiry clears the minimum", async function () {
      const s = await loadFixture(conditionsFixture);
      const { mallory } = s.accounts;
      const t = BigInt(await time.latest()) + 100n;
      await time.setNextBlockTimestamp(t);
      await (await s.acl.grantPermissionWithMinBalance(mallory.address, s.proxy, TEST_PERMISSION, t + 5n, 1n)).wait();
      expect(await s.acl.hasPermission(mallory.address, s.proxy, TEST_PERMISSION)).to.equal(false);
      await time.setNextBlockTimestamp(t + 6n);
      await (await s.acl.grantPermission(mallory.address, s.proxy, TEST_PERMISSION, NO_EXPIRY)).wait();
      expect(await s.acl.permissionMinBalance(mallory.address, s.proxy, TEST_PERMISSION)).to.equal(0n);
      expect(await s.acl.hasPermission(mallory.address, s.proxy, TEST_PERMISSION)).to.equal(true);
    });

    it("refuses root-level permissions, out-of-range minimums, non-managers and an ACL without a token", async function () {
      const s = await loadFixture(conditionsFixture);
      const { bob, mallory } = s.accounts;
      const max = (1n << 96n) - 1n;
      await expect(s.acl.grantPermissionWithMinBalance(bob.address, s.proxy, TEST_PERMISSION, NO_EXPIRY, 0n))
        .to.be.revertedWithCustomError(s.acl, "ACLMinBalanceOutOfRange")
        .withArgs(0n, max);
      await expect(s.acl.grantPermissionWithMinBalance(bob.address, s.proxy, TEST_PERMISSION, NO_EXPIRY, max + 1n))
        .to.be.revertedWithCustomError(s.acl, "ACLMinBalanceOutOfRange")
        .withArgs(max + 1n, max);
      await (await s.acl.grantPermissionWithMinBalance(bob.address, s.proxy, TEST_PERMISSION, NO_EXPIRY, max)).wait();
      expect(await s.acl.permissionMinBalance(bob.address, s.proxy, TEST_PERMISSION)).to.equal(max);
      expect(await s.acl.hasPermission(bob.address, s.proxy, TEST_PERMISSION)).to.equal(false);
      await expect(
        s.acl
          .connect(mallory)
          .grantPermissionWithMinBalance(mallory.address, s.proxy, TEST_PERMISSION, NO_EXPIRY, NYN(1n)),
      ).to.be.revertedWithCustomError(s.acl, "ACLNotManager");
      await expect(
        s.acl.grantPermissionWithMinBalance(bob.address, s.addresses.kernel, PERMISSION.ROOT, NO_EXPIRY, NYN(1n)),
      ).to.be.revertedWithCustomError(s.acl, "ACLConditionalRootPermission");
      // The kernel's ACL back on a build without a token (root's upgrade) refuses, naming why.
      const bare = await new ACL__factory(s.accounts.deployer).deploy(ethers.ZeroAddress);
      const bareAddress = await bare.getAddress();
      await (await s.kernel.upgradeModule(MODULE.ACL, bareAddress, await codeHashOf(bareAddress), "0x")).wait();
      await expect(
        s.acl.grantPermissionWithMinBalance(mallory.address, s.proxy, TEST_PERMISSION, NO_EXPIRY, NYN(1n)),
      ).to.be.revertedWithCustomError(s.acl, "ACLNoBalanceToken");
      await expect(
        s.acl.connect(s.accounts.alice).grantCapabilityWithMinBalance(1, ANY_ENTITY, INCREMENT, NO_EXPIRY, 1n),
      ).to.be.revertedWithCustomError(s.acl, "ACLNoBalanceToken");
    });

    it("token-gates a process function by capability, with expiry, re-grant and revoke", async function () {
      const s = await loadFixture(conditionsFixture);
      const { alice, bob, mallory } = s.accounts;
      await expect(s.acl.connect(alice).grantCapabilityWithMinBalance(1, ANY_ENTITY, INCREMENT, NO_EXPIRY, NYN(100n)))
        .to.emit(s.acl, "CapabilityGranted")
        .withArgs(1n, ANY_ENTITY, INCREMENT, NO_EXPIRY)
        .and.to.emit(s.acl, "CapabilityConditionSet")
        .withArgs(1n, ANY_ENTITY, INCREMENT, s.addresses.nyn)
        .and.to.emit(s.acl, "CapabilityMinBalanceSet")
        .withArgs(1n, ANY_ENTITY, INCREMENT, NYN(100n));
      expect(await s.acl.capabilityMinBalance(1, ANY_ENTITY, INCREMENT)).to.equal(NYN(100n));
      expect(await s.acl.capabilityCondition(1, ANY_ENTITY, INCREMENT)).to.deep.equal([NO_EXPIRY, s.addresses.nyn]);
      expect(await s.acl.capabilityExpiry(1, ANY_ENTITY, INCREMENT)).to.equal(0n); // the expiry-only view sees none
      await expect(s.counter1.connect(bob).increment()).to.emit(s.counter1, "Incremented");
      await expect(s.counter1.connect(mallory).increment())
        .to.be.revertedWithCustomError(s.acl, "ACLCapabilityConditionDenied")
        .withArgs(1n, s.addresses.nyn, mallory.address, INCREMENT);
      expect(await s.acl.hasCapability(1, bob.address, INCREMENT)).to.equal(true);
      expect(await s.acl.hasCapability(1, mallory.address, INCREMENT)).to.equal(false);
      // A grant to one account, expiring: valid to its expiry second inclusive, then no grant at all.
      const t = BigInt(await time.latest()) + 100n;
      await time.setNextBlockTimestamp(t);
      await (
        await s.acl.connect(alice).grantCapabilityWithMinBalance(1, mallory.address, INCREMENT, t + 5n, 1n)
      ).wait();
      await (await s.nyn.connect(bob).transfer(mallory.address, 1n)).wait(); // at t + 1
      expect(await s.acl.hasCapability(1, mallory.address, INCREMENT)).to.equal(true);
      await time.setNextBlockTimestamp(t + 6n);
      await mine();
      expect(await s.acl.capabilityMinBalance(1, mallory.address, INCREMENT)).to.equal(1n);
      await expect(s.counter1.connect(mallory).increment())
        .to.be.revertedWithCustomError(s.acl, "ACLCapabilityConditionDenied")
        .withArgs(1n, s.addresses.nyn, mallory.address, INCREMENT); // the ANY_ENTITY grant still denies
      // An unconditional re-grant replaces the built-in one; revoke removes it.
      await (await s.acl.connect(alice).grantCapability(1, ANY_ENTITY, INCREMENT, NO_EXPIRY)).wait();
      expect(await s.acl.capabilityMinBalance(1, ANY_ENTITY, INCREMENT)).to.equal(0n);
      await expect(s.counter1.connect(mallory).increment()).to.emit(s.counter1, "Incremented");
      await (await s.acl.connect(alice).revokeCapability(1, ANY_ENTITY, INCREMENT)).wait();
      await expect(s.counter1.connect(bob).increment()).to.be.revertedWithCustomError(
        s.counter1,
        "KernelProcessMissingCapability",
      );
      await expect(s.acl.connect(alice).grantCapabilityWithMinBalance(1, ANY_ENTITY, INCREMENT, NO_EXPIRY, 0n))
        .to.be.revertedWithCustomError(s.acl, "ACLMinBalanceOutOfRange")
        .withArgs(0n, (1n << 96n) - 1n);
      await expect(
        s.acl.connect(mallory).grantCapabilityWithMinBalance(1, ANY_ENTITY, INCREMENT, NO_EXPIRY, 1n),
      ).to.be.revertedWithCustomError(s.acl, "ACLNotProcessOwner");
    });
  });
});
