import { expect } from "chai";
import hre from "hardhat";
import { impersonateAccount, loadFixture, setBalance } from "@nomicfoundation/hardhat-network-helpers";
import type { BaseContract, ContractTransactionResponse, Signer } from "ethers";
import type { System } from "../../deploy/deploySystem";
import { MODULE } from "../../lib/ids";
import { accounts } from "../fixtures/system";
import {
  IKernelModule,
  IKernelModule__factory,
  Kernel,
  Kernel__factory,
  ProcessRegistry__factory,
  TestModuleV2__factory,
} from "../../typechain-types";
import { codeHashOf } from "../../lib/codeHash";

const { ethers } = hre;

/** ERC-1967 implementation slot: `bytes32(uint256(keccak256("eip1967.proxy.implementation")) - 1)`. */
export const IMPLEMENTATION_SLOT = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";

/** The system as the kernel unit tests see it (deployer kept as root). */
export type TestSystem = System & { accounts: Awaited<ReturnType<typeof accounts>> };

/** What `shouldBehaveLikeKernelModule` needs to know about one module. */
export interface KernelModuleContext {
  s: TestSystem;
  /** The module's proxy, through its own typed binding (its errors, `InvalidInitialization` included). */
  module: BaseContract;
  /** Its id in the kernel's module table. */
  moduleId: string;
  /** What `version()` answers. */
  version: bigint;
  /** Built without a kernel (the ACL): `implementationKernel()` is zero and any kernel may install it. */
  kernelless?: boolean;
  /** Call the module's initializer on `target` (a proxy or an implementation) with valid arguments. */
  initialize(target: string, runner: Signer): Promise<ContractTransactionResponse>;
  /** The initializer's calldata (to install the module's current implementation on another kernel). */
  initData: string;
  /** Deploy an implementation of this module built for `kernel`; returns its address. */
  buildFor(kernel: Kernel): Promise<string>;
  /**
   * Send a call guarded by `whenKernelNotPaused` that succeeds while the kernel runs; it is sent at most twice in a
   * test (once reverting, once succeeding), so it may consume what it uses.
   */
  guardedCall(): Promise<ContractTransactionResponse>;
  /** The module mirrors the kernel's pause flag (`_onKernelPauseChanged` writes it): the hook alone pauses it. */
  mirrorsPause: boolean;
}

/**
 * A second kernel (deployer as root, the same ACL implementation) with a ProcessRegistry of its own, so that every
 * module type can be built for it (GasMeter and NameService read the registry in their constructors).
 */
export async function otherKernel(s: TestSystem): Promise<Kernel> {
  const { deployer } = s.accounts;
  const other = await new Kernel__factory(deployer).deploy(
    deployer.address,
    s.addresses.implementations.ACL,
    ethers.ZeroAddress,
  );
  const registry = await new ProcessRegistry__factory(deployer).deploy(await other.getAddress());
  const registryAddress = await registry.getAddress();
  await (
    await other.installModule(
      MODULE.PROCESS_REGISTRY,
      registryAddress,
      await codeHashOf(registryAddress),
      registry.interface.encodeFunctionData("initialize"),
    )
  ).wait();
  return other;
}

async function implementationOf(proxy: string): Promise<string> {
  return ethers.getAddress("0x" + (await ethers.provider.getStorage(proxy, IMPLEMENTATION_SLOT)).slice(26));
}

async function kernelSigner(s: TestSystem): Promise<Signer> {
  await impersonateAccount(s.addresses.kernel);
  await setBalance(s.addresses.kernel, ethers.parseEther("1"));
  return ethers.getSigner(s.addresses.kernel);
}

/**
 * The behaviour every kernel module inherits from `contracts/kernel/KernelModule.sol` (OpenZeppelin's
 * `shouldBehaveLikeERC20` pattern): initialised once, implementation locked, upgraded by its own kernel only and only
 * to an implementation built for that kernel, the kernel's pause hook, and the `IKernelModule` views.
 * @param getContext A fixture (a stable function, snapshotted by `loadFixture`) returning the module's context.
 */
export function shouldBehaveLikeKernelModule(getContext: () => Promise<KernelModuleContext>) {
  const load = () => loadFixture(getContext);
  const asModule = (c: KernelModuleContext, address?: string): IKernelModule =>
    IKernelModule__factory.connect(address ?? (c.module.target as string), c.s.accounts.deployer);

  describe("initialize (KernelModule)", function () {
    it("cannot be initialised a second time through the proxy (InvalidInitialization)", async function () {
      const c = await load();
      await expect(c.initialize(c.module.target as string, c.s.accounts.mallory)).to.be.revertedWithCustomError(
        c.module,
        "InvalidInitialization",
      );
      // The kernel itself cannot either.
      await expect(c.initialize(c.module.target as string, await kernelSigner(c.s))).to.be.revertedWithCustomError(
        c.module,
        "InvalidInitialization",
      );
    });

    it("locks its implementation: initializing it directly reverts (_disableInitializers)", async function () {
      const c = await load();
      const impl = await c.s.kernel.moduleImplementation(c.moduleId);
      await expect(c.initialize(impl, c.s.accounts.mallory)).to.be.revertedWithCustomError(
        c.module,
        "InvalidInitialization",
      );
      expect(await asModule(c, impl).kernel()).to.equal(ethers.ZeroAddress);
    });

    it("is installed only by the kernel it was built for (the ACL: by any kernel, it has none)", async function () {
      const c = await load();
      const other = await otherKernel(c.s);
      const impl = await c.s.kernel.moduleImplementation(c.moduleId);
      const install = other.installModule(ethers.id("nyn.module.behaviour"), impl, await codeHashOf(impl), c.initData);
      if (c.kernelless) {
        await expect(install).to.emit(other, "ModuleInstalled");
        const proxy = await other.moduleAddress(ethers.id("nyn.module.behaviour"));
        expect(await asModule(c, proxy).kernel()).to.equal(await other.getAddress());
      } else {
        // `KernelModuleOnlyKernel` (bubbled up through the other kernel's proxy deployment)
        const error = await install.then(
          () => expect.fail("installed by another kernel"),
          (e: { data?: string }) => c.module.interface.parseError(e.data ?? "0x"),
        );
        expect(error?.name).to.equal("KernelModuleOnlyKernel");
        expect(error?.args[0]).to.equal(await other.getAddress());
      }
    });
  });

  describe("upgradeToAndCall (KernelModule)", function () {
    it("reverts with KernelModuleOnlyKernel for any caller but its kernel, the root included", async function () {
      const c = await load();
      const fresh = await c.buildFor(c.s.kernel);
      for (const who of [c.s.accounts.mallory, c.s.accounts.deployer]) {
        await expect((c.module.connect(who) as BaseContract).getFunction("upgradeToAndCall")(fresh, "0x"))
          .to.be.revertedWithCustomError(c.module, "KernelModuleOnlyKernel")
          .withArgs(who.address);
      }
      expect(await implementationOf(c.module.target as string)).to.equal(
        await c.s.kernel.moduleImplementation(c.moduleId),
      );
    });

    it("is upgraded by its kernel's upgradeModule to a new build for the same kernel, state kept", async function () {
      const c = await load();
      const old = await c.s.kernel.moduleImplementation(c.moduleId);
      const fresh = await c.buildFor(c.s.kernel);
      await expect(c.s.kernel.upgradeModule(c.moduleId, fresh, await codeHashOf(fresh), "0x"))
        .to.emit(c.s.kernel, "ModuleUpgraded")
        .withArgs(c.moduleId, old, fresh);
      expect(await implementationOf(c.module.target as string)).to.equal(fresh);
      expect(await c.s.kernel.moduleImplementation(c.moduleId)).to.equal(fresh);
      expect(await asModule(c).kernel()).to.equal(c.s.addresses.kernel);
      expect(await asModule(c).version()).to.equal(c.version);
    });

    it("refuses an implementation built for another kernel (KernelModuleWrongKernel)", async function () {
      const c = await load();
      const other = await otherKernel(c.s);
      const otherAddress = await other.getAddress();
      // The ACL has no kernel: another build of it is no foreigner, but any module built for a kernel is.
      const foreign = c.kernelless
        ? await (await new TestModuleV2__factory(c.s.accounts.deployer).deploy(otherAddress)).getAddress()
        : await c.buildFor(other);
      await expect(c.s.kernel.upgradeModule(c.moduleId, foreign, await codeHashOf(foreign), "0x"))
        .to.be.revertedWithCustomError(c.module, "KernelModuleWrongKernel")
        .withArgs(foreign, otherAddress);
    });
  });

  describe("pause hook (KernelModule)", function () {
    it("accepts kernelPauseChanged from its kernel only (KernelModuleOnlyKernel)", async function () {
      const c = await load();
      for (const who of [c.s.accounts.mallory, c.s.accounts.guardian]) {
        await expect(asModule(c).connect(who).kernelPauseChanged(true))
          .to.be.revertedWithCustomError(c.module, "KernelModuleOnlyKernel")
          .withArgs(who.address);
      }
    });

    it("follows the guardian's pause: guarded calls revert with KernelPaused, then work after unpause", async function () {
      const c = await load();
      await (await c.s.kernel.connect(c.s.accounts.guardian).pause()).wait();
      await expect(c.guardedCall()).to.be.revertedWithCustomError(c.s.kernel, "KernelPaused");
      await (await c.s.kernel.connect(c.s.accounts.guardian).unpause()).wait();
      await expect(c.guardedCall()).to.not.be.reverted;
    });

    it("reacts to the hook as the module defines: a mirror pauses on the hook alone, others ask the kernel", async function () {
      const c = await load();
      await (
        await asModule(c)
          .connect(await kernelSigner(c.s))
          .kernelPauseChanged(true)
      ).wait();
      expect(await c.s.kernel.paused()).to.equal(false);
      if (c.mirrorsPause) {
        await expect(c.guardedCall()).to.be.revertedWithCustomError(c.s.kernel, "KernelPaused");
      } else {
        await expect(c.guardedCall()).to.not.be.reverted;
      }
    });
  });

  describe("views (IKernelModule)", function () {
    it("answers its kernel, the kernel its implementation was built for, and its version", async function () {
      const c = await load();
      const m = asModule(c);
      expect(await m.kernel()).to.equal(c.s.addresses.kernel);
      expect(await m.implementationKernel()).to.equal(c.kernelless ? ethers.ZeroAddress : c.s.addresses.kernel);
      expect(await m.version()).to.equal(c.version);
      expect(await c.s.kernel.moduleAddress(c.moduleId)).to.equal(c.module.target);
      expect(await c.s.kernel.moduleImplementation(c.moduleId)).to.equal(await implementationOf(m.target as string));
      const impl = asModule(c, await c.s.kernel.moduleImplementation(c.moduleId));
      expect(await impl.kernel()).to.equal(ethers.ZeroAddress); // the proxy's storage holds the binding, not the code
      expect(await impl.implementationKernel()).to.equal(await m.implementationKernel());
    });
  });
}
