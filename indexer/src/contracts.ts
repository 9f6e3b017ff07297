import { mergeAbis } from "ponder";
import type { Abi } from "viem";
import {
  ACLAbi,
  CounterAbi,
  GasMeterAbi,
  JobBoardAbi,
  KernelAbi,
  KernelForwarderAbi,
  MarketplaceAbi,
  NYNAbi,
  NYNGovernorAbi,
  ProcessRegistryAbi,
  ProcessRegistryV2Abi,
  TimelockControllerAbi,
} from "../abis";

/** The registry's events before and after the V2 upgrade the DAO may vote (one proxy, one address). */
export const RegistryAbi = mergeAbis([ProcessRegistryAbi, ProcessRegistryV2Abi]);

/** Every indexed contract's ABI by its name in ponder.config.ts (`Process`: every process, a Counter clone). */
export const contractAbis: Record<string, Abi> = {
  Kernel: KernelAbi,
  ACL: ACLAbi,
  ProcessRegistry: RegistryAbi,
  GasMeter: GasMeterAbi,
  NYN: NYNAbi,
  KernelForwarder: KernelForwarderAbi,
  Marketplace: MarketplaceAbi,
  JobBoard: JobBoardAbi,
  NYNGovernor: NYNGovernorAbi,
  TimelockController: TimelockControllerAbi,
  Process: CounterAbi,
};

/** Every event of every indexed contract, as "Contract:Event" (the names Ponder registers handlers under). */
export function eventKeys(): string[] {
  const keys: string[] = [];
  for (const [contract, abi] of Object.entries(contractAbis)) {
    for (const item of abi) if (item.type === "event") keys.push(`${contract}:${item.name}`);
  }
  return keys;
}
