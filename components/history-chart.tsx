"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatClock, formatValue } from "@/components/format";
import type { CheckState, HistoryPoint } from "@/lib/model/board";

const MINUTES = 15;

async function fetchHistory(check: string): Promise<HistoryPoint[]> {
  const res = await fetch(`/api/history?check=${encodeURIComponent(check)}&minutes=${MINUTES}`, {
    cache: "no-store",
  });
  const body = (await res.json()) as { points?: HistoryPoint[]; error?: string };
  if (!res.ok || !body.points) throw new Error(body.error ?? `history answered ${res.status}`);
  return body.points;
}

export function HistoryChart({
  checks,
  initial,
  intervalMs,
  timeZone,
}: {
  checks: CheckState[];
  initial: string;
  intervalMs: number;
  timeZone: string;
}) {
  const numeric = checks.filter((c) => c.thresholds || typeof c.value === "number");
  const [selected, setSelected] = useState(initial);
  const check = numeric.find((c) => c.id === selected) ?? numeric[0];
  const history = useQuery({
    queryKey: ["history", check?.id],
    queryFn: () => fetchHistory(check?.id ?? ""),
    enabled: Boolean(check),
    refetchInterval: intervalMs,
  });
  if (!check) return null;
  const t = check.thresholds;
  const data = (history.data ?? []).map((p) => ({ t: Date.parse(p.t), value: p.value }));

  return (
    <section className="rounded-xl bg-panel px-4 py-3" data-testid="history-chart">
      <div className="mb-2 flex items-center justify-between gap-2">
        <h2 className="text-lg font-semibold">History · last {MINUTES} min</h2>
        <select
          aria-label="check shown in the history chart"
          className="rounded bg-gray-800 px-2 py-1 text-base"
          value={check.id}
          onChange={(e) => setSelected(e.target.value)}
        >
          {numeric.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      {history.error ? (
        <p className="text-unknown">History unavailable: {(history.error as Error).message}</p>
      ) : (
        <div className="h-56">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
              <CartesianGrid stroke="#1f2937" />
              <XAxis
                dataKey="t"
                type="number"
                domain={["dataMin", "dataMax"]}
                tickFormatter={(v: number) => formatClock(v, timeZone, false)}
                stroke="#9ca3af"
              />
              <YAxis stroke="#9ca3af" width={60} tickFormatter={(v: number) => formatValue(v, check.unit)} />
              <Tooltip
                labelFormatter={(v) => formatClock(Number(v), timeZone)}
                formatter={(v) => formatValue(typeof v === "number" ? v : null, check.unit)}
                contentStyle={{ background: "#111827", border: "1px solid #374151" }}
              />
              {t?.warn !== undefined && (
                <ReferenceLine
                  y={t.warn}
                  stroke="#f59e0b"
                  strokeDasharray="6 4"
                  label={{ value: "warn", fill: "#f59e0b" }}
                />
              )}
              {t?.crit !== undefined && (
                <ReferenceLine
                  y={t.crit}
                  stroke="#ef4444"
                  strokeDasharray="6 4"
                  label={{ value: "crit", fill: "#ef4444" }}
                />
              )}
              <Line
                type="monotone"
                dataKey="value"
                stroke="#60a5fa"
                dot={false}
                isAnimationActive={false}
                connectNulls={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </section>
  );
}
