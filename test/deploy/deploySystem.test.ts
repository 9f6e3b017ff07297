import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { systemFixture, deployWith } from "../fixtures/system";
import { MODULE, PERMISSION } from "../../deploy/ids";

describe("deploySystem", function () {
  describe("permission table", function () {
    it("leaves each permission with exactly the holders and manager it meant to", async function () {
      const s = await loadFixture(systemFixture);
      for (const row of s.permissions) {
        const count = await s.acl.permissionHolderCount(row.where, row.what);
        const holders = await s.acl.permissionHolders(row.where, row.what, 0, count);
        expect([...holders].sort(), `${row.whereName}.${row.whatName}`).to.deep.equal([...row.holders].sort());
        expect(await s.acl.getPermissionManager(row.where, row.what)).to.equal(row.manager);
      }
    });

    it("gives the guardian PAUSE and nothing else", async function () {
      const s = await loadFixture(systemFixture);
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
        expect(await s.acl.hasPermission(deployer.address, row.where, row.what), `${row.whereName}.${row.whatName}`).to.equal(false);
        expect(await s.acl.getPermissionManager(row.where, row.what)).to.not.equal(deployer.address);
      }
      expect(await s.kernel.isRoot(alice.address)).to.equal(true);
      expect(await s.kernel.isRoot(deployer.address)).to.equal(false);
    });
  });

  describe("modules", function () {
    it("installs the ACL, the process registry and the gas meter behind proxies", async function () {
      const s = await loadFixture(systemFixture);
      expect(await s.kernel.moduleAddress(MODULE.ACL)).to.equal(s.addresses.acl);
      expect(await s.kernel.moduleAddress(MODULE.PROCESS_REGISTRY)).to.equal(s.addresses.processRegistry);
      expect(await s.kernel.moduleImplementation(MODULE.ACL)).to.equal(s.addresses.implementations.ACL);
      expect(await s.kernel.moduleAddress(MODULE.GAS_METER)).to.equal(s.addresses.gasMeter);
      expect(await s.kernel.moduleCount()).to.equal(3n);
    });

    it("registers the sample program with its code hash pinned", async function () {
      const s = await loadFixture(systemFixture);
      const program = await s.registry.program(s.programs.Counter);
      expect(program.implementation).to.equal(s.addresses.implementations.Counter);
      const code = await hre.ethers.provider.getCode(program.implementation);
      expect(program.codeHash).to.equal(hre.ethers.keccak256(code));
    });
  });

  describe("NYN allocations", function () {
    it("mints the configured initial supply to the configured holders", async function () {
      const s = await loadFixture(systemFixture);
      expect(await s.nyn.balanceOf(s.accounts.alice.address)).to.equal(hre.ethers.parseEther("10000000"));
      expect(await s.nyn.balanceOf(s.accounts.bob.address)).to.equal(0n);
      expect(await s.nyn.totalSupply()).to.equal(hre.ethers.parseEther("112000000"));
    });
  });
});
