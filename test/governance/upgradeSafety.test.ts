import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { governanceFixture } from "./helpers";
import {
  assertImplementationLocked,
  assertUpgradeSafe,
  formatRetyped,
  identifyImplementation,
  parseRetyped,
  prepareModuleUpgrade,
  resolveModule,
  UnsafeUpgradeError,
} from "../../lib/upgradeSafety";
import { MODULE } from "../../lib/ids";
import { ProcessRegistryV2__factory } from "../../typechain-types";

describe("upgradeSafety", function () {
  describe("assertUpgradeSafe", function () {
    it("accepts ProcessRegistryV2 against ProcessRegistry (new state in its own ERC-7201 namespace)", async function () {
      await assertUpgradeSafe(hre, "ProcessRegistry", "ProcessRegistryV2");
    });

    it("refuses a V2 whose namespaced storage is reordered and retyped, naming each change", async function () {
      const error = await assertUpgradeSafe(hre, "ProcessRegistry", "ProcessRegistryV2Incompatible").then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(UnsafeUpgradeError);
      const details = (error as UnsafeUpgradeError).details;
      expect(details).to.match(/New storage layout is incompatible/);
      expect(details).to.match(/Deleted `processCount`/);
      expect(details).to.match(/Upgraded `programs` to an incompatible type/);
    });

    describe("a member retyped without moving a bit (ADR 0009: a struct that became a typed word)", function () {
      const RECORDS = { member: "records", from: "struct RetypedWordV1.Record", to: "RecordWord" };
      const refusal = (p: Promise<unknown>) =>
        p.then(
          () => expect.fail("accepted"),
          (e: unknown) => e as UnsafeUpgradeError,
        );

      it("is refused by default: upgrades-core sees an incompatible type", async function () {
        const error = await refusal(assertUpgradeSafe(hre, "RetypedWordV1", "RetypedWordV2"));
        expect(error).to.be.instanceOf(UnsafeUpgradeError);
        expect(error.details).to.match(/Upgraded `records` to an incompatible type/);
        expect(error.retypes, "the retypes a caller may list").to.deep.equal([RECORDS]);
      });

      it("is accepted when exactly that retype is listed, and returns it", async function () {
        expect(await assertUpgradeSafe(hre, "RetypedWordV1", "RetypedWordV2", { retyped: [RECORDS] })).to.deep.equal([
          RECORDS,
        ]);
        expect(await assertUpgradeSafe(hre, "ProcessRegistry", "ProcessRegistryV2")).to.deep.equal([]);
      });

      it("stays refused when the listed retype names another member or other types", async function () {
        for (const wrong of [
          { ...RECORDS, member: "count" },
          { ...RECORDS, from: "struct Other.Record" },
          { ...RECORDS, to: "OtherWord" },
        ]) {
          const error = await refusal(assertUpgradeSafe(hre, "RetypedWordV1", "RetypedWordV2", { retyped: [wrong] }));
          expect(error, JSON.stringify(wrong)).to.be.instanceOf(UnsafeUpgradeError);
          expect(error.retypes, JSON.stringify(wrong)).to.deep.equal([RECORDS]);
        }
      });

      it("does not hide another storage change next to the listed retype", async function () {
        const error = await refusal(
          assertUpgradeSafe(hre, "RetypedWordV1", "RetypedWordBad", {
            retyped: [{ ...RECORDS, to: "RecordWordBad" }],
          }),
        );
        expect(error).to.be.instanceOf(UnsafeUpgradeError);
        expect(error.details).to.match(/Inserted `inserted`/);
        expect(error.retypes, "not only retypes: nothing to list").to.equal(undefined);
      });

      it("covers a struct whose packed slot became a typed word (the dispute record's shape): listed, accepted", async function () {
        const STRUCT = {
          member: "records",
          from: "struct RetypedWordV1.Record",
          to: "struct RetypedStructV2.StoredRecord",
        };
        const error = await refusal(assertUpgradeSafe(hre, "RetypedWordV1", "RetypedStructV2"));
        expect(error.details).to.match(/In struct RetypedStructV2\.StoredRecord[\s\S]*Deleted `expiry`/);
        expect(error.retypes, "one retype, the struct's member differences nested under it").to.deep.equal([STRUCT]);
        expect(await assertUpgradeSafe(hre, "RetypedWordV1", "RetypedStructV2", { retyped: [STRUCT] })).to.deep.equal([
          STRUCT,
        ]);
        expect(parseRetyped(formatRetyped(STRUCT))).to.deep.equal([STRUCT]);
        await refusal(assertUpgradeSafe(hre, "RetypedWordV1", "RetypedStructV2", { retyped: [RECORDS] }));
      });

      it("reads and writes a listing as `member: from -> to`, several separated by ';', and refuses another form", function () {
        const two = "records: struct RetypedWordV1.Record -> RecordWord; value: uint256 -> TestValue";
        const parsed = parseRetyped(two);
        expect(parsed).to.deep.equal([RECORDS, { member: "value", from: "uint256", to: "TestValue" }]);
        expect(parsed.map(formatRetyped).join("; ")).to.equal(two);
        expect(parseRetyped(" value :uint256->TestValue ;")).to.deep.equal([
          { member: "value", from: "uint256", to: "TestValue" },
        ]);
        for (const bad of ["value uint256 TestValue", "value: uint256", ": uint256 -> TestValue", "value: -> X", ";"]) {
          expect(() => parseRetyped(bad), bad).to.throw(/is not a retype|no retype listed/);
        }
      });
    });

    it("refuses an implementation with a delegatecall", async function () {
      const error = await assertUpgradeSafe(hre, "ProcessRegistry", "ProcessRegistryV2Delegatecall").then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(UnsafeUpgradeError);
      expect((error as UnsafeUpgradeError).details).to.match(/Use of delegatecall is not allowed/);
    });
  });

  describe("identifyImplementation", function () {
    it("names the artifact of the code the kernel runs, immutables masked", async function () {
      const s = await loadFixture(governanceFixture);
      expect(await identifyImplementation(hre, await s.kernel.moduleImplementation(MODULE.PROCESS_REGISTRY))).to.equal(
        "contracts/kernel/ProcessRegistry.sol:ProcessRegistry",
      );
      expect(await identifyImplementation(hre, await s.kernel.moduleImplementation(MODULE.ACL))).to.equal(
        "contracts/kernel/ACL.sol:ACL",
      );
    });

    it("refuses code that no contract of this build produces", async function () {
      const s = await loadFixture(governanceFixture);
      const impl = await s.kernel.moduleImplementation(MODULE.PROCESS_REGISTRY);
      await hre.network.provider.send("hardhat_setCode", [impl, "0x6001600055"]);
      await expect(identifyImplementation(hre, impl)).to.be.rejectedWith(
        UnsafeUpgradeError,
        /matches no contract of this build/,
      );
    });
  });

  describe("assertImplementationLocked", function () {
    it("accepts an implementation whose constructor called _disableInitializers", async function () {
      const s = await loadFixture(governanceFixture);
      await assertImplementationLocked(hre, await s.kernel.moduleImplementation(MODULE.PROCESS_REGISTRY));
    });

    it("refuses a contract whose initializer is not locked", async function () {
      const s = await loadFixture(governanceFixture);
      // The proxy itself was initialised (version 1), not locked: as an implementation it could be initialised.
      await expect(assertImplementationLocked(hre, s.addresses.processRegistry)).to.be.rejectedWith(
        UnsafeUpgradeError,
        /is not locked \(initialized version 1\)/,
      );
    });
  });

  describe("prepareModuleUpgrade", function () {
    it("validates, deploys and returns the code hash to pin", async function () {
      const s = await loadFixture(governanceFixture);
      const plan = await prepareModuleUpgrade(hre, {
        kernel: s.kernel,
        module: "PROCESS_REGISTRY",
        contract: "ProcessRegistryV2",
      });
      expect(plan.moduleId).to.equal(MODULE.PROCESS_REGISTRY);
      expect(plan.referenceContract).to.equal("contracts/kernel/ProcessRegistry.sol:ProcessRegistry");
      expect(plan.newContract).to.equal("contracts/upgrades/ProcessRegistryV2.sol:ProcessRegistryV2");
      expect(plan.codeHash).to.equal(hre.ethers.keccak256(await hre.ethers.provider.getCode(plan.newImplementation)));
      // Built for this kernel (its one constructor argument), as the module's upgrade check requires.
      const built = ProcessRegistryV2__factory.connect(plan.newImplementation, hre.ethers.provider);
      expect(await built.implementationKernel()).to.equal(s.addresses.kernel);
    });

    it("refuses to guess constructor arguments other than the kernel", async function () {
      const s = await loadFixture(governanceFixture);
      const error = await prepareModuleUpgrade(hre, {
        kernel: s.kernel,
        module: "GasMeter",
        contract: "GasMeter",
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(UnsafeUpgradeError);
      expect((error as Error).message).to.match(/give its constructor arguments/);
    });

    it("refuses a given address whose code is not the validated contract", async function () {
      const s = await loadFixture(governanceFixture);
      await expect(
        prepareModuleUpgrade(hre, {
          kernel: s.kernel,
          module: "ProcessRegistry",
          contract: "ProcessRegistryV2",
          implementation: s.addresses.implementations.ProcessRegistry,
        }),
      ).to.be.rejectedWith(
        UnsafeUpgradeError,
        /is contracts\/kernel\/ProcessRegistry.sol:ProcessRegistry, not the validated/,
      );
    });

    it("refuses an incompatible V2 before deploying anything", async function () {
      const s = await loadFixture(governanceFixture);
      const nonce = await hre.ethers.provider.getTransactionCount(s.accounts.deployer.address);
      await expect(
        prepareModuleUpgrade(hre, {
          kernel: s.kernel,
          module: "ProcessRegistry",
          contract: "ProcessRegistryV2Incompatible",
        }),
      ).to.be.rejectedWith(UnsafeUpgradeError, /unsafe upgrade/);
      expect(await hre.ethers.provider.getTransactionCount(s.accounts.deployer.address)).to.equal(nonce);
    });

    it("refuses a module that is not installed", async function () {
      const s = await loadFixture(governanceFixture);
      await expect(
        prepareModuleUpgrade(hre, {
          kernel: s.kernel,
          module: hre.ethers.id("nyn.module.not-installed"),
          contract: "ProcessRegistryV2",
        }),
      ).to.be.rejectedWith(UnsafeUpgradeError, /not installed/);
    });
  });

  describe("resolveModule", function () {
    it("accepts CamelCase, UPPER_SNAKE and ids", async function () {
      expect((await resolveModule("ProcessRegistry")).moduleId).to.equal(MODULE.PROCESS_REGISTRY);
      expect((await resolveModule("PROCESS_REGISTRY")).moduleId).to.equal(MODULE.PROCESS_REGISTRY);
      expect((await resolveModule(MODULE.ACL)).moduleName).to.equal("ACL");
      await expect(resolveModule("Nope")).to.be.rejectedWith(/unknown module/);
    });
  });
});
