import { useState } from "react";
import { getAddress, isAddress, type Address } from "viem";
import { formatAmount, formatTimestamp } from "../../../lib/format";
import { ANY_ENTITY, NO_EXPIRY } from "../../../lib/ids";
import { useKernel } from "../chain/context";
import { useChainQuery, useHistory } from "../chain/hooks";
import type { CapabilityGrant, PermissionGrant } from "../data/indexer";
import { Addr, Loaded } from "./common";
import { NeedsIndexer } from "./history";

/** An expiry in words: never, a time, or a time and "(expired)". */
function Expiry({ value, now }: { value: bigint; now: bigint }) {
  if (value === NO_EXPIRY) return <>never</>;
  return (
    <>
      {formatTimestamp(value, now)}
      {value < now ? " (expired)" : ""}
    </>
  );
}

/** A grant's condition: none, the ACL's built-in "holds ≥ N NYN", or the condition contract. */
function Condition({ grant }: { grant: { condition: Address | null; minBalance: bigint | null } }) {
  if (!grant.condition) return <>—</>;
  if (grant.minBalance) return <>holds ≥ {formatAmount(grant.minBalance)}</>;
  return (
    <>
      condition <Addr value={grant.condition} />
    </>
  );
}

/** The account in the URL (`#/permissions?account=0x…`). */
function accountFromHash(): string {
  return /[?&]account=(0x[0-9a-fA-F]{40})/.exec(window.location.hash)?.[1] ?? "";
}

/**
 * The ACL from the indexer: every permission by target and permission with its holders, and everything one account
 * may do (its permissions, including those granted to anyone, and its capabilities on processes).
 */
export function Permissions() {
  const history = useHistory();
  const indexed = history.indexed;
  const { config } = useKernel();
  const [account, setAccount] = useState(accountFromHash());
  const query = useChainQuery(["permissions", indexed ? "indexer" : "none"], async (client) =>
    indexed
      ? {
          permissions: await indexed.permissions(),
          capabilities: await indexed.allCapabilities(),
          now: (await client.getBlock()).timestamp,
        }
      : undefined,
  );
  if (!indexed) return <NeedsIndexer what="The permissions view" />;
  const choose = (value: string) => {
    setAccount(value);
    window.history.replaceState(null, "", `#/permissions${value ? `?account=${value}` : ""}`);
  };
  return (
    <Loaded query={query}>
      {(d) => {
        if (!d) return null;
        const groups = new Map<string, PermissionGrant[]>();
        for (const p of d.permissions) {
          const key = `${p.where.toLowerCase()}-${p.what}`;
          groups.set(key, [...(groups.get(key) ?? []), p]);
        }
        const who = isAddress(account) ? account.toLowerCase() : "";
        const mine = d.permissions.filter(
          (p) => p.who.toLowerCase() === who || p.who.toLowerCase() === ANY_ENTITY.toLowerCase(),
        );
        const caps: CapabilityGrant[] = d.capabilities.filter((c) => c.who.toLowerCase() === who);
        return (
          <>
            <section>
              <h2>What one account may do</h2>
              <form className="inline" onSubmit={(e) => e.preventDefault()}>
                <label>
                  account{" "}
                  <select value={who} onChange={(e) => choose(e.target.value)} data-testid="perm-account-pick">
                    <option value="">(pick one, or type an address)</option>
                    {Object.entries(config.accountNames).map(([address, name]) => (
                      <option key={address} value={address}>
                        {name}
                      </option>
                    ))}
                  </select>{" "}
                  <input
                    value={account}
                    onChange={(e) => choose(e.target.value.trim())}
                    size={44}
                    placeholder="0x…"
                    data-testid="perm-account"
                  />
                </label>
              </form>
              {who && (
                <>
                  <table data-testid="account-permissions">
                    <thead>
                      <tr>
                        <th>may</th>
                        <th>on</th>
                        <th>expiry</th>
                        <th>condition</th>
                        <th>granted by</th>
                      </tr>
                    </thead>
                    <tbody>
                      {mine.map((p) => (
                        <tr
                          key={`${p.who}-${p.where}-${p.what}`}
                          data-testid="account-permission"
                          data-where={getAddress(p.where)}
                          data-what={p.what}
                          data-condition={p.condition ?? ""}
                        >
                          <td title={p.what}>
                            {p.whatName}
                            {p.who.toLowerCase() === ANY_ENTITY.toLowerCase() ? " (granted to anyone)" : ""}
                          </td>
                          <td>
                            <Addr value={p.where} />
                          </td>
                          <td>
                            <Expiry value={p.expiry} now={d.now} />
                          </td>
                          <td>
                            <Condition grant={p} />
                          </td>
                          <td>{p.grantedBy ? <Addr value={p.grantedBy} /> : "—"}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  {mine.length === 0 && <p className="muted">No permissions.</p>}
                  <h3>Capabilities on processes ({caps.length})</h3>
                  <table data-testid="account-capabilities">
                    <thead>
                      <tr>
                        <th>process</th>
                        <th>may</th>
                        <th>expiry</th>
                        <th>condition</th>
                      </tr>
                    </thead>
                    <tbody>
                      {caps.map((c) => (
                        <tr
                          key={`${c.pid}-${c.what}`}
                          data-testid="account-capability"
                          data-pid={c.pid.toString()}
                          data-what={c.what}
                          data-condition={c.condition ?? ""}
                          data-min-balance={c.minBalance?.toString() ?? ""}
                        >
                          <td>
                            <a href={`#/process?pid=${c.pid}`}>PID {c.pid.toString()}</a>
                          </td>
                          <td title={c.what}>{c.whatName}</td>
                          <td>
                            <Expiry value={c.expiry} now={d.now} />
                          </td>
                          <td>
                            <Condition grant={c} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </>
              )}
            </section>
            <section>
              <h2>Permissions by target ({groups.size})</h2>
              <table data-testid="permission-groups">
                <thead>
                  <tr>
                    <th>target</th>
                    <th>permission</th>
                    <th>holders</th>
                  </tr>
                </thead>
                <tbody>
                  {[...groups.values()].map((holders) => (
                    <tr
                      key={`${holders[0].where}-${holders[0].what}`}
                      data-testid="permission-group"
                      data-where={getAddress(holders[0].where)}
                      data-what={holders[0].what}
                    >
                      <td>
                        <Addr value={holders[0].where} />
                      </td>
                      <td title={holders[0].what}>{holders[0].whatName}</td>
                      <td>
                        {holders.map((h) => (
                          <div key={h.who} data-testid="holder" data-who={getAddress(h.who)}>
                            <Addr value={h.who as Address} />
                            {h.expiry === NO_EXPIRY ? (
                              ""
                            ) : (
                              <span className="muted">
                                {" "}
                                until <Expiry value={h.expiry} now={d.now} />
                              </span>
                            )}
                          </div>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <p className="muted">Permissions and capabilities from {history.name}.</p>
          </>
        );
      }}
    </Loaded>
  );
}
