/** `IGovernor.ProposalState` names, by value. */
export const PROPOSAL_STATES = [
  "Pending",
  "Active",
  "Canceled",
  "Defeated",
  "Succeeded",
  "Queued",
  "Expired",
  "Executed",
] as const;

/** What {@link proposalState} reads from an indexed proposal. */
export interface IndexedProposal {
  voteStart: bigint;
  voteEnd: bigint;
  forVotes: bigint;
  againstVotes: bigint;
  abstainVotes: bigint;
  quorum: bigint | null;
  queued: boolean;
  executed: boolean;
  canceled: boolean;
}

/**
 * A proposal's state at time `now` (seconds), as OpenZeppelin's Governor + GovernorCountingSimple +
 * GovernorTimelockControl compute it (ERC-6372 timestamp clock): executed and canceled first, then pending until
 * the snapshot, active until the deadline, defeated without quorum (for + abstain) or majority (for > against),
 * succeeded until queued. (A timelock operation cancelled directly is indexed as canceled.)
 * @returns The `IGovernor.ProposalState` value.
 */
export function proposalState(p: IndexedProposal, now: bigint): number {
  if (p.executed) return 7;
  if (p.canceled) return 2;
  if (p.voteStart >= now) return 0;
  if (p.voteEnd >= now) return 1;
  const quorumReached = p.quorum !== null && p.quorum <= p.forVotes + p.abstainVotes;
  if (!quorumReached || p.forVotes <= p.againstVotes) return 3;
  return p.queued ? 5 : 4;
}
