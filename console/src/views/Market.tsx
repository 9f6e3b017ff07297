import type { Address } from "viem";
import { ENUMS, formatAmount, formatDuration, formatTimestamp } from "../../../lib/format";
import { jobBoardAbi, marketplaceAbi } from "../generated/abis";
import { useKernel } from "../chain/context";
import { useChainQuery, useHistory } from "../chain/hooks";
import { Addr, Loaded } from "./common";

/** A long id (listing and order ids pack the seller's compact id) shortened, the full id on hover. */
function Id({ value }: { value: bigint }) {
  const text = value.toString();
  return <span title={text}>{text.length > 14 ? `${text.slice(0, 6)}…${text.slice(-6)}` : text}</span>;
}

/** Rows per table. */
const ROWS = 25;

/** The marketplace (newest listings and orders) and the job board's open jobs (its paginated view); read-only. */
export function Market() {
  const { addresses: a } = useKernel();
  const history = useHistory();
  const query = useChainQuery(["market"], async (client) => {
    const [listed, orderIds, open, now] = await Promise.all([
      history.listings(),
      history.orderIds(),
      client.readContract({
        address: a.jobBoard,
        abi: jobBoardAbi,
        functionName: "openJobs",
        args: [0n, BigInt(ROWS)],
      }),
      client.getBlock().then((b) => b.timestamp),
    ]);
    const listings = await Promise.all(
      listed
        .slice(-ROWS)
        .reverse()
        .map(async (l) => ({
          ...l,
          ...(await client.readContract({
            address: a.marketplace,
            abi: marketplaceAbi,
            functionName: "listing",
            args: [l.id],
          })),
        })),
    );
    const orders = await Promise.all(
      orderIds
        .slice(-ROWS)
        .reverse()
        .map(async (id) => ({
          id,
          ...(await client.readContract({
            address: a.marketplace,
            abi: marketplaceAbi,
            functionName: "order",
            args: [id],
          })),
        })),
    );
    const [jobIds, jobs] = open;
    return { listings, listingTotal: listed.length, orders, orderTotal: orderIds.length, jobIds, jobs, now };
  });
  return (
    <Loaded query={query}>
      {(d) => (
        <>
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
                </tr>
              </thead>
              <tbody>
                {d.listings.map((l) => (
                  <tr key={l.id.toString()} data-testid={`listing-${l.id}`}>
                    <td>
                      <Id value={l.id} />
                    </td>
                    <td>
                      <Addr value={l.seller} />
                    </td>
                    <td>{formatAmount(l.pricePerUnit)}</td>
                    <td>{l.quantity.toString()}</td>
                    <td>{formatDuration(l.deliveryWindow)}</td>
                    <td>{ENUMS.ListingStatus[l.status]}</td>
                    <td className="muted">{l.metadataURI}</td>
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
                </tr>
              </thead>
              <tbody>
                {d.orders.map((o) => (
                  <tr key={o.id.toString()} data-testid={`order-${o.id}`}>
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
                    <td>{formatAmount(o.amount)}</td>
                    <td>{o.deadline ? formatTimestamp(BigInt(o.deadline), d.now) : "—"}</td>
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
                    <td>{formatAmount(j.escrowed)}</td>
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
          <p className="muted">
            Listings and orders from {history.name}; open jobs from the job board's paginated view.
          </p>
        </>
      )}
    </Loaded>
  );
}
