import { NextResponse } from "next/server";
import { z } from "zod";
import { getCheckHistory } from "@/lib/http/get-check-history";
import { getHub } from "@/lib/hub/hub";
import { errorText, redactSecrets } from "@/lib/model/redact";
import { shortId } from "@/lib/model/short-id";

export const dynamic = "force-dynamic";

const query = z.object({
  check: z.string().min(1, "check is required").max(100),
  minutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
});

export async function GET(req: Request) {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const parsed = query.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return NextResponse.json(
      { error: `${issue?.path.join(".") || "query"}: ${issue?.message}` },
      { status: 400 },
    );
  }
  const known = getHub().loaded?.runbook.checks.some((c) => c.id === parsed.data.check);
  if (!known)
    return NextResponse.json(
      { error: `check: no check with id "${shortId(parsed.data.check)}"` },
      { status: 404 },
    );
  try {
    const points = await getCheckHistory(parsed.data.check, parsed.data.minutes);
    return NextResponse.json({ check: parsed.data.check, minutes: parsed.data.minutes, points });
  } catch (err) {
    console.error(`warroom: history unavailable: ${redactSecrets(errorText(err))}`);
    return NextResponse.json({ error: "history unavailable: storage is not answering" }, { status: 503 });
  }
}
