import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { deploySystem } from "../deploy/deploySystem";
import { KERNEL_TEST_CONFIG } from "../deploy/config";
import type { BenchOp } from "./types";
import { gasOf, row } from "./core";

/**
 * The name service against ENS, measured in the same run: ENS's `OwnedResolver` (npm @ensdomains/resolver 0.3.1, its
 * published build: the resolver whose `setAddr` and `addr(node)` an ENS name's forward record goes through; its
 * `name(node)` is what a reverse lookup reads). Claims and process names are transactions (receipt gas); resolutions
 * are views, measured as `eth_estimateGas` of the call from an account (21,000 base + calldata + execution) on both sides.
 */
export async function benchNames(hre: HardhatRuntimeEnvironment): Promise<BenchOp[]> {
  const { ethers } = hre;
  const [deployer, , alice, bob] = await ethers.getSigners();
  const s = await deploySystem(hre, KERNEL_TEST_CONFIG, { record: false });
  const ops: BenchOp[] = [];

  // --- anchor: ENS OwnedResolver (Ownable: the deployer may set any record)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const artifact = require("@ensdomains/resolver/build/contracts/OwnedResolver.json") as {
    abi: import("ethers").InterfaceAbi;
    bytecode: string;
  };
  const resolver = await new ethers.ContractFactory(artifact.abi, artifact.bytecode, deployer).deploy();
  await resolver.waitForDeployment();
  const ens = new ethers.Contract(await resolver.getAddress(), artifact.abi, deployer);
  const ensNode = ethers.namehash("alice.eth");
  const setAddrGas = await gasOf(ens["setAddr(bytes32,address)"](ensNode, alice.address));
  const setNameGas = await gasOf(ens.setName(ethers.namehash("addr.reverse"), "alice.eth"));
  const ensAddrGas = Number(
    await ethers.provider.estimateGas({
      to: await resolver.getAddress(),
      data: ens.interface.encodeFunctionData("addr(bytes32)", [ensNode]),
    }),
  );
  const ensNameGas = Number(
    await ethers.provider.estimateGas({
      to: await resolver.getAddress(),
      data: ens.interface.encodeFunctionData("name", [ethers.namehash("addr.reverse")]),
    }),
  );

  // --- ours
  await (await s.registry.connect(alice).spawn(s.programs.Counter, "0x", 0)).wait();
  const claimGas = await gasOf(s.names.connect(alice).claim("alice"));
  await (await s.names.connect(bob).claim("bob")).wait();
  const secondClaimGas = await gasOf(s.names.connect(alice).claim("alice-two"));
  const nameProcessGas = await gasOf(s.names.connect(alice).nameProcess(ethers.namehash("alice.nyn"), "counter", 1));
  const at = await s.names.getAddress();
  const estimate = async (data: string) => Number(await ethers.provider.estimateGas({ to: at, data }));
  const addrAccount = await estimate(s.names.interface.encodeFunctionData("addr", [ethers.namehash("alice.nyn")]));
  const addrProcess = await estimate(
    s.names.interface.encodeFunctionData("addr", [ethers.namehash("counter.alice.nyn")]),
  );
  const reverse = await estimate(s.names.interface.encodeFunctionData("name", [alice.address]));

  ops.push(
    row(
      "claim a name (first: also sets the primary name)",
      claimGas,
      "ENS OwnedResolver.setAddr (new record)",
      setAddrGas,
      {
        maxGas: 150000,
      },
    ),
    row(
      "claim a second name (primary name kept)",
      secondClaimGas,
      "ENS OwnedResolver.setAddr (new record)",
      setAddrGas,
    ),
    row(
      "name a process (forward + reverse record)",
      nameProcessGas,
      "ENS OwnedResolver.setAddr + setName (new records)",
      setAddrGas + setNameGas,
      { maxGas: 170000 },
    ),
    row(
      "resolve an account name: addr(node) (estimateGas)",
      addrAccount,
      "ENS OwnedResolver.addr(node) (estimateGas)",
      ensAddrGas,
      {
        maxGas: 32000, // ENS resolver + the ERC-1967 proxy hop every module pays
      },
    ),
    row(
      "resolve a process name: addr(node), process checked (estimateGas)",
      addrProcess,
      "ENS OwnedResolver.addr(node) (estimateGas)",
      ensAddrGas,
    ),
    row(
      "reverse: name(address), forward-checked (estimateGas)",
      reverse,
      "ENS OwnedResolver.name(node) (estimateGas)",
      ensNameGas,
    ),
  );
  return ops;
}
