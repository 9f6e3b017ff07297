import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { systemFixture } from "../fixtures/system";
import { NO_EXPIRY, PERMISSION } from "../../lib/ids";
import { NYN__factory } from "../../typechain-types";
import { signPermit } from "../../lib/permit";

const { ethers } = hre;
const CAP = ethers.parseEther("5000000000");
const INITIAL_SUPPLY = ethers.parseEther("112000000");

describe("NYN", function () {
  describe("metadata", function () {
    it("is NYN / NYN with 18 decimals and a 5,000,000,000 NYN cap", async function () {
      const s = await loadFixture(systemFixture);
      expect(await s.nyn.name()).to.equal("NYN");
      expect(await s.nyn.symbol()).to.equal("NYN");
      expect(await s.nyn.decimals()).to.equal(18n);
      expect(await s.nyn.CAP()).to.equal(CAP);
      expect(await s.nyn.acl()).to.equal(s.addresses.acl);
      expect(await s.nyn.totalSupply()).to.equal(INITIAL_SUPPLY);
    });
  });

  describe("constructor", function () {
    it("reverts with NYNZeroAddress for a zero ACL", async function () {
      const s = await loadFixture(systemFixture);
      const factory = new NYN__factory(s.accounts.deployer);
      await expect(factory.deploy(ethers.ZeroAddress, [], []))
        .to.be.revertedWithCustomError(factory, "NYNZeroAddress")
        .withArgs("acl_");
    });

    it("reverts with NYNLengthMismatch for holders and amounts of different lengths", async function () {
      const s = await loadFixture(systemFixture);
      const factory = new NYN__factory(s.accounts.deployer);
      await expect(factory.deploy(s.addresses.acl, [s.accounts.alice.address], [1n, 2n]))
        .to.be.revertedWithCustomError(factory, "NYNLengthMismatch")
        .withArgs(1n, 2n);
    });

    it("reverts with NYNCapExceeded for initial allocations above the cap", async function () {
      const s = await loadFixture(systemFixture);
      const factory = new NYN__factory(s.accounts.deployer);
      const { alice, bob } = s.accounts;
      await expect(factory.deploy(s.addresses.acl, [alice.address, bob.address], [CAP, 1n]))
        .to.be.revertedWithCustomError(factory, "NYNCapExceeded")
        .withArgs(1n, CAP + 1n, CAP);
    });
  });

  describe("mint", function () {
    it("lets a MINT_PERMISSION holder mint", async function () {
      const s = await loadFixture(systemFixture);
      const { bob } = s.accounts;
      const amount = ethers.parseEther("1000");
      await expect(s.nyn.mint(bob.address, amount))
        .to.emit(s.nyn, "Transfer")
        .withArgs(ethers.ZeroAddress, bob.address, amount);
      expect(await s.nyn.balanceOf(bob.address)).to.equal(amount);
      expect(await s.nyn.totalSupply()).to.equal(INITIAL_SUPPLY + amount);
    });

    it("reverts with NYNUnauthorizedMinter without MINT_PERMISSION, root and guardian included", async function () {
      const s = await loadFixture(systemFixture);
      for (const who of [s.accounts.mallory, s.accounts.guardian]) {
        await expect(s.nyn.connect(who).mint(who.address, 1n))
          .to.be.revertedWithCustomError(s.nyn, "NYNUnauthorizedMinter")
          .withArgs(who.address);
      }
      // Minting is a permission on the token, not root power: a root without MINT cannot mint.
      const { deployer } = s.accounts;
      await (await s.acl.revokePermission(deployer.address, s.addresses.nyn, PERMISSION.MINT)).wait();
      expect(await s.kernel.isRoot(deployer.address)).to.equal(true);
      await expect(s.nyn.mint(deployer.address, 1n))
        .to.be.revertedWithCustomError(s.nyn, "NYNUnauthorizedMinter")
        .withArgs(deployer.address);
    });

    it("follows the ACL: a minter loses the power when revoked, and MINT cannot be granted with an expiry", async function () {
      const s = await loadFixture(systemFixture);
      const { carol } = s.accounts;
      await (await s.acl.grantPermission(carol.address, s.addresses.nyn, PERMISSION.MINT, NO_EXPIRY)).wait();
      await expect(s.nyn.connect(carol).mint(carol.address, 5n)).to.changeTokenBalance(s.nyn, carol, 5n);
      await (await s.acl.revokePermission(carol.address, s.addresses.nyn, PERMISSION.MINT)).wait();
      await expect(s.nyn.connect(carol).mint(carol.address, 5n))
        .to.be.revertedWithCustomError(s.nyn, "NYNUnauthorizedMinter")
        .withArgs(carol.address);
      const expiry = BigInt(await time.latest()) + 100n;
      await expect(s.acl.grantPermission(carol.address, s.addresses.nyn, PERMISSION.MINT, expiry))
        .to.be.revertedWithCustomError(s.acl, "ACLExpiringRootPermission")
        .withArgs(s.addresses.nyn, PERMISSION.MINT, expiry);
    });

    it("mints up to the cap exactly and reverts with NYNCapExceeded one NYN-wei past it", async function () {
      const s = await loadFixture(systemFixture);
      const { bob } = s.accounts;
      await (await s.nyn.mint(bob.address, CAP - INITIAL_SUPPLY)).wait();
      expect(await s.nyn.totalSupply()).to.equal(CAP);
      await expect(s.nyn.mint(bob.address, 1n))
        .to.be.revertedWithCustomError(s.nyn, "NYNCapExceeded")
        .withArgs(1n, CAP + 1n, CAP);
    });

    it("reverts with ERC20InvalidReceiver for the zero address", async function () {
      const s = await loadFixture(systemFixture);
      await expect(s.nyn.mint(ethers.ZeroAddress, 1n))
        .to.be.revertedWithCustomError(s.nyn, "ERC20InvalidReceiver")
        .withArgs(ethers.ZeroAddress);
    });
  });

  describe("permit", function () {
    it("sets the allowance from a signature and uses one nonce", async function () {
      const s = await loadFixture(systemFixture);
      const { alice, bob } = s.accounts;
      const value = ethers.parseEther("250");
      const deadline = BigInt(await time.latest()) + 3600n;
      const p = await signPermit(s.nyn, alice, bob.address, value, deadline);
      await expect(s.nyn.connect(bob).permit(p.owner, p.spender, p.value, p.deadline, p.v, p.r, p.s))
        .to.emit(s.nyn, "Approval")
        .withArgs(alice.address, bob.address, value);
      expect(await s.nyn.allowance(alice.address, bob.address)).to.equal(value);
      expect(await s.nyn.nonces(alice.address)).to.equal(1n);
      await expect(s.nyn.connect(bob).transferFrom(alice.address, bob.address, value)).to.changeTokenBalances(
        s.nyn,
        [alice, bob],
        [-value, value],
      );
    });

    it("reverts with ERC2612InvalidSigner for a signature by someone else", async function () {
      const s = await loadFixture(systemFixture);
      const { alice, bob, mallory } = s.accounts;
      const deadline = BigInt(await time.latest()) + 3600n;
      const p = await signPermit(s.nyn, mallory, bob.address, 1n, deadline, { claimedOwner: alice.address });
      await expect(s.nyn.permit(p.owner, p.spender, p.value, p.deadline, p.v, p.r, p.s))
        .to.be.revertedWithCustomError(s.nyn, "ERC2612InvalidSigner")
        .withArgs(mallory.address, alice.address);
    });
  });

  describe("votes", function () {
    it("uses the timestamp clock (ERC-6372)", async function () {
      const s = await loadFixture(systemFixture);
      expect(await s.nyn.CLOCK_MODE()).to.equal("mode=timestamp");
      expect(await s.nyn.clock()).to.equal(BigInt(await time.latest()));
    });

    it("counts no votes until the holder delegates", async function () {
      const s = await loadFixture(systemFixture);
      const { alice } = s.accounts;
      expect(await s.nyn.getVotes(alice.address)).to.equal(0n);
      await expect(s.nyn.connect(alice).delegate(alice.address))
        .to.emit(s.nyn, "DelegateChanged")
        .withArgs(alice.address, ethers.ZeroAddress, alice.address)
        .and.to.emit(s.nyn, "DelegateVotesChanged")
        .withArgs(alice.address, 0n, ethers.parseEther("10000000"));
      expect(await s.nyn.getVotes(alice.address)).to.equal(ethers.parseEther("10000000"));
      expect(await s.nyn.delegates(alice.address)).to.equal(alice.address);
    });

    it("moves votes with transfers and re-delegation", async function () {
      const s = await loadFixture(systemFixture);
      const { alice, bob, carol } = s.accounts;
      const ten = ethers.parseEther("10000000");
      const one = ethers.parseEther("1000000");
      await (await s.nyn.connect(alice).delegate(alice.address)).wait();
      await (await s.nyn.connect(bob).delegate(carol.address)).wait();
      await (await s.nyn.connect(alice).transfer(bob.address, one)).wait();
      expect(await s.nyn.getVotes(alice.address)).to.equal(ten - one);
      expect(await s.nyn.getVotes(carol.address)).to.equal(one);
      await (await s.nyn.connect(alice).delegate(carol.address)).wait();
      expect(await s.nyn.getVotes(alice.address)).to.equal(0n);
      expect(await s.nyn.getVotes(carol.address)).to.equal(ten);
    });

    it("reads past votes and supply by timestamp", async function () {
      const s = await loadFixture(systemFixture);
      const { alice, bob } = s.accounts;
      await (await s.nyn.connect(alice).delegate(alice.address)).wait();
      const t1 = BigInt(await time.latest());
      await time.increase(100);
      await (await s.nyn.connect(alice).transfer(bob.address, ethers.parseEther("4000000"))).wait();
      await (await s.nyn.mint(bob.address, 1n)).wait();
      const t2 = BigInt(await time.latest());
      await time.increase(1);
      expect(await s.nyn.getPastVotes(alice.address, t1)).to.equal(ethers.parseEther("10000000"));
      expect(await s.nyn.getPastVotes(alice.address, t2)).to.equal(ethers.parseEther("6000000"));
      expect(await s.nyn.getPastVotes(alice.address, t1 - 1n)).to.equal(0n);
      expect(await s.nyn.getPastTotalSupply(t1)).to.equal(INITIAL_SUPPLY);
      expect(await s.nyn.getPastTotalSupply(t2)).to.equal(INITIAL_SUPPLY + 1n);
    });

    it("reverts with ERC5805FutureLookup for the current or a future timestamp", async function () {
      const s = await loadFixture(systemFixture);
      const now = BigInt(await time.latest());
      await expect(s.nyn.getPastVotes(s.accounts.alice.address, now))
        .to.be.revertedWithCustomError(s.nyn, "ERC5805FutureLookup")
        .withArgs(now, now);
      await expect(s.nyn.getPastTotalSupply(now + 100n))
        .to.be.revertedWithCustomError(s.nyn, "ERC5805FutureLookup")
        .withArgs(now + 100n, now);
    });
  });
});
