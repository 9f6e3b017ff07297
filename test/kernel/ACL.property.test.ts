import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { systemFixture } from "../fixtures/system";
import { NO_EXPIRY } from "../../deploy/ids";

const PROPERTY_PERMISSION = hre.ethers.id("PROPERTY_PERMISSION");

/** The system plus a fresh, not root-level permission on the NYN token, held and managed by the deployer. */
async function propertyFixture() {
  const s = await systemFixture();
  await (
    await s.acl.createPermission(
      s.accounts.deployer.address,
      s.addresses.nyn,
      PROPERTY_PERMISSION,
      s.accounts.deployer.address,
    )
  ).wait();
  return s;
}

type Step =
  | { kind: "grant"; who: number; expiring: boolean }
  | { kind: "revoke"; who: number }
  | { kind: "renounce"; who: number }
  | { kind: "time"; seconds: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("grant" as const), who: fc.nat(4), expiring: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("revoke" as const), who: fc.nat(4) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("renounce" as const), who: fc.nat(4) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("time" as const), seconds: fc.integer({ min: 1, max: 200 }) }),
  },
);

describe("ACL (property)", function () {
  describe("permission holders", function () {
    it("the holder list is always exactly the accounts with a grant record, each once, and every one can be removed", async function () {
      // A model of the permission: who has a grant record and until when. After every step the on-chain holder
      // list, count, expiries and hasPermission must match it (this checks the positions the ACL keeps inside the
      // grant records through appends, renewals and swap-and-pop removals in any order).
      // Every transaction's timestamp is pinned (`clock`), so the model knows exactly when each grant expires.
      const where = (await loadFixture(propertyFixture)).addresses.nyn;
      const what = PROPERTY_PERMISSION;
      await fc.assert(
        fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 14 }), async (steps) => {
          const s = await loadFixture(propertyFixture);
          const signers = [s.accounts.alice, s.accounts.bob, s.accounts.carol, s.accounts.dave, s.accounts.mallory];
          const model = new Map<string, bigint>([[s.accounts.deployer.address, NO_EXPIRY]]);
          let clock = BigInt(await time.latest());
          for (const step of steps) {
            if (step.kind === "time") {
              clock += BigInt(step.seconds);
              continue;
            }
            clock += 1n;
            await time.setNextBlockTimestamp(clock);
            if (step.kind === "grant") {
              const who = signers[step.who].address;
              const expiry = step.expiring ? clock + 100n : NO_EXPIRY;
              const current = model.get(who);
              const tx = s.acl.grantPermission(who, where, what, expiry);
              if (current !== undefined && clock <= current) {
                await expect(tx).to.be.revertedWithCustomError(s.acl, "ACLAlreadyGranted");
              } else {
                await (await tx).wait();
                model.set(who, expiry);
              }
            } else {
              const signer = signers[step.who];
              const tx =
                step.kind === "revoke"
                  ? s.acl.revokePermission(signer.address, where, what)
                  : s.acl.connect(signer).renouncePermission(where, what);
              if (!model.has(signer.address)) {
                await expect(tx).to.be.revertedWithCustomError(s.acl, "ACLNotGranted");
              } else {
                await (await tx).wait();
                model.delete(signer.address);
              }
            }
            const count = await s.acl.permissionHolderCount(where, what);
            const list = [...(await s.acl.permissionHolders(where, what, 0, 100))];
            expect(count).to.equal(BigInt(model.size));
            expect(list.length).to.equal(model.size);
            expect([...list].sort()).to.deep.equal([...model.keys()].sort());
            for (const signer of [s.accounts.deployer, ...signers]) {
              const expiry = model.get(signer.address) ?? 0n;
              expect(await s.acl.permissionExpiry(signer.address, where, what)).to.equal(expiry);
              // A view runs at a time the test does not pin: judge only grants far from their expiry.
              if (expiry === 0n || expiry === NO_EXPIRY || expiry > clock + 10n || expiry + 10n < clock) {
                expect(await s.acl.hasPermission(signer.address, where, what)).to.equal(
                  expiry !== 0n && clock <= expiry,
                );
              }
            }
          }
          // Drain: every remaining holder can be removed, in list order from the front (the worst case for moves).
          for (const who of [...(await s.acl.permissionHolders(where, what, 0, 100))]) {
            await (await s.acl.revokePermission(who, where, what)).wait();
            expect(await s.acl.permissionHolders(where, what, 0, 100)).to.not.include(who);
          }
          expect(await s.acl.permissionHolderCount(where, what)).to.equal(0n);
        }),
        { numRuns: 25, seed: 7, endOnFailure: true },
      );
    });
  });
});
