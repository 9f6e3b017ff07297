import { marketEscrowContexts, shouldBehaveLikeMarketEscrow } from "./MarketEscrow.behavior";

/** The surface both market modules inherit from contracts/market/MarketEscrow.sol, tested on each of them. */
describe("Market modules: shared escrow behaviour", function () {
  for (const [name, context] of marketEscrowContexts) {
    describe(name, function () {
      shouldBehaveLikeMarketEscrow(context);
    });
  }
});
