import type { ReactNode } from "react";
import { formatAddress } from "../../../lib/format";
import { useKernel } from "../chain/context";

/** An address with its name when the console knows it (`alice (0x7099…79C8)`); the full address on hover. */
export function Addr({ value }: { value: string }) {
  const { names } = useKernel();
  return (
    <span className="mono" title={value}>
      {formatAddress(value, names)}
    </span>
  );
}

/** A query's loading and error states around its content. */
export function Loaded<T>({
  query,
  children,
}: {
  query: { data?: T; error: Error | null; isPending: boolean };
  children: (data: T) => ReactNode;
}) {
  if (query.error) return <p className="error">Could not read the chain: {query.error.message}</p>;
  if (query.isPending || query.data === undefined) return <p className="muted">Loading…</p>;
  return <>{children(query.data)}</>;
}

/** A long id (listing and order ids pack the seller's compact id) shortened, the full id on hover. */
export function Id({ value }: { value: bigint }) {
  const text = value.toString();
  return <span title={text}>{text.length > 14 ? `${text.slice(0, 6)}…${text.slice(-6)}` : text}</span>;
}

/** A payment token: its ERC-20 symbol and its address shortened (in full on hover). */
export function Token({ token }: { token: { symbol: string; address: string } }) {
  return (
    <span title={token.address}>
      {token.symbol}{" "}
      <span className="mono muted">
        ({token.address.slice(0, 6)}…{token.address.slice(-4)})
      </span>
    </span>
  );
}
