export async function register() {
  // The collector runs in the Node.js server process only, once per `next start`.
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.WARROOM_COLLECTOR !== "off") {
    const { startWarroom } = await import("@/lib/collector/start-warroom");
    await startWarroom();
  }
}
