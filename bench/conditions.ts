import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { deploySystem } from "../deploy/deploySystem";
import { KERNEL_TEST_CONFIG } from "../deploy/config";
import { ANY_ENTITY, NO_EXPIRY } from "../lib/ids";
import { TokenBalanceCondition__factory } from "../typechain-types";
import { gasOf, installBenchModule, row, spawnBenchProgram } from "./core";
import type { BenchOp } from "./types";

/**
 * Issue 16 part 3: what a condition adds to a check. The same ACL-checked module function (and capability-checked
 * program function) called by a holder of an unconditional grant and by a holder admitted by "holds ≥ 100 NYN"
 * (`TokenBalanceCondition` on NYN, granted to ANY_ENTITY); the difference is the condition's overhead.
 */
export async function benchConditions(hre: HardhatRuntimeEnvironment): Promise<BenchOp[]> {
  const { ethers } = hre;
  const [deployer, , alice, bob] = await ethers.getSigners();
  const s = await deploySystem(hre, KERNEL_TEST_CONFIG, { record: false });
  const ops: BenchOp[] = [];
  const holds100 = await new TokenBalanceCondition__factory(deployer).deploy(s.addresses.nyn, ethers.parseEther("100"));
  const condition = await holds100.getAddress();
  await (await s.nyn.connect(deployer).transfer(bob.address, ethers.parseEther("150"))).wait();

  const { benchModule, CALL } = await installBenchModule(s, deployer, alice);
  const where = await benchModule.getAddress();
  // The same grant (to ANY_ENTITY, as token-gating grants) unconditional, then with the condition: only the condition
  // differs. Then against an unconditional grant of the caller's own (one grant read instead of two).
  await (await s.acl.grantPermission(ANY_ENTITY, where, CALL, NO_EXPIRY)).wait();
  const unconditionalAny = await gasOf(benchModule.connect(bob).checkedCall());
  await (await s.acl.revokePermission(ANY_ENTITY, where, CALL)).wait();
  await (await s.acl.grantPermissionWithCondition(ANY_ENTITY, where, CALL, NO_EXPIRY, condition)).wait();
  const conditional = await gasOf(benchModule.connect(bob).checkedCall());
  const unconditional = await gasOf(benchModule.connect(alice).checkedCall());
  ops.push(
    row(
      "conditional permission check overhead: holds ≥ 100 NYN (TokenBalanceCondition) on the same ANY_ENTITY grant",
      conditional - unconditionalAny,
    ),
  );
  // Issue 16's goal: the NYN-balance condition built into the ACL (minimum in the grant word, NYN an immutable).
  await (await s.acl.revokePermission(ANY_ENTITY, where, CALL)).wait();
  await (
    await s.acl.grantPermissionWithMinBalance(ANY_ENTITY, where, CALL, NO_EXPIRY, ethers.parseEther("100"))
  ).wait();
  const builtIn = await gasOf(benchModule.connect(bob).checkedCall());
  ops.push(
    row(
      "conditional permission check overhead: holds ≥ 100 NYN (built-in balance condition) on the same ANY_ENTITY grant",
      builtIn - unconditionalAny,
      "TokenBalanceCondition",
      conditional - unconditionalAny,
      { maxGas: 6000 },
    ),
  );
  await (await s.acl.revokePermission(ANY_ENTITY, where, CALL)).wait();
  await (await s.acl.grantPermissionWithCondition(ANY_ENTITY, where, CALL, NO_EXPIRY, condition)).wait();
  ops.push(
    row(
      "conditional permission check (ANY_ENTITY, holds ≥ 100 NYN) over an unconditional grant of the caller's own",
      conditional - unconditional,
    ),
  );

  const { pid, program } = await spawnBenchProgram(s, deployer, alice);
  const CAP = ethers.id("CALL_CAPABILITY");
  const [, , , , carol] = await ethers.getSigners();
  await (await s.acl.connect(alice).grantCapability(pid, carol.address, CAP, NO_EXPIRY)).wait();
  await (await program.uncheckedCall()).wait();
  await (await s.acl.connect(alice).grantCapability(pid, ANY_ENTITY, CAP, NO_EXPIRY)).wait();
  const capUnconditionalAny = await gasOf(program.connect(bob).capableCall());
  await (await s.acl.connect(alice).grantCapabilityWithCondition(pid, ANY_ENTITY, CAP, NO_EXPIRY, condition)).wait();
  const capConditional = await gasOf(program.connect(bob).capableCall());
  const capUnconditional = await gasOf(program.connect(carol).capableCall());
  await (
    await s.acl.connect(alice).grantCapabilityWithMinBalance(pid, ANY_ENTITY, CAP, NO_EXPIRY, ethers.parseEther("100"))
  ).wait();
  const capBuiltIn = await gasOf(program.connect(bob).capableCall());
  ops.push(
    row(
      "conditional capability check overhead: holds ≥ 100 NYN on the same ANY_ENTITY grant",
      capConditional - capUnconditionalAny,
    ),
  );
  ops.push(
    row(
      "conditional capability check overhead: holds ≥ 100 NYN (built-in balance condition) on the same ANY_ENTITY grant",
      capBuiltIn - capUnconditionalAny,
      "TokenBalanceCondition",
      capConditional - capUnconditionalAny,
    ),
  );
  ops.push(
    row(
      "conditional capability check (ANY_ENTITY, holds ≥ 100 NYN) over an unconditional grant of the caller's own",
      capConditional - capUnconditional,
    ),
  );
  const OTHER = ethers.id("OTHER_PERMISSION");
  await (await s.acl.createPermission(alice.address, where, OTHER, deployer.address)).wait();
  ops.push(
    row(
      "grant a permission with a condition (ANY_ENTITY, new member)",
      await gasOf(s.acl.grantPermissionWithCondition(ANY_ENTITY, where, OTHER, NO_EXPIRY, condition)),
    ),
  );
  return ops;
}
