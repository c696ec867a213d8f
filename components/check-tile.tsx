import { formatValue, LEVEL_CLASSES, LEVEL_LABEL } from "@/components/format";
import type { CheckState } from "@/lib/model/board";
import { formatAge } from "@/lib/rules/staleness";

function evidenceLine(check: CheckState): string {
  const e = check.evidence;
  const parts: string[] = [];
  if (e.status !== undefined) parts.push(`HTTP ${e.status}`);
  if (e.latencyMs !== undefined) parts.push(`${Math.round(Number(e.latencyMs))} ms`);
  if (e.error) parts.push(String(e.error));
  if (e.location) parts.push(`→ ${e.location}`);
  if (e.url) parts.push(String(e.url).replace(/^https?:\/\//, ""));
  return parts.join(" · ");
}

/** The reading pushed from the API's logs: it can raise this tile, never clear it (docs/log-push.md). */
function LiveNote({ check }: { check: CheckState }) {
  const live = check.live;
  if (!live) return null;
  const c = LEVEL_CLASSES[live.level];
  const text = live.raised
    ? `raised from ${LEVEL_LABEL[live.polledLevel]} by the live log stream; the polled check alone can turn it green`
    : `${live.summary} (live: can raise this tile, never clear it)`;
  return (
    <p
      data-testid="tile-live"
      data-live-level={live.level}
      data-raised={String(live.raised)}
      className="text-xs leading-snug text-gray-300"
    >
      <span className={`mr-1 rounded px-1 font-bold text-black ${c.bg}`}>LIVE</span>
      {text}
    </p>
  );
}

export function CheckTile({ check, nowMs }: { check: CheckState; nowMs: number }) {
  const c = LEVEL_CLASSES[check.level];
  const failing = check.conditions.filter((x) => !x.ok).slice(0, 2);
  const age = check.collectedAt ? formatAge(nowMs - Date.parse(check.collectedAt)) : null;
  return (
    <article
      data-testid={`tile-${check.id}`}
      data-level={check.level}
      className={`flex flex-col gap-1 rounded-xl border-2 ${c.border} ${c.soft} px-3 py-2`}
    >
      {/* A long title wraps to two lines, then ends in an ellipsis (the whole of it on hover); the badge
          keeps its own width beside it, never under it. */}
      <header className="flex items-start justify-between gap-2">
        <h3
          className="line-clamp-2 min-w-0 flex-1 wrap-anywhere text-base font-semibold leading-tight text-white"
          title={check.label}
          data-testid="tile-title"
        >
          {check.label}
        </h3>
        <span
          className={`shrink-0 whitespace-nowrap rounded px-2 py-0.5 text-sm font-bold text-black ${c.bg}`}
        >
          {LEVEL_LABEL[check.level]}
        </span>
      </header>
      <div className={`wrap-anywhere text-2xl font-bold ${c.text}`} data-testid="tile-value">
        {formatValue(check.value, check.unit)}
      </div>
      <p data-testid="tile-why" className="text-sm leading-snug text-gray-100">
        {check.summary}
      </p>
      {check.level !== "ok" &&
        failing.map((f) => (
          <p key={f.condition} className="text-sm text-gray-300">
            expected {f.condition}, got <b>{f.actual}</b>
          </p>
        ))}
      <LiveNote check={check} />
      <footer className="mt-auto truncate pt-1 text-xs text-gray-400" title={evidenceLine(check)}>
        {evidenceLine(check)}
        {age !== null && <> · {age} ago</>}
        {check.source && <> · {check.source}</>}
      </footer>
    </article>
  );
}
