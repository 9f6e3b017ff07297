/** The meter's parameters at deployment (governance changes them later, within the contract's bounds). */
export interface GasMeterParams {
  /** NYN-wei per gas unit (1e9 = 1 gwei of NYN per gas: a 70,000-gas call costs 0.00007 NYN). */
  price: bigint;
  /** Epoch length in seconds (quotas reset when the epoch number changes). */
  epochLength: number;
}

/** Default meter parameters for every network (the GasMeter Ignition module's parameter defaults). */
export const GAS_METER_DEFAULTS: GasMeterParams = { price: 1_000_000_000n, epochLength: 86_400 };
