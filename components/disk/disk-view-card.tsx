import { entryRows, formatBytes, scanCaveats } from "@/components/disk/disk-view-lines";
import type { DiskView } from "@/lib/model/disk-view";
import { formatAge } from "@/lib/rules/staleness";

/** One disk check's view: the largest entries of its path beside `docker system df`. */
export function DiskViewCard({ view, nowMs }: { view: DiskView; nowMs: number }) {
  const rows = entryRows(view);
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-2" data-testid="disk-view" data-check={view.checkId}>
      <div>
        <h3 className="text-lg font-bold text-white">
          Largest in {view.path}{" "}
          <span className="text-sm font-normal text-gray-400">
            taken {formatAge(Math.max(0, nowMs - Date.parse(view.takenAt)))} ago
          </span>
        </h3>
        <table className="mt-1 w-full text-left font-mono text-sm" data-testid="disk-view-entries">
          <tbody>
            {rows.map((r) => (
              <tr key={r.path}>
                <td className="pr-3 text-right text-white">{r.size}</td>
                <td className="w-24 pr-3">
                  <div className="h-2 rounded bg-crit/70" style={{ width: `${Math.max(2, r.share)}%` }} />
                </td>
                <td className={`break-all ${r.isDir ? "text-gray-200" : "text-gray-400"}`}>{r.path}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-1 text-xs text-gray-400">{scanCaveats(view)}</p>
      </div>
      <div>
        <h3 className="text-lg font-bold text-white">docker system df</h3>
        {view.docker === null ? (
          <p className="text-sm text-gray-400">this runbook names no Docker engine</p>
        ) : "error" in view.docker ? (
          <p className="text-sm text-warn">{view.docker.error}</p>
        ) : (
          <table className="mt-1 w-full text-left font-mono text-sm" data-testid="disk-view-docker">
            <thead className="text-gray-400">
              <tr>
                <th>TYPE</th>
                <th>TOTAL</th>
                <th>ACTIVE</th>
                <th>SIZE</th>
                <th>RECLAIMABLE</th>
              </tr>
            </thead>
            <tbody>
              {view.docker.rows.map((r) => (
                <tr key={r.type}>
                  <td className="pr-2">{r.type}</td>
                  <td>{r.total}</td>
                  <td>{r.active}</td>
                  <td>{formatBytes(r.sizeBytes)}</td>
                  <td className="text-white">{formatBytes(r.reclaimableBytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
