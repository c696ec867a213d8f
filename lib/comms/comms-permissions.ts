// Who posts comms is the incident's rule too (a status post restarts its clock): one definition.
export { COMMS_DOMAIN, canPostStatus as canPostComms } from "@/lib/incidents/permissions";
