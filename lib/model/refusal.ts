/**
 * A refusal with its HTTP status; the message names the field or the rule that refused. A 429 carries
 * `retryAfterSec` in its details (sent as Retry-After).
 */
export class Refusal extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 421 | 429 | 503,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "Refusal";
  }
}
