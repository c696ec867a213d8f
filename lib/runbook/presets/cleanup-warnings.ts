/** Why warroom never runs `docker system prune`: what it removes that a rollback or the project needs. */
export const SYSTEM_PRUNE_WARNING =
  "Removes every stopped container — a stopped container of the project too (the scraper between runs, " +
  "the old container a rollback keeps until the new one is healthy) — and every dangling image, an " +
  "untagged previous image the rollback state names among them. warroom's cleanup keeps both.";

export const PRUNE_ALL_WARNING =
  "Deletes every image no running container uses: the previous sha- images a rollback needs go with " +
  "it, and the next rollback has nothing to go back to. Never during a launch or an incident.";
