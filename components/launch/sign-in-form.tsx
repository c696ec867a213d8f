"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { postJson, useMe } from "@/components/launch/use-me";

/** Back to the page that sent the browser here (a board behind the read token), else the console. */
function nextPage(search: string): string {
  const next = new URLSearchParams(search).get("next");
  return next && /^\/(?!\/)/.test(next) ? next : "/owner";
}

export function SignInForm() {
  const me = useMe();
  const router = useRouter();
  const [person, setPerson] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const data = me.data;
  const disabled = data?.signIn.mode === "disabled";

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await postJson("/api/auth/sign-in", { person, password });
      await me.refetch();
      router.push(nextPage(window.location.search));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="mx-auto flex max-w-md flex-col gap-4 p-8">
      <h1 className="text-3xl font-bold">Sign in to the war room</h1>
      {data?.signIn.message && (
        <p data-testid="signin-message" className={disabled ? "text-crit" : "text-warn"}>
          {data.signIn.message}
        </p>
      )}
      {data?.person && (
        <p>
          Signed in as <b>{data.person.name}</b>.{" "}
          <a className="underline" href="/owner">
            Open the console
          </a>
        </p>
      )}
      <form onSubmit={submit} className="flex flex-col gap-3">
        <label className="flex flex-col gap-1">
          Person
          <select
            name="person"
            value={person}
            onChange={(e) => setPerson(e.target.value)}
            className="rounded bg-panel p-2"
            required
            disabled={disabled}
          >
            <option value="">— choose —</option>
            {data?.people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.role}
                {p.domain ? `, ${p.domain}` : ""})
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          Password
          <input
            name="password"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            className="rounded bg-panel p-2"
            autoComplete="current-password"
            required
            disabled={disabled}
          />
        </label>
        <button
          type="submit"
          disabled={busy || disabled}
          className="rounded bg-sky-700 p-2 font-bold disabled:opacity-50"
        >
          Sign in
        </button>
        {error && (
          <p data-testid="signin-error" className="text-crit">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
