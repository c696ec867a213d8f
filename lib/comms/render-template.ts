import { resolveSource } from "@/lib/comms/resolve-placeholder";
import type { CommsContext, RenderedField, RenderResult } from "@/lib/model/comms";
import { PLACEHOLDER_PATTERN, type Placeholder, type Template } from "@/lib/model/comms-schema";

type Renderable = Pick<Template, "text" | "placeholders">;

function renderField(p: Placeholder, ctx: CommsContext): RenderedField {
  const base = { key: p.key, label: p.label, from: p.source.from };
  if (p.source.from === "manual") {
    const typed = ctx.manual[p.key]?.trim();
    if (typed) return { ...base, value: typed, reason: null, isManual: true };
    return { ...base, value: null, reason: "left for a person", isManual: true };
  }
  const derived = resolveSource(p.source, ctx);
  if ("unknown" in derived) return { ...base, value: null, reason: derived.unknown, isManual: false };
  return { ...base, value: derived.value, reason: null, isManual: false };
}

/** How a blank is shown: a person's blank keeps the runbook's hint, an unknown live value says why. */
function blank(p: Placeholder, field: RenderedField): string {
  if (field.isManual) return `[${p.source.from === "manual" && p.source.hint ? p.source.hint : p.label}]`;
  return `[${p.label}: unknown — ${field.reason ?? "no value"}]`;
}

/**
 * Fill a template from the context. Pure. Values that cannot be known are rendered visibly in brackets and
 * listed in `missing`; nothing is ever made up.
 */
export function renderTemplate(template: Renderable, context: CommsContext): RenderResult {
  const byKey = new Map(template.placeholders.map((p) => [p.key, p]));
  const fields = new Map<string, RenderedField>();
  const missing: string[] = [];

  const text = template.text.replace(PLACEHOLDER_PATTERN, (_match, key: string) => {
    const p = byKey.get(key);
    if (!p) {
      if (!missing.includes(key)) missing.push(key);
      return `[${key}: unknown — placeholder not declared]`;
    }
    let field = fields.get(key);
    if (!field) {
      field = renderField(p, context);
      fields.set(key, field);
      if (field.value === null) missing.push(key);
    }
    return field.value ?? blank(p, field);
  });

  return { text, missing, fields: [...fields.values()] };
}
