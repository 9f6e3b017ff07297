import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { CallableContractFuture, IgnitionModule } from "@nomicfoundation/ignition-core";

/**
 * The sample program: Counter, built for the kernel (it reads the registry, the ACL and the gas meter at
 * construction, so it comes after the meter's install), registered in the process registry by the deployer with its
 * bootstrap REGISTER_PROGRAM (see the ProcessRegistry module), its code hash pinned by the registry.
 */
export function counterModule(kernel: IgnitionModule, registry: IgnitionModule, meter: IgnitionModule) {
  return buildModule("Counter", (m) => {
    const k = m.useModule(kernel) as Record<string, CallableContractFuture<string>>;
    const { processRegistry } = m.useModule(registry) as Record<string, CallableContractFuture<string>>;
    const counter = m.contract("Counter", [k.kernel], { after: [meter] });
    m.call(processRegistry, "registerProgram", [counter, "Counter", "1.0.0", "ipfs://nyn-os/programs/counter"], {
      id: "registerCounter",
    });
    return { counter };
  });
}
