import { useState } from "react";
import { useAccount } from "wagmi";
import { zeroAddress, type Address } from "viem";
import { formatAmount } from "../../../lib/format";
import { nynAbi } from "../generated/abis";
import { useKernel } from "../chain/context";
import { useChainQuery } from "../chain/hooks";
import { resolveAccount } from "../chain/accounts";
import { TxStatus, useTransact } from "../chain/transact";
import { Addr, Loaded } from "./common";

/** The connected account: NYN balance, votes and delegate, ETH; delegate its votes. */
export function Wallet() {
  const { address } = useAccount();
  if (!address)
    return (
      <section>
        <h2>Wallet</h2>
        <p>Connect a wallet to see its balances.</p>
      </section>
    );
  return <WalletOf address={address} />;
}

function WalletOf({ address }: { address: Address }) {
  const { addresses: a, names } = useKernel();
  const tx = useTransact();
  const [to, setTo] = useState("");
  const query = useChainQuery(["wallet", address], async (client) => {
    const [balance, votes, delegate, eth] = await Promise.all([
      client.readContract({ address: a.nyn, abi: nynAbi, functionName: "balanceOf", args: [address] }),
      client.readContract({ address: a.nyn, abi: nynAbi, functionName: "getVotes", args: [address] }),
      client.readContract({ address: a.nyn, abi: nynAbi, functionName: "delegates", args: [address] }),
      client.getBalance({ address }),
    ]);
    return { balance, votes, delegate, eth };
  });
  const delegateTo = (target: Address) =>
    tx.send(`delegate to ${names.get(target.toLowerCase()) ?? target}`, {
      address: a.nyn,
      abi: nynAbi,
      functionName: "delegate",
      args: [target],
    });
  const target = resolveAccount(to, names);
  return (
    <>
      <section>
        <h2>Wallet</h2>
        <Loaded query={query}>
          {(d) => (
            <dl className="facts">
              <dt>Account</dt>
              <dd data-testid="wallet-account">
                <Addr value={address} />
              </dd>
              <dt>NYN balance</dt>
              <dd data-testid="wallet-balance">{formatAmount(d.balance)}</dd>
              <dt>Votes</dt>
              <dd data-testid="wallet-votes">{formatAmount(d.votes)}</dd>
              <dt>Delegate</dt>
              <dd data-testid="wallet-delegate">
                {d.delegate === zeroAddress ? (
                  "none (delegate to yourself to vote with your NYN)"
                ) : (
                  <Addr value={d.delegate} />
                )}
              </dd>
              <dt>ETH</dt>
              <dd data-testid="wallet-eth">{formatAmount(d.eth, "ETH")}</dd>
            </dl>
          )}
        </Loaded>
      </section>
      <section>
        <h2>Delegate your votes</h2>
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            if (target) void delegateTo(target);
          }}
        >
          <button type="button" onClick={() => delegateTo(address)} data-testid="delegate-self">
            delegate to myself
          </button>
          <span>or to</span>
          <input value={to} onChange={(e) => setTo(e.target.value)} placeholder="address or name (alice)" size={30} />
          <button type="submit" disabled={!target}>
            delegate
          </button>
        </form>
        <TxStatus state={tx.state} />
      </section>
    </>
  );
}
