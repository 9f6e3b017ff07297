import type { Signer } from "ethers";
import { JobBoard, JobBoard__factory, Marketplace, Marketplace__factory } from "../../typechain-types";
import { PERMISSION } from "../../lib/ids";
import type { PermissionRow } from "../permissions";

/** The fee both market modules start with: 250 basis points (2.5 %); governance may set 0–1,000 (10 %). */
export const DEFAULT_MARKET_FEE_BPS = 250n;

/** Addresses of the market modules (proxies) and their implementations. */
export interface MarketAddresses {
  marketplace: string;
  jobBoard: string;
}

/** The rows the market adds to the expected permission table. */
export function marketPermissionRows(a: MarketAddresses, who: { root: string; arbiter: string }): PermissionRow[] {
  const rows: PermissionRow[] = [];
  for (const [whereName, where] of [
    ["Marketplace", a.marketplace],
    ["JobBoard", a.jobBoard],
  ] as const) {
    rows.push(
      {
        whereName,
        where,
        whatName: "MARKET_ADMIN",
        what: PERMISSION.MARKET_ADMIN,
        holders: [who.root],
        manager: who.root,
      },
      {
        whereName,
        where,
        whatName: "MARKET_TOKENS",
        what: PERMISSION.MARKET_TOKENS,
        holders: [who.root],
        manager: who.root,
      },
      { whereName, where, whatName: "ARBITER", what: PERMISSION.ARBITER, holders: [who.arbiter], manager: who.root },
    );
  }
  return rows;
}

/** Typed handles on recorded market modules. */
export function connectMarket(a: MarketAddresses, signer: Signer): { marketplace: Marketplace; jobBoard: JobBoard } {
  return {
    marketplace: Marketplace__factory.connect(a.marketplace, signer),
    jobBoard: JobBoard__factory.connect(a.jobBoard, signer),
  };
}
