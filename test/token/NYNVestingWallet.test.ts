import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { systemFixture } from "../fixtures/system";
import { NYNVestingWallet__factory } from "../../typechain-types";

const { ethers } = hre;
const DAY = 86_400n;
const AMOUNT = ethers.parseEther("1200000");

/** A fresh wallet for Bob on a schedule that starts `delay` seconds from now, funded with 1,200,000 NYN by Alice. */
async function walletFixture() {
  const s = await loadFixture(systemFixture);
  const { alice, bob } = s.accounts;
  const start = BigInt(await time.latest()) + 10n * DAY;
  const wallet = await new NYNVestingWallet__factory(alice).deploy(bob.address, start, 400n * DAY, 100n * DAY);
  await (await s.nyn.connect(alice).transfer(await wallet.getAddress(), AMOUNT)).wait();
  return { ...s, wallet, start };
}

const releasable = (w: Awaited<ReturnType<typeof walletFixture>>["wallet"], token: string) =>
  w["releasable(address)"](token);
const vested = (w: Awaited<ReturnType<typeof walletFixture>>["wallet"], token: string, at: bigint) =>
  w["vestedAmount(address,uint64)"](token, at);

describe("NYNVestingWallet (OZ VestingWalletCliff + ERC-5805 delegation)", function () {
  describe("schedule", function () {
    it("vests nothing before the cliff, then linearly from the start, everything at the end", async function () {
      const { wallet, nyn, start } = await loadFixture(walletFixture);
      const token = await nyn.getAddress();
      expect(await wallet.cliff()).to.equal(start + 100n * DAY);
      expect(await wallet.end()).to.equal(start + 400n * DAY);
      expect(await vested(wallet, token, start + 100n * DAY - 1n)).to.equal(0n);
      // At the cliff, a quarter of the duration has passed: a quarter vests at once.
      expect(await vested(wallet, token, start + 100n * DAY)).to.equal(AMOUNT / 4n);
      expect(await vested(wallet, token, start + 300n * DAY)).to.equal((AMOUNT * 3n) / 4n);
      expect(await vested(wallet, token, start + 400n * DAY)).to.equal(AMOUNT);
      expect(await releasable(wallet, token)).to.equal(0n);
    });

    it("refuses a cliff longer than the duration and a zero beneficiary", async function () {
      const { accounts } = await loadFixture(walletFixture);
      const factory = new NYNVestingWallet__factory(accounts.alice);
      await expect(factory.deploy(accounts.bob.address, 1n, 10n, 11n))
        .to.be.revertedWithCustomError(factory, "InvalidCliffDuration")
        .withArgs(11n, 10n);
      await expect(factory.deploy(ethers.ZeroAddress, 1n, 10n, 1n))
        .to.be.revertedWithCustomError(factory, "OwnableInvalidOwner")
        .withArgs(ethers.ZeroAddress);
    });
  });

  describe("release", function () {
    it("pays what has vested to the beneficiary, whoever calls, and never twice", async function () {
      const { wallet, nyn, start, accounts } = await loadFixture(walletFixture);
      const token = await nyn.getAddress();
      const { bob, dave } = accounts;
      const at = start + 200n * DAY;
      await time.setNextBlockTimestamp(at);
      await expect(wallet.connect(dave)["release(address)"](token))
        .to.emit(wallet, "ERC20Released")
        .withArgs(token, AMOUNT / 2n);
      expect(await nyn.balanceOf(bob.address)).to.equal(AMOUNT / 2n);
      expect(await wallet["released(address)"](token)).to.equal(AMOUNT / 2n);
      expect(await releasable(wallet, token)).to.equal(0n);
      await time.setNextBlockTimestamp(start + 500n * DAY);
      await (await wallet.connect(dave)["release(address)"](token)).wait();
      expect(await nyn.balanceOf(bob.address)).to.equal(AMOUNT);
      expect(await nyn.balanceOf(await wallet.getAddress())).to.equal(0n);
    });

    it("pays the new beneficiary after an ownership transfer", async function () {
      const { wallet, nyn, start, accounts } = await loadFixture(walletFixture);
      const { bob, carol } = accounts;
      await (await wallet.connect(bob).transferOwnership(carol.address)).wait();
      const carolBefore = await nyn.balanceOf(carol.address);
      await time.setNextBlockTimestamp(start + 400n * DAY);
      await (await wallet["release(address)"](await nyn.getAddress())).wait();
      expect(await nyn.balanceOf(carol.address)).to.equal(carolBefore + AMOUNT);
      expect(await nyn.balanceOf(bob.address)).to.equal(0n);
    });
  });

  describe("delegate", function () {
    it("lets the beneficiary give the wallet's whole balance, vested or not, as votes", async function () {
      const { wallet, nyn, accounts } = await loadFixture(walletFixture);
      const { bob, carol } = accounts;
      const address = await wallet.getAddress();
      const before = await nyn.getVotes(carol.address);
      await expect(wallet.connect(bob).delegate(await nyn.getAddress(), carol.address))
        .to.emit(nyn, "DelegateChanged")
        .withArgs(address, ethers.ZeroAddress, carol.address);
      expect(await nyn.getVotes(carol.address)).to.equal(before + AMOUNT);
      await (await wallet.connect(bob).delegate(await nyn.getAddress(), bob.address)).wait();
      expect(await nyn.getVotes(bob.address)).to.equal(AMOUNT);
      expect(await nyn.getVotes(carol.address)).to.equal(before);
    });

    it("refuses anyone but the beneficiary, and moves no votes", async function () {
      const { wallet, nyn, accounts } = await loadFixture(walletFixture);
      const { dave } = accounts;
      await expect(wallet.connect(dave).delegate(await nyn.getAddress(), dave.address))
        .to.be.revertedWithCustomError(wallet, "OwnableUnauthorizedAccount")
        .withArgs(dave.address);
      expect(await nyn.delegates(await wallet.getAddress())).to.equal(ethers.ZeroAddress);
    });
  });
});
