import type { DecisionRecord, DomainVote, PollState, VoteRecord } from "@/lib/model/launch";

type Voter = { id: string; role: string; domain?: string };

/** Owners with a domain vote for it; the lead's "overall" call is the decision, not a vote. */
export function votersOf(domain: string, people: readonly Voter[]): string[] {
  return people.filter((p) => p.role === "owner" && p.domain === domain).map((p) => p.id);
}

/** Each domain's latest vote of the round (earlier ones count as changes); open until the lead's call. */
export function tallyPoll(input: {
  domains: readonly string[];
  people: readonly Voter[];
  votes: readonly VoteRecord[];
  round: number;
  decision: DecisionRecord | null;
  opensAt: string;
}): PollState {
  const roundVotes = input.votes.filter((v) => v.round === input.round).sort((a, b) => a.id - b.id);
  const domains: DomainVote[] = input.domains.map((domain) => {
    const mine = roundVotes.filter((v) => v.domain === domain);
    const latest = mine.at(-1);
    return {
      domain,
      voters: votersOf(domain, input.people),
      vote: latest?.vote ?? null,
      reason: latest?.reason ?? null,
      by: latest?.personId ?? null,
      at: latest?.at ?? null,
      changes: Math.max(0, mine.length - 1),
    };
  });
  return {
    round: input.round,
    opensAt: input.opensAt,
    open: input.decision === null,
    domains,
    go: domains.filter((d) => d.vote === "go").length,
    hold: domains.filter((d) => d.vote === "hold").length,
    missing: domains.filter((d) => d.vote === null).length,
  };
}

export type VoteCheck = { ok: true } | { ok: false; reason: string };

/** Whether a vote may be recorded: Hold needs a reason; the poll closes at the lead's call of the round. */
export function checkVote(input: {
  vote: "go" | "hold";
  reason: string | null;
  round: number;
  currentRound: number;
  decision: DecisionRecord | null;
}): VoteCheck {
  if (input.vote === "hold" && !input.reason?.trim()) {
    return { ok: false, reason: "reason: a Hold needs a reason" };
  }
  if (input.round !== input.currentRound) {
    return {
      ok: false,
      reason: `round: the poll is now round ${input.currentRound} (your page showed round ${input.round}); reload`,
    };
  }
  if (input.decision) {
    return {
      ok: false,
      reason: `the poll of round ${input.round} is closed: ${input.decision.call.toUpperCase()} was called by ${input.decision.personId}`,
    };
  }
  return { ok: true };
}
