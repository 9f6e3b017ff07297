import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deployedFixture, deployWith } from "../fixtures/system";
import { MODULE, PERMISSION } from "../../lib/ids";
import { expectedGovernanceRoles, readGovernanceRoles } from "../../deploy/permissions";
import { expectNoPowers } from "../governance/helpers";
import { LOCAL_CONFIG } from "../../deploy/config";
import { NYNVestingWallet__factory } from "../../typechain-types";
import { SYSTEM_PERMISSIONS } from "../../ignition/modules/System";

describe("deploySystem", function () {
  describe("permission table", function () {
    it("leaves each permission with exactly the holders and manager it meant to", async function () {
      const s = await loadFixture(deployedFixture);
      for (const row of s.permissions) {
        const count = await s.acl.permissionHolderCount(row.where, row.what);
        const holders = await s.acl.permissionHolders(row.where, row.what, 0, count);
        expect([...holders].sort(), `${row.whereName}.${row.whatName}`).to.deep.equal([...row.holders].sort());
        expect(await s.acl.getPermissionManager(row.where, row.what)).to.equal(row.manager);
      }
    });

    it("is exactly the ACL's permission list: every permission created is declared, every declared one created and protected as declared", async function () {
      const s = await loadFixture(deployedFixture);
      const key = (where: string, what: string) => `${where.toLowerCase()}/${what}`;
      const live = await s.acl.permissions(0, await s.acl.permissionCount());
      expect(live.map((p) => key(p.where, p.what)).sort()).to.deep.equal(
        s.permissions.map((r) => key(r.where, r.what)).sort(),
      );
      const rootLevel = new Map(live.map((p) => [key(p.where, p.what), p.rootLevel]));
      const addresses = s.addresses as unknown as Record<string, string>;
      for (const declared of SYSTEM_PERMISSIONS) {
        for (const row of declared.rows) {
          expect(
            rootLevel.get(key(addresses[declared.address], PERMISSION[row.what])),
            `${declared.where}.${row.what}`,
          ).to.equal(row.protect);
        }
      }
    });

    it("gives the guardian PAUSE and nothing else", async function () {
      const s = await loadFixture(deployedFixture);
      const g = s.accounts.guardian.address;
      expect(await s.acl.hasPermission(g, s.addresses.kernel, PERMISSION.PAUSE)).to.equal(true);
      expect(await s.acl.hasPermission(g, s.addresses.kernel, PERMISSION.ROOT)).to.equal(false);
      expect(await s.acl.hasPermission(g, s.addresses.processRegistry, PERMISSION.PROCESS_ADMIN)).to.equal(false);
      expect(await s.acl.hasPermission(g, s.addresses.nyn, PERMISSION.MINT)).to.equal(false);
    });

    it("hands every power to a separate root and leaves the deployer none", async function () {
      const [deployer, , alice] = await hre.ethers.getSigners();
      const s = await deployWith({ root: alice.address });
      for (const row of s.permissions) {
        expect(
          await s.acl.hasPermission(deployer.address, row.where, row.what),
          `${row.whereName}.${row.whatName}`,
        ).to.equal(false);
        expect(await s.acl.getPermissionManager(row.where, row.what)).to.not.equal(deployer.address);
      }
      expect(await s.kernel.isRoot(alice.address)).to.equal(true);
      expect(await s.kernel.isRoot(deployer.address)).to.equal(false);
    });
  });

  describe("modules", function () {
    it("installs the ACL, the process registry, the gas meter, the market and the name service behind proxies", async function () {
      const s = await loadFixture(deployedFixture);
      expect(await s.kernel.moduleAddress(MODULE.ACL)).to.equal(s.addresses.acl);
      expect(await s.kernel.moduleAddress(MODULE.PROCESS_REGISTRY)).to.equal(s.addresses.processRegistry);
      expect(await s.kernel.moduleImplementation(MODULE.ACL)).to.equal(s.addresses.implementations.ACL);
      expect(await s.kernel.moduleAddress(MODULE.GAS_METER)).to.equal(s.addresses.gasMeter);
      expect(await s.kernel.moduleAddress(MODULE.MARKETPLACE)).to.equal(s.addresses.marketplace);
      expect(await s.kernel.moduleAddress(MODULE.JOB_BOARD)).to.equal(s.addresses.jobBoard);
      expect(await s.kernel.moduleAddress(MODULE.NAME_SERVICE)).to.equal(s.addresses.nameService);
      expect(await s.kernel.moduleCount()).to.equal(6n); // ACL, ProcessRegistry, GasMeter, Marketplace, JobBoard, names
    });

    it("registers the sample program with its code hash pinned", async function () {
      const s = await loadFixture(deployedFixture);
      const program = await s.registry.program(s.programs.Counter);
      expect(program.implementation).to.equal(s.addresses.implementations.Counter);
      const code = await hre.ethers.provider.getCode(program.implementation);
      expect(program.codeHash).to.equal(hre.ethers.keccak256(code));
    });
  });

  describe("governance", function () {
    it("D10 deployer-residue: leaves the deployer no role, no admin, no upgrade right, no timelock role and no NYN", async function () {
      const s = await loadFixture(deployedFixture);
      const d = s.accounts.deployer.address;
      await expectNoPowers(s, d);
      expect(await s.nyn.balanceOf(d)).to.equal(0n);
      const impl = s.addresses.implementations.ProcessRegistry;
      const hash = hre.ethers.keccak256(await hre.ethers.provider.getCode(impl));
      await expect(s.kernel.upgradeModule(MODULE.PROCESS_REGISTRY, impl, hash, "0x"))
        .to.be.revertedWithCustomError(s.kernel, "KernelUnauthorized")
        .withArgs(d, PERMISSION.ROOT);
      await expect(s.registry.upgradeToAndCall(impl, "0x"))
        .to.be.revertedWithCustomError(s.registry, "KernelModuleOnlyKernel")
        .withArgs(d);
      await expect(s.timelock.grantRole(await s.timelock.PROPOSER_ROLE(), d))
        .to.be.revertedWithCustomError(s.timelock, "AccessControlUnauthorizedAccount")
        .withArgs(d, await s.timelock.DEFAULT_ADMIN_ROLE());
    });

    it("makes the timelock the kernel's only root and the holder of the NYN treasury", async function () {
      const s = await loadFixture(deployedFixture);
      expect(s.roles.root).to.equal(s.addresses.timelock);
      expect(await s.acl.permissionHolders(s.addresses.kernel, PERMISSION.ROOT, 0, 10)).to.deep.equal([
        s.addresses.timelock,
      ]);
      expect(await s.acl.getPermissionManager(s.addresses.kernel, PERMISSION.ROOT)).to.equal(s.addresses.timelock);
      expect(await s.nyn.balanceOf(s.addresses.timelock)).to.equal(hre.ethers.parseEther("98000000"));
    });

    it("gives the governor the timelock's proposer, canceller and executor roles and the timelock its own admin", async function () {
      const s = await loadFixture(deployedFixture);
      const live = await readGovernanceRoles(s.timelock, s.governor, s.deployBlock);
      for (const row of expectedGovernanceRoles(s.addresses, { guardian: s.roles.guardian })) {
        expect(live[row.roleName], `${row.whereName}.${row.roleName}`).to.deep.equal(row.holders);
      }
      expect(await s.governor.timelock()).to.equal(s.addresses.timelock);
      expect(await s.governor.token()).to.equal(s.addresses.nyn);
    });
  });

  describe("NYN allocations", function () {
    it("mints the configured initial supply to the configured holders", async function () {
      const s = await loadFixture(deployedFixture);
      expect(await s.nyn.balanceOf(s.accounts.alice.address)).to.equal(hre.ethers.parseEther("10000000"));
      expect(await s.nyn.balanceOf(s.accounts.bob.address)).to.equal(0n);
      expect(await s.nyn.totalSupply()).to.equal(hre.ethers.parseEther("112000000"));
    });

    it("locks Carol's team allocation in a vesting wallet she owns, on the configured schedule", async function () {
      const s = await loadFixture(deployedFixture);
      const allocation = LOCAL_CONFIG.allocations.find((a) => a.vesting)!;
      const address = s.addresses.vestingWallets.carol;
      expect(address, "no vesting wallet recorded for carol").to.be.properAddress;
      const wallet = NYNVestingWallet__factory.connect(address, hre.ethers.provider);
      expect(await wallet.owner()).to.equal(s.accounts.carol.address);
      expect(await s.nyn.balanceOf(address)).to.equal(allocation.amount);
      expect(await wallet.start()).to.equal(allocation.vesting!.start);
      expect(await wallet.cliff()).to.equal(allocation.vesting!.start + allocation.vesting!.cliff);
      expect(await wallet.duration()).to.equal(allocation.vesting!.duration);
      expect(await s.nyn.delegates(address), "the wallet's votes are undelegated until Carol delegates").to.equal(
        hre.ethers.ZeroAddress,
      );
    });
  });
});
