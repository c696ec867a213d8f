import { z } from "zod";
import { CHECK_BASE, optionalThresholds, port, regexSource } from "@/lib/model/check-base";

/**
 * A TCP connection of warroom's own, like `telnet host port` (003 Notification Delivery Failures: SMTP
 * connectivity): connected, and the greeting the server sends first matches `banner` (SMTP: 220).
 */
export const tcpCheckSchema = z.object({
  ...CHECK_BASE,
  kind: z.literal("tcp"),
  host: z.string().min(1),
  port,
  /** A regular expression the server's first line must match; absent: connecting is enough. */
  banner: regexSource.optional(),
  /** Connect time in ms. */
  thresholds: optionalThresholds(),
});
