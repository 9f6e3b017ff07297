import { task } from "hardhat/config";
import { addressFor, sent, signerFor, withSystem } from "./util";
import { parseAmount } from "../lib/input";

task("nyn:balance", "NYN balance, votes and delegate of an account")
  .addOptionalParam("who", "Account (name, index or address)", "deployer")
  .setAction(async (args: { who: string }, hre) =>
    withSystem(hre, async (s) => {
      const who = await addressFor(hre, args.who, s);
      const f = hre.ethers.formatEther;
      console.log(`${who}`);
      console.log(`  balance  ${f(await s.nyn.balanceOf(who))} NYN`);
      console.log(`  votes    ${f(await s.nyn.getVotes(who))} NYN`);
      console.log(`  delegate ${await s.nyn.delegates(who)}`);
      console.log(`  supply   ${f(await s.nyn.totalSupply())} / ${f(await s.nyn.CAP())} NYN`);
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
      console.log(`votes of ${to}: ${hre.ethers.formatEther(await s.nyn.getVotes(to))} NYN`);
    }),
  );
