/** One sample of the Prometheus text exposition format (0.0.4, and the OpenMetrics subset it shares). */
export type PromSample = { name: string; labels: Record<string, string>; value: number };

export type PromParseResult = {
  samples: PromSample[];
  /** `# TYPE` declarations by metric family name. */
  types: Record<string, string>;
  /** Lines that could not be read; they are skipped, never fatal. */
  errors: { line: number; reason: string }[];
};

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

export function parsePrometheusText(text: string): PromParseResult {
  const result: PromParseResult = { samples: [], types: {}, errors: [] };
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    if (line === "") continue;
    if (line.startsWith("#")) {
      if (line === "# EOF") break;
      const type = /^#\s*TYPE\s+(\S+)\s+(\S+)/.exec(line);
      if (type?.[1] && type[2]) result.types[type[1]] = type[2];
      continue;
    }
    const parsed = parseSampleLine(line);
    if (typeof parsed === "string") result.errors.push({ line: i + 1, reason: parsed });
    else result.samples.push(parsed);
  }
  return result;
}

/** A sample, or the reason the line is not one. */
export function parseSampleLine(line: string): PromSample | string {
  let rest = line;
  let name = "";
  const nameMatch = NAME.exec(rest);
  if (nameMatch) {
    name = nameMatch[0];
    rest = rest.slice(name.length);
  }
  const labels: Record<string, string> = {};
  rest = rest.trimStart();
  if (rest.startsWith("{")) {
    rest = rest.slice(1);
    for (;;) {
      rest = rest.trimStart();
      if (rest.startsWith("}")) {
        rest = rest.slice(1);
        break;
      }
      let labelName: string;
      if (rest.startsWith('"')) {
        const quoted = readQuoted(rest);
        if (quoted === null) return "unterminated quoted string";
        rest = quoted.rest.trimStart();
        // A quoted entry with no `=` is a UTF-8 metric name (Prometheus 3).
        if (!rest.startsWith("=")) {
          if (name !== "") return "two metric names";
          name = quoted.value;
          if (!skipComma()) return "expected , or } after metric name";
          continue;
        }
        labelName = quoted.value;
      } else {
        const m = LABEL_NAME.exec(rest);
        if (!m) return `bad label name at "${rest.slice(0, 20)}"`;
        labelName = m[0];
        rest = rest.slice(labelName.length).trimStart();
      }
      if (!rest.startsWith("=")) return `expected = after label ${labelName}`;
      rest = rest.slice(1).trimStart();
      const value = readQuoted(rest);
      if (value === null) return `bad value for label ${labelName}`;
      labels[labelName] = value.value;
      rest = value.rest;
      if (!skipComma()) return `expected , or } after label ${labelName}`;
    }
  }
  if (name === "") return "no metric name";
  const fields = rest.trim().split(/\s+/);
  const valueText = fields[0] ?? "";
  const value = parseValue(valueText);
  if (value === null) return `bad value "${valueText}" for ${name}`;
  return { name, labels, value };

  function skipComma(): boolean {
    rest = rest.trimStart();
    if (rest.startsWith(",")) {
      rest = rest.slice(1);
      return true;
    }
    return rest.startsWith("}");
  }
}

function readQuoted(text: string): { value: string; rest: string } | null {
  if (!text.startsWith('"')) return null;
  let value = "";
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") {
      const next = text[i + 1];
      value += next === "n" ? "\n" : (next ?? "");
      i++;
    } else if (c === '"') {
      return { value, rest: text.slice(i + 1) };
    } else {
      value += c;
    }
  }
  return null;
}

/** Go's ParseFloat spellings that exporters use: +Inf, -Inf, NaN, decimals and exponents. */
export function parseValue(text: string): number | null {
  const lower = text.toLowerCase();
  if (lower === "+inf" || lower === "inf") return Number.POSITIVE_INFINITY;
  if (lower === "-inf") return Number.NEGATIVE_INFINITY;
  if (lower === "nan") return Number.NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return null;
  return Number(text);
}
