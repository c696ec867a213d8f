import { z } from "zod";

const sample = z.tuple([z.number(), z.string()]);
const responseSchema = z.object({
  status: z.enum(["success", "error"]),
  data: z
    .object({
      resultType: z.enum(["scalar", "vector", "matrix", "string"]),
      result: z.unknown(),
    })
    .optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
  warnings: z.array(z.string()).optional(),
});
const vectorSchema = z.array(z.object({ metric: z.record(z.string(), z.string()), value: sample }));
const matrixSchema = z.array(z.object({ metric: z.record(z.string(), z.string()), values: z.array(sample) }));

export type Series = { labels: string; value: number };
export type QueryAnswer =
  | { ok: true; resultType: "scalar" | "vector" | "matrix"; series: Series[]; warnings: string[] }
  | { ok: false; error: string };

/** A /api/v1/query JSON body → one number per series (a matrix's last sample); NaN samples are dropped. */
export function parseQueryResponse(body: unknown): QueryAnswer {
  const parsed = responseSchema.safeParse(body);
  if (!parsed.success) return { ok: false, error: "not a Prometheus query API response" };
  const r = parsed.data;
  if (r.status === "error")
    return { ok: false, error: `${r.errorType ?? "error"}: ${r.error ?? "(no message)"}` };
  if (!r.data) return { ok: false, error: "response has no data" };
  const warnings = r.warnings ?? [];
  const { resultType, result } = r.data;
  if (resultType === "string") return { ok: false, error: "query returned a string, not a number" };
  if (resultType === "scalar") {
    const s = sample.safeParse(result);
    if (!s.success) return { ok: false, error: "malformed scalar result" };
    return { ok: true, resultType, series: numeric([{ labels: "", raw: s.data[1] }]), warnings };
  }
  if (resultType === "vector") {
    const v = vectorSchema.safeParse(result);
    if (!v.success) return { ok: false, error: "malformed vector result" };
    return {
      ok: true,
      resultType,
      series: numeric(v.data.map((s) => ({ labels: labelText(s.metric), raw: s.value[1] }))),
      warnings,
    };
  }
  const m = matrixSchema.safeParse(result);
  if (!m.success) return { ok: false, error: "malformed matrix result" };
  const last = m.data.flatMap((s) => {
    const final = s.values.at(-1);
    return final ? [{ labels: labelText(s.metric), raw: final[1] }] : [];
  });
  return { ok: true, resultType, series: numeric(last), warnings };
}

export type Reducer = "max" | "min" | "sum" | "avg" | "first";

export function reduceSeries(series: Series[], how: Reducer): number | null {
  const values = series.map((s) => s.value);
  if (values.length === 0) return null;
  switch (how) {
    case "max":
      return Math.max(...values);
    case "min":
      return Math.min(...values);
    case "sum":
      return values.reduce((a, b) => a + b, 0);
    case "avg":
      return values.reduce((a, b) => a + b, 0) / values.length;
    case "first":
      return values[0] ?? null;
  }
}

function numeric(items: { labels: string; raw: string }[]): Series[] {
  // Prometheus writes "+Inf", "-Inf" and "NaN"; Number() reads the first two only as "Infinity".
  const read = (raw: string) => (raw === "+Inf" ? Infinity : raw === "-Inf" ? -Infinity : Number(raw));
  return items.map((i) => ({ labels: i.labels, value: read(i.raw) })).filter((s) => !Number.isNaN(s.value));
}

function labelText(metric: Record<string, string>): string {
  const entries = Object.entries(metric);
  return entries.length === 0 ? "{}" : `{${entries.map(([k, v]) => `${k}="${v}"`).join(",")}}`;
}
