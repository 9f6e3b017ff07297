import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { systemFixture } from "../fixtures/system";
import { assertImplementationLocked, assertUpgradeSafe } from "../../lib/upgradeSafety";

/** A factory of `name`'s bytecode without its constructor inputs (module implementations take their kernel). */
async function factoryOf(name: string) {
  const factory = await hre.ethers.getContractFactory(name);
  const fragments = factory.interface.fragments.filter((f) => f.type !== "constructor");
  return new hre.ethers.ContractFactory(fragments, factory.bytecode, factory.runner);
}

/** Every upgradeable module the deploy installs, and the V2 the DAO can upgrade to. */
const MODULES = ["ACL", "ProcessRegistry", "GasMeter", "Marketplace", "JobBoard", "NameService", "ProcessRegistryV2"];

describe("Upgrade safety of every module (OpenZeppelin upgrades-core, kind uups)", function () {
  describe("validateImplementation", function () {
    for (const name of MODULES) {
      it(`accepts ${name} as a UUPS implementation`, async function () {
        await hre.upgrades.validateImplementation(await factoryOf(name), { kind: "uups" });
      });
    }

    it("refuses an implementation that delegatecalls (ProcessRegistryV2Delegatecall)", async function () {
      await expect(
        hre.upgrades.validateImplementation(await factoryOf("ProcessRegistryV2Delegatecall"), { kind: "uups" }),
      ).to.be.rejectedWith(/delegatecall/i);
    });
  });

  describe("validateUpgrade", function () {
    for (const name of MODULES) {
      it(`accepts ${name} upgraded to a build with the same layout`, async function () {
        await assertUpgradeSafe(hre, name, name);
      });
    }

    it("accepts ProcessRegistry → ProcessRegistryV2 and refuses the reordered, retyped V2", async function () {
      await assertUpgradeSafe(hre, "ProcessRegistry", "ProcessRegistryV2");
      await expect(assertUpgradeSafe(hre, "ProcessRegistry", "ProcessRegistryV2Incompatible")).to.be.rejectedWith(
        /unsafe upgrade/,
      );
    });
  });

  describe("deployed implementations", function () {
    it("are locked: their initializers can never run on the implementation itself", async function () {
      const s = await loadFixture(systemFixture);
      const impls = s.addresses.implementations;
      for (const name of ["ACL", "ProcessRegistry", "GasMeter", "Marketplace", "JobBoard", "NameService"]) {
        expect(impls[name], name).to.be.properAddress;
        await assertImplementationLocked(hre, impls[name]);
      }
    });
  });
});
