import { task } from "hardhat/config";
import { addressFor, printJson, sent, signerFor, withSystem } from "./util";
import type { System } from "../deploy/deploySystem";
import { formatAmount, formatDate } from "../lib/format";
import { parseAmount } from "../lib/input";

task("nyn:balance", "NYN balance, votes and delegate of an account")
  .addOptionalParam("who", "Account (name, index or address)", "deployer")
  .addFlag("json", "Print only JSON")
  .setAction(async (args: { who: string; json: boolean }, hre) =>
    withSystem(hre, async (s) => {
      const who = await addressFor(hre, args.who, s);
      const view = {
        account: who,
        balance: await s.nyn.balanceOf(who),
        votes: await s.nyn.getVotes(who),
        delegate: await s.nyn.delegates(who),
        totalSupply: await s.nyn.totalSupply(),
        cap: await s.nyn.CAP(),
      };
      if (args.json) return printJson(view);
      console.log(`${who}`);
      console.log(`  balance  ${formatAmount(view.balance)}`);
      console.log(`  votes    ${formatAmount(view.votes)}`);
      console.log(`  delegate ${view.delegate === hre.ethers.ZeroAddress ? "nobody (votes inactive)" : view.delegate}`);
      console.log(`  supply   ${formatAmount(view.totalSupply)} of ${formatAmount(view.cap)}`);
    }),
  );

task("nyn:transfer", "Transfer NYN")
  .addParam("to", "Recipient (name, index or address)")
  .addParam("amount", "Amount in NYN (decimal, 18 decimals)")
  .addOptionalParam("from", "Sender", "deployer")
  .setAction(async (args: { to: string; amount: string; from: string }, hre) =>
    withSystem(hre, async (s) => {
      const to = await addressFor(hre, args.to, s);
      await sent(
        `transfer ${args.amount} NYN to ${to}`,
        s.nyn.connect(await signerFor(hre, args.from)).transfer(to, parseAmount(args.amount, "--amount")),
      );
    }),
  );

task("nyn:delegate", "Delegate NYN votes (ERC-5805)")
  .addParam("to", "Delegatee (name, index or address; yourself to activate your own votes)")
  .addOptionalParam("from", "Delegator", "deployer")
  .addFlag("vesting", "Delegate the votes of --from's vesting wallets (as their beneficiary) instead of its own")
  .setAction(async (args: { to: string; from: string; vesting: boolean }, hre) =>
    withSystem(hre, async (s) => {
      const to = await addressFor(hre, args.to, s);
      const signer = await signerFor(hre, args.from);
      if (!args.vesting) await sent(`delegate to ${to}`, s.nyn.connect(signer).delegate(to));
      else {
        for (const wallet of await vestingWalletsOf(s, signer.address)) {
          const label = `delegate the votes of vesting wallet ${await wallet.getAddress()} to ${to}`;
          await sent(label, wallet.connect(signer).delegate(await s.nyn.getAddress(), to));
        }
      }
      console.log(`votes of ${to}: ${formatAmount(await s.nyn.getVotes(to))}`);
    }),
  );

/** The deployment's vesting wallets whose beneficiary (owner) is `who`. */
async function vestingWalletsOf(s: System, who: string) {
  // Not at top level: hardhat.config loads the tasks before TypeChain has generated typechain-types.
  const { NYNVestingWallet__factory } = await import("../typechain-types");
  const wallets = [];
  for (const address of Object.values(s.addresses.vestingWallets)) {
    const wallet = NYNVestingWallet__factory.connect(address, s.nyn.runner);
    if ((await wallet.owner()).toLowerCase() === who.toLowerCase()) wallets.push(wallet);
  }
  if (wallets.length === 0)
    throw new Error(
      `${who} is the beneficiary of none of this deployment's ${Object.keys(s.addresses.vestingWallets).length} vesting wallets`,
    );
  return wallets;
}

task("nyn:vesting", "An account's vesting wallets: schedule, vested, released and releasable NYN, delegate")
  .addOptionalParam("who", "Beneficiary (name, index or address)", "deployer")
  .addFlag("json", "Print only JSON")
  .setAction(async (args: { who: string; json: boolean }, hre) =>
    withSystem(hre, async (s) => {
      const who = await addressFor(hre, args.who, s);
      const token = await s.nyn.getAddress();
      const now = BigInt((await hre.ethers.provider.getBlock("latest"))!.timestamp);
      const views = [];
      for (const wallet of await vestingWalletsOf(s, who)) {
        const address = await wallet.getAddress();
        const released = await wallet["released(address)"](token);
        const balance = await s.nyn.balanceOf(address);
        views.push({
          wallet: address,
          beneficiary: who,
          start: await wallet.start(),
          cliff: await wallet.cliff(),
          end: await wallet.end(),
          allocation: balance + released,
          vested: await wallet["vestedAmount(address,uint64)"](token, now),
          released,
          releasable: await wallet["releasable(address)"](token),
          locked: balance - (await wallet["releasable(address)"](token)),
          delegate: await s.nyn.delegates(address),
        });
      }
      if (args.json) return printJson({ beneficiary: who, wallets: views });
      for (const v of views) {
        console.log(`vesting wallet ${v.wallet} of ${who}`);
        console.log(`  schedule   ${formatDate(v.start)} → ${formatDate(v.end)}, cliff ${formatDate(v.cliff)}`);
        console.log(`  allocation ${formatAmount(v.allocation)}`);
        console.log(
          `  vested     ${formatAmount(v.vested)} (${Number((v.vested * 10_000n) / (v.allocation || 1n)) / 100} %)`,
        );
        console.log(`  released   ${formatAmount(v.released)}`);
        console.log(`  releasable ${formatAmount(v.releasable)}`);
        console.log(
          `  delegate   ${v.delegate === hre.ethers.ZeroAddress ? "nobody (its votes inactive)" : v.delegate}`,
        );
      }
    }),
  );

task("nyn:release", "Release the vested NYN of an account's vesting wallets to it (anyone may send this)")
  .addOptionalParam("who", "Beneficiary (name, index or address)", "deployer")
  .addOptionalParam("from", "Sender (anyone; the NYN go to the beneficiary)", "deployer")
  .setAction(async (args: { who: string; from: string }, hre) =>
    withSystem(hre, async (s) => {
      const who = await addressFor(hre, args.who, s);
      const token = await s.nyn.getAddress();
      const signer = await signerFor(hre, args.from);
      for (const wallet of await vestingWalletsOf(s, who)) {
        const amount = await wallet["releasable(address)"](token);
        const label = `release ${formatAmount(amount)} from vesting wallet ${await wallet.getAddress()} to ${who}`;
        if (amount === 0n) {
          console.log(`${label}: nothing has vested since the last release`);
          continue;
        }
        await sent(label, wallet.connect(signer)["release(address)"](token));
      }
      console.log(`balance of ${who}: ${formatAmount(await s.nyn.balanceOf(who))}`);
    }),
  );
