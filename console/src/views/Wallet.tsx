import { Fragment, useState } from "react";
import { useAccount } from "wagmi";
import { erc20Abi, zeroAddress, type Address } from "viem";
import { formatAmount } from "../../../lib/format";
import { jobBoardAbi, marketplaceAbi, nynAbi } from "../generated/abis";
import { useKernel } from "../chain/context";
import { useChainQuery } from "../chain/hooks";
import { resolveAccount } from "../chain/accounts";
import { TxStatus, useTransact } from "../chain/transact";
import { formatIn, readTokens, type PayToken } from "../chain/tokens";
import { Addr, Loaded, Token } from "./common";

/**
 * The connected account: NYN balance, votes and delegate, ETH; delegate its votes; its balances in the market
 * modules' other payment tokens, and what it may withdraw from the marketplace and the job board in each token
 * (sales, payouts, refunds, rulings: pull payments), with a withdraw button per token.
 */
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
  const market = useChainQuery(["wallet-market", address], async (client) => {
    const tokens = await readTokens(client, a);
    const modules = [
      { key: "marketplace", name: "Marketplace", address: a.marketplace, abi: marketplaceAbi },
      { key: "jobBoard", name: "JobBoard", address: a.jobBoard, abi: jobBoardAbi },
    ] as const;
    const rows = await Promise.all(
      modules.flatMap((m) =>
        tokens.all
          .filter((t) => (m.key === "marketplace" ? t.marketplaceId : t.jobBoardId) !== undefined)
          .map(async (token) => ({
            module: m,
            token,
            // NYN has its own balance (`withdrawable`); every other token `withdrawableToken`
            withdrawable: token.nyn
              ? await client.readContract({
                  address: m.address,
                  abi: m.abi,
                  functionName: "withdrawable",
                  args: [address],
                })
              : await client.readContract({
                  address: m.address,
                  abi: m.abi,
                  functionName: "withdrawableToken",
                  args: [address, token.address],
                }),
          })),
      ),
    );
    const held = await Promise.all(
      tokens.all
        .filter((t) => !t.nyn)
        .map(async (token) => ({
          token,
          balance: await client.readContract({
            address: token.address,
            abi: erc20Abi,
            functionName: "balanceOf",
            args: [address],
          }),
        })),
    );
    return { rows, held };
  });
  const withdraw = (module: { name: string; address: Address }, token: PayToken, amount: bigint) =>
    tx.send(`withdraw ${formatIn(token, amount)} from the ${module.name}`, {
      address: module.address,
      abi: marketplaceAbi,
      ...(token.nyn
        ? { functionName: "withdraw", args: [amount] }
        : { functionName: "withdrawToken", args: [token.address, amount], unit: token }),
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
        <h2>Market balances</h2>
        <Loaded query={market}>
          {(m) => (
            <>
              <p className="muted">
                What the marketplace and the job board owe you, per payment token (withdraw to your wallet).
              </p>
              <table data-testid="market-balances">
                <thead>
                  <tr>
                    <th>module</th>
                    <th>token</th>
                    <th>withdrawable</th>
                    <th></th>
                  </tr>
                </thead>
                <tbody>
                  {m.rows.map(({ module, token, withdrawable }) => (
                    <tr
                      key={`${module.key}-${token.address}`}
                      data-testid={`market-balance-${module.key}-${token.symbol}`}
                      data-amount={withdrawable.toString()}
                    >
                      <td>{module.name}</td>
                      <td>
                        <Token token={token} />
                      </td>
                      <td>{formatIn(token, withdrawable)}</td>
                      <td>
                        {withdrawable > 0n && (
                          <button
                            onClick={() => void withdraw(module, token, withdrawable)}
                            data-testid={`withdraw-${module.key}-${token.symbol}`}
                          >
                            withdraw
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {m.held.length > 0 && (
                <dl className="facts">
                  {m.held.map(({ token, balance }) => (
                    <Fragment key={token.address}>
                      <dt>{token.symbol} balance</dt>
                      <dd data-testid={`wallet-token-${token.symbol}`}>{formatIn(token, balance)}</dd>
                    </Fragment>
                  ))}
                </dl>
              )}
            </>
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
