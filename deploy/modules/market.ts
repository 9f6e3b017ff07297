import type { Signer } from "ethers";
import { JobBoard, JobBoard__factory, Marketplace, Marketplace__factory } from "../../typechain-types";

/** The fee both market modules start with: 250 basis points (2.5 %); governance may set 0–1,000 (10 %). */
export const DEFAULT_MARKET_FEE_BPS = 250n;

/** Addresses of the market modules (proxies) and their implementations. */
export interface MarketAddresses {
  marketplace: string;
  jobBoard: string;
}

/** Typed handles on recorded market modules. */
export function connectMarket(a: MarketAddresses, signer: Signer): { marketplace: Marketplace; jobBoard: JobBoard } {
  return {
    marketplace: Marketplace__factory.connect(a.marketplace, signer),
    jobBoard: JobBoard__factory.connect(a.jobBoard, signer),
  };
}
