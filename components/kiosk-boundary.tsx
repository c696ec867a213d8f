"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Component, type ReactNode, useState } from "react";
import type { BoardState } from "@/lib/model/board";

/** How long the kiosk shows what went wrong before it draws the board again. */
export const KIOSK_RETRY_MS = 5000;

type Props = {
  children: ReactNode;
  /** Called before each retry: drop whatever made the last render fail (e.g. the cached board). */
  onRetry: () => void;
};
type State = { error: Error | null; attempt: number };

/**
 * A render error must not blank the screen the war room watches until someone walks up to reload it:
 * this says what failed, then tries again by itself every few seconds with fresh data.
 */
export class KioskBoundary extends Component<Props, State> {
  state: State = { error: null, attempt: 0 };
  private timer: ReturnType<typeof setTimeout> | null = null;

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  componentDidCatch(error: Error) {
    console.error("kiosk: the board could not be drawn; retrying", error);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.props.onRetry();
      this.setState((s) => ({ error: null, attempt: s.attempt + 1 }));
    }, KIOSK_RETRY_MS);
  }

  componentWillUnmount() {
    if (this.timer) clearTimeout(this.timer);
  }

  render() {
    const { error, attempt } = this.state;
    if (!error) return this.props.children;
    return (
      <main data-kiosk className="flex h-screen flex-col justify-center gap-4 p-10" data-testid="kiosk-error">
        <h1 className="text-5xl font-bold text-crit" role="alert">
          The board could not be drawn
        </h1>
        <p className="text-3xl text-gray-200">{error.message}</p>
        <p className="text-2xl text-gray-400">
          Trying again every {KIOSK_RETRY_MS / 1000} s{attempt > 0 ? ` (attempt ${attempt + 1})` : ""} — no
          need to reload.
        </p>
      </main>
    );
  }
}

/**
 * A board screen that heals itself: `draw` gets the server-rendered board the first time; after a render
 * error both it and the cached board are dropped, so the retry draws what the server has now.
 */
export function SelfHealingBoard({
  initial,
  draw,
}: {
  initial: BoardState | null;
  draw: (initial: BoardState | null) => ReactNode;
}) {
  const queryClient = useQueryClient();
  const [first, setFirst] = useState(initial);
  const retry = () => {
    setFirst(null);
    queryClient.removeQueries({ queryKey: ["board"] });
  };
  return <KioskBoundary onRetry={retry}>{draw(first)}</KioskBoundary>;
}
