import { expect } from "chai";
import hre from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { processFixture, systemFixture } from "../fixtures/system";
import { MODULE } from "../../lib/ids";
import { IProcessRegistry__factory } from "../../typechain-types";
import { codeHashOf } from "../../lib/codeHash";

const { ethers } = hre;
const node = (name: string) => ethers.namehash(name);
const ZERO = ethers.ZeroAddress;

/** The system, Alice's Counter PID 1 and its child PID 2, alice.nyn claimed by Alice. */
async function namedFixture() {
  const s = await processFixture();
  await (await s.names.connect(s.accounts.alice).claim("alice")).wait();
  return s;
}

describe("NameService", function () {
  describe("installation", function () {
    it("is the kernel's sixth module, rooted at nyn (EIP-137 namehash), fee 0, treasury the root", async function () {
      const s = await systemFixture();
      expect(await s.kernel.moduleAddress(MODULE.NAME_SERVICE)).to.equal(s.addresses.nameService);
      expect(await s.kernel.moduleIds(5, 1)).to.deep.equal([MODULE.NAME_SERVICE]);
      expect(await s.names.rootName()).to.equal("nyn");
      expect(await s.names.rootNode()).to.equal(node("nyn"));
      expect(await s.names.fee()).to.equal(0n);
      expect(await s.names.treasury()).to.equal(s.roles.root);
      expect(await s.names.supportsInterface("0x3b3b57de")).to.equal(true); // ENS addr(bytes32)
      expect(await s.names.supportsInterface("0x01ffc9a7")).to.equal(true);
      expect(await s.names.supportsInterface("0xffffffff")).to.equal(false);
      expect(await s.names.childNode(node("nyn"), "alice")).to.equal(node("alice.nyn"));
    });
  });

  describe("construction", function () {
    it("refuses a zero token, a kernel without a process registry, and a zero treasury (NameServiceZeroAddress)", async function () {
      const s = await loadFixture(systemFixture);
      const { deployer } = s.accounts;
      const factory = await ethers.getContractFactory("NameService", deployer);
      await expect(factory.deploy(s.addresses.kernel, ZERO)).to.be.revertedWithCustomError(
        factory,
        "NameServiceZeroAddress",
      );
      // A kernel with its ACL only: no process registry installed yet.
      const acl = await (await ethers.getContractFactory("ACL", deployer)).deploy(ZERO);
      const bare = await (
        await ethers.getContractFactory("Kernel", deployer)
      ).deploy(deployer.address, await acl.getAddress(), s.addresses.forwarder);
      await expect(factory.deploy(await bare.getAddress(), s.addresses.nyn)).to.be.revertedWithCustomError(
        factory,
        "NameServiceZeroAddress",
      );
      // Installed with a zero treasury: the initializer refuses, so the install reverts and installs nothing.
      const impl = await factory.deploy(s.addresses.kernel, s.addresses.nyn);
      const implAddress = await impl.getAddress();
      const other = ethers.id("nyn.module.names-2");
      await expect(
        s.kernel.installModule(
          other,
          implAddress,
          await codeHashOf(implAddress),
          impl.interface.encodeFunctionData("initialize", [ZERO, "nyn"]),
        ),
      ).to.be.revertedWithCustomError(impl, "NameServiceZeroAddress");
      expect(await s.kernel.moduleAddress(other)).to.equal(ZERO);
    });
  });

  describe("claim", function () {
    it("gives a free account name to the caller: addr, owner, primary name and the events", async function () {
      const s = await systemFixture();
      const { alice } = s.accounts;
      await expect(s.names.connect(alice).claim("alice"))
        .to.emit(s.names, "NameClaimed")
        .withArgs(node("alice.nyn"), "alice.nyn", alice.address, 0n)
        .and.to.emit(s.names, "AddrChanged")
        .withArgs(node("alice.nyn"), alice.address)
        .and.to.emit(s.names, "ReverseNameSet")
        .withArgs(alice.address, node("alice.nyn"));
      expect(await s.names.addr(node("alice.nyn"))).to.equal(alice.address);
      expect(await s.names.owner(node("alice.nyn"))).to.equal(alice.address);
      expect(await s.names.name(alice.address)).to.equal("alice.nyn");
      expect(await s.names.pidOf(node("alice.nyn"))).to.equal(0n);
      const r = await s.names.record(node("alice.nyn"));
      expect([r.name, r.parent, r.owner, r.addr, r.pid, r.live]).to.deep.equal([
        "alice.nyn",
        node("nyn"),
        alice.address,
        alice.address,
        0n,
        true,
      ]);
    });

    it("is first come, first served: a taken name reverts with NameServiceTaken", async function () {
      const s = await namedFixture();
      await expect(s.names.connect(s.accounts.bob).claim("alice"))
        .to.be.revertedWithCustomError(s.names, "NameServiceTaken")
        .withArgs(node("alice.nyn"), s.accounts.alice.address);
    });

    it("keeps an existing primary name when the caller claims a second name", async function () {
      const s = await namedFixture();
      await expect(s.names.connect(s.accounts.alice).claim("alice2")).to.not.emit(s.names, "ReverseNameSet");
      expect(await s.names.name(s.accounts.alice.address)).to.equal("alice.nyn");
      expect(await s.names.addr(node("alice2.nyn"))).to.equal(s.accounts.alice.address);
    });

    for (const [label, position] of [
      ["Alice", 0],
      ["al_ce", 2],
      ["-bob", 0],
      ["bob-", 3],
      ["bob.x", 3],
      ["bób", 1],
    ] as const) {
      it(`refuses the label "${label}" naming the bad position ${position}`, async function () {
        const s = await systemFixture();
        await expect(s.names.connect(s.accounts.bob).claim(label))
          .to.be.revertedWithCustomError(s.names, "NameServiceInvalidLabel")
          .withArgs(label, position);
      });
    }

    it("refuses labels shorter than 3 or longer than 32 bytes, and accepts the bounds", async function () {
      const s = await systemFixture();
      for (const label of ["ab", "", "a".repeat(33)]) {
        await expect(s.names.claim(label))
          .to.be.revertedWithCustomError(s.names, "NameServiceLabelLength")
          .withArgs(label, label.length, 3n, 32n);
      }
      await s.names.claim("abc");
      await s.names.claim("a".repeat(32));
      await s.names.claim("a-1");
      expect(await s.names.addr(node("a".repeat(32) + ".nyn"))).to.equal(s.accounts.deployer.address);
    });

    it("charges the governed fee in NYN to the treasury; the fee is capped at 1,000 NYN", async function () {
      const s = await systemFixture();
      const { alice, deployer, mallory } = s.accounts;
      const fee = ethers.parseEther("5");
      await expect(s.names.connect(mallory).setFee(fee))
        .to.be.revertedWithCustomError(s.acl, "ACLUnauthorized")
        .withArgs(mallory.address, s.addresses.nameService, ethers.id("SET_NAME_FEE_PERMISSION"));
      await expect(s.names.setFee(ethers.parseEther("1000.000000000000000001")))
        .to.be.revertedWithCustomError(s.names, "NameServiceFeeTooHigh")
        .withArgs(ethers.parseEther("1000.000000000000000001"), ethers.parseEther("1000"));
      await expect(s.names.setFee(fee)).to.emit(s.names, "NameFeeChanged").withArgs(0n, fee);
      await s.nyn.transfer(alice.address, fee);
      await expect(s.names.connect(alice).claim("alice")).to.be.revertedWithCustomError(
        s.nyn,
        "ERC20InsufficientAllowance",
      );
      await s.nyn.connect(alice).approve(s.addresses.nameService, fee);
      const tx = s.names.connect(alice).claim("alice");
      await expect(tx).to.changeTokenBalances(s.nyn, [alice, deployer], [-fee, fee]);
      await expect(tx).to.emit(s.names, "NameClaimed").withArgs(node("alice.nyn"), "alice.nyn", alice.address, fee);
    });

    it("is refused while the kernel is paused", async function () {
      const s = await systemFixture();
      await s.kernel.connect(s.accounts.guardian).pause();
      await expect(s.names.claim("alice")).to.be.revertedWithCustomError(s.kernel, "KernelPaused");
    });
  });

  describe("nameProcess", function () {
    it("names a process the caller owns under the caller's name: addr = instance, reverse = the name", async function () {
      const s = await namedFixture();
      const { alice } = s.accounts;
      const instance = await s.registry.instanceOf(1);
      await expect(s.names.connect(alice).nameProcess(node("alice.nyn"), "counter", 1))
        .to.emit(s.names, "ProcessNamed")
        .withArgs(node("counter.alice.nyn"), "counter.alice.nyn", 1n, instance, node("alice.nyn"), alice.address)
        .and.to.emit(s.names, "ReverseNameSet")
        .withArgs(instance, node("counter.alice.nyn"));
      expect(await s.names.addr(node("counter.alice.nyn"))).to.equal(instance);
      expect(await s.names.pidOf(node("counter.alice.nyn"))).to.equal(1n);
      expect(await s.names.owner(node("counter.alice.nyn"))).to.equal(alice.address);
      expect(await s.names.name(instance)).to.equal("counter.alice.nyn");
    });

    it("refuses a parent name the caller does not own, or that is not an account name", async function () {
      const s = await namedFixture();
      const { alice, bob } = s.accounts;
      await expect(s.names.connect(bob).nameProcess(node("alice.nyn"), "counter", 1))
        .to.be.revertedWithCustomError(s.names, "NameServiceNotNameOwner")
        .withArgs(node("alice.nyn"), bob.address, alice.address);
      await expect(s.names.connect(alice).nameProcess(node("nobody.nyn"), "counter", 1))
        .to.be.revertedWithCustomError(s.names, "NameServiceNotAccountName")
        .withArgs(node("nobody.nyn"));
      await s.names.connect(alice).nameProcess(node("alice.nyn"), "counter", 1);
      await expect(s.names.connect(alice).nameProcess(node("counter.alice.nyn"), "child", 2))
        .to.be.revertedWithCustomError(s.names, "NameServiceNotAccountName")
        .withArgs(node("counter.alice.nyn"));
    });

    it("refuses a process the caller does not own, a terminated one, and an unknown PID", async function () {
      const s = await namedFixture();
      const { alice, bob } = s.accounts;
      await s.names.connect(bob).claim("bob");
      await expect(s.names.connect(bob).nameProcess(node("bob.nyn"), "stolen", 1))
        .to.be.revertedWithCustomError(s.names, "NameServiceNotProcessOwner")
        .withArgs(1n, bob.address, alice.address);
      await s.registry.connect(alice).kill(2);
      await expect(s.names.connect(alice).nameProcess(node("alice.nyn"), "child", 2))
        .to.be.revertedWithCustomError(s.names, "NameServiceProcessTerminated")
        .withArgs(2n);
      const registryErrors = IProcessRegistry__factory.connect(s.addresses.processRegistry, alice);
      await expect(s.names.connect(alice).nameProcess(node("alice.nyn"), "ghost", 99))
        .to.be.revertedWithCustomError(registryErrors, "ProcessRegistryUnknownProcess")
        .withArgs(99n);
    });

    it("refuses a name that still resolves, and checks the label", async function () {
      const s = await namedFixture();
      const { alice } = s.accounts;
      await s.names.connect(alice).nameProcess(node("alice.nyn"), "counter", 1);
      await expect(s.names.connect(alice).nameProcess(node("alice.nyn"), "counter", 2))
        .to.be.revertedWithCustomError(s.names, "NameServiceTaken")
        .withArgs(node("counter.alice.nyn"), alice.address);
      await expect(s.names.connect(alice).nameProcess(node("alice.nyn"), "Counter", 2))
        .to.be.revertedWithCustomError(s.names, "NameServiceInvalidLabel")
        .withArgs("Counter", 0n);
    });

    it("releases a killed process's name lazily: it resolves to nothing and the parent's owner names it again", async function () {
      const s = await namedFixture();
      const { alice } = s.accounts;
      await s.names.connect(alice).nameProcess(node("alice.nyn"), "counter", 2);
      const first = await s.registry.instanceOf(2);
      await s.registry.connect(alice).kill(1); // kills 2 through its parent (cascade)
      expect(await s.names.addr(node("counter.alice.nyn"))).to.equal(ZERO);
      expect(await s.names.pidOf(node("counter.alice.nyn"))).to.equal(0n);
      expect(await s.names.owner(node("counter.alice.nyn"))).to.equal(ZERO);
      expect(await s.names.name(first)).to.equal("");
      await s.registry.connect(alice).spawn(s.programs.Counter, "0x", 0); // PID 3
      await s.names.connect(alice).nameProcess(node("alice.nyn"), "counter", 3);
      expect(await s.names.pidOf(node("counter.alice.nyn"))).to.equal(3n);
      expect(await s.names.addr(node("counter.alice.nyn"))).to.equal(await s.registry.instanceOf(3));
    });

    it("stops resolving when the process changes owner (ownership generation)", async function () {
      const s = await namedFixture();
      const { alice, bob } = s.accounts;
      await s.names.connect(alice).nameProcess(node("alice.nyn"), "counter", 1);
      await s.registry.connect(alice).transferProcessOwnership(1, bob.address);
      expect(await s.names.addr(node("counter.alice.nyn"))).to.equal(ZERO);
      expect((await s.names.record(node("counter.alice.nyn"))).live).to.equal(false);
    });

    it("releaseProcessName: only the parent's owner releases; the name stops resolving", async function () {
      const s = await namedFixture();
      const { alice, bob } = s.accounts;
      await s.names.connect(alice).nameProcess(node("alice.nyn"), "counter", 1);
      await expect(s.names.connect(bob).releaseProcessName(node("counter.alice.nyn")))
        .to.be.revertedWithCustomError(s.names, "NameServiceNotNameOwner")
        .withArgs(node("alice.nyn"), bob.address, alice.address);
      await expect(s.names.connect(alice).releaseProcessName(node("alice.nyn")))
        .to.be.revertedWithCustomError(s.names, "NameServiceNotProcessName")
        .withArgs(node("alice.nyn"));
      await expect(s.names.connect(alice).releaseProcessName(node("counter.alice.nyn")))
        .to.emit(s.names, "ProcessNameReleased")
        .withArgs(node("counter.alice.nyn"), 1n, alice.address);
      expect(await s.names.addr(node("counter.alice.nyn"))).to.equal(ZERO);
      await s.names.connect(alice).nameProcess(node("alice.nyn"), "counter", 2);
      expect(await s.names.pidOf(node("counter.alice.nyn"))).to.equal(2n);
    });
  });

  describe("transferName / acceptName", function () {
    it("moves an account name in two steps, with the new owner's consent; process names follow", async function () {
      const s = await namedFixture();
      const { alice, bob, carol } = s.accounts;
      await s.names.connect(alice).nameProcess(node("alice.nyn"), "counter", 1);
      await expect(s.names.connect(bob).transferName(node("alice.nyn"), bob.address))
        .to.be.revertedWithCustomError(s.names, "NameServiceNotNameOwner")
        .withArgs(node("alice.nyn"), bob.address, alice.address);
      await expect(s.names.connect(alice).transferName(node("alice.nyn"), bob.address))
        .to.emit(s.names, "NameTransferStarted")
        .withArgs(node("alice.nyn"), alice.address, bob.address);
      expect(await s.names.owner(node("alice.nyn"))).to.equal(alice.address); // not before acceptance
      await expect(s.names.connect(carol).acceptName(node("alice.nyn")))
        .to.be.revertedWithCustomError(s.names, "NameServiceNotPendingOwner")
        .withArgs(node("alice.nyn"), carol.address, bob.address);
      await expect(s.names.connect(bob).acceptName(node("alice.nyn")))
        .to.emit(s.names, "NameTransferred")
        .withArgs(node("alice.nyn"), alice.address, bob.address)
        .and.to.emit(s.names, "AddrChanged")
        .withArgs(node("alice.nyn"), bob.address);
      expect(await s.names.addr(node("alice.nyn"))).to.equal(bob.address);
      expect(await s.names.owner(node("counter.alice.nyn"))).to.equal(bob.address);
      expect(await s.names.name(alice.address)).to.equal(""); // the primary-name check: no longer resolves back
      expect(await s.names.name(bob.address)).to.equal("");
      await expect(s.names.connect(bob).acceptName(node("alice.nyn")))
        .to.be.revertedWithCustomError(s.names, "NameServiceNotPendingOwner")
        .withArgs(node("alice.nyn"), bob.address, ZERO);
    });

    it("a proposal can be withdrawn (to zero)", async function () {
      const s = await namedFixture();
      const { alice, bob } = s.accounts;
      await s.names.connect(alice).transferName(node("alice.nyn"), bob.address);
      await s.names.connect(alice).transferName(node("alice.nyn"), ZERO);
      await expect(s.names.connect(bob).acceptName(node("alice.nyn")))
        .to.be.revertedWithCustomError(s.names, "NameServiceNotPendingOwner")
        .withArgs(node("alice.nyn"), bob.address, ZERO);
    });
  });

  describe("setName (reverse records, EIP-181)", function () {
    it("accepts only a name that resolves to the caller; zero clears", async function () {
      const s = await namedFixture();
      const { alice, bob } = s.accounts;
      await expect(s.names.connect(bob).setName(node("alice.nyn")))
        .to.be.revertedWithCustomError(s.names, "NameServiceNotResolvingToCaller")
        .withArgs(node("alice.nyn"), bob.address, alice.address);
      await s.names.connect(alice).claim("alice-two");
      await expect(s.names.connect(alice).setName(node("alice-two.nyn")))
        .to.emit(s.names, "ReverseNameSet")
        .withArgs(alice.address, node("alice-two.nyn"));
      expect(await s.names.name(alice.address)).to.equal("alice-two.nyn");
      await s.names.connect(alice).setName(ethers.ZeroHash);
      expect(await s.names.name(alice.address)).to.equal("");
    });
  });
});
