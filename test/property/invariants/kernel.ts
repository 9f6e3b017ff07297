import hre from "hardhat";
import { Invariant, ensure } from "../model";

/** Kernel and clock invariants. */
export const kernelInvariants: Invariant[] = [
  {
    area: "kernel",
    name: "the chain's clock is the model's (every step mined exactly the blocks it meant to)",
    collect(b, m) {
      const now = b.query("latest block", async () =>
        BigInt((await hre.ethers.provider.getBlock("latest"))!.timestamp),
      );
      return () => ensure(now.value === m.now, () => `chain time ${now.value}, model ${m.now}`);
    },
  },
  {
    area: "kernel",
    name: "the pause switch is where the model put it",
    collect(b, m, w) {
      const paused = b.read<boolean>(w.s.kernel, "paused");
      return () => ensure(paused.value === m.kernel.paused, () => `paused ${paused.value}, model ${m.kernel.paused}`);
    },
  },
];
