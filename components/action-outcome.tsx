"use client";

import { type UseMutationResult, useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { postJson } from "@/components/launch/use-me";

/** One person's action: where it goes, what it carries, and what to say once the server took it. */
export type ActionRequest = { path: string; body: unknown; done: string };
type Outcome = { ok: boolean; text: string };

/**
 * A console's actions as one react-query mutation: one at a time (pending disables the buttons), and the
 * outcome (the server's refusal word for word) kept to show. `send` resolves true when the server took it.
 */
export function useAction(onSuccess?: () => Promise<unknown> | undefined) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const action = useMutation({
    mutationFn: (a: ActionRequest) => postJson(a.path, a.body),
    onMutate: () => setOutcome(null),
    onSuccess: async (_data, a) => {
      setOutcome({ ok: true, text: a.done });
      await onSuccess?.();
    },
    onError: (err) => setOutcome({ ok: false, text: err.message }),
  });
  const send = (path: string, body: unknown, done: string): Promise<boolean> =>
    action.mutateAsync({ path, body, done }).then(
      () => true,
      () => false,
    );
  return { action, outcome, send };
}

/** "Sending: …" while pending, then the outcome; announced to screen readers, a refusal as an alert. */
export function ActionOutcome({
  action,
  outcome,
  testId,
}: {
  action: UseMutationResult<unknown, Error, ActionRequest>;
  outcome: Outcome | null;
  /** `<testId>-ok` / `<testId>-error` on the outcome line. */
  testId: string;
}) {
  return (
    <div aria-live="polite">
      {action.isPending && <p className="text-gray-300">Sending: {action.variables.done}…</p>}
      {outcome && (
        <p
          data-testid={`${testId}-${outcome.ok ? "ok" : "error"}`}
          className={outcome.ok ? "text-ok" : "text-crit"}
          role={outcome.ok ? undefined : "alert"}
        >
          {outcome.text}
        </p>
      )}
    </div>
  );
}
