import type { RunbookNote } from "@/lib/model/severity-scale-schema";

/** Where BuyWhere's three runbooks (000 incident, 001 launch day, 002 deploy) disagree, and warroom's side. */
export const BUYWHERE_NOTES: RunbookNote[] = [
  {
    id: "severity-scale",
    topic: "Severity scale",
    sides:
      "Launch day §5.2: P1 = service down, P2 = major feature broken, P3/P4 later. Incident §1: P0 = API down, P1 = severe degradation, P2 = one feature",
    took: "The incident runbook's P0–P2; launch day's P1 is shown as P0, its P2 as P1. The engagement ladder of an incident declared inside the launch window (T-2h … T+4h) is launch day §5.2's (Bolt at T+10, Rex aware at T+15), outside it incident §4.2's",
    why: "Only 000 defines each rank with examples, targets, a decision tree and timers; the launch gate 'no active P1' blocks P1 or worse, so launch day's P1 still holds the launch",
    source: "incident §1, §4.2; launch day §5.2",
  },
  {
    id: "thresholds",
    topic: "Thresholds",
    sides:
      "Launch day §3.4: disk 80/90%, error 0.5/1%, P99 1/2 s. Deploy §4: disk 85/92%, error 2% for 5 min, P99 3 s for 5 min. Incident §2.7: disk 85/92%",
    took: "Launch day §3.4 levels on the gauges; deploy §4 and incident §3.1 levels as the rollback triggers",
    why: "The gauges warn early during launch; a rollback needs the sustained, higher levels its own runbooks name",
    source: "launch day §3.4; deploy §4; incident §2.7, §3.1",
  },
  {
    id: "endpoints",
    topic: "Endpoints and compose file",
    sides:
      "Launch day uses /api/search and /home/paperclip/.rex/workspace/api/docker-compose.yml; deploy and incident use /v1/search and /home/paperclip/buywhere-api/docker-compose.prod.yml",
    took: "Both search paths are checked; actions use the deploy runbook's compose project",
    why: "Either search path failing is an outage users see; the rollback state and sha- images live with the deploy runbook's stack",
    source: "launch day §1.4, §4.3; deploy §3; incident §2.2",
  },
  {
    id: "prev-sha",
    topic: "PREV_SHA",
    sides:
      "Deploy §2 step 1 sets PREV_SHA to DEPLOY_SHA, the release being deployed; incident §3.3 reads it as the prior deploy",
    took: "The rollback records PREV_SHA as the release it rolls back from, read from the running image's sha- tag",
    why: "A migration downgrade keyed on the new release's SHA would target the wrong version",
    source: "deploy §2 step 1; incident §3.3 step 2, step 6",
  },
  {
    id: "currency-param",
    topic: "¤cy in URLs",
    sides:
      "The runbooks' search URLs read …&limit=1¤cy=USD: '&curren' was turned into '¤' when the text was rendered",
    took: "Every search is sent with &currency=USD",
    why: "The corrupted URL drops the currency parameter, so the check would not test USD pricing",
    source: "launch day §1.4; deploy §3 tests 2–3; incident §3.3 step 5",
  },
  {
    id: "tee-exit-code",
    topic: "Exit code after | tee",
    sides: "Deploy §2 steps 2 and 4 run build/migrate | tee log, then echo $?",
    took: "Warroom reads no exit code from these commands; whoever deploys confirms the real status with set -o pipefail or PIPESTATUS[0]",
    why: "$? after a pipe is tee's status (0), so a failed build or migration would look like success",
    source: "deploy §2 steps 2, 4",
  },
  {
    id: "launch-utc-offset",
    topic: "Launch time UTC offset",
    sides:
      "Launch day header: 09:00 EST (14:00 UTC). On 23 April New York is on EDT (UTC−4): 09:00 local is 13:00 UTC",
    took: "T-0 is 09:00 America/New_York = 13:00 UTC; the board shows the runbook's text and the 60-minute difference",
    why: "Every milestone counts from T-0; the team meets at 09:00 local, and EST in April is a slip",
    source: "launch day header, line 2",
  },
  {
    id: "rollback-lead",
    topic: "Who leads a rollback",
    sides: "Incident §3.2: Lead: Bolt, signed Rex. Launch day §4.2: Lead: Rex, after consulting Bolt",
    took: "Rex calls it (both agree); each template keeps its own runbook's lead line",
    why: "The runbooks agree on who decides; who executes differs by context, and the templates are quoted as written",
    source: "incident §3.2; launch day §4.2",
  },
  {
    id: "disk-cleanup",
    topic: "Disk cleanup",
    sides:
      "Incident §3.4: docker builder prune -f. Launch day §4.4: docker system prune -f. Deploy §1.4: docker system prune -f --volumes=false (Deal Scout: docker system prune -a)",
    took: "warroom runs the build-cache prune and removes dangling images only; the system prunes are shown as manual steps with their warning",
    why: "A system prune removes the project's stopped containers and an untagged previous image; prune -a deletes the previous sha- images the rollback needs",
    source: "incident §3.4; launch day §4.4; deploy §1.4",
  },
];
