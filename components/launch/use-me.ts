"use client";

import { useQuery } from "@tanstack/react-query";

export type Me = {
  person: { id: string; name: string; role: string; domain: string | null; title: string | null } | null;
  via: string | null;
  signIn: { mode: "configured" | "demo" | "disabled"; message: string | null };
  people: { id: string; name: string; role: string; domain: string | null }[];
};

export function useMe() {
  return useQuery({
    queryKey: ["me"],
    queryFn: async (): Promise<Me> => {
      const res = await fetch("/api/auth/me", { cache: "no-store" });
      if (!res.ok) throw new Error(`/api/auth/me answered ${res.status}`);
      return (await res.json()) as Me;
    },
  });
}

/** POST JSON from this page (same origin, the session cookie rides along); throws the server's message. */
export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new Error(json.error ?? `${path} answered ${res.status}`);
  return json as T;
}
