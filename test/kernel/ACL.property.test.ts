import { expect } from "chai";
import hre from "hardhat";
import fc from "fast-check";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { systemFixture } from "../fixtures/system";
import { NO_EXPIRY } from "../../lib/ids";
import { underCoverage } from "../fixtures/coverage";

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

  describe("what each account may do (permissionsOf)", function () {
    // Eleven permissions, so an account's list crosses its first storage word (seven entries beside the length) and
    // swap-and-pop moves entries between words; three accounts. After every step each account's list (read whole and
    // in pages of three) is exactly the model's set of (where, what, expiry), and every holder list agrees with it.
    const PERMISSIONS = Array.from({ length: 11 }, (_, i) => hre.ethers.id(`INDEX_${i}_PERMISSION`));
    async function indexFixture() {
      const s = await systemFixture();
      for (const what of PERMISSIONS) {
        await (
          await s.acl.createPermission(s.accounts.deployer.address, s.addresses.nyn, what, s.accounts.deployer.address)
        ).wait();
      }
      return s;
    }
    // A revoke or renounce takes the `permission`-th (mod size) grant the account holds in the model, so most of them
    // succeed and remove from anywhere in the list (from an empty list: the `permission`-th permission, refused).
    type IndexStep = { kind: "grant" | "revoke" | "renounce"; who: number; permission: number };
    const indexStep: fc.Arbitrary<IndexStep> = fc.record({
      kind: fc.constantFrom("grant" as const, "grant" as const, "revoke" as const, "renounce" as const),
      who: fc.nat(2),
      permission: fc.nat(PERMISSIONS.length - 1),
    });

    it("lists exactly the grants each account holds, through appends and swap-and-pop removals across words", async function () {
      await fc.assert(
        fc.asyncProperty(fc.array(indexStep, { minLength: 10, maxLength: 40, size: "max" }), async (steps) => {
          const s = await loadFixture(indexFixture);
          const where = s.addresses.nyn;
          const signers = [s.accounts.alice, s.accounts.bob, s.accounts.deployer];
          // The model: account -> permission id -> expiry. The deployer holds every permission it created.
          const model = new Map<string, Map<string, bigint>>(signers.map((x) => [x.address, new Map()]));
          const deployerGrants = model.get(s.accounts.deployer.address)!;
          const before = await s.acl.permissionsOf(s.accounts.deployer.address, 0, 1000);
          for (const h of before) deployerGrants.set(`${h.where.toLowerCase()}:${h.what}`, h.expiry);
          for (const what of PERMISSIONS)
            expect(deployerGrants.get(`${where.toLowerCase()}:${what}`)).to.equal(NO_EXPIRY);
          for (const [i, step] of steps.entries()) {
            const signer = signers[step.who];
            const held = model.get(signer.address)!;
            const mine = [...held.keys()].filter((k) => k.startsWith(where.toLowerCase())).sort();
            const what =
              step.kind === "grant" || mine.length === 0
                ? PERMISSIONS[step.permission]
                : mine[step.permission % mine.length].split(":")[1];
            const key = `${where.toLowerCase()}:${what}`;
            if (step.kind === "grant") {
              const tx = s.acl.grantPermission(signer.address, where, what, NO_EXPIRY - BigInt(i));
              if (held.has(key)) await expect(tx).to.be.revertedWithCustomError(s.acl, "ACLAlreadyGranted");
              else {
                await (await tx).wait();
                held.set(key, NO_EXPIRY - BigInt(i));
              }
            } else {
              const tx =
                step.kind === "revoke"
                  ? s.acl.revokePermission(signer.address, where, what)
                  : s.acl.connect(signer).renouncePermission(where, what);
              if (!held.has(key)) await expect(tx).to.be.revertedWithCustomError(s.acl, "ACLNotGranted");
              else {
                await (await tx).wait();
                held.delete(key);
              }
            }
            for (const x of signers) {
              const want = model.get(x.address)!;
              const whole = await s.acl.permissionsOf(x.address, 0, 1000);
              const paged = [];
              for (let offset = 0; offset <= want.size; offset += 3) {
                paged.push(...(await s.acl.permissionsOf(x.address, offset, 3)));
              }
              const rows = (list: typeof whole) =>
                list.map((h) => `${h.where.toLowerCase()}:${h.what}:${h.expiry}`).sort();
              const expected = [...want.entries()].map(([k, e]) => `${k}:${e}`).sort();
              expect(await s.acl.permissionCountOf(x.address)).to.equal(BigInt(want.size));
              expect(rows(whole)).to.deep.equal(expected);
              expect(rows(paged)).to.deep.equal(expected);
            }
            const holders = [...(await s.acl.permissionHolders(where, what, 0, 100))];
            expect(holders.includes(signer.address)).to.equal(held.has(key));
          }
        }),
        // Fewer runs under coverage (instrumented, each read is slow): the same paths, less wall time.
        { numRuns: underCoverage ? 4 : 15, seed: 11, endOnFailure: true },
      );
    });
  });
});
