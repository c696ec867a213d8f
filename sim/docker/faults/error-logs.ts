import { containerLogs } from "@/lib/rollback/container-logs";
import { ERROR_LOGS_FLAG } from "../api/error-log";
import { execIn } from "../exec-in";
import { containerName } from "../stack-config";
import { inspectContainer } from "../stack-containers";
import { pollUntil, type StackFaultImpl } from "./fault-context";

const API = containerName("api");

/** The API process writes ECONNREFUSED / 500 / FATAL / Traceback lines to its stdout every second. */
export const errorLogs: StackFaultImpl = {
  summary: "the API container logs ECONNREFUSED, 500, FATAL and Traceback lines every second",
  async isOn(ctx) {
    if (!(await inspectContainer(ctx.docker, API))?.State.Running) return false;
    return (await execIn(ctx.docker, API, ["test", "-e", ERROR_LOGS_FLAG])).exitCode === 0;
  },
  async on(ctx) {
    const since = Math.floor(Date.now() / 1000);
    const touch = await execIn(ctx.docker, API, ["touch", ERROR_LOGS_FLAG]);
    if (touch.exitCode !== 0)
      throw new Error(`could not create ${ERROR_LOGS_FLAG} in ${API}: ${touch.stderr.trim()}`);
    await pollUntil("error lines in the API's log", 10_000, async () => {
      const logs = await containerLogs(ctx.docker, API, { sinceSeconds: since, tail: 200 });
      return logs.includes("ECONNREFUSED") ? true : undefined;
    });
    return `${API} is logging errors`;
  },
  async off(ctx) {
    await execIn(ctx.docker, API, ["rm", "-f", ERROR_LOGS_FLAG]);
    return `${API} stopped logging errors`;
  },
};
