import { task } from "hardhat/config";
import { addressFor, printJson, sent, signerFor, withSystem } from "./util";
import { formatAmount } from "../lib/format";
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
  .setAction(async (args: { to: string; from: string }, hre) =>
    withSystem(hre, async (s) => {
      const to = await addressFor(hre, args.to, s);
      await sent(`delegate to ${to}`, s.nyn.connect(await signerFor(hre, args.from)).delegate(to));
      console.log(`votes of ${to}: ${formatAmount(await s.nyn.getVotes(to))}`);
    }),
  );
