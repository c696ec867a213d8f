/** Query parameters whose value is a secret wherever they appear. */
const SECRET_PARAM =
  /^(password|passwd|pwd|pass|secret|token|access_token|refresh_token|api[-_]?key|key|auth|authorization|signature|sig|sslpassword|x-admin-key|admin[-_]?key)$/i;

/**
 * A URL safe to show: the password and secret-looking query values replaced by ***; a bare user name of an
 * http(s) URL too (it is often a token), while a database user name is kept.
 */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    let changed = false;
    if (url.password !== "") {
      url.password = "***";
      changed = true;
    } else if (url.username !== "" && /^https?:$/.test(url.protocol)) {
      url.username = "***";
      changed = true;
    }
    for (const name of [...url.searchParams.keys()]) {
      if (!SECRET_PARAM.test(name)) continue;
      url.searchParams.set(name, "***");
      changed = true;
    }
    // Unchanged URLs are returned as written (no normalisation of what had nothing to hide).
    return changed ? url.toString().replace(/%2A%2A%2A/g, "***") : raw;
  } catch {
    return redactSecrets(raw);
  }
}

/** Evidence as a viewer may see it: URLs redacted, secret-looking values scrubbed from every text. */
export function redactEvidence<E extends Record<string, unknown>>(evidence: E): E {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(evidence ?? {})) {
    if (typeof value !== "string") out[key] = value;
    else out[key] = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(value) ? redactUrl(value) : redactSecrets(value);
  }
  return out as E;
}

/**
 * Free text (an error message, a log line) with secrets scrubbed: user-info in URLs, secret query
 * parameters, `password=…`-style pairs and bearer tokens.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@:'"]*):[^\s/@'"]*@/gi, "$1$2:***@")
    .replace(/\b(https?:\/\/)[^\s/@:'"]+@/gi, "$1***@")
    .replace(
      /\b(password|passwd|pwd|secret|token|access_token|api[-_]?key|x-admin-key|admin[-_]?key)(["']?\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&,;'"]+)/gi,
      "$1$2***",
    )
    .replace(/\b(bearer\s+)[\w.~+/=-]{8,}/gi, "$1***");
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
