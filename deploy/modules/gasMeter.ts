import { PERMISSION } from "../../lib/ids";
import type { PermissionRow } from "../permissions";

/** The meter's parameters at deployment (governance changes them later, within the contract's bounds). */
export interface GasMeterParams {
  /** NYN-wei per gas unit (1e9 = 1 gwei of NYN per gas: a 70,000-gas call costs 0.00007 NYN). */
  price: bigint;
  /** Epoch length in seconds (quotas reset when the epoch number changes). */
  epochLength: number;
}

/** Default meter parameters for every network (the GasMeter Ignition module's parameter defaults). */
export const GAS_METER_DEFAULTS: GasMeterParams = { price: 1_000_000_000n, epochLength: 86_400 };

/** The meter's rows of the expected permission table: both powers with root, managed by root. */
export function gasMeterPermissionRows(gasMeter: string, who: { root: string }): PermissionRow[] {
  return [
    {
      whereName: "GasMeter",
      where: gasMeter,
      whatName: "SET_METER_PARAMS",
      what: PERMISSION.SET_METER_PARAMS,
      holders: [who.root],
      manager: who.root,
    },
    {
      whereName: "GasMeter",
      where: gasMeter,
      whatName: "COLLECT_METER_FEES",
      what: PERMISSION.COLLECT_METER_FEES,
      holders: [who.root],
      manager: who.root,
    },
  ];
}
