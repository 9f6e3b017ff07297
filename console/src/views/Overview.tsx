import type { Address } from "viem";
import { formatAmount } from "../../../lib/format";
import { PERMISSION, nameOfId } from "../../../lib/ids";
import { aclAbi, jobBoardAbi, kernelAbi, marketplaceAbi, nynAbi, processRegistryAbi } from "../generated/abis";
import { useKernel } from "../chain/context";
import { useChainQuery, useHistory } from "../chain/hooks";
import { Addr, Loaded } from "./common";
import { LatestEvents } from "./history";

/** `IMarketplace.OrderStatus` values of an order still open: Paid, Shipped, Disputed. */
const OPEN_ORDER = new Set([1, 2, 3]);

/** The system at a glance: modules, root, guardian, pause, NYN supply and treasury, counts. */
export function Overview() {
  const { addresses: a, config } = useKernel();
  const history = useHistory();
  const query = useChainQuery(["overview"], async (client) => {
    const read = <T,>(address: Address, abi: unknown, functionName: string, args: unknown[] = []) =>
      client.readContract({ address, abi: abi as never, functionName, args } as never) as Promise<T>;
    const moduleCount = await read<bigint>(a.kernel, kernelAbi, "moduleCount");
    const ids = await read<readonly `0x${string}`[]>(a.kernel, kernelAbi, "moduleIds", [0n, moduleCount]);
    const modules = await Promise.all(
      ids.map(async (id) => ({
        id,
        name: nameOfId(id),
        proxy: await read<Address>(a.kernel, kernelAbi, "moduleAddress", [id]),
        implementation: await read<Address>(a.kernel, kernelAbi, "moduleImplementation", [id]),
      })),
    );
    const holders = (what: string) =>
      read<readonly Address[]>(a.acl, aclAbi, "permissionHolders", [a.kernel, what, 0n, 10n]);
    const [root, guardian, paused, supply, cap, treasury, processes, jobs, openJobs, proposals, orderIds] =
      await Promise.all([
        holders(PERMISSION.ROOT),
        holders(PERMISSION.PAUSE),
        read<boolean>(a.kernel, kernelAbi, "paused"),
        read<bigint>(a.nyn, nynAbi, "totalSupply"),
        read<bigint>(a.nyn, nynAbi, "CAP"),
        read<bigint>(a.nyn, nynAbi, "balanceOf", [a.timelock]),
        read<bigint>(a.processRegistry, processRegistryAbi, "processCount"),
        read<bigint>(a.jobBoard, jobBoardAbi, "jobCount"),
        read<bigint>(a.jobBoard, jobBoardAbi, "openJobCount"),
        history.proposals(),
        history.orderIds(),
      ]);
    const orders = await Promise.all(
      orderIds.map((id) => read<{ status: number }>(a.marketplace, marketplaceAbi, "order", [id])),
    );
    const openOrders = orders.filter((o) => OPEN_ORDER.has(o.status)).length;
    return {
      modules,
      root,
      guardian,
      paused,
      supply,
      cap,
      treasury,
      processes,
      jobs,
      openJobs,
      proposals,
      openOrders,
      orders: orders.length,
    };
  });
  return (
    <Loaded query={query}>
      {(d) => (
        <>
          <section>
            <h2>Kernel</h2>
            <dl className="facts">
              <dt>Kernel</dt>
              <dd data-testid="kernel-address">
                <Addr value={a.kernel} />
              </dd>
              <dt>Chain</dt>
              <dd>
                chain id {config.chainId}, node {config.rpcUrl}
              </dd>
              <dt>Root</dt>
              <dd data-testid="root">
                {d.root.map((r) => (
                  <Addr key={r} value={r} />
                ))}
              </dd>
              <dt>Guardian</dt>
              <dd data-testid="guardian">
                {d.guardian.map((g) => (
                  <Addr key={g} value={g} />
                ))}
              </dd>
              <dt>Pause</dt>
              <dd data-testid="paused">
                {d.paused ? "paused (the guardian stopped the kernel's entry points)" : "running"}
              </dd>
            </dl>
          </section>
          <section>
            <h2>Modules</h2>
            <table data-testid="modules">
              <thead>
                <tr>
                  <th>module</th>
                  <th>proxy</th>
                  <th>implementation</th>
                </tr>
              </thead>
              <tbody>
                {d.modules.map((m) => (
                  <tr key={m.id}>
                    <td title={m.id}>{m.name}</td>
                    <td>
                      <Addr value={m.proxy} />
                    </td>
                    <td className="mono">{m.implementation}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section>
            <h2>NYN and counts</h2>
            <dl className="facts">
              <dt>NYN supply</dt>
              <dd data-testid="supply">
                {formatAmount(d.supply)} of a cap of {formatAmount(d.cap)}
              </dd>
              <dt>Treasury (timelock)</dt>
              <dd data-testid="treasury">{formatAmount(d.treasury)}</dd>
              <dt>Processes</dt>
              <dd data-testid="process-count">{d.processes.toString()}</dd>
              <dt>Proposals</dt>
              <dd data-testid="proposal-count">{d.proposals.length}</dd>
              <dt>Open orders</dt>
              <dd data-testid="open-orders">
                {d.openOrders} (of {d.orders})
              </dd>
              <dt>Open jobs</dt>
              <dd data-testid="open-jobs">
                {d.openJobs.toString()} (of {d.jobs.toString()})
              </dd>
            </dl>
            <p className="muted">History (proposals, orders) from {history.name}.</p>
          </section>
          <LatestEvents />
        </>
      )}
    </Loaded>
  );
}
