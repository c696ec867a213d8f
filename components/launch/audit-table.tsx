"use client";

import { useQuery } from "@tanstack/react-query";

/** The append-only audit log, newest first (read-only: nothing in the app can edit it). */
export function AuditTable() {
  const audit = useAudit();
  return (
    <section className="rounded-xl bg-panel p-4" aria-label="audit log" data-testid="audit-log">
      <h2 className="text-2xl font-bold">Audit log</h2>
      {audit.error && <p className="text-crit">{(audit.error as Error).message}</p>}
      <table className="w-full text-base">
        <tbody>
          {audit.data?.entries.map((e) => (
            <tr
              key={e.id}
              className="border-t border-gray-800"
              data-testid="audit-entry"
              data-action={e.action}
            >
              <td className="pr-3 whitespace-nowrap text-gray-400">
                {new Date(e.at).toISOString().slice(11, 19)}Z
              </td>
              <td className="pr-3">{e.actor ?? "anonymous"}</td>
              <td className="pr-3">{e.action}</td>
              <td className={`pr-3 ${e.outcome === "ok" ? "text-ok" : "text-crit"}`}>{e.outcome}</td>
              <td className="pr-3">{e.message}</td>
              <td className="text-gray-500">{e.ip ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function useAudit() {
  return useQuery({
    queryKey: ["audit"],
    refetchInterval: 5000,
    queryFn: async () => {
      const res = await fetch("/api/launch/audit?limit=50", { cache: "no-store" });
      if (!res.ok) throw new Error(`/api/launch/audit answered ${res.status}`);
      return (await res.json()) as {
        entries: {
          id: number;
          at: string;
          actor: string | null;
          action: string;
          outcome: string;
          ip: string | null;
          message: string;
        }[];
      };
    },
  });
}
