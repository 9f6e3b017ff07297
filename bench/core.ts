import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { id, type ContractTransactionResponse, type Signer } from "ethers";
import { deploySystem, type System } from "../deploy/deploySystem";
import { KERNEL_TEST_CONFIG } from "../deploy/config";
import { NO_EXPIRY } from "../lib/ids";
import { spawn } from "../lib/spawn";
import {
  BatchGranter__factory,
  BatchSpawner__factory,
  BenchAccessControl__factory,
  BenchAccessControlEnumerable__factory,
  BenchAccessManaged__factory,
  BenchAccessManager__factory,
  BenchModule__factory,
  BenchProgram__factory,
  BenchVotesToken__factory,
  CloneAnchorFactory__factory,
} from "../typechain-types";
import type { BenchOp, BenchScaling } from "./types";
import { codeHashOfContract } from "../lib/codeHash";

/** Gas used by a sent transaction. */
export async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await tx).wait();
  return Number(receipt!.gasUsed);
}

/** A benchmark row; `ratio` is computed. */
export function row(op: string, ours: number, anchor = "", anchorGas = 0, goal?: BenchOp["goal"]): BenchOp {
  return { op, ours, anchor, anchorGas, ratio: anchorGas ? Number((ours / anchorGas).toFixed(4)) : 0, goal };
}

/**
 * The kernel-core operations (ACL, registry, NYN) against their OpenZeppelin anchors, and their scaling with the
 * number of processes and grants. Deploys a fresh system (root = deployer) on the current network.
 */
/**
 * Install the bench module (an ACL-checked function and its unchecked twin) in `s`'s kernel as `root` (the kernel's
 * root in the kernel test config), create its CALL_PERMISSION for `holder` (managed by `root`) and make one unchecked
 * call, so every measured call writes its counter non-zero to non-zero.
 * @returns The module connected as `holder`, and the permission id.
 */
export async function installBenchModule(s: System, root: Signer, holder: Signer) {
  const moduleId = id("nyn.module.bench");
  const impl = await new BenchModule__factory(root).deploy(s.addresses.kernel);
  await (
    await s.kernel
      .connect(root)
      .installModule(
        moduleId,
        await impl.getAddress(),
        await codeHashOfContract(impl),
        BenchModule__factory.createInterface().encodeFunctionData("initialize"),
      )
  ).wait();
  const benchModule = BenchModule__factory.connect(await s.kernel.moduleAddress(moduleId), holder);
  const CALL = id("CALL_PERMISSION");
  await (
    await s.acl
      .connect(root)
      .createPermission(await holder.getAddress(), await benchModule.getAddress(), CALL, await root.getAddress())
  ).wait();
  await (await benchModule.uncheckedCall()).wait(); // counter 0 -> 1
  return { benchModule, CALL };
}

/**
 * Register `BenchProgram` (a capability-checked and an unchecked function) as root and spawn one process of it for
 * `owner`: the bench's program subject.
 * @returns The process's PID, its instance (connected to `owner`), the program id and its implementation.
 */
export async function spawnBenchProgram(s: System, root: Signer, owner: Signer) {
  const programImpl = await new BenchProgram__factory(root).deploy(s.addresses.kernel);
  await (await s.registry.connect(root).registerProgram(await programImpl.getAddress(), "Bench", "1", "")).wait();
  const programId = Number(await s.registry.programCount());
  const { pid, instance } = await spawn(s.registry.connect(owner), programId);
  const program = BenchProgram__factory.connect(instance, owner);
  return { pid, program, programId, programImpl };
}

export async function benchCore(hre: HardhatRuntimeEnvironment): Promise<{ ops: BenchOp[]; scaling: BenchScaling[] }> {
  const { ethers } = hre;
  const [deployer, , alice, bob, carol, dave] = await ethers.getSigners();
  const s = await deploySystem(hre, KERNEL_TEST_CONFIG, { record: false });
  const ops: BenchOp[] = [];
  const scaling: BenchScaling[] = [];

  // --- subjects: a module with an ACL-checked function, a program with a capability-checked function
  const { benchModule, CALL } = await installBenchModule(s, deployer, alice);

  const { pid, program, programId, programImpl } = await spawnBenchProgram(s, deployer, alice);
  await (await s.acl.connect(alice).grantCapability(pid, bob.address, ethers.id("CALL_CAPABILITY"), NO_EXPIRY)).wait();
  await (await program.uncheckedCall()).wait();

  // --- anchors
  const ac = await new BenchAccessControl__factory(deployer).deploy();
  await (await ac.grantRole(await ac.CALLER_ROLE(), alice.address)).wait();
  await (await ac.connect(alice).uncheckedCall()).wait();
  const manager = await new BenchAccessManager__factory(deployer).deploy(deployer.address);
  const managed = await new BenchAccessManaged__factory(deployer).deploy(await manager.getAddress());
  const ROLE = 1n;
  await (
    await manager.setTargetFunctionRole(
      await managed.getAddress(),
      [managed.interface.getFunction("checkedCall").selector],
      ROLE,
    )
  ).wait();
  await (await manager.grantRole(ROLE, alice.address, 0)).wait();
  await (await managed.connect(alice).uncheckedCall()).wait();

  // permission-checked call overhead = checked − identical unchecked
  const oursModule = (await gasOf(benchModule.checkedCall())) - (await gasOf(benchModule.uncheckedCall()));
  const acOverhead = (await gasOf(ac.connect(alice).checkedCall())) - (await gasOf(ac.connect(alice).uncheckedCall()));
  const amOverhead =
    (await gasOf(managed.connect(alice).checkedCall())) - (await gasOf(managed.connect(alice).uncheckedCall()));
  ops.push(
    row(
      "permission-checked call overhead (module auth via ACL)",
      oursModule,
      "OZ AccessManager restricted",
      amOverhead,
      { maxGas: 5000 },
    ),
  );
  ops.push(
    row(
      "permission-checked call overhead (module auth via ACL) vs AccessControl",
      oursModule,
      "OZ AccessControl onlyRole",
      acOverhead,
      { maxGas: 5000 },
    ),
  );
  const unchecked = await gasOf(program.connect(bob).uncheckedCall());
  ops.push(row("process call overhead: onlyRunning", (await gasOf(program.connect(bob).runningCall())) - unchecked));
  ops.push(
    row(
      "process call overhead: onlyCapable (owner)",
      (await gasOf(program.connect(alice).capableCall())) - (await gasOf(program.connect(alice).uncheckedCall())),
    ),
  );
  ops.push(
    row(
      "process call overhead: onlyCapable (capability holder)",
      (await gasOf(program.connect(bob).capableCall())) - unchecked,
    ),
  );

  // grant a permission to a new member
  const grantOurs = await gasOf(s.acl.grantPermission(carol.address, await benchModule.getAddress(), CALL, NO_EXPIRY));
  const grantAm = await gasOf(manager.grantRole(ROLE, carol.address, 0));
  const grantAc = await gasOf(ac.grantRole(await ac.CALLER_ROLE(), carol.address));
  ops.push(row("grant a permission (new member)", grantOurs, "OZ AccessManager.grantRole", grantAm, { maxGas: 50000 }));
  ops.push(
    row("grant a permission (new member) vs AccessControl", grantOurs, "OZ AccessControl.grantRole", grantAc, {
      maxGas: 50000,
    }),
  );
  const ace = await new BenchAccessControlEnumerable__factory(deployer).deploy();
  await (await ace.grantRole(ethers.id("CALLER_ROLE"), alice.address)).wait(); // first member: set and array exist
  const grantAce = await gasOf(ace.grantRole(ethers.id("CALLER_ROLE"), carol.address));
  ops.push(
    row(
      "grant a permission (new member) vs AccessControlEnumerable",
      grantOurs,
      "OZ AccessControlEnumerable.grantRole",
      grantAce,
      { maxGas: 50000 },
    ),
  );
  // the same grant to an account that already holds a permission: the introspection index (permissionsOf) updates
  // the account's existing list word instead of starting one
  const CALL2 = ethers.id("CALL2_PERMISSION");
  await (await s.acl.createPermission(alice.address, await benchModule.getAddress(), CALL2, deployer.address)).wait();
  ops.push(
    row(
      "grant a permission (member already holding one)",
      await gasOf(s.acl.grantPermission(carol.address, await benchModule.getAddress(), CALL2, NO_EXPIRY)),
      "OZ AccessManager.grantRole",
      grantAm,
    ),
  );
  ops.push(
    row(
      "grant a process capability",
      await gasOf(s.acl.connect(alice).grantCapability(pid, carol.address, ethers.id("CALL_CAPABILITY"), NO_EXPIRY)),
    ),
  );

  // spawn
  const cloneFactory = await new CloneAnchorFactory__factory(deployer).deploy();
  await (await cloneFactory.create(0)).wait(); // count 0 -> 1, like the registry's PID counter
  const spawnOurs = await gasOf(s.registry.connect(alice).spawn(programId, "0x", 0));
  const spawnAnchor = await gasOf(cloneFactory.connect(alice).create(0));
  ops.push(row("spawn a process", spawnOurs, "OZ Clones.clone + 3-slot initializer", spawnAnchor, { maxGas: 160000 }));
  // Publishing a program (anyone, unverified) next to the DAO's registration (verified): the same record, one event less.
  const publishImpl = await programImpl.getAddress();
  ops.push(
    row(
      "publish a program (anyone, unverified)",
      await gasOf(s.registry.connect(carol).publishProgram(publishImpl, "Bench", "1.0.0", "ipfs://bench")),
      "registerProgram (the DAO's, verified)",
      await gasOf(s.registry.registerProgram(publishImpl, "Bench", "1.0.0", "ipfs://bench")),
    ),
  );
  // A new version of carol's program: the same record plus the two version links and one more event.
  const carolsProgram = Number(await s.registry.programCount()) - 1; // published by carol just above
  ops.push(
    row(
      "publish a new version of a program",
      await gasOf(s.registry.connect(carol).publishVersion(carolsProgram, publishImpl, "1.1.0", "ipfs://bench")),
      "publish a program (anyone, unverified)",
      await gasOf(s.registry.connect(carol).publishProgram(publishImpl, "Bench", "1.0.0", "ipfs://bench")),
    ),
  );
  ops.push(row("suspend a process", await gasOf(s.registry.connect(alice).suspend(pid))));
  ops.push(row("resume a process", await gasOf(s.registry.connect(alice).resume(pid))));

  // NYN transfer vs an unmodified OZ ERC20Votes token
  const anchorToken = await new BenchVotesToken__factory(deployer).deploy(alice.address, ethers.parseEther("1000000"));
  const amount = ethers.parseEther("1");
  for (const t of [s.nyn, anchorToken]) {
    await (await t.connect(alice).transfer(carol.address, ethers.parseEther("1000"))).wait();
    await (await t.connect(alice).transfer(dave.address, ethers.parseEther("1000"))).wait();
    await (await t.connect(alice).transfer(bob.address, ethers.parseEther("1000"))).wait();
    await (await t.connect(alice).delegate(alice.address)).wait();
    await (await t.connect(carol).delegate(carol.address)).wait();
  }
  const nynDelegated = await gasOf(s.nyn.connect(alice).transfer(carol.address, amount));
  const ancDelegated = await gasOf(anchorToken.connect(alice).transfer(carol.address, amount));
  ops.push(
    row("NYN transfer (both parties delegated)", nynDelegated, "OZ ERC20Votes transfer", ancDelegated, {
      maxRatio: 1.0,
    }),
  );
  const nynPlain = await gasOf(s.nyn.connect(dave).transfer(bob.address, amount));
  const ancPlain = await gasOf(anchorToken.connect(dave).transfer(bob.address, amount));
  ops.push(row("NYN transfer (neither delegated)", nynPlain, "OZ ERC20Votes transfer", ancPlain, { maxRatio: 1.0 }));
  const nynDelegate = await gasOf(s.nyn.connect(dave).delegate(dave.address));
  const ancDelegate = await gasOf(anchorToken.connect(dave).delegate(dave.address));
  ops.push(row("NYN delegate (first, to self)", nynDelegate, "OZ ERC20Votes delegate", ancDelegate, { maxRatio: 1.0 }));

  // --- scaling: spawn and permission checks with 1, 100, 10,000 existing entries
  const spawner = await new BatchSpawner__factory(deployer).deploy();
  const granter = await new BatchGranter__factory(deployer).deploy();
  await (
    await s.acl.grantPermission(await granter.getAddress(), await benchModule.getAddress(), CALL, NO_EXPIRY)
  ).wait();
  await (await s.acl.setPermissionManager(await granter.getAddress(), await benchModule.getAddress(), CALL)).wait();
  const ns = [1, 100, 10_000];
  const spawnGas: number[] = [];
  const checkGas: number[] = [];
  const capGas: number[] = [];
  let processes = Number(await s.registry.processCount());
  let grants = Number(await s.acl.permissionHolderCount(await benchModule.getAddress(), CALL));
  for (const n of ns) {
    while (processes < n) {
      const k = Math.min(90, n - processes);
      await (await spawner.spawnMany(s.addresses.processRegistry, programId, k, { gasLimit: 16_000_000 })).wait();
      processes += k;
    }
    while (grants < n) {
      const k = Math.min(150, n - grants);
      await (
        await granter.grantMany(s.addresses.acl, await benchModule.getAddress(), CALL, grants, k, {
          gasLimit: 16_000_000,
        })
      ).wait();
      grants += k;
    }
    spawnGas.push(await gasOf(s.registry.connect(alice).spawn(programId, "0x", 0)));
    processes += 1;
    checkGas.push(await gasOf(benchModule.checkedCall()));
    capGas.push(await gasOf(program.connect(bob).capableCall()));
  }
  scaling.push({ op: "spawn (existing processes)", n: ns, gas: spawnGas });
  scaling.push({ op: "permission-checked call (existing grants of that permission)", n: ns, gas: checkGas });
  scaling.push({ op: "capability-checked process call (existing processes)", n: ns, gas: capGas });
  return { ops, scaling };
}
