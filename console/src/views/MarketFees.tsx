import { jobBoardAbi, marketplaceAbi } from "../generated/abis";
import { useKernel } from "../chain/context";
import { useChainQuery } from "../chain/hooks";
import type { useTransact } from "../chain/transact";
import { formatIn, readTokens } from "../chain/tokens";
import { Loaded, Token } from "./common";

/**
 * The market modules' payment tokens (NYN and those the DAO approved, `tokenAt`) and the fees each module holds in
 * each (`uncollectedFees`, `uncollectedTokenFees`), with a button to send them to the treasury (`collectFees`,
 * `collectTokenFees`: anyone may).
 */
export function MarketFees({ send }: { send: ReturnType<typeof useTransact>["send"] }) {
  const { addresses: a } = useKernel();
  const query = useChainQuery(["market-fees"], async (client) => {
    const tokens = await readTokens(client, a);
    const modules = [
      { key: "marketplace", name: "Marketplace", address: a.marketplace, abi: marketplaceAbi },
      { key: "jobBoard", name: "JobBoard", address: a.jobBoard, abi: jobBoardAbi },
    ] as const;
    return Promise.all(
      modules.flatMap((m) =>
        tokens.all
          .filter((t) => (m.key === "marketplace" ? t.marketplaceId : t.jobBoardId) !== undefined)
          .map(async (token) => ({
            module: m,
            token,
            id: m.key === "marketplace" ? token.marketplaceId! : token.jobBoardId!,
            approved: m.key === "marketplace" ? token.marketplaceApproved : token.jobBoardApproved,
            fees: token.nyn
              ? await client.readContract({ address: m.address, abi: m.abi, functionName: "uncollectedFees" })
              : await client.readContract({
                  address: m.address,
                  abi: m.abi,
                  functionName: "uncollectedTokenFees",
                  args: [token.address],
                }),
          })),
      ),
    );
  });
  return (
    <section>
      <h2>Payment tokens and fees</h2>
      <Loaded query={query}>
        {(rows) => (
          <table data-testid="market-fees">
            <thead>
              <tr>
                <th>module</th>
                <th>token</th>
                <th>id</th>
                <th>accepted</th>
                <th>uncollected fees</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ module, token, id, approved, fees }) => (
                <tr
                  key={`${module.key}-${token.address}`}
                  data-testid={`market-fees-${module.key}-${token.symbol}`}
                  data-amount={fees.toString()}
                >
                  <td>{module.name}</td>
                  <td>
                    <Token token={token} />
                  </td>
                  <td>{id}</td>
                  <td>{approved ? "yes" : "no (removed: escrows in it still settle)"}</td>
                  <td>{formatIn(token, fees)}</td>
                  <td>
                    {fees > 0n && (
                      <button
                        onClick={() =>
                          void send(`send the ${module.name}'s ${formatIn(token, fees)} of fees to the treasury`, {
                            address: module.address,
                            abi: marketplaceAbi,
                            ...(token.nyn
                              ? { functionName: "collectFees", args: [] }
                              : { functionName: "collectTokenFees", args: [token.address], unit: token }),
                          })
                        }
                        data-testid={`collect-fees-${module.key}-${token.symbol}`}
                      >
                        collect to the treasury
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
    </section>
  );
}
