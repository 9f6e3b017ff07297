import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { signPermit } from "../../lib/permit";
import {
  bought,
  DAY,
  DisputeStatus,
  ethers,
  FEE_BPS,
  feeOf,
  idOf,
  listed,
  ListingStatus,
  marketFixture,
  now,
  nyn,
  OrderStatus,
  shippedOrder,
  URI,
  WINDOW,
} from "./helpers";
import { MODULE } from "../../lib/ids";
import { Marketplace__factory } from "../../typechain-types";
import { codeHashOf } from "../../lib/codeHash";

describe("Marketplace", function () {
  describe("initialize", function () {
    it("is installed by the kernel, paying in NYN, with the root as treasury and the default fee", async function () {
      const f = await loadFixture(marketFixture);
      expect(await f.kernel.moduleAddress(MODULE.MARKETPLACE)).to.equal(await f.market.getAddress());
      expect(await f.market.kernel()).to.equal(await f.kernel.getAddress());
      expect(await f.market.token()).to.equal(await f.nyn.getAddress());
      expect(await f.market.treasury()).to.equal(f.roles.root);
      expect(await f.market.feeBps()).to.equal(FEE_BPS);
      expect(await f.market.arbitrator()).to.equal(ethers.ZeroAddress);
    });

    it("refuses a fee above the cap at installation", async function () {
      const f = await loadFixture(marketFixture);
      const data = Marketplace__factory.createInterface().encodeFunctionData("initialize", [
        f.addresses.nyn,
        f.roles.root,
        1001,
      ]);
      await expect(
        f.kernel.installModule(
          ethers.id("test.market"),
          f.addresses.implementations.Marketplace,
          await codeHashOf(f.addresses.implementations.Marketplace),
          data,
        ),
      )
        .to.be.revertedWithCustomError(f.market, "MarketEscrowFeeTooHigh")
        .withArgs(1001, 1000);
    });
  });

  describe("createListing", function () {
    it("stores the listing under an id that carries the seller and its listing number", async function () {
      const f = await loadFixture(marketFixture);
      const { carol } = f.accounts;
      await expect(f.market.connect(carol).createListing(nyn(100), 10, URI, WINDOW))
        .to.emit(f.market, "ListingCreated")
        .withArgs(idOf(carol.address, 1), carol.address, nyn(100), 10, WINDOW, URI);
      const l = await f.market.listing(idOf(carol.address, 1));
      expect([l.pricePerUnit, l.quantity, l.deliveryWindow, l.status]).to.deep.equal([
        nyn(100),
        10n,
        WINDOW,
        ListingStatus.Active,
      ]);
      expect(await f.market.listingCount(carol.address)).to.equal(1n);
    });

    it("registers a seller's compact id on its first listing only", async function () {
      const f = await loadFixture(marketFixture);
      const { carol, dave } = f.accounts;
      await expect(f.market.connect(carol).createListing(1, 1, URI, WINDOW))
        .to.emit(f.market, "SellerRegistered")
        .withArgs(carol.address, 1);
      await expect(f.market.connect(carol).createListing(1, 1, URI, WINDOW)).to.not.emit(f.market, "SellerRegistered");
      await expect(f.market.connect(dave).createListing(1, 1, URI, WINDOW))
        .to.emit(f.market, "SellerRegistered")
        .withArgs(dave.address, 2);
    });

    it("keeps what a buyer was owed and its reputation when it becomes a seller (its account moves)", async function () {
      const f = await loadFixture(marketFixture);
      const { bob, carol } = f.accounts;
      const { orderId } = await shippedOrder(f);
      await f.market.connect(bob).openDispute(orderId, "");
      await time.increaseTo((await f.market.dispute(1)).rulingDeadline + 1n);
      await f.market.settleDisputeByDefault(1); // Bob is credited half
      const refund = await bought(f, await listed(f));
      await f.market.connect(carol).refundOrder(refund); // and the whole second order
      const owed = nyn(50) + nyn(100);
      expect(await f.market.withdrawable(bob.address)).to.equal(owed);
      await expect(f.market.connect(bob).createListing(1, 1, URI, WINDOW)).to.emit(f.market, "SellerRegistered");
      expect(await f.market.withdrawable(bob.address)).to.equal(owed);
      expect((await f.market.localReputation(bob.address)).disputesOpened).to.equal(1n);
      await expect(f.market.connect(bob).withdraw(owed)).to.changeTokenBalance(f.nyn, bob, owed);
      expect(await f.market.withdrawable(bob.address)).to.equal(0n);
    });

    it("rejects a price of 0 (E2)", async function () {
      const f = await loadFixture(marketFixture);
      await expect(f.market.connect(f.accounts.carol).createListing(0, 1, URI, WINDOW)).to.be.revertedWithCustomError(
        f.market,
        "MarketplaceZeroPrice",
      );
    });

    it("rejects a quantity of 0 (E2)", async function () {
      const f = await loadFixture(marketFixture);
      await expect(f.market.connect(f.accounts.carol).createListing(1, 0, URI, WINDOW)).to.be.revertedWithCustomError(
        f.market,
        "MarketplaceZeroQuantity",
      );
    });

    it("rejects a delivery window outside [1 hour, 365 days]", async function () {
      const f = await loadFixture(marketFixture);
      const carol = f.accounts.carol;
      await expect(f.market.connect(carol).createListing(1, 1, URI, 3599))
        .to.be.revertedWithCustomError(f.market, "MarketplaceInvalidDeliveryWindow")
        .withArgs(3599, 3600, 365n * DAY);
      await expect(f.market.connect(carol).createListing(1, 1, URI, 365n * DAY + 1n))
        .to.be.revertedWithCustomError(f.market, "MarketplaceInvalidDeliveryWindow")
        .withArgs(365n * DAY + 1n, 3600, 365n * DAY);
    });

    it("rejects a price that does not fit 96 bits", async function () {
      const f = await loadFixture(marketFixture);
      await expect(f.market.connect(f.accounts.carol).createListing(1n << 96n, 1, URI, WINDOW))
        .to.be.revertedWithCustomError(f.market, "SafeCastOverflowedUintDowncast")
        .withArgs(96, 1n << 96n);
    });

    it("still accepts listings while the kernel is paused (they move no NYN)", async function () {
      const f = await loadFixture(marketFixture);
      await f.kernel.connect(f.accounts.guardian).pause();
      await expect(f.market.connect(f.accounts.carol).createListing(1, 1, URI, WINDOW)).to.emit(
        f.market,
        "ListingCreated",
      );
    });
  });

  describe("updatePrice", function () {
    it("changes the price and emits the old and new prices", async function () {
      const f = await loadFixture(marketFixture);
      const id = await listed(f);
      await expect(f.market.connect(f.accounts.carol).updatePrice(id, nyn(120)))
        .to.emit(f.market, "ListingPriceUpdated")
        .withArgs(id, nyn(100), nyn(120));
      expect((await f.market.listing(id)).pricePerUnit).to.equal(nyn(120));
    });

    it("rejects a price of 0, another account, an unknown or a cancelled listing", async function () {
      const f = await loadFixture(marketFixture);
      const { carol, mallory } = f.accounts;
      const id = await listed(f);
      await expect(f.market.connect(carol).updatePrice(id, 0)).to.be.revertedWithCustomError(
        f.market,
        "MarketplaceZeroPrice",
      );
      await expect(f.market.connect(mallory).updatePrice(id, 1))
        .to.be.revertedWithCustomError(f.market, "MarketplaceNotSeller")
        .withArgs(id, mallory.address, carol.address);
      await expect(f.market.connect(carol).updatePrice(id + 1n, 1))
        .to.be.revertedWithCustomError(f.market, "MarketplaceUnknownListing")
        .withArgs(id + 1n);
      await f.market.connect(carol).cancelListing(id);
      await expect(f.market.connect(carol).updatePrice(id, 1))
        .to.be.revertedWithCustomError(f.market, "MarketplaceListingNotActive")
        .withArgs(id, ListingStatus.Cancelled);
    });
  });

  describe("updateQuantity", function () {
    it("restocks a listing and emits the old and new quantities", async function () {
      const f = await loadFixture(marketFixture);
      const id = await listed(f, nyn(100), 1n);
      await bought(f, id);
      await expect(f.market.connect(f.accounts.carol).updateQuantity(id, 5))
        .to.emit(f.market, "ListingQuantityUpdated")
        .withArgs(id, 0, 5);
      expect((await f.market.listing(id)).quantity).to.equal(5n);
    });

    it("rejects a quantity of 0 (E2) and another account", async function () {
      const f = await loadFixture(marketFixture);
      const id = await listed(f);
      await expect(f.market.connect(f.accounts.carol).updateQuantity(id, 0)).to.be.revertedWithCustomError(
        f.market,
        "MarketplaceZeroQuantity",
      );
      await expect(f.market.connect(f.accounts.bob).updateQuantity(id, 3)).to.be.revertedWithCustomError(
        f.market,
        "MarketplaceNotSeller",
      );
    });
  });

  describe("cancelListing", function () {
    it("stops sales without touching orders already placed", async function () {
      const f = await loadFixture(marketFixture);
      const id = await listed(f);
      const orderId = await bought(f, id);
      await expect(f.market.connect(f.accounts.carol).cancelListing(id))
        .to.emit(f.market, "ListingCancelled")
        .withArgs(id);
      await expect(f.market.connect(f.accounts.bob).buy(id, 1, nyn(100)))
        .to.be.revertedWithCustomError(f.market, "MarketplaceListingNotActive")
        .withArgs(id, ListingStatus.Cancelled);
      expect((await f.market.order(orderId)).status).to.equal(OrderStatus.Paid);
      await f.market.connect(f.accounts.carol).ship(orderId);
    });

    it("rejects another account and a second cancellation", async function () {
      const f = await loadFixture(marketFixture);
      const id = await listed(f);
      await expect(f.market.connect(f.accounts.dave).cancelListing(id)).to.be.revertedWithCustomError(
        f.market,
        "MarketplaceNotSeller",
      );
      await f.market.connect(f.accounts.carol).cancelListing(id);
      await expect(f.market.connect(f.accounts.carol).cancelListing(id)).to.be.revertedWithCustomError(
        f.market,
        "MarketplaceListingNotActive",
      );
    });
  });

  describe("buy", function () {
    it("escrows quantity × price, takes the units and opens a Paid order with a ship deadline", async function () {
      const f = await loadFixture(marketFixture);
      const { bob, carol } = f.accounts;
      const id = await listed(f);
      const orderId = idOf(bob.address, 1);
      const tx = f.market.connect(bob).buy(id, 3, nyn(100));
      await expect(tx).to.changeTokenBalances(f.nyn, [bob, f.market], [-nyn(300), nyn(300)]);
      const shipBy = (await now()) + WINDOW;
      await expect(tx).to.emit(f.market, "OrderPlaced").withArgs(orderId, id, bob.address, 3, nyn(300), shipBy);
      const o = await f.market.order(orderId);
      expect([o.seller, o.status, o.feeBps, o.deadline, o.deliveryWindow, o.amount]).to.deep.equal([
        carol.address,
        OrderStatus.Paid,
        FEE_BPS,
        shipBy,
        WINDOW,
        nyn(300),
      ]);
      expect((await f.market.listing(id)).quantity).to.equal(7n);
      expect(await f.market.orderCount(bob.address)).to.equal(1n);
    });

    it("rejects a quantity of 0 (E2)", async function () {
      const f = await loadFixture(marketFixture);
      const id = await listed(f);
      await expect(f.market.connect(f.accounts.bob).buy(id, 0, nyn(100))).to.be.revertedWithCustomError(
        f.market,
        "MarketplaceZeroQuantity",
      );
    });

    it("rejects an unknown listing, the seller itself, and more units than are for sale", async function () {
      const f = await loadFixture(marketFixture);
      const { bob, carol } = f.accounts;
      const id = await listed(f);
      await expect(f.market.connect(bob).buy(id + 1n, 1, nyn(100)))
        .to.be.revertedWithCustomError(f.market, "MarketplaceUnknownListing")
        .withArgs(id + 1n);
      await expect(f.market.connect(carol).buy(id, 1, nyn(100)))
        .to.be.revertedWithCustomError(f.market, "MarketplaceSelfPurchase")
        .withArgs(id, carol.address);
      await expect(f.market.connect(bob).buy(id, 11, nyn(100)))
        .to.be.revertedWithCustomError(f.market, "MarketplaceInsufficientQuantity")
        .withArgs(id, 11, 10);
    });

    it("reverts when the price is above the buyer's maximum (E3)", async function () {
      const f = await loadFixture(marketFixture);
      const id = await listed(f);
      await f.market.connect(f.accounts.carol).updatePrice(id, nyn(150));
      await expect(f.market.connect(f.accounts.bob).buy(id, 1, nyn(100)))
        .to.be.revertedWithCustomError(f.market, "MarketplacePriceAboveMax")
        .withArgs(id, nyn(150), nyn(100));
    });

    it("reverts without allowance and while the kernel is paused", async function () {
      const f = await loadFixture(marketFixture);
      const { bob, guardian } = f.accounts;
      const id = await listed(f);
      await f.nyn.connect(bob).approve(await f.market.getAddress(), nyn(50));
      await expect(f.market.connect(bob).buy(id, 1, nyn(100)))
        .to.be.revertedWithCustomError(f.nyn, "ERC20InsufficientAllowance")
        .withArgs(await f.market.getAddress(), nyn(50), nyn(100));
      await f.kernel.connect(guardian).pause();
      await expect(f.market.connect(bob).buy(id, 1, nyn(100))).to.be.revertedWithCustomError(f.kernel, "KernelPaused");
    });

    it("locks the fee at purchase: a later fee change does not apply to the order", async function () {
      const f = await loadFixture(marketFixture);
      const id = await listed(f);
      const orderId = await bought(f, id);
      await f.market.connect(f.accounts.deployer).setFee(1000);
      await expect(f.market.connect(f.accounts.bob).confirmDelivery(orderId))
        .to.emit(f.market, "OrderCompleted")
        .withArgs(orderId, nyn(100) - feeOf(nyn(100)), feeOf(nyn(100)), false);
    });
  });

  describe("kernel pause (mirrored in the module)", function () {
    // The mirror itself (buy, unknown mirror, installed while paused): test/behavior/MarketEscrow.behavior.ts.
    it("blocks buyWithPermit too while the kernel is paused", async function () {
      const f = await loadFixture(marketFixture);
      const { bob, guardian } = f.accounts;
      const id = await listed(f);
      await f.kernel.connect(guardian).pause();
      await expect(
        f.market.connect(bob).buyWithPermit(id, 1, nyn(100), 0, 0, ethers.ZeroHash, ethers.ZeroHash),
      ).to.be.revertedWithCustomError(f.kernel, "KernelPaused");
    });
  });

  describe("buyWithPermit", function () {
    async function permit(
      f: Awaited<ReturnType<typeof marketFixture>>,
      owner: (typeof f.accounts)["bob"],
      value: bigint,
    ) {
      return signPermit(f.nyn, owner, await f.market.getAddress(), value, (await now()) + DAY);
    }

    it("buys in one transaction with a permit for quantity × maxPrice", async function () {
      const f = await loadFixture(marketFixture);
      const { bob } = f.accounts;
      const id = await listed(f);
      await f.nyn.connect(bob).approve(await f.market.getAddress(), 0);
      const p = await permit(f, bob, nyn(220));
      await expect(
        f.market.connect(bob).buyWithPermit(id, 2, nyn(110), p.deadline, p.v, p.r, p.s),
      ).to.changeTokenBalance(f.nyn, bob, -nyn(200));
      expect(await f.nyn.allowance(bob.address, await f.market.getAddress())).to.equal(nyn(20));
      expect(await f.nyn.nonces(bob.address)).to.equal(1n);
    });

    it("still buys when a front-runner already used the permit", async function () {
      const f = await loadFixture(marketFixture);
      const { bob, mallory } = f.accounts;
      const id = await listed(f);
      await f.nyn.connect(bob).approve(await f.market.getAddress(), 0);
      const p = await permit(f, bob, nyn(100));
      await f.nyn
        .connect(mallory)
        .permit(bob.address, await f.market.getAddress(), nyn(100), p.deadline, p.v, p.r, p.s);
      await expect(f.market.connect(bob).buyWithPermit(id, 1, nyn(100), p.deadline, p.v, p.r, p.s)).to.emit(
        f.market,
        "OrderPlaced",
      );
    });

    it("reverts with the permit's error when the permit is invalid and no allowance covers quantity × maxPrice", async function () {
      const f = await loadFixture(marketFixture);
      const { bob } = f.accounts;
      const id = await listed(f);
      await f.nyn.connect(bob).approve(await f.market.getAddress(), 0);
      const p = await permit(f, bob, nyn(50));
      await expect(
        f.market.connect(bob).buyWithPermit(id, 1, nyn(100), p.deadline, p.v, p.r, p.s),
      ).to.be.revertedWithCustomError(f.nyn, "ERC2612InvalidSigner");
      // An allowance below quantity × maxPrice does not count (the policy compares with the permit's value).
      await f.nyn.connect(bob).approve(await f.market.getAddress(), nyn(99));
      await expect(
        f.market.connect(bob).buyWithPermit(id, 1, nyn(100), p.deadline, p.v, p.r, p.s),
      ).to.be.revertedWithCustomError(f.nyn, "ERC2612InvalidSigner");
      await f.nyn.connect(bob).approve(await f.market.getAddress(), 0);
      const expired = await permit(f, bob, nyn(100));
      await time.increaseTo(expired.deadline + 1n);
      await expect(
        f.market.connect(bob).buyWithPermit(id, 1, nyn(100), expired.deadline, expired.v, expired.r, expired.s),
      )
        .to.be.revertedWithCustomError(f.nyn, "ERC2612ExpiredSignature")
        .withArgs(expired.deadline);
    });

    it("buys with a bad permit when the allowance already covers quantity × maxPrice", async function () {
      const f = await loadFixture(marketFixture);
      const { bob } = f.accounts;
      const id = await listed(f);
      await f.nyn.connect(bob).approve(await f.market.getAddress(), nyn(100));
      const p = await permit(f, bob, nyn(50));
      await expect(
        f.market.connect(bob).buyWithPermit(id, 1, nyn(100), p.deadline, p.v, p.r, p.s),
      ).to.changeTokenBalance(f.nyn, bob, -nyn(100));
      expect(await f.nyn.nonces(bob.address)).to.equal(0n);
    });
  });

  describe("ship", function () {
    it("moves a paid order to Shipped with a confirmation deadline one window away", async function () {
      const f = await loadFixture(marketFixture);
      const orderId = await bought(f, await listed(f));
      await time.increase(DAY);
      // The shipping block's time, set: read after sending, the latest block may already be the shipping one.
      const shippedAt = (await now()) + 1n;
      await time.setNextBlockTimestamp(shippedAt);
      const tx = f.market.connect(f.accounts.carol).ship(orderId);
      await expect(tx)
        .to.emit(f.market, "OrderShipped")
        .withArgs(orderId, shippedAt + WINDOW);
      const o = await f.market.order(orderId);
      expect([o.status, o.deadline]).to.deep.equal([OrderStatus.Shipped, (await now()) + WINDOW]);
    });

    it("rejects another account, a shipped order, an unknown order", async function () {
      const f = await loadFixture(marketFixture);
      const { carol, bob } = f.accounts;
      const orderId = await bought(f, await listed(f));
      await expect(f.market.connect(bob).ship(orderId))
        .to.be.revertedWithCustomError(f.market, "MarketplaceNotSeller")
        .withArgs(orderId, bob.address, carol.address);
      await f.market.connect(carol).ship(orderId);
      await expect(f.market.connect(carol).ship(orderId))
        .to.be.revertedWithCustomError(f.market, "MarketplaceInvalidOrderStatus")
        .withArgs(orderId, OrderStatus.Shipped);
      await expect(f.market.connect(carol).ship(orderId + 1n))
        .to.be.revertedWithCustomError(f.market, "MarketplaceUnknownOrder")
        .withArgs(orderId + 1n);
    });

    it("rejects shipping after the ship deadline", async function () {
      const f = await loadFixture(marketFixture);
      const orderId = await bought(f, await listed(f));
      const deadline = (await f.market.order(orderId)).deadline;
      await time.setNextBlockTimestamp(deadline + 1n);
      await expect(f.market.connect(f.accounts.carol).ship(orderId))
        .to.be.revertedWithCustomError(f.market, "MarketplaceDeadlinePassed")
        .withArgs(orderId, deadline, deadline + 1n);
    });
  });

  describe("confirmDelivery", function () {
    it("credits the seller the amount minus the fee, accounts the fee and counts the sale", async function () {
      const f = await loadFixture(marketFixture);
      const { bob, carol } = f.accounts;
      const { orderId } = await shippedOrder(f);
      const fee = feeOf(nyn(100));
      await expect(f.market.connect(bob).confirmDelivery(orderId))
        .to.emit(f.market, "OrderCompleted")
        .withArgs(orderId, nyn(100) - fee, fee, false);
      expect(await f.market.withdrawable(carol.address)).to.equal(nyn(100) - fee);
      expect(await f.market.uncollectedFees()).to.equal(fee);
      expect((await f.market.reputation(carol.address)).completedSales).to.equal(1n);
      const o = await f.market.order(orderId);
      expect([o.status, o.amount]).to.deep.equal([OrderStatus.Settled, 0n]);
    });

    it("also confirms an order the seller has not marked shipped", async function () {
      const f = await loadFixture(marketFixture);
      const orderId = await bought(f, await listed(f));
      await expect(f.market.connect(f.accounts.bob).confirmDelivery(orderId)).to.emit(f.market, "OrderCompleted");
    });

    it("rejects another account and a second confirmation", async function () {
      const f = await loadFixture(marketFixture);
      const { bob, carol } = f.accounts;
      const { orderId } = await shippedOrder(f);
      await expect(f.market.connect(carol).confirmDelivery(orderId))
        .to.be.revertedWithCustomError(f.market, "MarketplaceNotBuyer")
        .withArgs(orderId, carol.address, bob.address);
      await f.market.connect(bob).confirmDelivery(orderId);
      await expect(f.market.connect(bob).confirmDelivery(orderId))
        .to.be.revertedWithCustomError(f.market, "MarketplaceInvalidOrderStatus")
        .withArgs(orderId, OrderStatus.Settled);
    });
  });

  describe("refundOrder", function () {
    it("lets the seller refund the buyer in full, before or after shipping", async function () {
      const f = await loadFixture(marketFixture);
      const { bob, carol } = f.accounts;
      const id = await listed(f);
      const paid = await bought(f, id);
      const { orderId: shipped } = await shippedOrder(f);
      await expect(f.market.connect(carol).refundOrder(paid))
        .to.emit(f.market, "OrderRefunded")
        .withArgs(paid, nyn(100), false);
      await expect(f.market.connect(carol).refundOrder(shipped))
        .to.emit(f.market, "OrderRefunded")
        .withArgs(shipped, nyn(100), false);
      expect(await f.market.withdrawable(bob.address)).to.equal(nyn(200));
      expect((await f.market.order(paid)).status).to.equal(OrderStatus.Settled);
    });

    it("rejects the buyer and a settled order", async function () {
      const f = await loadFixture(marketFixture);
      const orderId = await bought(f, await listed(f));
      await expect(f.market.connect(f.accounts.bob).refundOrder(orderId)).to.be.revertedWithCustomError(
        f.market,
        "MarketplaceNotSeller",
      );
      await f.market.connect(f.accounts.carol).refundOrder(orderId);
      await expect(f.market.connect(f.accounts.carol).refundOrder(orderId))
        .to.be.revertedWithCustomError(f.market, "MarketplaceInvalidOrderStatus")
        .withArgs(orderId, OrderStatus.Settled);
    });
  });

  describe("settle", function () {
    it("refunds the buyer when the seller never ships by the deadline (anyone may settle)", async function () {
      const f = await loadFixture(marketFixture);
      const { bob, mallory } = f.accounts;
      const orderId = await bought(f, await listed(f));
      await time.increaseTo((await f.market.order(orderId)).deadline + 1n);
      await expect(f.market.connect(mallory).settle(orderId))
        .to.emit(f.market, "OrderRefunded")
        .withArgs(orderId, nyn(100), true);
      expect(await f.market.withdrawable(bob.address)).to.equal(nyn(100));
      expect((await f.market.order(orderId)).status).to.equal(OrderStatus.Settled);
    });

    it("pays the seller when the buyer stays silent past the window after shipping", async function () {
      const f = await loadFixture(marketFixture);
      const { carol } = f.accounts;
      const { orderId } = await shippedOrder(f);
      await time.increaseTo((await f.market.order(orderId)).deadline + 1n);
      const fee = feeOf(nyn(100));
      await expect(f.market.connect(carol).settle(orderId))
        .to.emit(f.market, "OrderCompleted")
        .withArgs(orderId, nyn(100) - fee, fee, true);
      expect(await f.market.withdrawable(carol.address)).to.equal(nyn(100) - fee);
      expect((await f.market.reputation(carol.address)).completedSales).to.equal(1n);
    });

    it("rejects settling before the deadline, at the deadline, and twice", async function () {
      const f = await loadFixture(marketFixture);
      const { orderId } = await shippedOrder(f);
      const deadline = (await f.market.order(orderId)).deadline;
      await time.setNextBlockTimestamp(deadline);
      await expect(f.market.settle(orderId))
        .to.be.revertedWithCustomError(f.market, "MarketplaceDeadlineNotPassed")
        .withArgs(orderId, deadline, deadline);
      await f.market.settle(orderId);
      await expect(f.market.settle(orderId))
        .to.be.revertedWithCustomError(f.market, "MarketplaceInvalidOrderStatus")
        .withArgs(orderId, OrderStatus.Settled);
    });
  });

  describe("openDispute", function () {
    it("lets the buyer dispute a shipped order: ERC-1497 Dispute and Evidence, the reputation counts it", async function () {
      const f = await loadFixture(marketFixture);
      const { bob, carol } = f.accounts;
      const { orderId } = await shippedOrder(f);
      const market = await f.market.getAddress();
      const tx = f.market.connect(bob).openDispute(orderId, "ipfs://evidence-bob");
      await expect(tx).to.emit(f.market, "OrderDisputed").withArgs(orderId, 1, bob.address);
      await expect(tx)
        .to.emit(f.market, "DisputeOpened")
        .withArgs(1, orderId, bob.address, bob.address, carol.address, nyn(100), (await now()) + 30n * DAY);
      await expect(tx).to.emit(f.market, "Dispute").withArgs(market, 1, orderId, 1);
      await expect(tx).to.emit(f.market, "Evidence").withArgs(market, 1, bob.address, "ipfs://evidence-bob");
      expect((await f.market.order(orderId)).status).to.equal(OrderStatus.Disputed);
      const d = await f.market.dispute(1);
      expect([d.payer, d.payee, d.amount, d.feeBps, d.status, d.escrowId, d.openedBy]).to.deep.equal([
        bob.address,
        carol.address,
        nyn(100),
        FEE_BPS,
        DisputeStatus.Open,
        orderId,
        bob.address,
      ]);
      expect((await f.market.reputation(bob.address)).disputesOpened).to.equal(1n);
    });

    it("lets the seller dispute too, without evidence", async function () {
      const f = await loadFixture(marketFixture);
      const { orderId } = await shippedOrder(f);
      await expect(f.market.connect(f.accounts.carol).openDispute(orderId, "")).to.not.emit(f.market, "Evidence");
      expect(await f.market.disputeCount()).to.equal(1n);
    });

    it("rejects a third party, an unshipped order, a completed order and a dispute after the deadline", async function () {
      const f = await loadFixture(marketFixture);
      const { bob, mallory } = f.accounts;
      const paid = await bought(f, await listed(f));
      await expect(f.market.connect(bob).openDispute(paid, ""))
        .to.be.revertedWithCustomError(f.market, "MarketplaceInvalidOrderStatus")
        .withArgs(paid, OrderStatus.Paid);
      const { orderId } = await shippedOrder(f);
      await expect(f.market.connect(mallory).openDispute(orderId, ""))
        .to.be.revertedWithCustomError(f.market, "MarketplaceNotParty")
        .withArgs(orderId, mallory.address);
      const deadline = (await f.market.order(orderId)).deadline;
      await time.setNextBlockTimestamp(deadline + 1n);
      await expect(f.market.connect(bob).openDispute(orderId, ""))
        .to.be.revertedWithCustomError(f.market, "MarketplaceDeadlinePassed")
        .withArgs(orderId, deadline, deadline + 1n);
      await f.market.settle(orderId);
      await expect(f.market.connect(bob).openDispute(orderId, ""))
        .to.be.revertedWithCustomError(f.market, "MarketplaceInvalidOrderStatus")
        .withArgs(orderId, OrderStatus.Settled);
    });

    it("freezes the order: no confirmation, refund or settlement while disputed", async function () {
      const f = await loadFixture(marketFixture);
      const { bob, carol } = f.accounts;
      const { orderId } = await shippedOrder(f);
      await (await f.market.connect(bob).openDispute(orderId, "")).wait();
      await time.increase(10n * DAY);
      // Each call starts only when awaited: started together, their rejections could go unhandled.
      for (const call of [
        () => f.market.connect(bob).confirmDelivery(orderId),
        () => f.market.connect(carol).refundOrder(orderId),
        () => f.market.settle(orderId),
      ]) {
        await expect(call())
          .to.be.revertedWithCustomError(f.market, "MarketplaceInvalidOrderStatus")
          .withArgs(orderId, OrderStatus.Disputed);
      }
    });
  });

  describe("rule", function () {
    async function disputed() {
      const f = await marketFixture();
      const { orderId } = await shippedOrder(f);
      await f.market.connect(f.accounts.bob).openDispute(orderId, "ipfs://evidence");
      return { ...f, orderId, disputeId: 1n };
    }

    it("splits the escrow as ruled: buyer + seller + fee = deposit; the order is Settled", async function () {
      const f = await loadFixture(disputed);
      const { arbiter, bob, carol } = f.accounts;
      const buyerPart = nyn(30);
      const fee = feeOf(nyn(70));
      const tx = f.market.connect(arbiter).rule(f.disputeId, 3000);
      await expect(tx).to.emit(f.market, "Ruling").withArgs(arbiter.address, f.disputeId, 3000);
      await expect(tx)
        .to.emit(f.market, "DisputeResolved")
        .withArgs(f.disputeId, 3000, buyerPart, nyn(70) - fee, fee, false);
      await expect(tx).to.emit(f.market, "OrderResolved").withArgs(f.orderId, f.disputeId);
      expect(await f.market.withdrawable(bob.address)).to.equal(buyerPart);
      expect(await f.market.withdrawable(carol.address)).to.equal(nyn(70) - fee);
      expect(buyerPart + (nyn(70) - fee) + (await f.market.uncollectedFees())).to.equal(nyn(100));
      const o = await f.market.order(f.orderId);
      expect([o.status, o.amount]).to.deep.equal([OrderStatus.Settled, 0n]);
      const d = await f.market.dispute(f.disputeId);
      expect([d.status, d.payerShareBps]).to.deep.equal([DisputeStatus.Ruled, 3000n]);
    });
  });

  describe("listingsBySeller / ordersByBuyer", function () {
    it("pages through a seller's listings and a buyer's orders, oldest first", async function () {
      const f = await loadFixture(marketFixture);
      const { bob, carol } = f.accounts;
      for (let i = 1; i <= 5; i++) await f.market.connect(carol).createListing(nyn(i), 1, URI, WINDOW);
      const [ids, listings] = await f.market.listingsBySeller(carol.address, 1, 3);
      expect(ids).to.deep.equal([2n, 3n, 4n].map((n) => idOf(carol.address, n)));
      expect(listings.map((l) => l.pricePerUnit)).to.deep.equal([nyn(2), nyn(3), nyn(4)]);
      expect((await f.market.listingsBySeller(carol.address, 4, 10))[0]).to.deep.equal([idOf(carol.address, 5)]);
      expect((await f.market.listingsBySeller(carol.address, 5, 10))[0]).to.deep.equal([]);
      for (let i = 1; i <= 3; i++) await f.market.connect(bob).buy(idOf(carol.address, i), 1, nyn(i));
      const [orderIds, orders] = await f.market.ordersByBuyer(bob.address, 0, ethers.MaxUint256);
      expect(orderIds).to.deep.equal([1n, 2n, 3n].map((n) => idOf(bob.address, n)));
      expect(orders.map((o) => o.amount)).to.deep.equal([nyn(1), nyn(2), nyn(3)]);
      expect(orders.every((o) => o.seller === carol.address)).to.equal(true);
    });

    it("shows a settled order as Settled (its record is deleted) and tells it apart from ids never placed", async function () {
      const f = await loadFixture(marketFixture);
      const { bob, carol } = f.accounts;
      const { orderId } = await shippedOrder(f);
      const open = await bought(f, idOf(carol.address, 1));
      await f.market.connect(bob).confirmDelivery(orderId);
      const [ids, orders] = await f.market.ordersByBuyer(bob.address, 0, 10);
      expect(ids).to.deep.equal([orderId, open]);
      expect(orders.map((o) => [o.seller, o.status, o.feeBps, o.deadline, o.deliveryWindow, o.amount])).to.deep.equal([
        [ethers.ZeroAddress, OrderStatus.Settled, 0n, 0n, 0n, 0n],
        [carol.address, OrderStatus.Paid, FEE_BPS, orders[1].deadline, WINDOW, nyn(100)],
      ]);
      expect((await f.market.order(orderId)).status).to.equal(OrderStatus.Settled);
      await expect(f.market.connect(carol).ship(orderId))
        .to.be.revertedWithCustomError(f.market, "MarketplaceInvalidOrderStatus")
        .withArgs(orderId, OrderStatus.Settled);
      for (const never of [
        idOf(bob.address, 0),
        idOf(bob.address, 3),
        orderId | (1n << 224n),
        idOf(carol.address, 1),
      ]) {
        await expect(f.market.order(never))
          .to.be.revertedWithCustomError(f.market, "MarketplaceUnknownOrder")
          .withArgs(never);
        await expect(f.market.connect(bob).confirmDelivery(never))
          .to.be.revertedWithCustomError(f.market, "MarketplaceUnknownOrder")
          .withArgs(never);
      }
    });

    it("keeps a buyer's open order when it places another (the open one moves out of the buyer's word)", async function () {
      const f = await loadFixture(marketFixture);
      const { bob, carol } = f.accounts;
      const id = await listed(f);
      const first = await bought(f, id);
      const second = await bought(f, id, 2n); // `first` is still Paid: it moves to a slot of its own
      await f.market.connect(carol).ship(first);
      const [ids, orders] = await f.market.ordersByBuyer(bob.address, 0, 10);
      expect(ids).to.deep.equal([first, second]);
      expect(orders.map((o) => [o.status, o.amount])).to.deep.equal([
        [OrderStatus.Shipped, nyn(100)],
        [OrderStatus.Paid, nyn(200)],
      ]);
      await f.market.connect(bob).confirmDelivery(second);
      await f.market.connect(bob).confirmDelivery(first);
      expect(await f.market.withdrawable(carol.address)).to.equal(nyn(300) - feeOf(nyn(100)) - feeOf(nyn(200)));
      const third = await bought(f, id); // reuses the buyer's word: `second` settled there
      expect(third).to.equal(idOf(bob.address, 3));
      for (const [o, status] of [
        [first, OrderStatus.Settled],
        [second, OrderStatus.Settled],
        [third, OrderStatus.Paid],
      ] as const) {
        expect((await f.market.order(o)).status, `order ${o}`).to.equal(status);
      }
      await expect(f.market.connect(bob).confirmDelivery(first))
        .to.be.revertedWithCustomError(f.market, "MarketplaceInvalidOrderStatus")
        .withArgs(first, OrderStatus.Settled);
      expect(await f.market.orderCount(bob.address)).to.equal(3n);
      expect(await f.nyn.balanceOf(await f.market.getAddress())).to.equal(
        nyn(100) + (await f.market.withdrawable(carol.address)) + (await f.market.uncollectedFees()),
      );
    });

    it("knows no alias of an order id (extra high bits, or a number of 2^32 and above)", async function () {
      const f = await loadFixture(marketFixture);
      const { bob } = f.accounts;
      const live = await bought(f, await listed(f));
      for (const alias of [live | (1n << 224n), live + (1n << 32n), live | (1n << 63n)]) {
        await expect(f.market.order(alias))
          .to.be.revertedWithCustomError(f.market, "MarketplaceUnknownOrder")
          .withArgs(alias);
        await expect(f.market.connect(bob).confirmDelivery(alias))
          .to.be.revertedWithCustomError(f.market, "MarketplaceUnknownOrder")
          .withArgs(alias);
      }
      expect((await f.market.order(live)).status).to.equal(OrderStatus.Paid);
    });

    it("reverts on unknown listings and orders", async function () {
      const f = await loadFixture(marketFixture);
      await expect(f.market.listing(7))
        .to.be.revertedWithCustomError(f.market, "MarketplaceUnknownListing")
        .withArgs(7);
      await expect(f.market.order(7)).to.be.revertedWithCustomError(f.market, "MarketplaceUnknownOrder").withArgs(7);
      await expect(f.market.dispute(7))
        .to.be.revertedWithCustomError(f.market, "MarketEscrowUnknownDispute")
        .withArgs(7);
    });
  });
});
