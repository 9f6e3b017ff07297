import { useState } from "react";
import { useAccount } from "wagmi";
import { erc20Abi, parseUnits, type Address } from "viem";
import { ENUMS, formatAmount, formatDuration, formatTimestamp } from "../../../lib/format";
import { jobBoardAbi, marketplaceAbi } from "../generated/abis";
import { useKernel } from "../chain/context";
import { useChainQuery, useHistory } from "../chain/hooks";
import { TxStatus, useTransact } from "../chain/transact";
import { formatIn, readTokens, type PayToken, type TokenTable } from "../chain/tokens";
import { Addr, Id, Loaded } from "./common";
import { Disputes } from "./Disputes";
import { MarketFees } from "./MarketFees";
import { Jobs } from "./Jobs";

/** A long id shortened (for sentences). */
function short(id: bigint): string {
  const text = id.toString();
  return text.length > 14 ? `${text.slice(0, 6)}…${text.slice(-6)}` : text;
}

/**
 * List goods: price per unit in a payment token (NYN or one the marketplace approved), quantity, description and
 * delivery window (the connected account sells).
 */
function ListForm({ send, tokens }: { send: ReturnType<typeof useTransact>["send"]; tokens: TokenTable }) {
  const { addresses: a } = useKernel();
  const [uri, setUri] = useState("");
  const [price, setPrice] = useState("5");
  const [tokenAddress, setTokenAddress] = useState<string>(tokens.nyn.address);
  const offered = tokens.all.filter((t) => t.marketplaceApproved);
  const token = tokens.of(tokenAddress);
  const [quantity, setQuantity] = useState("3");
  const [hours, setHours] = useState("48");
  return (
    <section>
      <h2>Sell</h2>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          const units = parseUnits(price.replace(/,/g, ""), token.decimals);
          const window = BigInt(Math.round(Number(hours) * 3600));
          void send(`list ${quantity} × "${uri}" at ${formatIn(token, units)} each`, {
            address: a.marketplace,
            abi: marketplaceAbi,
            ...(token.nyn
              ? { functionName: "createListing", args: [units, BigInt(quantity), uri, window] }
              : {
                  functionName: "createListingInToken",
                  args: [token.address, units, BigInt(quantity), uri, window],
                  unit: token,
                }),
          });
        }}
      >
        <label>
          goods <input value={uri} onChange={(e) => setUri(e.target.value)} size={28} data-testid="list-uri" />
        </label>{" "}
        <label>
          price per unit{" "}
          <input value={price} onChange={(e) => setPrice(e.target.value)} size={6} data-testid="list-price" />{" "}
          <select value={token.address} onChange={(e) => setTokenAddress(e.target.value)} data-testid="list-token">
            {offered.map((t) => (
              <option key={t.address} value={t.address} title={t.address}>
                {t.symbol}
              </option>
            ))}
          </select>
        </label>{" "}
        <label>
          quantity{" "}
          <input value={quantity} onChange={(e) => setQuantity(e.target.value)} size={4} data-testid="list-quantity" />
        </label>{" "}
        <label>
          ship within{" "}
          <input value={hours} onChange={(e) => setHours(e.target.value)} size={4} data-testid="list-window" /> hours
        </label>{" "}
        <button type="submit" data-testid="list-submit">
          list
        </button>
      </form>
    </section>
  );
}

/** Rows per table. */
const ROWS = 25;

/** `IMarketplace.OrderStatus`: Paid, Shipped. */
const PAID = 1;
const SHIPPED = 2;
/** `IMarketplace.ListingStatus`: Active. */
const ACTIVE = 1;

/**
 * The marketplace (newest listings and orders) and the job board's open jobs (its paginated view). The connected
 * account lists goods, buys (an EIP-2612 permit, then buy at the listed price), ships what it sold, confirms what it
 * received, and disputes a shipped order (buyer or seller, with an evidence URI); holders of `ARBITER_PERMISSION` on
 * the marketplace rule its open disputes.
 */
export function Market() {
  const { addresses: a } = useKernel();
  const { address } = useAccount();
  const me = address?.toLowerCase();
  const tx = useTransact();
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [evidence, setEvidence] = useState<Record<string, string>>({});
  const history = useHistory();
  const query = useChainQuery(["market"], async (client) => {
    const [listed, placed, open, now, tokens] = await Promise.all([
      history.listings(),
      history.orders(),
      client.readContract({
        address: a.jobBoard,
        abi: jobBoardAbi,
        functionName: "openJobs",
        args: [0n, BigInt(ROWS)],
      }),
      client.getBlock().then((b) => b.timestamp),
      readTokens(client, a),
    ]);
    const listings = await Promise.all(
      listed
        .slice(-ROWS)
        .reverse()
        .map(async (l) => ({
          ...l,
          payToken: tokens.of(l.token),
          ...(await client.readContract({
            address: a.marketplace,
            abi: marketplaceAbi,
            functionName: "listing",
            args: [l.id],
          })),
        })),
    );
    const orders = await Promise.all(
      placed
        .slice(-ROWS)
        .reverse()
        .map(async ({ id, buyer, listingId, token }) => ({
          id,
          buyer,
          listingId,
          payToken: tokens.of(token),
          ...(await client.readContract({
            address: a.marketplace,
            abi: marketplaceAbi,
            functionName: "order",
            args: [id],
          })),
        })),
    );
    const [jobIds, jobs] = open;
    return { listings, listingTotal: listed.length, orders, orderTotal: placed.length, jobIds, jobs, now, tokens };
  });
  const buy = async (listingId: bigint, pricePerUnit: bigint, token: PayToken) => {
    const quantity = BigInt(quantities[listingId.toString()] || "1");
    const total = pricePerUnit * quantity;
    const market = { address: a.marketplace, abi: marketplaceAbi } as const;
    if (!token.nyn) {
      // a token other than NYN: approve the price to the marketplace (the token may have no EIP-2612 permit), then
      // buy at most at the listed price (each simulated first)
      const approved = await tx.send(`approve ${formatIn(token, total)} to the Marketplace`, {
        address: token.address,
        abi: erc20Abi,
        functionName: "approve",
        args: [a.marketplace, total],
        unit: token,
      });
      if (approved)
        await tx.send(`buy ${quantity} of listing ${short(listingId)} for ${formatIn(token, total)}`, {
          ...market,
          functionName: "buy",
          args: [listingId, quantity, pricePerUnit],
          unit: token,
        });
      return;
    }
    // an EIP-2612 permit for the price, then buyWithPermit at most at the listed price (simulated first: a refusal
    // sends nothing and leaves no allowance); approve + buy only for a wallet that cannot sign typed data
    await tx.sendWithPermit(
      `buy ${quantity} of listing ${short(listingId)} for ${formatAmount(total)}`,
      { spender: a.marketplace, value: total, name: "Marketplace" },
      (p) => ({
        ...market,
        functionName: "buyWithPermit",
        args: [listingId, quantity, pricePerUnit, p.deadline, p.v, p.r, p.s],
      }),
      { ...market, functionName: "buy", args: [listingId, quantity, pricePerUnit] },
    );
  };
  const order = (label: string, functionName: "ship" | "confirmDelivery", id: bigint) =>
    tx.send(`${label} order ${short(id)}`, { address: a.marketplace, abi: marketplaceAbi, functionName, args: [id] });
  const dispute = (id: bigint) =>
    tx.send(`dispute order ${short(id)}`, {
      address: a.marketplace,
      abi: marketplaceAbi,
      functionName: "openDispute",
      args: [id, evidence[id.toString()] ?? ""],
    });
  return (
    <Loaded query={query}>
      {(d) => (
        <>
          {address && <ListForm send={tx.send} tokens={d.tokens} />}
          <TxStatus state={tx.state} />
          <section>
            <h2>Listings ({d.listingTotal}; newest first)</h2>
            <table data-testid="listings">
              <thead>
                <tr>
                  <th>id</th>
                  <th>seller</th>
                  <th>price per unit</th>
                  <th>quantity left</th>
                  <th>delivery window</th>
                  <th>status</th>
                  <th>goods</th>
                  {address && <th>buy</th>}
                </tr>
              </thead>
              <tbody>
                {d.listings.map((l) => (
                  <tr key={l.id.toString()} data-testid={`listing-${l.id}`} data-token={l.payToken.symbol}>
                    <td>
                      <Id value={l.id} />
                    </td>
                    <td>
                      <Addr value={l.seller} />
                    </td>
                    <td>{formatIn(l.payToken, l.pricePerUnit)}</td>
                    <td>{l.quantity.toString()}</td>
                    <td>{formatDuration(l.deliveryWindow)}</td>
                    <td>{ENUMS.ListingStatus[l.status]}</td>
                    <td className="muted">{l.metadataURI}</td>
                    {address && (
                      <td className="nowrap">
                        {l.status === ACTIVE && l.quantity > 0n && l.seller.toLowerCase() !== me && (
                          <form
                            className="inline"
                            onSubmit={(e) => {
                              e.preventDefault();
                              void buy(l.id, l.pricePerUnit, l.payToken);
                            }}
                          >
                            <input
                              value={quantities[l.id.toString()] ?? "1"}
                              onChange={(e) => setQuantities({ ...quantities, [l.id.toString()]: e.target.value })}
                              size={3}
                              data-testid={`buy-quantity-${l.id}`}
                            />{" "}
                            <button type="submit" data-testid={`buy-${l.id}`}>
                              buy
                            </button>
                          </form>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section>
            <h2>Orders ({d.orderTotal}; newest first)</h2>
            <table data-testid="orders">
              <thead>
                <tr>
                  <th>id</th>
                  <th>seller</th>
                  <th>status</th>
                  <th>escrowed</th>
                  <th>deadline</th>
                  <th>buyer</th>
                  {address && <th></th>}
                </tr>
              </thead>
              <tbody>
                {d.orders.map((o) => (
                  <tr
                    key={o.id.toString()}
                    data-testid={`order-${o.id}`}
                    data-status={ENUMS.OrderStatus[o.status]}
                    data-token={o.payToken.symbol}
                  >
                    <td>
                      <Id value={o.id} />
                    </td>
                    <td>
                      {o.seller === "0x0000000000000000000000000000000000000000" ? (
                        "—"
                      ) : (
                        <Addr value={o.seller as Address} />
                      )}
                    </td>
                    <td>{ENUMS.OrderStatus[o.status]}</td>
                    <td>{formatIn(o.payToken, o.amount)}</td>
                    <td>{o.deadline ? formatTimestamp(BigInt(o.deadline), d.now) : "—"}</td>
                    <td>
                      <Addr value={o.buyer} />
                    </td>
                    {address && (
                      <td>
                        {o.status === PAID && o.seller.toLowerCase() === me && (
                          <button onClick={() => order("ship", "ship", o.id)} data-testid={`ship-${o.id}`}>
                            ship
                          </button>
                        )}
                        {o.status === SHIPPED && o.buyer.toLowerCase() === me && (
                          <button
                            onClick={() => order("confirm delivery of", "confirmDelivery", o.id)}
                            data-testid={`confirm-${o.id}`}
                          >
                            confirm delivery
                          </button>
                        )}
                        {o.status === SHIPPED && (o.buyer.toLowerCase() === me || o.seller.toLowerCase() === me) && (
                          <>
                            {" "}
                            <input
                              value={evidence[o.id.toString()] ?? ""}
                              onChange={(e) => setEvidence({ ...evidence, [o.id.toString()]: e.target.value })}
                              size={16}
                              placeholder="evidence URI"
                              data-testid={`order-evidence-${o.id}`}
                            />{" "}
                            <button onClick={() => dispute(o.id)} data-testid={`order-dispute-${o.id}`}>
                              dispute
                            </button>
                          </>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section>
            <h2>Open jobs</h2>
            <table data-testid="jobs">
              <thead>
                <tr>
                  <th>id</th>
                  <th>client</th>
                  <th>status</th>
                  <th>milestones</th>
                  <th>escrowed</th>
                  <th>deadline</th>
                  <th>worker</th>
                </tr>
              </thead>
              <tbody>
                {d.jobs.map((j, i) => (
                  <tr key={d.jobIds[i].toString()} data-testid={`job-${d.jobIds[i]}`}>
                    <td>{d.jobIds[i].toString()}</td>
                    <td>
                      <Addr value={j.client} />
                    </td>
                    <td>{ENUMS.JobStatus[j.status]}</td>
                    <td>
                      {j.currentMilestone} of {j.milestoneCount} in play
                    </td>
                    <td>{formatIn(d.tokens.byId("jobBoard", j.tokenId), j.escrowed)}</td>
                    <td>{formatTimestamp(BigInt(j.deadline), d.now)}</td>
                    <td>
                      {j.worker === "0x0000000000000000000000000000000000000000" ? (
                        "none yet"
                      ) : (
                        <Addr value={j.worker} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {d.jobs.length === 0 && <p className="muted">No open jobs.</p>}
          </section>
          <Disputes
            escrow={a.marketplace}
            title="Open order disputes"
            what="order"
            payer="buyer"
            payee="seller"
            testid="market-"
            tx={tx}
          />
          <Jobs tx={tx} />
          <MarketFees send={tx.send} />
          <p className="muted">
            Listings and orders from {history.name}; open jobs from the job board's paginated view; the job board's
            newest jobs and both modules' disputes from their views (applicants from {history.name}).
          </p>
        </>
      )}
    </Loaded>
  );
}
