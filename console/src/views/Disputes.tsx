import { useState } from "react";
import { useAccount } from "wagmi";
import type { Abi, Address } from "viem";
import { formatTimestamp } from "../../../lib/format";
import { PERMISSION } from "../../../lib/ids";
import { aclAbi, jobBoardAbi } from "../generated/abis";
import { useKernel } from "../chain/context";
import { useChainQuery } from "../chain/hooks";
import type { useTransact } from "../chain/transact";
import { formatIn, readTokens } from "../chain/tokens";
import { Addr, Id, Loaded } from "./common";

/** Disputes shown (the newest). */
const ROWS = 25;
/** `IMarketEscrow.DisputeStatus`: Open. */
const DISPUTE_OPEN = 1;

type Tx = Pick<ReturnType<typeof useTransact>, "send" | "refuse">;

/**
 * The open disputes of one escrow module (the JobBoard or the Marketplace: both are a `MarketEscrow`), the newest
 * `ROWS` by its `disputeCount` and `dispute` views, with a ruling form (the payer's share in %) for holders of
 * `ARBITER_PERMISSION` on that module, and "settle by default" for anyone once a dispute's ruling window has passed.
 * @param escrow The module's address.
 * @param what What the module escrows for (`job`, `order`): the column naming the escrow.
 * @param payer Who pays into escrow (`client`, `buyer`); payee likewise (`worker`, `seller`).
 * @param testid Prefix of the test ids (`""` for the job board, `market-` for the marketplace).
 */
export function Disputes({
  escrow,
  title,
  what,
  payer,
  payee,
  testid,
  tx,
}: {
  escrow: Address;
  title: string;
  what: string;
  payer: string;
  payee: string;
  testid: string;
  tx: Tx;
}) {
  const { addresses: a } = useKernel();
  const { address } = useAccount();
  const [shares, setShares] = useState<Record<string, string>>({});
  // the dispute views are the MarketEscrow's, the same in both modules' ABIs
  const module = { address: escrow, abi: jobBoardAbi } as const;
  const query = useChainQuery(["disputes", escrow, address ?? ""], async (client) => {
    const [count, now, arbiter, tokens] = await Promise.all([
      client.readContract({ ...module, functionName: "disputeCount" }),
      client.getBlock().then((b) => b.timestamp),
      address
        ? client.readContract({
            address: a.acl,
            abi: aclAbi,
            functionName: "hasPermission",
            args: [address, escrow, PERMISSION.ARBITER as `0x${string}`],
          })
        : false,
      readTokens(client, a),
    ]);
    const ids = Array.from(
      { length: Number(count < BigInt(ROWS) ? count : BigInt(ROWS)) },
      (_, i) => count - BigInt(i),
    );
    const disputes = (
      await Promise.all(
        ids.map(async (id) => ({
          id,
          ...(await client.readContract({ ...module, functionName: "dispute", args: [id] })),
        })),
      )
    )
      .filter((d) => d.status === DISPUTE_OPEN)
      .map((d) => ({ ...d, token: tokens.byId(escrow === a.marketplace ? "marketplace" : "jobBoard", d.tokenId) }));
    return { disputes, now, arbiter };
  });
  const write = (label: string, functionName: string, args: readonly unknown[]) =>
    tx.send(label, { address: escrow, abi: jobBoardAbi as Abi, functionName, args });
  return (
    <Loaded query={query}>
      {(d) => (
        <section data-testid={`${testid}disputes`}>
          <h2>
            {title} ({d.disputes.length})
          </h2>
          {d.disputes.length === 0 ? (
            <p className="muted">No open disputes among the newest {ROWS}.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>dispute</th>
                  <th>{what}</th>
                  <th>{payer} (payer)</th>
                  <th>{payee} (payee)</th>
                  <th>amount</th>
                  <th>rule by</th>
                  <th>opened by</th>
                  {address && <th>{d.arbiter ? `rule: the ${payer}'s share` : ""}</th>}
                </tr>
              </thead>
              <tbody>
                {d.disputes.map((x) => {
                  const key = x.id.toString();
                  const lapsed = d.now > BigInt(x.rulingDeadline);
                  return (
                    <tr key={key} data-testid={`${testid}dispute-${x.id}`}>
                      <td>{key}</td>
                      <td>
                        <Id value={x.escrowId} />
                      </td>
                      <td>
                        <Addr value={x.payer} />
                      </td>
                      <td>
                        <Addr value={x.payee} />
                      </td>
                      <td>{formatIn(x.token, x.amount)}</td>
                      <td>{formatTimestamp(BigInt(x.rulingDeadline), d.now)}</td>
                      <td>
                        <Addr value={x.openedBy} />
                      </td>
                      {address && (
                        <td className="nowrap">
                          {d.arbiter && !lapsed && (
                            <>
                              <input
                                value={shares[key] ?? "50"}
                                onChange={(e) => setShares({ ...shares, [key]: e.target.value })}
                                size={4}
                                data-testid={`${testid}rule-share-${x.id}`}
                              />{" "}
                              %{" "}
                              <button
                                onClick={() => {
                                  const text = shares[key] ?? "50";
                                  const bps = Math.round(Number(text) * 100);
                                  if (!Number.isFinite(bps) || text.trim() === "")
                                    return tx.refuse(`rule dispute ${key}`, `give the ${payer}'s share in %`);
                                  return write(`rule dispute ${key}: ${text} % to the ${payer}`, "rule", [
                                    x.id,
                                    BigInt(bps),
                                  ]);
                                }}
                                data-testid={`${testid}rule-${x.id}`}
                              >
                                rule
                              </button>
                            </>
                          )}
                          {lapsed && (
                            <button
                              onClick={() =>
                                write(`settle dispute ${key} by default`, "settleDisputeByDefault", [x.id])
                              }
                              data-testid={`${testid}settle-${x.id}`}
                            >
                              settle by default
                            </button>
                          )}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {address && !d.arbiter && (
            <p className="muted">Rulings: only holders of ARBITER_PERMISSION on this module.</p>
          )}
        </section>
      )}
    </Loaded>
  );
}
