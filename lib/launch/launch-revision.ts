import { Refusal } from "@/lib/model/refusal";

/** A call made from a page older than the launch's current revision is refused: the page must reload. */
export function assertPageRevision(current: number, page: number): void {
  if (current === page) return;
  throw new Refusal(
    409,
    `expectedRevision: the launch changed since your page loaded (revision ${current}, page ${page}); reload and call again`,
    { revision: current },
  );
}

/** The conditional write lost to a concurrent change (`winner` says what kind of change can win). */
export function lostRevisionRace(revision: number, winner: string): Refusal {
  return new Refusal(409, `expectedRevision: the launch changed while calling (${winner} won); reload`, {
    revision,
  });
}
