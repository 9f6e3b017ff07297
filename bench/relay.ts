import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { ContractTransactionResponse, Signer } from "ethers";
import type { BenchOp } from "./types";
import { spawn } from "../lib/spawn";

/** Gas used by a sent transaction. */
async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await tx).wait();
  return Number(receipt!.gasUsed);
}

function row(op: string, ours: number, anchor = "", anchorGas = 0, goal?: BenchOp["goal"]): BenchOp {
  return { op, ours, anchor, anchorGas, ratio: anchorGas ? Number((ours / anchorGas).toFixed(4)) : 0, goal };
}

/** Requests (or UserOperations) per batch in the batch rows. */
export const BATCH = 10;
/** The requests' deadline: 2100-01-01 00:00:00 UTC. */
const DEADLINE = 4_102_444_800n;
/** A transaction's intrinsic gas. */
const INTRINSIC = 21_000;

/**
 * Relaying side by side with its anchors, in one run (`npm run bench` section "relay", or standalone:
 * `npx hardhat run bench/relay.ts`). Every row is an overhead over the same direct unmetered call
 * (`Counter.increment` by a capability holder that sends its own transaction). A batch's overhead per request is
 * (batch gas − 21,000) / n − (direct gas − 21,000): each request's share of the batch against the direct call's own
 * execution and calldata, the one transaction's intrinsic 21,000 counted once (so batching itself earns nothing
 * from the intrinsic gas it saves; per user the batch costs (batch gas) / n − direct gas, far below):
 * - OpenZeppelin `ERC2771Forwarder.execute` and `executeBatch` (no metering, nobody reimbursed);
 * - ERC-4337 v0.7 (npm `@account-abstraction/contracts@0.7.0`, compiled with the project's solc): a SimpleAccount's
 *   UserOperation sponsored by the sample VerifyingPaymaster through `EntryPoint.handleOps`, alone and in a bundle;
 * - `KernelForwarder.executeRelayed` and `executeRelayedBatch` of `incrementMetered` (metered, the relayer
 *   reimbursed in NYN from the process's budget).
 * Steady state: every account, nonce, tally, deposit and claimable balance involved is non-zero before measuring.
 */
export async function benchRelay(hre: HardhatRuntimeEnvironment): Promise<BenchOp[]> {
  const { ethers } = hre;
  const { deploySystem } = await import("../deploy/deploySystem");
  const { KERNEL_TEST_CONFIG } = await import("../deploy/config");
  const { CAPABILITY, NO_EXPIRY } = await import("../lib/ids");
  const { signForwardRequest } = await import("../lib/forwardRequest");
  const { Counter__factory, EntryPoint__factory, SimpleAccountFactory__factory, SimpleAccount__factory } =
    await import("../typechain-types");
  const { VerifyingPaymaster__factory } = await import("../typechain-types");
  const signers = await ethers.getSigners();
  const [deployer, , alice, , , , relayer] = signers;
  const users = signers.slice(8, 8 + BATCH);
  const s = await deploySystem(hre, KERNEL_TEST_CONFIG, { record: false });
  const meter = s.gasMeter;
  const ops: BenchOp[] = [];

  // Subject: Alice's Counter, funded, relaying reimbursed, every user holding INCREMENT.
  const { pid, instance: counterAddress } = await spawn(s.registry.connect(alice), s.programs.Counter);
  const counter = Counter__factory.connect(counterAddress, alice);
  await (await s.nyn.connect(alice).approve(await meter.getAddress(), ethers.MaxUint256)).wait();
  await (await meter.connect(alice).deposit(pid, ethers.parseEther("1000"))).wait();
  await (await meter.connect(alice).setRelayGasCap(pid, 1_000_000n)).wait();
  for (const u of users) {
    await (await s.acl.connect(alice).grantCapability(pid, u.address, CAPABILITY.INCREMENT, NO_EXPIRY)).wait();
  }
  const incrementData = counter.interface.encodeFunctionData("increment");
  const incrementMeteredData = counter.interface.encodeFunctionData("incrementMetered");
  // A fixed deadline (2100-01-01): signatures, and so the calldata's zero bytes, do not depend on the wall clock.
  const sign = (u: Signer, data: string) =>
    signForwardRequest(s.forwarder.connect(relayer), u, { to: counterAddress, data, deadline: DEADLINE });
  const signAll = (data: string) => Promise.all(users.map((u) => sign(u, data)));
  const fwd = s.forwarder.connect(relayer);

  // --- ERC-4337 v0.7: EntryPoint, a SimpleAccount per user (owned by the user), a VerifyingPaymaster (signer: deployer)
  const entryPoint = await new EntryPoint__factory(deployer).deploy();
  const entryPointAddress = await entryPoint.getAddress();
  const accountFactory = await new SimpleAccountFactory__factory(deployer).deploy(entryPointAddress);
  const paymaster = await new VerifyingPaymaster__factory(deployer).deploy(entryPointAddress, deployer.address);
  const paymasterAddress = await paymaster.getAddress();
  await (await paymaster.deposit({ value: ethers.parseEther("10") })).wait();
  const accounts: string[] = [];
  for (const u of users) {
    await (await accountFactory.createAccount(u.address, 0n)).wait();
    // The factory's `getAddress(owner, salt)` (ethers' own `getAddress()` names the factory itself).
    const account: string = await accountFactory.getFunction("getAddress")(u.address, 0n);
    accounts.push(account);
    await (await s.acl.connect(alice).grantCapability(pid, account, CAPABILITY.INCREMENT, NO_EXPIRY)).wait();
  }
  const pack = (high: bigint, low: bigint) => ethers.toBeHex((high << 128n) | low, 32);
  const executeData = SimpleAccount__factory.createInterface().encodeFunctionData("execute", [
    counterAddress,
    0n,
    incrementData,
  ]);
  const gwei = ethers.parseUnits("1", "gwei");
  const userOp = async (i: number) => {
    const op = {
      sender: accounts[i],
      nonce: await entryPoint.getNonce(accounts[i], 0n),
      initCode: "0x",
      callData: executeData,
      accountGasLimits: pack(150_000n, 100_000n), // verificationGasLimit | callGasLimit
      preVerificationGas: 50_000n,
      gasFees: pack(gwei, 10n * gwei), // maxPriorityFeePerGas | maxFeePerGas
      paymasterAndData: "0x",
      signature: "0x",
    };
    // paymaster | paymasterVerificationGasLimit | paymasterPostOpGasLimit | abi.encode(validUntil, validAfter) | sig
    const head = ethers.concat([
      paymasterAddress,
      ethers.toBeHex(100_000n, 16),
      ethers.toBeHex(0n, 16),
      ethers.AbiCoder.defaultAbiCoder().encode(["uint48", "uint48"], [0, 0]),
    ]);
    op.paymasterAndData = ethers.concat([head, "0x" + "00".repeat(65)]);
    const pmHash = await paymaster.getHash(op, 0, 0);
    op.paymasterAndData = ethers.concat([head, await deployer.signMessage(ethers.getBytes(pmHash))]);
    op.signature = await users[i].signMessage(ethers.getBytes(await entryPoint.getUserOpHash(op)));
    return op;
  };
  const bundler = entryPoint.connect(relayer);
  const handleOps = async (n: number) => {
    const batch = [];
    for (let i = 0; i < n; i++) batch.push(await userOp(i));
    return gasOf(bundler.handleOps(batch, relayer.address));
  };

  // Warm-up: every user's tally and nonce, every account's nonce and tally, the paymaster's deposit, the relayer's
  // claimable balance and ETH balance are non-zero.
  for (const u of users) await (await counter.connect(u).increment()).wait();
  await fwd.executeRelayedBatch(await signAll(incrementMeteredData), Array(BATCH).fill(pid), relayer.address);
  await handleOps(BATCH);

  const direct = await gasOf(counter.connect(users[0]).increment());
  ops.push(row("relay: direct Counter.increment (capability holder, steady state)", direct));

  // --- OpenZeppelin ERC2771Forwarder (KernelForwarder inherits it unchanged)
  const ozSingle = await gasOf(fwd.execute(await sign(users[0], incrementData)));
  const ozBatch = await gasOf(fwd.executeBatch(await signAll(incrementData), relayer.address));
  const ozSingleOver = ozSingle - direct;
  /** A batch's overhead per request over the direct call (see above). */
  const perRequestOver = (batchGas: number) => Math.round((batchGas - INTRINSIC) / BATCH - (direct - INTRINSIC));
  const ozPerRequest = perRequestOver(ozBatch);
  ops.push(row("relay: OZ ERC2771Forwarder.execute(increment) overhead", ozSingleOver));
  // Overheads below zero (the batched calls find the counter, registry and ACL warm) are shown as anchors only: a
  // negative row cannot be checked against the snapshot's +1 % tolerance.
  ops.push(row(`relay: OZ ERC2771Forwarder.executeBatch(${BATCH} × increment)`, ozBatch));

  // --- ERC-4337 v0.7 sponsored UserOperations
  const aaSingle = await handleOps(1);
  const aaBundle = await handleOps(BATCH);
  const aaSingleOver = aaSingle - direct;
  const aaPerOp = perRequestOver(aaBundle);
  ops.push(row("relay: ERC-4337 v0.7 handleOps(1 sponsored UserOperation) overhead", aaSingleOver));
  ops.push(row(`relay: ERC-4337 v0.7 handleOps(${BATCH} sponsored UserOperations) overhead per op`, aaPerOp));

  // --- KernelForwarder: relayed + metered, the relayer reimbursed
  const single = await gasOf(fwd.executeRelayed(await sign(users[0], incrementMeteredData), pid));
  const batch = await gasOf(
    fwd.executeRelayedBatch(await signAll(incrementMeteredData), Array(BATCH).fill(pid), relayer.address),
  );
  const singleOver = single - direct;
  const perRequest = perRequestOver(batch);
  ops.push(
    row(
      "relay: KernelForwarder.executeRelayed(incrementMetered) overhead",
      singleOver,
      "ERC-4337 v0.7 sponsored UserOperation overhead",
      aaSingleOver,
      { maxRatio: 0.75 },
    ),
  );
  ops.push(
    row(
      `relay: KernelForwarder.executeRelayedBatch(${BATCH} × incrementMetered) overhead per request`,
      perRequest,
      `ERC-4337 v0.7 ${BATCH}-op bundle overhead per op`,
      aaPerOp,
      { maxGas: 10_000 },
    ),
  );
  ops.push(
    row(
      `relay: KernelForwarder.executeRelayedBatch(${BATCH}) per request vs OZ executeBatch per request`,
      perRequest,
      `OZ ERC2771Forwarder.executeBatch(${BATCH}) overhead per request`,
      ozPerRequest,
    ),
  );
  ops.push(
    row(
      `relay: KernelForwarder.executeRelayedBatch(${BATCH}) per user (batch / ${BATCH} − direct)`,
      Math.round(batch / BATCH - direct),
      `ERC-4337 v0.7 ${BATCH}-op bundle per user`,
      Math.round(aaBundle / BATCH - direct),
    ),
  );
  ops.push(row(`relay: KernelForwarder.executeRelayedBatch(${BATCH} × incrementMetered)`, batch));
  ops.push(row(`relay: ERC-4337 v0.7 handleOps(${BATCH})`, aaBundle));
  return ops;
}

async function main() {
  const hre = (await import("hardhat")).default;
  await hre.run("compile", { quiet: true });
  const ops = await benchRelay(hre);
  const lines = ["| op | gas | anchor | anchor gas | ratio | goal |", "|---|---:|---|---:|---:|---|"];
  for (const op of ops) {
    const okGas = op.goal?.maxGas === undefined || op.ours <= op.goal.maxGas;
    const okRatio = op.goal?.maxRatio === undefined || op.ratio <= op.goal.maxRatio;
    const goal = op.goal ? `${okGas && okRatio ? "met" : "MISSED"} ${JSON.stringify(op.goal)}` : "";
    lines.push(
      `| ${op.op} | ${op.ours} | ${op.anchor || "-"} | ${op.anchorGas || "-"} | ${op.ratio || "-"} | ${goal} |`,
    );
  }
  console.log(lines.join("\n"));
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
