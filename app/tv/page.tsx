import { namesOf } from "@/components/launch/launch-parts";
import { TvBoard } from "@/components/launch/tv-board";
import { getHub } from "@/lib/hub/hub";

export const dynamic = "force-dynamic";

export default function TvPage() {
  return <TvBoard names={namesOf(getHub().loaded?.runbook.people ?? [])} />;
}
