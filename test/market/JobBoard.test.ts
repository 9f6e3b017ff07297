import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  assigned,
  DAY,
  DisputeStatus,
  ethers,
  FEE_BPS,
  feeOf,
  JobStatus,
  marketFixture,
  MilestoneStatus,
  now,
  nyn,
  posted,
  URI,
} from "./helpers";
import { MODULE } from "../../lib/ids";
import { signPermit } from "../../lib/permit";

const HASH = ethers.id("deliverable v1");
const REVIEW = 7n * DAY;
const REVISION = 7n * DAY;

describe("JobBoard", function () {
  describe("initialize", function () {
    it("is installed by the kernel, paying in NYN, fees to the root", async function () {
      const f = await loadFixture(marketFixture);
      expect(await f.kernel.moduleAddress(MODULE.JOB_BOARD)).to.equal(await f.jobs.getAddress());
      expect(await f.jobs.token()).to.equal(f.addresses.nyn);
      expect(await f.jobs.treasury()).to.equal(f.roles.root);
      expect(await f.jobs.feeBps()).to.equal(FEE_BPS);
    });
  });

  describe("postJob", function () {
    it("escrows the whole budget, stores the milestones and lists the job as open", async function () {
      const f = await loadFixture(marketFixture);
      const { alice } = f.accounts;
      const deadline = (await now()) + 30n * DAY;
      const tx = f.jobs.connect(alice).postJob([nyn(300), nyn(700)], deadline, URI);
      await expect(tx).to.changeTokenBalances(f.nyn, [alice, f.jobs], [-nyn(1000), nyn(1000)]);
      await expect(tx)
        .to.emit(f.jobs, "JobPosted")
        .withArgs(1, alice.address, nyn(1000), [nyn(300), nyn(700)], deadline, URI);
      const j = await f.jobs.job(1);
      expect([
        j.client,
        j.status,
        j.milestoneCount,
        j.currentMilestone,
        j.feeBps,
        j.deadline,
        j.worker,
        j.escrowed,
      ]).to.deep.equal([alice.address, JobStatus.Open, 2n, 0n, FEE_BPS, deadline, ethers.ZeroAddress, nyn(1000)]);
      expect((await f.jobs.milestone(1, 1)).amount).to.equal(nyn(700));
      expect(await f.jobs.openJobCount()).to.equal(1n);
    });

    it("rejects no milestones, more than 16, a milestone of 0 (E2) and a past deadline", async function () {
      const f = await loadFixture(marketFixture);
      const jobs = f.jobs.connect(f.accounts.alice);
      const deadline = (await now()) + DAY;
      await expect(jobs.postJob([], deadline, URI)).to.be.revertedWithCustomError(jobs, "JobBoardNoMilestones");
      await expect(jobs.postJob(Array(17).fill(1n), deadline, URI))
        .to.be.revertedWithCustomError(jobs, "JobBoardTooManyMilestones")
        .withArgs(17, 16);
      await expect(jobs.postJob([1n, 0n], deadline, URI))
        .to.be.revertedWithCustomError(jobs, "JobBoardZeroMilestone")
        .withArgs(1);
      const t = (await now()) + 1n;
      await time.setNextBlockTimestamp(t);
      await expect(jobs.postJob([1n], t, URI))
        .to.be.revertedWithCustomError(jobs, "JobBoardDeadlineInPast")
        .withArgs(t, t);
    });

    it("reverts while the kernel is paused, as does applying; both work again once it is unpaused", async function () {
      const f = await loadFixture(marketFixture);
      const { jobId } = await posted(f);
      await f.kernel.connect(f.accounts.guardian).pause();
      await expect(
        f.jobs.connect(f.accounts.alice).postJob([1n], (await now()) + DAY, URI),
      ).to.be.revertedWithCustomError(f.kernel, "KernelPaused");
      await expect(f.jobs.connect(f.accounts.dave).applyForJob(jobId, URI)).to.be.revertedWithCustomError(
        f.kernel,
        "KernelPaused",
      );
      await f.kernel.connect(f.accounts.guardian).unpause();
      await expect(f.jobs.connect(f.accounts.dave).applyForJob(jobId, URI)).to.emit(f.jobs, "JobApplied");
      await expect(f.jobs.connect(f.accounts.alice).postJob([1n], (await now()) + DAY, URI)).to.emit(
        f.jobs,
        "JobPosted",
      );
    });
  });

  describe("postJobWithPermit", function () {
    it("posts in one transaction with a permit for the budget, leaving no allowance", async function () {
      const f = await loadFixture(marketFixture);
      const { alice } = f.accounts;
      const jobs = await f.jobs.getAddress();
      await f.nyn.connect(alice).approve(jobs, 0);
      const deadline = (await now()) + 30n * DAY;
      const p = await signPermit(f.nyn, alice, jobs, nyn(1000), (await now()) + DAY);
      const tx = f.jobs
        .connect(alice)
        .postJobWithPermit([nyn(300), nyn(700)], deadline, URI, p.deadline, p.v, p.r, p.s);
      await expect(tx).to.changeTokenBalances(f.nyn, [alice, f.jobs], [-nyn(1000), nyn(1000)]);
      await expect(tx)
        .to.emit(f.jobs, "JobPosted")
        .withArgs(1, alice.address, nyn(1000), [nyn(300), nyn(700)], deadline, URI);
      expect(await f.nyn.allowance(alice.address, jobs)).to.equal(0n);
      expect(await f.nyn.nonces(alice.address)).to.equal(1n);
    });

    it("still posts when a front-runner already used the permit", async function () {
      const f = await loadFixture(marketFixture);
      const { alice, mallory } = f.accounts;
      const jobs = await f.jobs.getAddress();
      await f.nyn.connect(alice).approve(jobs, 0);
      const p = await signPermit(f.nyn, alice, jobs, nyn(500), (await now()) + DAY);
      await f.nyn.connect(mallory).permit(alice.address, jobs, nyn(500), p.deadline, p.v, p.r, p.s);
      await expect(
        f.jobs.connect(alice).postJobWithPermit([nyn(500)], (await now()) + DAY, URI, p.deadline, p.v, p.r, p.s),
      ).to.emit(f.jobs, "JobPosted");
    });

    it("reverts with the post's own error (nothing escrowed, no allowance left) or, with a bad permit and no allowance, the permit's error", async function () {
      const f = await loadFixture(marketFixture);
      const { alice } = f.accounts;
      const jobs = await f.jobs.getAddress();
      await f.nyn.connect(alice).approve(jobs, 0);
      const t = await now();
      const p = await signPermit(f.nyn, alice, jobs, nyn(100), t + DAY);
      await expect(
        f.jobs.connect(alice).postJobWithPermit([nyn(100)], t, URI, p.deadline, p.v, p.r, p.s),
      ).to.be.revertedWithCustomError(f.jobs, "JobBoardDeadlineInPast");
      expect(await f.nyn.allowance(alice.address, jobs)).to.equal(0n);
      // A permit for less than the budget does not verify for the budget, and no allowance covers it: the permit's
      // own error (Permit.permitOrAllowance), not a later transfer failure.
      await expect(
        f.jobs.connect(alice).postJobWithPermit([nyn(100), nyn(1)], t + DAY, URI, p.deadline, p.v, p.r, p.s),
      ).to.be.revertedWithCustomError(f.nyn, "ERC2612InvalidSigner");
      // An expired permit: ERC2612ExpiredSignature with its deadline.
      await time.increaseTo(p.deadline + 1n);
      await expect(
        f.jobs.connect(alice).postJobWithPermit([nyn(100)], p.deadline + DAY, URI, p.deadline, p.v, p.r, p.s),
      )
        .to.be.revertedWithCustomError(f.nyn, "ERC2612ExpiredSignature")
        .withArgs(p.deadline);
    });

    it("posts with a bad permit when the allowance already covers the budget", async function () {
      const f = await loadFixture(marketFixture);
      const { alice } = f.accounts;
      const jobs = await f.jobs.getAddress();
      await f.nyn.connect(alice).approve(jobs, nyn(100));
      const p = await signPermit(f.nyn, alice, jobs, nyn(1), (await now()) + DAY); // signed for another value
      await expect(
        f.jobs.connect(alice).postJobWithPermit([nyn(100)], (await now()) + DAY, URI, p.deadline, p.v, p.r, p.s),
      ).to.changeTokenBalance(f.nyn, alice, -nyn(100));
      expect(await f.nyn.nonces(alice.address)).to.equal(0n);
    });
  });

  describe("applyForJob", function () {
    it("records the application", async function () {
      const f = await loadFixture(marketFixture);
      const { jobId } = await posted(f);
      await expect(f.jobs.connect(f.accounts.dave).applyForJob(jobId, "ipfs://cv"))
        .to.emit(f.jobs, "JobApplied")
        .withArgs(jobId, f.accounts.dave.address, "ipfs://cv");
      expect(await f.jobs.hasApplied(jobId, f.accounts.dave.address)).to.equal(true);
      expect(await f.jobs.hasApplied(jobId, f.accounts.carol.address)).to.equal(false);
    });

    it("rejects the client, a second application, an unknown job, a late application and a taken job", async function () {
      const f = await loadFixture(marketFixture);
      const { alice, carol, dave } = f.accounts;
      const { jobId, deadline } = await posted(f);
      await expect(f.jobs.connect(alice).applyForJob(jobId, URI)).to.be.revertedWithCustomError(
        f.jobs,
        "JobBoardClientCannotApply",
      );
      await f.jobs.connect(dave).applyForJob(jobId, URI);
      await expect(f.jobs.connect(dave).applyForJob(jobId, URI))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardAlreadyApplied")
        .withArgs(jobId, dave.address);
      await expect(f.jobs.connect(dave).applyForJob(9, URI))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardUnknownJob")
        .withArgs(9);
      const snapshotDeadline = deadline;
      await f.jobs.connect(alice).assignWorker(jobId, dave.address);
      await expect(f.jobs.connect(carol).applyForJob(jobId, URI))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardInvalidJobStatus")
        .withArgs(jobId, JobStatus.Assigned);
      const { jobId: late } = await posted(f);
      const lateDeadline = (await f.jobs.job(late)).deadline;
      await time.setNextBlockTimestamp(lateDeadline + 1n);
      await expect(f.jobs.connect(carol).applyForJob(late, URI))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardDeadlinePassed")
        .withArgs(late, lateDeadline, lateDeadline + 1n);
      expect(snapshotDeadline).to.be.lessThan(lateDeadline);
    });
  });

  describe("assignWorker", function () {
    it("assigns an applicant and takes the job out of the open set", async function () {
      const f = await loadFixture(marketFixture);
      const { alice, dave } = f.accounts;
      const { jobId } = await posted(f);
      await f.jobs.connect(dave).applyForJob(jobId, URI);
      await expect(f.jobs.connect(alice).assignWorker(jobId, dave.address))
        .to.emit(f.jobs, "JobAssigned")
        .withArgs(jobId, dave.address);
      const j = await f.jobs.job(jobId);
      expect([j.status, j.worker]).to.deep.equal([JobStatus.Assigned, dave.address]);
      expect(await f.jobs.openJobCount()).to.equal(0n);
    });

    it("rejects another account, a non-applicant and a second assignment (E7)", async function () {
      const f = await loadFixture(marketFixture);
      const { alice, carol, dave } = f.accounts;
      const { jobId } = await posted(f);
      await f.jobs.connect(dave).applyForJob(jobId, URI);
      await f.jobs.connect(carol).applyForJob(jobId, URI);
      await expect(f.jobs.connect(dave).assignWorker(jobId, dave.address))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardNotClient")
        .withArgs(jobId, dave.address, alice.address);
      await expect(f.jobs.connect(alice).assignWorker(jobId, f.accounts.bob.address))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardNotApplicant")
        .withArgs(jobId, f.accounts.bob.address);
      await f.jobs.connect(alice).assignWorker(jobId, dave.address);
      await expect(f.jobs.connect(alice).assignWorker(jobId, carol.address))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardInvalidJobStatus")
        .withArgs(jobId, JobStatus.Assigned);
    });

    it("rejects assigning after the deadline", async function () {
      const f = await loadFixture(marketFixture);
      const { jobId, deadline } = await posted(f);
      await f.jobs.connect(f.accounts.dave).applyForJob(jobId, URI);
      await time.setNextBlockTimestamp(deadline + 1n);
      await expect(f.jobs.connect(f.accounts.alice).assignWorker(jobId, f.accounts.dave.address))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardDeadlinePassed")
        .withArgs(jobId, deadline, deadline + 1n);
    });
  });

  describe("submitMilestone", function () {
    it("submits the current milestone with its URI and hash and opens the review window", async function () {
      const f = await loadFixture(marketFixture);
      const { jobId } = await assigned(f);
      // The submitting block's time, set: read after sending, the latest block may already be the submitting one.
      const submittedAt = (await now()) + 1n;
      await time.setNextBlockTimestamp(submittedAt);
      const tx = f.jobs.connect(f.accounts.dave).submitMilestone(jobId, "ipfs://d1", HASH);
      await expect(tx)
        .to.emit(f.jobs, "MilestoneSubmitted")
        .withArgs(jobId, 0, "ipfs://d1", HASH, submittedAt + REVIEW);
      const m = await f.jobs.milestone(jobId, 0);
      expect([m.status, m.reviewDeadline, m.deliverableHash]).to.deep.equal([
        MilestoneStatus.Submitted,
        (await now()) + REVIEW,
        HASH,
      ]);
    });

    it("rejects another worker (E7), a second submission and a submission after the deadline", async function () {
      const f = await loadFixture(marketFixture);
      const { carol, dave } = f.accounts;
      const { jobId, deadline } = await assigned(f);
      await expect(f.jobs.connect(carol).submitMilestone(jobId, URI, HASH))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardNotWorker")
        .withArgs(jobId, carol.address, dave.address);
      await f.jobs.connect(dave).submitMilestone(jobId, URI, HASH);
      await expect(f.jobs.connect(dave).submitMilestone(jobId, URI, HASH))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardInvalidMilestoneStatus")
        .withArgs(jobId, 0, MilestoneStatus.Submitted);
      await f.jobs.connect(f.accounts.alice).approveMilestone(jobId);
      await time.setNextBlockTimestamp(deadline + 1n);
      await expect(f.jobs.connect(dave).submitMilestone(jobId, URI, HASH))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardDeadlinePassed")
        .withArgs(jobId, deadline, deadline + 1n);
    });

    it("rejects work on an open job", async function () {
      const f = await loadFixture(marketFixture);
      const { jobId } = await posted(f);
      await expect(f.jobs.connect(f.accounts.dave).submitMilestone(jobId, URI, HASH))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardInvalidJobStatus")
        .withArgs(jobId, JobStatus.Open);
    });
  });

  describe("approveMilestone", function () {
    it("credits the worker the milestone minus the fee and moves to the next milestone", async function () {
      const f = await loadFixture(marketFixture);
      const { alice, dave } = f.accounts;
      const { jobId } = await assigned(f);
      await f.jobs.connect(dave).submitMilestone(jobId, URI, HASH);
      const fee = feeOf(nyn(300));
      await expect(f.jobs.connect(alice).approveMilestone(jobId))
        .to.emit(f.jobs, "MilestonePaid")
        .withArgs(jobId, 0, nyn(300) - fee, fee, false);
      expect(await f.jobs.withdrawable(dave.address)).to.equal(nyn(300) - fee);
      expect(await f.jobs.uncollectedFees()).to.equal(fee);
      const j = await f.jobs.job(jobId);
      expect([j.currentMilestone, j.escrowed, j.status]).to.deep.equal([1n, nyn(700), JobStatus.Assigned]);
      expect((await f.jobs.milestone(jobId, 0)).status).to.equal(MilestoneStatus.Approved);
      expect((await f.jobs.reputation(dave.address)).completedJobs).to.equal(0n);
    });

    it("completes the job on the last milestone and counts it for the worker", async function () {
      const f = await loadFixture(marketFixture);
      const { alice, dave } = f.accounts;
      const { jobId } = await assigned(f, [nyn(10)]);
      await f.jobs.connect(dave).submitMilestone(jobId, URI, HASH);
      await expect(f.jobs.connect(alice).approveMilestone(jobId))
        .to.emit(f.jobs, "JobCompleted")
        .withArgs(jobId, dave.address);
      const j = await f.jobs.job(jobId);
      expect([j.status, j.escrowed]).to.deep.equal([JobStatus.Completed, 0n]);
      expect((await f.jobs.reputation(dave.address)).completedJobs).to.equal(1n);
      await expect(f.jobs.connect(dave).submitMilestone(jobId, URI, HASH))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardInvalidJobStatus")
        .withArgs(jobId, JobStatus.Completed);
    });

    it("rejects another account and a milestone not submitted", async function () {
      const f = await loadFixture(marketFixture);
      const { jobId } = await assigned(f);
      await expect(f.jobs.connect(f.accounts.alice).approveMilestone(jobId))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardInvalidMilestoneStatus")
        .withArgs(jobId, 0, MilestoneStatus.Pending);
      await f.jobs.connect(f.accounts.dave).submitMilestone(jobId, URI, HASH);
      await expect(f.jobs.connect(f.accounts.dave).approveMilestone(jobId)).to.be.revertedWithCustomError(
        f.jobs,
        "JobBoardNotClient",
      );
    });
  });

  describe("requestChanges", function () {
    it("sends the milestone back to the worker, who resubmits", async function () {
      const f = await loadFixture(marketFixture);
      const { alice, dave } = f.accounts;
      const { jobId, deadline } = await assigned(f);
      await f.jobs.connect(dave).submitMilestone(jobId, URI, HASH);
      // Far from the job deadline, the revision window is the rest of the job.
      await expect(f.jobs.connect(alice).requestChanges(jobId, "ipfs://notes"))
        .to.emit(f.jobs, "MilestoneChangesRequested")
        .withArgs(jobId, 0, "ipfs://notes", deadline);
      const m = await f.jobs.milestone(jobId, 0);
      expect([m.status, m.revisionDeadline]).to.deep.equal([MilestoneStatus.Pending, deadline]);
      expect(await f.jobs.REVISION_WINDOW()).to.equal(REVISION);
      const v2 = ethers.id("deliverable v2");
      await f.jobs.connect(dave).submitMilestone(jobId, URI, v2);
      expect((await f.jobs.milestone(jobId, 0)).deliverableHash).to.equal(v2);
    });

    it("rejects a request after the review window, by another account, or on a pending milestone", async function () {
      const f = await loadFixture(marketFixture);
      const { alice, dave } = f.accounts;
      const { jobId } = await assigned(f);
      await expect(f.jobs.connect(alice).requestChanges(jobId, "")).to.be.revertedWithCustomError(
        f.jobs,
        "JobBoardInvalidMilestoneStatus",
      );
      await f.jobs.connect(dave).submitMilestone(jobId, URI, HASH);
      await expect(f.jobs.connect(dave).requestChanges(jobId, "")).to.be.revertedWithCustomError(
        f.jobs,
        "JobBoardNotClient",
      );
      const review = (await f.jobs.milestone(jobId, 0)).reviewDeadline;
      await time.setNextBlockTimestamp(review + 1n);
      await expect(f.jobs.connect(alice).requestChanges(jobId, ""))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardReviewWindowClosed")
        .withArgs(jobId, 0, review, review + 1n);
    });
  });

  describe("revision window", function () {
    it("gives the worker at least REVISION_WINDOW after a change request near or past the job deadline", async function () {
      const f = await loadFixture(marketFixture);
      const { alice, dave } = f.accounts;
      const { jobId, deadline } = await assigned(f);
      await time.setNextBlockTimestamp(deadline - DAY);
      await f.jobs.connect(dave).submitMilestone(jobId, URI, HASH);
      // A day before the deadline: the window runs 7 days from the request, past the deadline.
      await time.setNextBlockTimestamp(deadline - DAY + 10n);
      await expect(f.jobs.connect(alice).requestChanges(jobId, ""))
        .to.emit(f.jobs, "MilestoneChangesRequested")
        .withArgs(jobId, 0, "", deadline - DAY + 10n + REVISION);
      // Past the deadline, inside the window: the worker resubmits; sent back again after the deadline.
      await time.setNextBlockTimestamp(deadline + 5n);
      await f.jobs.connect(dave).submitMilestone(jobId, URI, ethers.id("v2"));
      await time.setNextBlockTimestamp(deadline + 6n);
      await expect(f.jobs.connect(alice).requestChanges(jobId, ""))
        .to.emit(f.jobs, "MilestoneChangesRequested")
        .withArgs(jobId, 0, "", deadline + 6n + REVISION);
      expect((await f.jobs.milestone(jobId, 0)).revisionDeadline).to.equal(deadline + 6n + REVISION);
    });

    it("closes: no resubmission or dispute after the revision deadline; the client then reclaims", async function () {
      const f = await loadFixture(marketFixture);
      const { alice, dave, mallory } = f.accounts;
      const { jobId, deadline } = await assigned(f, [nyn(100), nyn(50)]);
      await time.setNextBlockTimestamp(deadline);
      await f.jobs.connect(dave).submitMilestone(jobId, URI, HASH);
      await f.jobs.connect(alice).requestChanges(jobId, "");
      const revision = deadline + 1n + REVISION;
      // Until the revision deadline (included) the refund waits for the worker.
      await time.setNextBlockTimestamp(revision);
      await expect(f.jobs.connect(mallory).reclaimExpired(jobId))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardRevisionWindowOpen")
        .withArgs(jobId, 0, revision, revision);
      await time.setNextBlockTimestamp(revision + 1n);
      await expect(f.jobs.connect(dave).submitMilestone(jobId, URI, HASH))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardRevisionWindowClosed")
        .withArgs(jobId, 0, revision, revision + 1n);
      await expect(f.jobs.connect(dave).openDispute(jobId, ""))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardRevisionWindowClosed")
        .withArgs(jobId, 0, revision, revision + 2n);
      await expect(f.jobs.connect(mallory).reclaimExpired(jobId))
        .to.emit(f.jobs, "JobExpired")
        .withArgs(jobId, nyn(150));
      expect(await f.jobs.withdrawable(alice.address)).to.equal(nyn(150));
    });

    it("lets the worker dispute a milestone sent back after the deadline, within the revision window", async function () {
      const f = await loadFixture(marketFixture);
      const { alice, dave } = f.accounts;
      const { jobId, deadline } = await assigned(f);
      await time.setNextBlockTimestamp(deadline - DAY);
      await f.jobs.connect(dave).submitMilestone(jobId, URI, HASH);
      await time.setNextBlockTimestamp(deadline + 1n);
      await f.jobs.connect(alice).requestChanges(jobId, "");
      await time.setNextBlockTimestamp(deadline + 1n + REVISION);
      await expect(f.jobs.connect(dave).openDispute(jobId, ""))
        .to.emit(f.jobs, "MilestoneDisputed")
        .withArgs(jobId, 0, 1, dave.address);
    });

    it("after a change request well before the deadline, ends at the deadline", async function () {
      const f = await loadFixture(marketFixture);
      const { alice, dave } = f.accounts;
      const { jobId, deadline } = await assigned(f);
      await f.jobs.connect(dave).submitMilestone(jobId, URI, HASH);
      await f.jobs.connect(alice).requestChanges(jobId, "");
      await time.setNextBlockTimestamp(deadline + 1n);
      await expect(f.jobs.connect(dave).submitMilestone(jobId, URI, HASH))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardRevisionWindowClosed")
        .withArgs(jobId, 0, deadline, deadline + 1n);
      await expect(f.jobs.reclaimExpired(jobId)).to.emit(f.jobs, "JobExpired").withArgs(jobId, nyn(1000));
    });
  });

  describe("claimMilestone", function () {
    it("pays the worker a milestone the client left unreviewed past the window (anyone may call)", async function () {
      const f = await loadFixture(marketFixture);
      const { dave, mallory } = f.accounts;
      const { jobId } = await assigned(f, [nyn(100)]);
      await f.jobs.connect(dave).submitMilestone(jobId, URI, HASH);
      const review = (await f.jobs.milestone(jobId, 0)).reviewDeadline;
      await time.setNextBlockTimestamp(review);
      await expect(f.jobs.connect(mallory).claimMilestone(jobId))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardReviewWindowOpen")
        .withArgs(jobId, 0, review, review);
      const fee = feeOf(nyn(100));
      await expect(f.jobs.connect(mallory).claimMilestone(jobId))
        .to.emit(f.jobs, "MilestonePaid")
        .withArgs(jobId, 0, nyn(100) - fee, fee, true);
      expect(await f.jobs.withdrawable(dave.address)).to.equal(nyn(100) - fee);
      expect((await f.jobs.job(jobId)).status).to.equal(JobStatus.Completed);
      expect((await f.jobs.reputation(dave.address)).completedJobs).to.equal(1n);
    });

    it("rejects a pending milestone", async function () {
      const f = await loadFixture(marketFixture);
      const { jobId } = await assigned(f);
      await expect(f.jobs.claimMilestone(jobId))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardInvalidMilestoneStatus")
        .withArgs(jobId, 0, MilestoneStatus.Pending);
    });
  });

  describe("cancelJob", function () {
    it("refunds everything when the client cancels before assignment", async function () {
      const f = await loadFixture(marketFixture);
      const { alice, dave } = f.accounts;
      const { jobId } = await posted(f);
      await expect(f.jobs.connect(dave).cancelJob(jobId)).to.be.revertedWithCustomError(f.jobs, "JobBoardNotClient");
      await expect(f.jobs.connect(alice).cancelJob(jobId))
        .to.emit(f.jobs, "JobCancelled")
        .withArgs(jobId, alice.address, nyn(1000));
      expect(await f.jobs.withdrawable(alice.address)).to.equal(nyn(1000));
      expect(await f.jobs.openJobCount()).to.equal(0n);
      expect((await f.jobs.job(jobId)).status).to.equal(JobStatus.Cancelled);
    });

    it("after assignment, only records the client's request until the worker consents", async function () {
      const f = await loadFixture(marketFixture);
      const { alice, dave } = f.accounts;
      const { jobId } = await assigned(f);
      await f.jobs.connect(dave).submitMilestone(jobId, URI, HASH);
      await f.jobs.connect(alice).approveMilestone(jobId);
      await expect(f.jobs.connect(alice).cancelJob(jobId)).to.emit(f.jobs, "JobCancelRequested").withArgs(jobId);
      expect((await f.jobs.job(jobId)).status).to.equal(JobStatus.Assigned);
      expect((await f.jobs.job(jobId)).cancelRequested).to.equal(true);
      await expect(f.jobs.connect(alice).cancelJob(jobId))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardCancelAlreadyRequested")
        .withArgs(jobId);
      await expect(f.jobs.connect(dave).cancelJob(jobId))
        .to.emit(f.jobs, "JobCancelled")
        .withArgs(jobId, dave.address, nyn(700));
      expect(await f.jobs.withdrawable(alice.address)).to.equal(nyn(700));
      const j = await f.jobs.job(jobId);
      expect([j.status, j.escrowed]).to.deep.equal([JobStatus.Cancelled, 0n]);
    });

    it("lets the worker walk away (consent without a request), refunding the unsettled milestones", async function () {
      const f = await loadFixture(marketFixture);
      const { jobId } = await assigned(f);
      await f.jobs.connect(f.accounts.dave).submitMilestone(jobId, URI, HASH);
      await expect(f.jobs.connect(f.accounts.dave).cancelJob(jobId))
        .to.emit(f.jobs, "JobCancelled")
        .withArgs(jobId, f.accounts.dave.address, nyn(1000));
    });

    it("rejects third parties, disputed milestones and ended jobs; submitting after cancel reverts (E7)", async function () {
      const f = await loadFixture(marketFixture);
      const { alice, dave, mallory } = f.accounts;
      const { jobId } = await assigned(f);
      await expect(f.jobs.connect(mallory).cancelJob(jobId))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardNotParty")
        .withArgs(jobId, mallory.address);
      await f.jobs.connect(alice).openDispute(jobId, "");
      await expect(f.jobs.connect(dave).cancelJob(jobId))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardInvalidMilestoneStatus")
        .withArgs(jobId, 0, MilestoneStatus.Disputed);
      await f.jobs.connect(f.accounts.arbiter).rule(1, 5000);
      await f.jobs.connect(dave).cancelJob(jobId);
      await expect(f.jobs.connect(dave).cancelJob(jobId))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardInvalidJobStatus")
        .withArgs(jobId, JobStatus.Cancelled);
      await expect(f.jobs.connect(dave).submitMilestone(jobId, URI, HASH))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardInvalidJobStatus")
        .withArgs(jobId, JobStatus.Cancelled);
    });
  });

  describe("reclaimExpired", function () {
    it("refunds an unassigned job after its deadline (anyone may call)", async function () {
      const f = await loadFixture(marketFixture);
      const { jobId, deadline } = await posted(f);
      await time.setNextBlockTimestamp(deadline);
      await expect(f.jobs.connect(f.accounts.mallory).reclaimExpired(jobId))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardDeadlineNotPassed")
        .withArgs(jobId, deadline, deadline);
      await expect(f.jobs.connect(f.accounts.mallory).reclaimExpired(jobId))
        .to.emit(f.jobs, "JobExpired")
        .withArgs(jobId, nyn(1000));
      expect(await f.jobs.withdrawable(f.accounts.alice.address)).to.equal(nyn(1000));
      expect(await f.jobs.openJobCount()).to.equal(0n);
    });

    it("refunds the client the unearned part when the worker misses the deadline", async function () {
      const f = await loadFixture(marketFixture);
      const { alice, dave } = f.accounts;
      const { jobId, deadline } = await assigned(f);
      await f.jobs.connect(dave).submitMilestone(jobId, URI, HASH);
      await f.jobs.connect(alice).approveMilestone(jobId);
      await time.increaseTo(deadline + 1n);
      await expect(f.jobs.connect(alice).reclaimExpired(jobId)).to.emit(f.jobs, "JobExpired").withArgs(jobId, nyn(700));
      const j = await f.jobs.job(jobId);
      expect([j.status, j.escrowed]).to.deep.equal([JobStatus.Expired, 0n]);
      await expect(f.jobs.reclaimExpired(jobId))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardInvalidJobStatus")
        .withArgs(jobId, JobStatus.Expired);
    });

    it("waits for a milestone submitted in time to be reviewed or claimed", async function () {
      const f = await loadFixture(marketFixture);
      const { dave } = f.accounts;
      const { jobId, deadline } = await assigned(f, [nyn(100)]);
      await time.setNextBlockTimestamp(deadline);
      await f.jobs.connect(dave).submitMilestone(jobId, URI, HASH);
      await time.increase(1);
      await expect(f.jobs.reclaimExpired(jobId))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardInvalidMilestoneStatus")
        .withArgs(jobId, 0, MilestoneStatus.Submitted);
      await time.increase(REVIEW);
      await expect(f.jobs.claimMilestone(jobId)).to.emit(f.jobs, "JobCompleted");
    });
  });

  describe("openDispute", function () {
    it("lets the client dispute a submitted milestone within the review window", async function () {
      const f = await loadFixture(marketFixture);
      const { alice, dave } = f.accounts;
      const { jobId } = await assigned(f);
      await f.jobs.connect(dave).submitMilestone(jobId, URI, HASH);
      const tx = f.jobs.connect(alice).openDispute(jobId, "ipfs://bad-work");
      await expect(tx).to.emit(f.jobs, "MilestoneDisputed").withArgs(jobId, 0, 1, alice.address);
      await expect(tx)
        .to.emit(f.jobs, "Dispute")
        .withArgs(await f.jobs.getAddress(), 1, jobId, 1);
      const d = await f.jobs.dispute(1);
      expect([d.payer, d.payee, d.amount, d.escrowId]).to.deep.equal([alice.address, dave.address, nyn(300), jobId]);
      expect((await f.jobs.milestone(jobId, 0)).status).to.equal(MilestoneStatus.Disputed);
    });

    it("lets the worker dispute a pending milestone (e.g. after unfair change requests) before the deadline", async function () {
      const f = await loadFixture(marketFixture);
      const { alice, dave } = f.accounts;
      const { jobId, deadline } = await assigned(f);
      await f.jobs.connect(dave).submitMilestone(jobId, URI, HASH);
      await f.jobs.connect(alice).requestChanges(jobId, "");
      await time.setNextBlockTimestamp(deadline);
      await expect(f.jobs.connect(dave).openDispute(jobId, "")).to.emit(f.jobs, "MilestoneDisputed");
      expect((await f.jobs.dispute(1)).openedBy).to.equal(dave.address);
    });

    it("rejects third parties, open jobs, disputes after the windows and a second dispute", async function () {
      const f = await loadFixture(marketFixture);
      const { alice, dave, mallory } = f.accounts;
      const { jobId: open } = await posted(f);
      await expect(f.jobs.connect(alice).openDispute(open, ""))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardInvalidJobStatus")
        .withArgs(open, JobStatus.Open);
      const { jobId, deadline } = await assigned(f);
      await expect(f.jobs.connect(mallory).openDispute(jobId, ""))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardNotParty")
        .withArgs(jobId, mallory.address);
      await f.jobs.connect(dave).submitMilestone(jobId, URI, HASH);
      const review = (await f.jobs.milestone(jobId, 0)).reviewDeadline;
      await time.setNextBlockTimestamp(review + 1n);
      await expect(f.jobs.connect(alice).openDispute(jobId, ""))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardReviewWindowClosed")
        .withArgs(jobId, 0, review, review + 1n);
      await f.jobs.claimMilestone(jobId);
      await time.setNextBlockTimestamp(deadline + 1n);
      await expect(f.jobs.connect(dave).openDispute(jobId, ""))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardDeadlinePassed")
        .withArgs(jobId, deadline, deadline + 1n);
      const { jobId: third } = await assigned(f);
      await f.jobs.connect(dave).openDispute(third, "");
      await expect(f.jobs.connect(alice).openDispute(third, ""))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardInvalidMilestoneStatus")
        .withArgs(third, 0, MilestoneStatus.Disputed);
    });
  });

  describe("rule", function () {
    it("splits the disputed milestone and the job goes on with the next one", async function () {
      const f = await loadFixture(marketFixture);
      const { alice, arbiter, dave } = f.accounts;
      const { jobId } = await assigned(f);
      await f.jobs.connect(dave).submitMilestone(jobId, URI, HASH);
      await f.jobs.connect(alice).openDispute(jobId, "");
      const fee = feeOf(nyn(240));
      const tx = f.jobs.connect(arbiter).rule(1, 2000);
      await expect(tx)
        .to.emit(f.jobs, "DisputeResolved")
        .withArgs(1, 2000, nyn(60), nyn(240) - fee, fee, false);
      await expect(tx).to.emit(f.jobs, "MilestoneResolved").withArgs(jobId, 0, 1);
      expect(await f.jobs.withdrawable(alice.address)).to.equal(nyn(60));
      expect(await f.jobs.withdrawable(dave.address)).to.equal(nyn(240) - fee);
      const j = await f.jobs.job(jobId);
      expect([j.status, j.currentMilestone, j.escrowed]).to.deep.equal([JobStatus.Assigned, 1n, nyn(700)]);
      expect((await f.jobs.milestone(jobId, 0)).status).to.equal(MilestoneStatus.Resolved);
      const r = await f.jobs.reputation(dave.address);
      expect([r.disputesWon, r.disputesLost]).to.deep.equal([1n, 0n]);
    });

    it("completes the job when the last milestone is ruled, without counting a completed job", async function () {
      const f = await loadFixture(marketFixture);
      const { alice, arbiter, dave } = f.accounts;
      const { jobId } = await assigned(f, [nyn(100)]);
      await f.jobs.connect(dave).openDispute(jobId, "");
      await expect(f.jobs.connect(arbiter).rule(1, 10000))
        .to.emit(f.jobs, "JobCompleted")
        .withArgs(jobId, dave.address);
      expect(await f.jobs.withdrawable(alice.address)).to.equal(nyn(100));
      expect((await f.jobs.reputation(dave.address)).completedJobs).to.equal(0n);
      expect((await f.jobs.dispute(1)).status).to.equal(DisputeStatus.Ruled);
    });

    it("settles by default after the window: a milestone never submitted refunds the client; the job goes on", async function () {
      const f = await loadFixture(marketFixture);
      const { alice, dave } = f.accounts;
      const { jobId } = await assigned(f);
      await f.jobs.connect(dave).openDispute(jobId, "");
      await time.increase(30n * DAY + 1n);
      const tx = f.jobs.settleDisputeByDefault(1);
      await expect(tx).to.emit(f.jobs, "DisputeResolved").withArgs(1, 10_000, nyn(300), 0, 0, true);
      await expect(tx).to.emit(f.jobs, "MilestoneResolved").withArgs(jobId, 0, 1);
      expect((await f.jobs.job(jobId)).currentMilestone).to.equal(1n);
      expect(await f.jobs.withdrawable(alice.address)).to.equal(nyn(300));
      expect(await f.jobs.withdrawable(dave.address)).to.equal(0n);
      const d = await f.jobs.dispute(1);
      expect([d.status, d.payerShareBps]).to.deep.equal([DisputeStatus.DefaultSettled, 10_000n]);
      const [client, worker] = [await f.jobs.reputation(alice.address), await f.jobs.reputation(dave.address)];
      expect([client.disputesWon, worker.disputesLost]).to.deep.equal([1n, 1n]);
    });

    it("settles by default in the worker's favour a milestone submitted, whether unreviewed or sent back", async function () {
      const f = await loadFixture(marketFixture);
      const { alice, dave } = f.accounts;
      // Unreviewed: the client disputes the submission.
      const { jobId: unreviewed } = await assigned(f, [nyn(300)]);
      await f.jobs.connect(dave).submitMilestone(unreviewed, URI, HASH);
      await f.jobs.connect(alice).openDispute(unreviewed, "");
      // Sent back for changes: the worker disputes the change request.
      const { jobId: sentBack } = await assigned(f, [nyn(700)]);
      await f.jobs.connect(dave).submitMilestone(sentBack, URI, HASH);
      await f.jobs.connect(alice).requestChanges(sentBack, "");
      await f.jobs.connect(dave).openDispute(sentBack, "");
      await time.increase(30n * DAY + 1n);
      const fee300 = feeOf(nyn(300));
      await expect(f.jobs.settleDisputeByDefault(1))
        .to.emit(f.jobs, "DisputeResolved")
        .withArgs(1, 0, 0, nyn(300) - fee300, fee300, true);
      const fee700 = feeOf(nyn(700));
      await expect(f.jobs.settleDisputeByDefault(2))
        .to.emit(f.jobs, "DisputeResolved")
        .withArgs(2, 0, 0, nyn(700) - fee700, fee700, true);
      expect(await f.jobs.withdrawable(dave.address)).to.equal(nyn(1000) - fee300 - fee700);
      expect(await f.jobs.withdrawable(alice.address)).to.equal(0n);
      expect((await f.jobs.job(sentBack)).status).to.equal(JobStatus.Completed);
      const [client, worker] = [await f.jobs.reputation(alice.address), await f.jobs.reputation(dave.address)];
      expect([worker.disputesWon, client.disputesLost, worker.completedJobs]).to.deep.equal([2n, 2n, 0n]);
    });
  });

  describe("openJobs", function () {
    it("pages through the open jobs only", async function () {
      const f = await loadFixture(marketFixture);
      for (let i = 0; i < 4; i++) await posted(f, [nyn(i + 1)]);
      await f.jobs.connect(f.accounts.alice).cancelJob(2);
      expect(await f.jobs.openJobCount()).to.equal(3n);
      const [ids, jobs] = await f.jobs.openJobs(0, 10);
      expect([...ids].sort()).to.deep.equal([1n, 3n, 4n]);
      expect(jobs.every((j) => j.status === JobStatus.Open)).to.equal(true);
      expect((await f.jobs.openJobs(1, 1))[0].length).to.equal(1);
      expect((await f.jobs.openJobs(3, 1))[0]).to.deep.equal([]);
      expect(await f.jobs.jobCount()).to.equal(4n);
    });

    it("reverts on unknown jobs and milestones", async function () {
      const f = await loadFixture(marketFixture);
      const { jobId } = await posted(f);
      await expect(f.jobs.job(5)).to.be.revertedWithCustomError(f.jobs, "JobBoardUnknownJob").withArgs(5);
      await expect(f.jobs.milestone(jobId, 2))
        .to.be.revertedWithCustomError(f.jobs, "JobBoardUnknownMilestone")
        .withArgs(jobId, 2, 2);
    });
  });
});
