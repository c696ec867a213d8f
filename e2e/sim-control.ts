import { E2E } from "../playwright.config";

export async function setFault(name: string, on: boolean): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${E2E.sim.control}/faults/${name}`, {
    method: on ? "PUT" : "DELETE",
  });
  if (!res.ok)
    throw new Error(`sim control: ${name} ${on ? "on" : "off"} answered ${res.status}: ${await res.text()}`);
}

export async function resetFaults(): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${E2E.sim.control}/reset`, { method: "POST" });
  if (!res.ok) throw new Error(`sim control: reset answered ${res.status}`);
}
