/** An id as messages and audit entries echo it: at most `max` characters, so a request cannot bloat the log. */
export function shortId(value: string, max = 40): string {
  return value.length <= max ? value : `${value.slice(0, max)}…(${value.length} chars)`;
}
