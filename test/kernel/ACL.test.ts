import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { processFixture, systemFixture } from "../fixtures/system";
import { ANY_ENTITY, CAPABILITY, NO_EXPIRY, PERMISSION } from "../../lib/ids";
import { ERC1967Proxy__factory } from "../../typechain-types";

const { ethers } = hre;
const NEW_PERMISSION = ethers.id("NEW_PERMISSION");
const INCREMENT = CAPABILITY.INCREMENT;

/** Pin the next block's timestamp to `latest + ahead` and return it. */
async function pinNextTimestamp(ahead = 10): Promise<bigint> {
  const t = BigInt((await time.latest()) + ahead);
  await time.setNextBlockTimestamp(t);
  return t;
}

/** Holders of (where, what), all pages, sorted. */
async function holdersOf(s: Awaited<ReturnType<typeof systemFixture>>, where: string, what: string): Promise<string[]> {
  const count = await s.acl.permissionHolderCount(where, what);
  return [...(await s.acl.permissionHolders(where, what, 0, count))].sort();
}

describe("ACL", function () {
  describe("initialize", function () {
    it("makes the kernel's first root the holder and manager of ROOT", async function () {
      const s = await loadFixture(systemFixture);
      const root = s.accounts.deployer.address;
      expect(await s.acl.hasPermission(root, s.addresses.kernel, PERMISSION.ROOT)).to.equal(true);
      expect(await s.acl.permissionExpiry(root, s.addresses.kernel, PERMISSION.ROOT)).to.equal(NO_EXPIRY);
      expect(await s.acl.getPermissionManager(s.addresses.kernel, PERMISSION.ROOT)).to.equal(root);
      expect(await holdersOf(s, s.addresses.kernel, PERMISSION.ROOT)).to.deep.equal([root]);
    });

    it("reverts with ACLZeroAddress for a zero root", async function () {
      const s = await loadFixture(systemFixture);
      const init = s.acl.interface.encodeFunctionData("initialize", [ethers.ZeroAddress]);
      const factory = new ERC1967Proxy__factory(s.accounts.deployer);
      await expect(factory.deploy(s.addresses.implementations.ACL, init))
        .to.be.revertedWithCustomError(s.acl, "ACLZeroAddress")
        .withArgs("root");
    });
  });

  describe("createPermission", function () {
    it("creates the permission with its holder and manager and emits the events", async function () {
      const s = await loadFixture(systemFixture);
      const { alice, bob, deployer } = s.accounts;
      const where = s.addresses.processRegistry;
      await expect(s.acl.createPermission(alice.address, where, NEW_PERMISSION, bob.address))
        .to.emit(s.acl, "PermissionCreated")
        .withArgs(alice.address, where, NEW_PERMISSION, bob.address)
        .and.to.emit(s.acl, "PermissionManagerChanged")
        .withArgs(where, NEW_PERMISSION, bob.address)
        .and.to.emit(s.acl, "PermissionGranted")
        .withArgs(alice.address, where, NEW_PERMISSION, NO_EXPIRY, deployer.address);
      expect(await s.acl.hasPermission(alice.address, where, NEW_PERMISSION)).to.equal(true);
      expect(await s.acl.getPermissionManager(where, NEW_PERMISSION)).to.equal(bob.address);
      expect(await holdersOf(s, where, NEW_PERMISSION)).to.deep.equal([alice.address]);
    });

    it("reverts with ACLUnauthorized for a caller without ROOT", async function () {
      const s = await loadFixture(systemFixture);
      const { mallory } = s.accounts;
      await expect(
        s.acl.connect(mallory).createPermission(mallory.address, s.addresses.nyn, NEW_PERMISSION, mallory.address),
      )
        .to.be.revertedWithCustomError(s.acl, "ACLUnauthorized")
        .withArgs(mallory.address, s.addresses.kernel, PERMISSION.ROOT);
    });

    it("reverts with ACLPermissionExists for an existing permission", async function () {
      const s = await loadFixture(systemFixture);
      const { alice, deployer } = s.accounts;
      await expect(s.acl.createPermission(alice.address, s.addresses.nyn, PERMISSION.MINT, alice.address))
        .to.be.revertedWithCustomError(s.acl, "ACLPermissionExists")
        .withArgs(s.addresses.nyn, PERMISSION.MINT, deployer.address);
    });

    it("reverts with ACLZeroAddress for a zero holder, target or manager", async function () {
      const s = await loadFixture(systemFixture);
      const a = s.accounts.alice.address;
      const z = ethers.ZeroAddress;
      const where = s.addresses.nyn;
      await expect(s.acl.createPermission(z, where, NEW_PERMISSION, a))
        .to.be.revertedWithCustomError(s.acl, "ACLZeroAddress")
        .withArgs("who");
      await expect(s.acl.createPermission(a, z, NEW_PERMISSION, a))
        .to.be.revertedWithCustomError(s.acl, "ACLZeroAddress")
        .withArgs("where");
      await expect(s.acl.createPermission(a, where, NEW_PERMISSION, z))
        .to.be.revertedWithCustomError(s.acl, "ACLZeroAddress")
        .withArgs("manager");
    });

    it("reverts with ACLWildcardRootPermission for ANY_ENTITY on the kernel or the ACL", async function () {
      const s = await loadFixture(systemFixture);
      const manager = s.accounts.deployer.address;
      for (const where of [s.addresses.kernel, s.addresses.acl]) {
        await expect(s.acl.createPermission(ANY_ENTITY, where, NEW_PERMISSION, manager))
          .to.be.revertedWithCustomError(s.acl, "ACLWildcardRootPermission")
          .withArgs(where, NEW_PERMISSION);
      }
      expect(await s.acl.getPermissionManager(s.addresses.kernel, NEW_PERMISSION)).to.equal(ethers.ZeroAddress);
    });

    it("allows ANY_ENTITY as the first holder of a non-root permission", async function () {
      const s = await loadFixture(systemFixture);
      await (
        await s.acl.createPermission(ANY_ENTITY, s.addresses.nyn, NEW_PERMISSION, s.accounts.deployer.address)
      ).wait();
      expect(await s.acl.hasPermission(s.accounts.mallory.address, s.addresses.nyn, NEW_PERMISSION)).to.equal(true);
    });
  });

  describe("grantPermission", function () {
    it("grants until the expiry and emits PermissionGranted", async function () {
      const s = await loadFixture(systemFixture);
      const { bob, deployer } = s.accounts;
      const where = s.addresses.processRegistry;
      const expiry = BigInt(await time.latest()) + 3600n;
      await expect(s.acl.grantPermission(bob.address, where, PERMISSION.REGISTER_PROGRAM, expiry))
        .to.emit(s.acl, "PermissionGranted")
        .withArgs(bob.address, where, PERMISSION.REGISTER_PROGRAM, expiry, deployer.address);
      expect(await s.acl.hasPermission(bob.address, where, PERMISSION.REGISTER_PROGRAM)).to.equal(true);
      expect(await s.acl.permissionExpiry(bob.address, where, PERMISSION.REGISTER_PROGRAM)).to.equal(expiry);
      expect(await holdersOf(s, where, PERMISSION.REGISTER_PROGRAM)).to.deep.equal(
        [bob.address, deployer.address].sort(),
      );
    });

    it("reverts with ACLNotManager for anyone but the manager", async function () {
      const s = await loadFixture(systemFixture);
      const { mallory, deployer } = s.accounts;
      await expect(s.acl.connect(mallory).grantPermission(mallory.address, s.addresses.nyn, PERMISSION.MINT, NO_EXPIRY))
        .to.be.revertedWithCustomError(s.acl, "ACLNotManager")
        .withArgs(mallory.address, s.addresses.nyn, PERMISSION.MINT, deployer.address);
    });

    it("reverts with ACLPermissionMissing for a permission never created", async function () {
      const s = await loadFixture(systemFixture);
      await expect(s.acl.grantPermission(s.accounts.bob.address, s.addresses.nyn, NEW_PERMISSION, NO_EXPIRY))
        .to.be.revertedWithCustomError(s.acl, "ACLPermissionMissing")
        .withArgs(s.addresses.nyn, NEW_PERMISSION);
    });

    it("reverts with ACLAlreadyGranted for a live grant", async function () {
      const s = await loadFixture(systemFixture);
      const { bob } = s.accounts;
      const expiry = BigInt(await time.latest()) + 3600n;
      await (
        await s.acl.grantPermission(bob.address, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM, expiry)
      ).wait();
      await expect(
        s.acl.grantPermission(bob.address, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM, NO_EXPIRY),
      )
        .to.be.revertedWithCustomError(s.acl, "ACLAlreadyGranted")
        .withArgs(bob.address, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM, expiry);
    });

    it("re-grants an expired grant without duplicating the holder", async function () {
      const s = await loadFixture(systemFixture);
      const { bob, deployer } = s.accounts;
      // Pinned: after loadFixture the next block may be far past `latest` (the wall time since the snapshot).
      const expiry = (await pinNextTimestamp()) + 100n;
      await (
        await s.acl.grantPermission(bob.address, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM, expiry)
      ).wait();
      await time.increaseTo(expiry + 1n);
      await expect(
        s.acl.grantPermission(bob.address, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM, NO_EXPIRY),
      )
        .to.emit(s.acl, "PermissionGranted")
        .withArgs(bob.address, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM, NO_EXPIRY, deployer.address);
      expect(await holdersOf(s, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM)).to.deep.equal(
        [bob.address, deployer.address].sort(),
      );
    });

    it("reverts with ACLExpiryInPast for an expiry not after now", async function () {
      const s = await loadFixture(systemFixture);
      const bob = s.accounts.bob.address;
      const now = await pinNextTimestamp();
      await expect(s.acl.grantPermission(bob, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM, now))
        .to.be.revertedWithCustomError(s.acl, "ACLExpiryInPast")
        .withArgs(now, now);
      const later = await pinNextTimestamp();
      await expect(s.acl.grantPermission(bob, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM, 1n))
        .to.be.revertedWithCustomError(s.acl, "ACLExpiryInPast")
        .withArgs(1n, later);
    });

    it("reverts with ACLZeroAddress for a zero grantee", async function () {
      const s = await loadFixture(systemFixture);
      await expect(
        s.acl.grantPermission(ethers.ZeroAddress, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM, NO_EXPIRY),
      )
        .to.be.revertedWithCustomError(s.acl, "ACLZeroAddress")
        .withArgs("who");
    });

    it("reverts with ACLExpiringRootPermission for an expiring root-level grant", async function () {
      const s = await loadFixture(systemFixture);
      const { alice } = s.accounts;
      const expiry = BigInt(await time.latest()) + 3600n;
      await expect(s.acl.grantPermission(alice.address, s.addresses.kernel, PERMISSION.ROOT, expiry))
        .to.be.revertedWithCustomError(s.acl, "ACLExpiringRootPermission")
        .withArgs(s.addresses.kernel, PERMISSION.ROOT, expiry);
      await expect(s.acl.grantPermission(alice.address, s.addresses.kernel, PERMISSION.PAUSE, expiry))
        .to.be.revertedWithCustomError(s.acl, "ACLExpiringRootPermission")
        .withArgs(s.addresses.kernel, PERMISSION.PAUSE, expiry);
    });

    it("reverts with ACLWildcardRootPermission for ANY_ENTITY on a root-level permission", async function () {
      const s = await loadFixture(systemFixture);
      for (const what of [PERMISSION.ROOT, PERMISSION.PAUSE]) {
        await expect(s.acl.grantPermission(ANY_ENTITY, s.addresses.kernel, what, NO_EXPIRY))
          .to.be.revertedWithCustomError(s.acl, "ACLWildcardRootPermission")
          .withArgs(s.addresses.kernel, what);
      }
      expect(await s.kernel.isRoot(s.accounts.mallory.address)).to.equal(false);
    });

    it("gives everyone a non-root permission granted to ANY_ENTITY, until revoked", async function () {
      const s = await loadFixture(systemFixture);
      const { mallory } = s.accounts;
      const where = s.addresses.processRegistry;
      await (await s.acl.grantPermission(ANY_ENTITY, where, PERMISSION.REGISTER_PROGRAM, NO_EXPIRY)).wait();
      expect(await s.acl.hasPermission(mallory.address, where, PERMISSION.REGISTER_PROGRAM)).to.equal(true);
      await expect(
        s.registry.connect(mallory).registerProgram(s.addresses.implementations.Counter, "Counter", "2", ""),
      ).to.emit(s.registry, "ProgramRegistered");
      await (await s.acl.revokePermission(ANY_ENTITY, where, PERMISSION.REGISTER_PROGRAM)).wait();
      expect(await s.acl.hasPermission(mallory.address, where, PERMISSION.REGISTER_PROGRAM)).to.equal(false);
      await expect(s.registry.connect(mallory).registerProgram(s.addresses.implementations.Counter, "Counter", "3", ""))
        .to.be.revertedWithCustomError(s.acl, "ACLUnauthorized")
        .withArgs(mallory.address, where, PERMISSION.REGISTER_PROGRAM);
    });

    it("reverts with KernelPaused while the kernel is paused", async function () {
      const s = await loadFixture(systemFixture);
      await (await s.kernel.connect(s.accounts.guardian).pause()).wait();
      await expect(
        s.acl.grantPermission(s.accounts.bob.address, s.addresses.nyn, PERMISSION.MINT, NO_EXPIRY),
      ).to.be.revertedWithCustomError(s.kernel, "KernelPaused");
      await expect(
        s.acl.createPermission(s.accounts.bob.address, s.addresses.nyn, NEW_PERMISSION, s.accounts.bob.address),
      ).to.be.revertedWithCustomError(s.kernel, "KernelPaused");
    });
  });

  describe("hasPermission (expiry)", function () {
    it("is valid at the expiry second and invalid one second after", async function () {
      const s = await loadFixture(systemFixture);
      const { bob } = s.accounts;
      const where = s.addresses.processRegistry;
      const expiry = BigInt(await time.latest()) + 1000n;
      await (await s.acl.grantPermission(bob.address, where, PERMISSION.REGISTER_PROGRAM, expiry)).wait();
      const registry = s.registry.connect(bob);
      const impl = s.addresses.implementations.Counter;

      await time.setNextBlockTimestamp(expiry);
      await expect(registry.registerProgram(impl, "Counter", "at-expiry", "")).to.emit(s.registry, "ProgramRegistered");
      expect(await s.acl.hasPermission(bob.address, where, PERMISSION.REGISTER_PROGRAM)).to.equal(true);

      await time.setNextBlockTimestamp(expiry + 1n);
      await expect(registry.registerProgram(impl, "Counter", "after-expiry", ""))
        .to.be.revertedWithCustomError(s.acl, "ACLUnauthorized")
        .withArgs(bob.address, where, PERMISSION.REGISTER_PROGRAM);
      expect(await s.acl.hasPermission(bob.address, where, PERMISSION.REGISTER_PROGRAM)).to.equal(false);
      // An expired grant still counts as a holder until removed.
      expect(await s.acl.permissionHolderCount(where, PERMISSION.REGISTER_PROGRAM)).to.equal(2n);
    });

    it("lets an ANY_ENTITY grant expire too", async function () {
      const s = await loadFixture(systemFixture);
      const where = s.addresses.processRegistry;
      // Pinned: after loadFixture the next block may be far past `latest` (the wall time since the snapshot).
      const expiry = (await pinNextTimestamp()) + 100n;
      await (await s.acl.grantPermission(ANY_ENTITY, where, PERMISSION.REGISTER_PROGRAM, expiry)).wait();
      await time.increaseTo(expiry);
      expect(await s.acl.hasPermission(s.accounts.carol.address, where, PERMISSION.REGISTER_PROGRAM)).to.equal(true);
      await time.increaseTo(expiry + 1n);
      expect(await s.acl.hasPermission(s.accounts.carol.address, where, PERMISSION.REGISTER_PROGRAM)).to.equal(false);
    });
  });

  describe("revokePermission", function () {
    it("removes the grant and emits PermissionRevoked", async function () {
      const s = await loadFixture(systemFixture);
      const { bob, deployer } = s.accounts;
      await (
        await s.acl.grantPermission(bob.address, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM, NO_EXPIRY)
      ).wait();
      await expect(s.acl.revokePermission(bob.address, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM))
        .to.emit(s.acl, "PermissionRevoked")
        .withArgs(bob.address, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM, deployer.address);
      expect(await s.acl.hasPermission(bob.address, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM)).to.equal(
        false,
      );
      expect(
        await s.acl.permissionExpiry(bob.address, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM),
      ).to.equal(0n);
      expect(await holdersOf(s, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM)).to.deep.equal([
        deployer.address,
      ]);
    });

    it("removes an expired grant from the holder list", async function () {
      const s = await loadFixture(systemFixture);
      const { bob, deployer } = s.accounts;
      // Pinned: after loadFixture the next block may be far past `latest` (the wall time since the snapshot).
      const expiry = (await pinNextTimestamp()) + 100n;
      await (
        await s.acl.grantPermission(bob.address, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM, expiry)
      ).wait();
      await time.increaseTo(expiry + 10n);
      await (
        await s.acl.revokePermission(bob.address, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM)
      ).wait();
      expect(await holdersOf(s, s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM)).to.deep.equal([
        deployer.address,
      ]);
    });

    it("reverts with ACLNotManager for anyone but the manager", async function () {
      const s = await loadFixture(systemFixture);
      const { mallory, deployer } = s.accounts;
      await expect(s.acl.connect(mallory).revokePermission(deployer.address, s.addresses.nyn, PERMISSION.MINT))
        .to.be.revertedWithCustomError(s.acl, "ACLNotManager")
        .withArgs(mallory.address, s.addresses.nyn, PERMISSION.MINT, deployer.address);
    });

    it("reverts with ACLPermissionMissing for a permission never created", async function () {
      const s = await loadFixture(systemFixture);
      await expect(s.acl.revokePermission(s.accounts.bob.address, s.addresses.nyn, NEW_PERMISSION))
        .to.be.revertedWithCustomError(s.acl, "ACLPermissionMissing")
        .withArgs(s.addresses.nyn, NEW_PERMISSION);
    });

    it("reverts with ACLNotGranted for an account without the grant", async function () {
      const s = await loadFixture(systemFixture);
      const { bob } = s.accounts;
      await expect(s.acl.revokePermission(bob.address, s.addresses.nyn, PERMISSION.MINT))
        .to.be.revertedWithCustomError(s.acl, "ACLNotGranted")
        .withArgs(bob.address, s.addresses.nyn, PERMISSION.MINT);
    });

    it("reverts with ACLLastHolder for the last ROOT holder", async function () {
      const s = await loadFixture(systemFixture);
      const root = s.accounts.deployer.address;
      await expect(s.acl.revokePermission(root, s.addresses.kernel, PERMISSION.ROOT))
        .to.be.revertedWithCustomError(s.acl, "ACLLastHolder")
        .withArgs(root, s.addresses.kernel, PERMISSION.ROOT);
      expect(await s.kernel.isRoot(root)).to.equal(true);
    });

    it("revokes one of two ROOT holders", async function () {
      const s = await loadFixture(systemFixture);
      const { alice, deployer } = s.accounts;
      await (await s.acl.grantPermission(alice.address, s.addresses.kernel, PERMISSION.ROOT, NO_EXPIRY)).wait();
      await expect(s.acl.revokePermission(alice.address, s.addresses.kernel, PERMISSION.ROOT))
        .to.emit(s.acl, "PermissionRevoked")
        .withArgs(alice.address, s.addresses.kernel, PERMISSION.ROOT, deployer.address);
      expect(await s.kernel.isRoot(alice.address)).to.equal(false);
    });

    it("works while the kernel is paused", async function () {
      const s = await loadFixture(systemFixture);
      const { bob } = s.accounts;
      await (await s.acl.grantPermission(bob.address, s.addresses.nyn, PERMISSION.MINT, NO_EXPIRY)).wait();
      await (await s.kernel.connect(s.accounts.guardian).pause()).wait();
      await expect(s.acl.revokePermission(bob.address, s.addresses.nyn, PERMISSION.MINT)).to.emit(
        s.acl,
        "PermissionRevoked",
      );
      expect(await s.acl.hasPermission(bob.address, s.addresses.nyn, PERMISSION.MINT)).to.equal(false);
    });
  });

  describe("renouncePermission", function () {
    it("lets a holder give up a grant and emits PermissionRevoked with itself as revoker", async function () {
      const s = await loadFixture(systemFixture);
      const { guardian } = s.accounts;
      await expect(s.acl.connect(guardian).renouncePermission(s.addresses.kernel, PERMISSION.PAUSE))
        .to.emit(s.acl, "PermissionRevoked")
        .withArgs(guardian.address, s.addresses.kernel, PERMISSION.PAUSE, guardian.address);
      expect(await s.acl.hasPermission(guardian.address, s.addresses.kernel, PERMISSION.PAUSE)).to.equal(false);
    });

    it("reverts with ACLNotGranted for a non-holder", async function () {
      const s = await loadFixture(systemFixture);
      const { mallory } = s.accounts;
      await expect(s.acl.connect(mallory).renouncePermission(s.addresses.nyn, PERMISSION.MINT))
        .to.be.revertedWithCustomError(s.acl, "ACLNotGranted")
        .withArgs(mallory.address, s.addresses.nyn, PERMISSION.MINT);
    });

    it("lets one of two ROOT holders renounce, then refuses the last with ACLLastHolder", async function () {
      const s = await loadFixture(systemFixture);
      const { alice, deployer } = s.accounts;
      await (await s.acl.grantPermission(alice.address, s.addresses.kernel, PERMISSION.ROOT, NO_EXPIRY)).wait();
      await expect(s.acl.renouncePermission(s.addresses.kernel, PERMISSION.ROOT))
        .to.emit(s.acl, "PermissionRevoked")
        .withArgs(deployer.address, s.addresses.kernel, PERMISSION.ROOT, deployer.address);
      await expect(s.acl.connect(alice).renouncePermission(s.addresses.kernel, PERMISSION.ROOT))
        .to.be.revertedWithCustomError(s.acl, "ACLLastHolder")
        .withArgs(alice.address, s.addresses.kernel, PERMISSION.ROOT);
      expect(await s.kernel.isRoot(alice.address)).to.equal(true);
    });

    it("works while the kernel is paused", async function () {
      const s = await loadFixture(systemFixture);
      const { guardian } = s.accounts;
      await (await s.kernel.connect(guardian).pause()).wait();
      await expect(s.acl.connect(guardian).renouncePermission(s.addresses.kernel, PERMISSION.PAUSE)).to.emit(
        s.acl,
        "PermissionRevoked",
      );
    });
  });

  describe("setPermissionManager", function () {
    it("hands management over and emits PermissionManagerChanged", async function () {
      const s = await loadFixture(systemFixture);
      const { alice, bob, deployer } = s.accounts;
      await expect(s.acl.setPermissionManager(alice.address, s.addresses.nyn, PERMISSION.MINT))
        .to.emit(s.acl, "PermissionManagerChanged")
        .withArgs(s.addresses.nyn, PERMISSION.MINT, alice.address);
      expect(await s.acl.getPermissionManager(s.addresses.nyn, PERMISSION.MINT)).to.equal(alice.address);
      await expect(s.acl.connect(alice).grantPermission(bob.address, s.addresses.nyn, PERMISSION.MINT, NO_EXPIRY))
        .to.emit(s.acl, "PermissionGranted")
        .withArgs(bob.address, s.addresses.nyn, PERMISSION.MINT, NO_EXPIRY, alice.address);
      await expect(s.acl.grantPermission(deployer.address, s.addresses.nyn, PERMISSION.MINT, NO_EXPIRY))
        .to.be.revertedWithCustomError(s.acl, "ACLNotManager")
        .withArgs(deployer.address, s.addresses.nyn, PERMISSION.MINT, alice.address);
    });

    it("reverts with ACLNotManager for anyone but the manager", async function () {
      const s = await loadFixture(systemFixture);
      const { mallory, deployer } = s.accounts;
      await expect(s.acl.connect(mallory).setPermissionManager(mallory.address, s.addresses.kernel, PERMISSION.ROOT))
        .to.be.revertedWithCustomError(s.acl, "ACLNotManager")
        .withArgs(mallory.address, s.addresses.kernel, PERMISSION.ROOT, deployer.address);
    });

    it("reverts with ACLZeroAddress for a zero manager", async function () {
      const s = await loadFixture(systemFixture);
      await expect(s.acl.setPermissionManager(ethers.ZeroAddress, s.addresses.nyn, PERMISSION.MINT))
        .to.be.revertedWithCustomError(s.acl, "ACLZeroAddress")
        .withArgs("newManager");
    });

    it("reverts with ACLWildcardManager for ANY_ENTITY as manager", async function () {
      const s = await loadFixture(systemFixture);
      await expect(s.acl.setPermissionManager(ANY_ENTITY, s.addresses.nyn, PERMISSION.MINT))
        .to.be.revertedWithCustomError(s.acl, "ACLWildcardManager")
        .withArgs(s.addresses.nyn, PERMISSION.MINT);
    });

    it("reverts with ACLPermissionMissing for a permission never created", async function () {
      const s = await loadFixture(systemFixture);
      await expect(s.acl.setPermissionManager(s.accounts.bob.address, s.addresses.nyn, NEW_PERMISSION))
        .to.be.revertedWithCustomError(s.acl, "ACLPermissionMissing")
        .withArgs(s.addresses.nyn, NEW_PERMISSION);
    });
  });

  describe("permissionHolders", function () {
    it("pages through every holder", async function () {
      const s = await loadFixture(systemFixture);
      const { alice, bob, carol, deployer } = s.accounts;
      const where = s.addresses.processRegistry;
      const what = PERMISSION.PROCESS_ADMIN;
      for (const who of [alice, bob, carol]) {
        await (await s.acl.grantPermission(who.address, where, what, NO_EXPIRY)).wait();
      }
      expect(await s.acl.permissionHolderCount(where, what)).to.equal(4n);
      const page1 = await s.acl.permissionHolders(where, what, 0, 2);
      const page2 = await s.acl.permissionHolders(where, what, 2, 2);
      expect(page1.length).to.equal(2);
      expect(page2.length).to.equal(2);
      expect([...page1, ...page2].sort()).to.deep.equal([deployer, alice, bob, carol].map((a) => a.address).sort());
      expect(await s.acl.permissionHolders(where, what, 4, 1)).to.deep.equal([]);
      expect(await s.acl.permissionHolders(where, what, 0, 0)).to.deep.equal([]);
      expect((await s.acl.permissionHolders(where, what, 1, ethers.MaxUint256)).length).to.equal(3);
    });

    it("drops a revoked holder", async function () {
      const s = await loadFixture(systemFixture);
      const { alice, bob, deployer } = s.accounts;
      const where = s.addresses.processRegistry;
      const what = PERMISSION.PROCESS_ADMIN;
      await (await s.acl.grantPermission(alice.address, where, what, NO_EXPIRY)).wait();
      await (await s.acl.grantPermission(bob.address, where, what, NO_EXPIRY)).wait();
      await (await s.acl.revokePermission(alice.address, where, what)).wait();
      expect(await holdersOf(s, where, what)).to.deep.equal([bob.address, deployer.address].sort());
    });

    it("keeps the list and every holder's position consistent through removals (swap-and-pop)", async function () {
      const s = await loadFixture(systemFixture);
      const { alice, bob, carol, dave, deployer } = s.accounts;
      const where = s.addresses.processRegistry;
      const what = PERMISSION.PROCESS_ADMIN;
      const list = async () => [...(await s.acl.permissionHolders(where, what, 0, 10))];
      for (const who of [alice, bob, carol, dave]) {
        await (await s.acl.grantPermission(who.address, where, what, NO_EXPIRY)).wait();
      }
      expect(await list()).to.deep.equal([deployer, alice, bob, carol, dave].map((a) => a.address));
      await (await s.acl.revokePermission(bob.address, where, what)).wait(); // the last holder takes its place
      expect(await list()).to.deep.equal([deployer, alice, dave, carol].map((a) => a.address));
      await (await s.acl.revokePermission(dave.address, where, what)).wait(); // the moved holder
      expect(await list()).to.deep.equal([deployer, alice, carol].map((a) => a.address));
      await (await s.acl.connect(carol).renouncePermission(where, what)).wait(); // the last one
      await (await s.acl.grantPermission(bob.address, where, what, NO_EXPIRY)).wait();
      await (await s.acl.revokePermission(deployer.address, where, what)).wait(); // the first one
      expect(await list()).to.deep.equal([bob, alice].map((a) => a.address));
      expect(await s.acl.permissionHolderCount(where, what)).to.equal(2n);
      for (const who of [carol, dave, deployer]) {
        expect(await s.acl.hasPermission(who.address, where, what)).to.equal(false);
        await expect(s.acl.revokePermission(who.address, where, what))
          .to.be.revertedWithCustomError(s.acl, "ACLNotGranted")
          .withArgs(who.address, where, what);
      }
      for (const who of [alice, bob]) expect(await s.acl.hasPermission(who.address, where, what)).to.equal(true);
      await (await s.acl.revokePermission(alice.address, where, what)).wait();
      await (await s.acl.revokePermission(bob.address, where, what)).wait();
      expect(await list()).to.deep.equal([]);
    });

    it("is empty for a permission never created", async function () {
      const s = await loadFixture(systemFixture);
      expect(await s.acl.permissionHolderCount(s.addresses.nyn, NEW_PERMISSION)).to.equal(0n);
      expect(await s.acl.permissionHolders(s.addresses.nyn, NEW_PERMISSION, 0, 10)).to.deep.equal([]);
    });
  });

  describe("permissionsOf (what may this account do)", function () {
    it("lists every permission an account holds with its expiry, a page at a time, and drops revoked ones", async function () {
      const s = await loadFixture(systemFixture);
      const { alice } = s.accounts;
      const grants = [
        { where: s.addresses.processRegistry, what: PERMISSION.PROCESS_ADMIN },
        { where: s.addresses.processRegistry, what: PERMISSION.REGISTER_PROGRAM },
        { where: s.addresses.nyn, what: NEW_PERMISSION },
      ];
      await (
        await s.acl.createPermission(s.accounts.deployer.address, s.addresses.nyn, NEW_PERMISSION, s.accounts.deployer)
      ).wait();
      expect(await s.acl.permissionCountOf(alice.address)).to.equal(0n);
      expect(await s.acl.permissionsOf(alice.address, 0, 10)).to.deep.equal([]);
      const expiry = BigInt(await time.latest()) + 1000n;
      for (const [i, g] of grants.entries()) {
        await (await s.acl.grantPermission(alice.address, g.where, g.what, i === 2 ? expiry : NO_EXPIRY)).wait();
      }
      const rows = (list: { where: string; what: string; expiry: bigint }[]) =>
        list.map((h) => [h.where, h.what, h.expiry]);
      const want = grants.map((g, i) => [g.where, g.what, i === 2 ? expiry : NO_EXPIRY]);
      expect(await s.acl.permissionCountOf(alice.address)).to.equal(3n);
      expect(rows(await s.acl.permissionsOf(alice.address, 0, 10))).to.deep.equal(want);
      expect(rows(await s.acl.permissionsOf(alice.address, 1, 1))).to.deep.equal([want[1]]);
      expect(rows(await s.acl.permissionsOf(alice.address, 2, ethers.MaxUint256))).to.deep.equal([want[2]]);
      expect(await s.acl.permissionsOf(alice.address, 3, 1)).to.deep.equal([]);
      // Revoking the first moves the last into its place (swap-and-pop), and the moved grant can be revoked next.
      await (await s.acl.revokePermission(alice.address, grants[0].where, grants[0].what)).wait();
      expect(rows(await s.acl.permissionsOf(alice.address, 0, 10))).to.deep.equal([want[2], want[1]]);
      await (await s.acl.connect(alice).renouncePermission(grants[2].where, grants[2].what)).wait();
      expect(rows(await s.acl.permissionsOf(alice.address, 0, 10))).to.deep.equal([want[1]]);
      expect(await s.acl.permissionCountOf(alice.address)).to.equal(1n);
    });

    it("keeps an expired grant listed (with its past expiry) until it is removed, and a renewal does not list it twice", async function () {
      const s = await loadFixture(systemFixture);
      const { alice, deployer } = s.accounts;
      const where = s.addresses.nyn;
      const what = NEW_PERMISSION;
      await (await s.acl.createPermission(deployer.address, where, what, deployer.address)).wait();
      const expiry = BigInt(await time.latest()) + 100n;
      await (await s.acl.grantPermission(alice.address, where, what, expiry)).wait();
      await time.increaseTo(expiry + 1n);
      expect(await s.acl.hasPermission(alice.address, where, what)).to.equal(false);
      expect((await s.acl.permissionsOf(alice.address, 0, 10)).map((h) => h.expiry)).to.deep.equal([expiry]);
      await (await s.acl.grantPermission(alice.address, where, what, NO_EXPIRY)).wait();
      expect((await s.acl.permissionsOf(alice.address, 0, 10)).map((h) => h.expiry)).to.deep.equal([NO_EXPIRY]);
      expect(await s.acl.permissionCountOf(alice.address)).to.equal(1n);
    });

    it("lists the grants to everyone under ANY_ENTITY", async function () {
      const s = await loadFixture(systemFixture);
      const { deployer } = s.accounts;
      const where = s.addresses.nyn;
      await (await s.acl.createPermission(deployer.address, where, NEW_PERMISSION, deployer.address)).wait();
      await (await s.acl.grantPermission(ANY_ENTITY, where, NEW_PERMISSION, NO_EXPIRY)).wait();
      const list = await s.acl.permissionsOf(ANY_ENTITY, 0, 10);
      expect(list.map((h) => [h.where, h.what])).to.deep.equal([[where, NEW_PERMISSION]]);
    });
  });

  describe("permissions (every permission of the table)", function () {
    it("lists each permission once, in creation order, with its manager, holder count and level", async function () {
      const s = await loadFixture(systemFixture);
      const total = await s.acl.permissionCount();
      const all = await s.acl.permissions(0, total);
      expect(all.length).to.equal(Number(total));
      expect([all[0].where, all[0].what]).to.deep.equal([s.addresses.kernel, PERMISSION.ROOT]);
      expect(new Set(all.map((p) => `${p.where}:${p.what}`)).size).to.equal(all.length);
      for (const p of all) {
        expect(p.manager).to.equal(await s.acl.getPermissionManager(p.where, p.what));
        expect(p.holderCount).to.equal(await s.acl.permissionHolderCount(p.where, p.what));
        expect(p.rootLevel).to.equal(await s.acl.isRootLevel(p.where, p.what));
      }
      await (
        await s.acl.createPermission(s.accounts.alice.address, s.addresses.nyn, NEW_PERMISSION, s.accounts.bob)
      ).wait();
      expect(await s.acl.permissionCount()).to.equal(total + 1n);
      const [created] = await s.acl.permissions(total, 5);
      expect([created.where, created.what, created.manager, created.holderCount, created.rootLevel]).to.deep.equal([
        s.addresses.nyn,
        NEW_PERMISSION,
        s.accounts.bob.address,
        1n,
        false,
      ]);
      expect(await s.acl.permissions(total + 1n, 5)).to.deep.equal([]);
    });
  });

  describe("isRootLevel", function () {
    it("is true for the kernel, the ACL and the permissions deploySystem protects", async function () {
      const s = await loadFixture(systemFixture);
      expect(await s.acl.isRootLevel(s.addresses.kernel, NEW_PERMISSION)).to.equal(true);
      expect(await s.acl.isRootLevel(s.addresses.acl, NEW_PERMISSION)).to.equal(true);
      expect(await s.acl.isRootLevel(s.addresses.processRegistry, PERMISSION.PROCESS_ADMIN)).to.equal(true);
      expect(await s.acl.isRootLevel(s.addresses.nyn, PERMISSION.MINT)).to.equal(true);
      expect(await s.acl.isRootLevel(s.addresses.nyn, NEW_PERMISSION)).to.equal(false);
      expect(await s.acl.isRootLevel(s.addresses.processRegistry, PERMISSION.REGISTER_PROGRAM)).to.equal(false);
    });
  });

  describe("protectPermission", function () {
    it("makes a permission root-level for good and emits PermissionProtected", async function () {
      const s = await loadFixture(systemFixture);
      const { deployer, alice } = s.accounts;
      await (await s.acl.createPermission(alice.address, s.addresses.nyn, NEW_PERMISSION, deployer.address)).wait();
      await expect(s.acl.protectPermission(s.addresses.nyn, NEW_PERMISSION))
        .to.emit(s.acl, "PermissionProtected")
        .withArgs(s.addresses.nyn, NEW_PERMISSION);
      expect(await s.acl.isRootLevel(s.addresses.nyn, NEW_PERMISSION)).to.equal(true);
      await expect(s.acl.grantPermission(ANY_ENTITY, s.addresses.nyn, NEW_PERMISSION, NO_EXPIRY))
        .to.be.revertedWithCustomError(s.acl, "ACLWildcardRootPermission")
        .withArgs(s.addresses.nyn, NEW_PERMISSION);
      const expiry = BigInt(await time.latest()) + 3600n;
      await expect(s.acl.grantPermission(s.accounts.bob.address, s.addresses.nyn, NEW_PERMISSION, expiry))
        .to.be.revertedWithCustomError(s.acl, "ACLExpiringRootPermission")
        .withArgs(s.addresses.nyn, NEW_PERMISSION, expiry);
    });

    it("refuses MINT to ANY_ENTITY on the deployed system", async function () {
      const s = await loadFixture(systemFixture);
      await expect(s.acl.grantPermission(ANY_ENTITY, s.addresses.nyn, PERMISSION.MINT, NO_EXPIRY))
        .to.be.revertedWithCustomError(s.acl, "ACLWildcardRootPermission")
        .withArgs(s.addresses.nyn, PERMISSION.MINT);
    });

    it("reverts with ACLUnauthorized for anyone but root", async function () {
      const s = await loadFixture(systemFixture);
      const { mallory } = s.accounts;
      await expect(s.acl.connect(mallory).protectPermission(s.addresses.nyn, PERMISSION.MINT))
        .to.be.revertedWithCustomError(s.acl, "ACLUnauthorized")
        .withArgs(mallory.address, s.addresses.kernel, PERMISSION.ROOT);
    });

    it("reverts with ACLPermissionMissing for a permission never created", async function () {
      const s = await loadFixture(systemFixture);
      await expect(s.acl.protectPermission(s.addresses.nyn, NEW_PERMISSION))
        .to.be.revertedWithCustomError(s.acl, "ACLPermissionMissing")
        .withArgs(s.addresses.nyn, NEW_PERMISSION);
    });

    it("reverts with ACLWildcardRootPermission while a wildcard grant exists", async function () {
      const s = await loadFixture(systemFixture);
      const { deployer, alice } = s.accounts;
      await (await s.acl.createPermission(alice.address, s.addresses.nyn, NEW_PERMISSION, deployer.address)).wait();
      await (await s.acl.grantPermission(ANY_ENTITY, s.addresses.nyn, NEW_PERMISSION, NO_EXPIRY)).wait();
      await expect(s.acl.protectPermission(s.addresses.nyn, NEW_PERMISSION))
        .to.be.revertedWithCustomError(s.acl, "ACLWildcardRootPermission")
        .withArgs(s.addresses.nyn, NEW_PERMISSION);
    });
  });

  describe("grantCapability", function () {
    it("lets the owner grant a capability and emits CapabilityGranted", async function () {
      const s = await loadFixture(processFixture);
      const { alice, bob } = s.accounts;
      const expiry = BigInt(await time.latest()) + 3600n;
      await expect(s.acl.connect(alice).grantCapability(1, bob.address, INCREMENT, expiry))
        .to.emit(s.acl, "CapabilityGranted")
        .withArgs(1n, bob.address, INCREMENT, expiry);
      expect(await s.acl.hasCapability(1, bob.address, INCREMENT)).to.equal(true);
      expect(await s.acl.capabilityExpiry(1, bob.address, INCREMENT)).to.equal(expiry);
      expect(await s.acl.capabilityExpiryAt(1, 0, bob.address, INCREMENT)).to.equal(expiry);
      expect(await s.acl.hasCapability(2, bob.address, INCREMENT)).to.equal(false);
      expect(await s.acl.hasCapability(1, bob.address, ethers.id("OTHER_CAPABILITY"))).to.equal(false);
    });

    it("replaces an earlier grant to the same account", async function () {
      const s = await loadFixture(processFixture);
      const { alice, bob } = s.accounts;
      await (await s.acl.connect(alice).grantCapability(1, bob.address, INCREMENT, NO_EXPIRY)).wait();
      const shorter = BigInt(await time.latest()) + 60n;
      await (await s.acl.connect(alice).grantCapability(1, bob.address, INCREMENT, shorter)).wait();
      expect(await s.acl.capabilityExpiry(1, bob.address, INCREMENT)).to.equal(shorter);
    });

    it("counts the owner as capable without a grant", async function () {
      const s = await loadFixture(processFixture);
      expect(await s.acl.hasCapability(1, s.accounts.alice.address, INCREMENT)).to.equal(true);
      expect(await s.acl.capabilityExpiry(1, s.accounts.alice.address, INCREMENT)).to.equal(0n);
    });

    it("reverts with ACLNotProcessOwner for anyone but the owner", async function () {
      const s = await loadFixture(processFixture);
      const { alice, mallory } = s.accounts;
      await expect(s.acl.connect(mallory).grantCapability(1, mallory.address, INCREMENT, NO_EXPIRY))
        .to.be.revertedWithCustomError(s.acl, "ACLNotProcessOwner")
        .withArgs(1n, mallory.address, alice.address);
    });

    it("reverts with ACLZeroAddress for a zero grantee", async function () {
      const s = await loadFixture(processFixture);
      await expect(s.acl.connect(s.accounts.alice).grantCapability(1, ethers.ZeroAddress, INCREMENT, NO_EXPIRY))
        .to.be.revertedWithCustomError(s.acl, "ACLZeroAddress")
        .withArgs("who");
    });

    it("reverts with ACLExpiryInPast for an expiry not after now", async function () {
      const s = await loadFixture(processFixture);
      const now = await pinNextTimestamp();
      await expect(s.acl.connect(s.accounts.alice).grantCapability(1, s.accounts.bob.address, INCREMENT, now))
        .to.be.revertedWithCustomError(s.acl, "ACLExpiryInPast")
        .withArgs(now, now);
    });

    it("reverts with ProcessRegistryUnknownProcess for an unknown PID", async function () {
      const s = await loadFixture(processFixture);
      await expect(s.acl.connect(s.accounts.alice).grantCapability(99, s.accounts.bob.address, INCREMENT, NO_EXPIRY))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryUnknownProcess")
        .withArgs(99n);
    });

    it("reverts with ACLProcessTerminated for a killed process or a child of one", async function () {
      const s = await loadFixture(processFixture);
      const { alice, bob } = s.accounts;
      await (await s.registry.connect(alice).kill(1)).wait();
      for (const pid of [1n, 2n]) {
        await expect(s.acl.connect(alice).grantCapability(pid, bob.address, INCREMENT, NO_EXPIRY))
          .to.be.revertedWithCustomError(s.acl, "ACLProcessTerminated")
          .withArgs(pid);
      }
    });

    it("reverts with KernelPaused while the kernel is paused", async function () {
      const s = await loadFixture(processFixture);
      await (await s.kernel.connect(s.accounts.guardian).pause()).wait();
      await expect(
        s.acl.connect(s.accounts.alice).grantCapability(1, s.accounts.bob.address, INCREMENT, NO_EXPIRY),
      ).to.be.revertedWithCustomError(s.kernel, "KernelPaused");
    });
  });

  describe("hasCapability", function () {
    it("is valid at the expiry second and invalid one second after", async function () {
      const s = await loadFixture(processFixture);
      const { alice, bob } = s.accounts;
      const expiry = BigInt(await time.latest()) + 1000n;
      await (await s.acl.connect(alice).grantCapability(1, bob.address, INCREMENT, expiry)).wait();
      await time.setNextBlockTimestamp(expiry);
      await expect(s.counter1.connect(bob).increment())
        .to.emit(s.counter1, "Incremented")
        .withArgs(1n, bob.address, 1n);
      expect(await s.acl.hasCapability(1, bob.address, INCREMENT)).to.equal(true);
      await time.setNextBlockTimestamp(expiry + 1n);
      await expect(s.counter1.connect(bob).increment())
        .to.be.revertedWithCustomError(s.counter1, "KernelProcessMissingCapability")
        .withArgs(1n, bob.address, INCREMENT);
      expect(await s.acl.hasCapability(1, bob.address, INCREMENT)).to.equal(false);
    });

    it("lapses when the process changes owner, and does not come back when it returns", async function () {
      const s = await loadFixture(processFixture);
      const { alice, bob, carol } = s.accounts;
      await (await s.acl.connect(alice).grantCapability(1, bob.address, INCREMENT, NO_EXPIRY)).wait();
      await (await s.registry.connect(alice).transferProcessOwnership(1, carol.address)).wait();
      expect(await s.acl.hasCapability(1, bob.address, INCREMENT)).to.equal(false);
      expect(await s.acl.capabilityExpiry(1, bob.address, INCREMENT)).to.equal(0n);
      expect(await s.acl.capabilityExpiryAt(1, 0, bob.address, INCREMENT)).to.equal(NO_EXPIRY);
      expect(await s.acl.hasCapability(1, carol.address, INCREMENT)).to.equal(true);
      expect(await s.acl.hasCapability(1, alice.address, INCREMENT)).to.equal(false);
      await expect(s.counter1.connect(bob).increment())
        .to.be.revertedWithCustomError(s.counter1, "KernelProcessMissingCapability")
        .withArgs(1n, bob.address, INCREMENT);
      await (await s.registry.connect(carol).transferProcessOwnership(1, alice.address)).wait();
      expect(await s.acl.hasCapability(1, bob.address, INCREMENT)).to.equal(false);
    });

    it("is void for every account once the process is killed", async function () {
      const s = await loadFixture(processFixture);
      const { alice, bob } = s.accounts;
      await (await s.acl.connect(alice).grantCapability(1, bob.address, INCREMENT, NO_EXPIRY)).wait();
      await (await s.acl.connect(alice).grantCapability(2, bob.address, INCREMENT, NO_EXPIRY)).wait();
      await (await s.registry.connect(alice).kill(2)).wait();
      expect(await s.acl.hasCapability(2, bob.address, INCREMENT)).to.equal(false);
      expect(await s.acl.hasCapability(2, alice.address, INCREMENT)).to.equal(false);
      expect(await s.acl.hasCapability(1, bob.address, INCREMENT)).to.equal(true);
    });

    it("is void on a child once an ancestor is killed", async function () {
      const s = await loadFixture(processFixture);
      const { alice, bob } = s.accounts;
      await (await s.acl.connect(alice).grantCapability(2, bob.address, INCREMENT, NO_EXPIRY)).wait();
      await (await s.registry.connect(alice).kill(1)).wait();
      expect(await s.acl.hasCapability(2, bob.address, INCREMENT)).to.equal(false);
      expect(await s.acl.hasCapability(2, alice.address, INCREMENT)).to.equal(false);
      expect(await s.acl.hasCapability(1, alice.address, INCREMENT)).to.equal(false);
    });

    it("reverts with ProcessRegistryUnknownProcess for an unknown PID", async function () {
      const s = await loadFixture(processFixture);
      await expect(s.acl.hasCapability(99, s.accounts.bob.address, INCREMENT))
        .to.be.revertedWithCustomError(s.registry, "ProcessRegistryUnknownProcess")
        .withArgs(99n);
    });
  });

  describe("revokeCapability", function () {
    it("lets the owner revoke and emits CapabilityRevoked", async function () {
      const s = await loadFixture(processFixture);
      const { alice, bob } = s.accounts;
      await (await s.acl.connect(alice).grantCapability(1, bob.address, INCREMENT, NO_EXPIRY)).wait();
      await expect(s.acl.connect(alice).revokeCapability(1, bob.address, INCREMENT))
        .to.emit(s.acl, "CapabilityRevoked")
        .withArgs(1n, bob.address, INCREMENT, alice.address);
      expect(await s.acl.hasCapability(1, bob.address, INCREMENT)).to.equal(false);
      expect(await s.acl.capabilityExpiry(1, bob.address, INCREMENT)).to.equal(0n);
    });

    it("reverts with ACLNotProcessOwner for anyone but the owner", async function () {
      const s = await loadFixture(processFixture);
      const { alice, bob, mallory } = s.accounts;
      await (await s.acl.connect(alice).grantCapability(1, bob.address, INCREMENT, NO_EXPIRY)).wait();
      await expect(s.acl.connect(mallory).revokeCapability(1, bob.address, INCREMENT))
        .to.be.revertedWithCustomError(s.acl, "ACLNotProcessOwner")
        .withArgs(1n, mallory.address, alice.address);
      expect(await s.acl.hasCapability(1, bob.address, INCREMENT)).to.equal(true);
    });

    it("reverts with ACLCapabilityNotGranted for an account without the capability", async function () {
      const s = await loadFixture(processFixture);
      const { alice, bob } = s.accounts;
      await expect(s.acl.connect(alice).revokeCapability(1, bob.address, INCREMENT))
        .to.be.revertedWithCustomError(s.acl, "ACLCapabilityNotGranted")
        .withArgs(1n, bob.address, INCREMENT);
    });

    it("works while the kernel is paused", async function () {
      const s = await loadFixture(processFixture);
      const { alice, bob } = s.accounts;
      await (await s.acl.connect(alice).grantCapability(1, bob.address, INCREMENT, NO_EXPIRY)).wait();
      await (await s.kernel.connect(s.accounts.guardian).pause()).wait();
      await expect(s.acl.connect(alice).revokeCapability(1, bob.address, INCREMENT)).to.emit(
        s.acl,
        "CapabilityRevoked",
      );
      expect(await s.acl.hasCapability(1, bob.address, INCREMENT)).to.equal(false);
    });
  });

  describe("renounceCapability", function () {
    it("lets a holder give up a capability and emits CapabilityRevoked with itself as revoker", async function () {
      const s = await loadFixture(processFixture);
      const { alice, bob } = s.accounts;
      await (await s.acl.connect(alice).grantCapability(1, bob.address, INCREMENT, NO_EXPIRY)).wait();
      await expect(s.acl.connect(bob).renounceCapability(1, INCREMENT))
        .to.emit(s.acl, "CapabilityRevoked")
        .withArgs(1n, bob.address, INCREMENT, bob.address);
      expect(await s.acl.hasCapability(1, bob.address, INCREMENT)).to.equal(false);
    });

    it("reverts with ACLCapabilityNotGranted for a non-holder", async function () {
      const s = await loadFixture(processFixture);
      const { mallory } = s.accounts;
      await expect(s.acl.connect(mallory).renounceCapability(1, INCREMENT))
        .to.be.revertedWithCustomError(s.acl, "ACLCapabilityNotGranted")
        .withArgs(1n, mallory.address, INCREMENT);
    });

    it("works while the kernel is paused", async function () {
      const s = await loadFixture(processFixture);
      const { alice, bob } = s.accounts;
      await (await s.acl.connect(alice).grantCapability(1, bob.address, INCREMENT, NO_EXPIRY)).wait();
      await (await s.kernel.connect(s.accounts.guardian).pause()).wait();
      await expect(s.acl.connect(bob).renounceCapability(1, INCREMENT)).to.emit(s.acl, "CapabilityRevoked");
    });
  });
});

describe("ACL storage layout (the typed grant and capability words keep the former slots and bits)", function () {
  // ERC-7201 nyn.storage.ACL: slot 0 = grants (mapping).
  const BASE = 0x925e0d24409ee56c16c036bdecf1f96f4a2bad0f5f95b236c8c2805f16de0a00n;

  it("stores a grant as expiry | position << 64 | accountPosition << 96 | conditional << 128 | minBalance << 136", async function () {
    const s = await loadFixture(systemFixture);
    const { alice, bob } = s.accounts;
    const where = s.addresses.processRegistry;
    await (await s.acl.createPermission(alice.address, where, NEW_PERMISSION, s.accounts.deployer.address)).wait();
    const expiry = (await pinNextTimestamp()) + 1000n;
    const minBalance = 123n * 10n ** 18n;
    await (await s.acl.grantPermissionWithMinBalance(bob.address, where, NEW_PERMISSION, expiry, minBalance)).wait();
    const coder = ethers.AbiCoder.defaultAbiCoder();
    const grantKey = ethers.keccak256(
      coder.encode(["address", "address", "bytes32"], [bob.address, where, NEW_PERMISSION]),
    );
    const slot = ethers.keccak256(coder.encode(["bytes32", "uint256"], [grantKey, BASE]));
    const word = BigInt(await ethers.provider.getStorage(s.addresses.acl, slot));
    const accountPosition = await s.acl.permissionCountOf(bob.address); // bob's latest grant
    expect(word).to.equal(expiry | (2n << 64n) | (accountPosition << 96n) | (1n << 128n) | (minBalance << 136n));
  });

  it("stores a capability as expiry, or conditional << 64 | conditionalExpiry << 96 | minBalance << 160", async function () {
    const s = await loadFixture(processFixture);
    const { alice, bob, carol } = s.accounts;
    const coder = ethers.AbiCoder.defaultAbiCoder();
    const slotOf = (who: string) =>
      ethers.keccak256(
        coder.encode(
          ["bytes32", "uint256"],
          [
            ethers.keccak256(coder.encode(["uint256", "uint32", "address", "bytes32"], [1n, 0n, who, INCREMENT])),
            BASE + 3n,
          ],
        ),
      );
    const at = async (who: string) => BigInt(await ethers.provider.getStorage(s.addresses.acl, slotOf(who)));
    const expiry = (await pinNextTimestamp()) + 1000n;
    await (await s.acl.connect(alice).grantCapability(1, bob.address, INCREMENT, expiry)).wait();
    expect(await at(bob.address)).to.equal(expiry);
    const minBalance = 5n * 10n ** 18n;
    await (
      await s.acl.connect(alice).grantCapabilityWithMinBalance(1, carol.address, INCREMENT, expiry, minBalance)
    ).wait();
    expect(await at(carol.address)).to.equal((1n << 64n) | (expiry << 96n) | (minBalance << 160n));
  });
});
