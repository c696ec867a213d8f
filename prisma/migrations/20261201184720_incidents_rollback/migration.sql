-- CreateTable
CREATE TABLE "Incident" (
    "id" TEXT NOT NULL,
    "runbookId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "activeScope" TEXT,
    "severity" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "declaredBy" TEXT NOT NULL,
    "declaredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedBy" TEXT,
    "resolvedAt" TIMESTAMPTZ(3),
    "suggestion" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncidentEvent" (
    "id" BIGSERIAL NOT NULL,
    "incidentId" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "actor" TEXT,
    "message" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "IncidentEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RollbackRun" (
    "id" TEXT NOT NULL,
    "runbookId" TEXT NOT NULL,
    "incidentId" TEXT,
    "activeLock" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'rollback',
    "status" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "plan" JSONB NOT NULL,
    "ownerPid" INTEGER,
    "heartbeatAt" TIMESTAMPTZ(3),
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    "outcome" TEXT,

    CONSTRAINT "RollbackRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RollbackStep" (
    "id" BIGSERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "command" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "output" TEXT NOT NULL DEFAULT '',
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "durationMs" INTEGER,

    CONSTRAINT "RollbackStep_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Incident_activeScope_key" ON "Incident"("activeScope");

-- CreateIndex
CREATE INDEX "Incident_runbookId_declaredAt_idx" ON "Incident"("runbookId", "declaredAt");

-- CreateIndex
CREATE INDEX "IncidentEvent_incidentId_at_idx" ON "IncidentEvent"("incidentId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "RollbackRun_activeLock_key" ON "RollbackRun"("activeLock");

-- CreateIndex
CREATE INDEX "RollbackRun_runbookId_startedAt_idx" ON "RollbackRun"("runbookId", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "RollbackStep_runId_index_key" ON "RollbackStep"("runId", "index");

-- AddForeignKey
ALTER TABLE "IncidentEvent" ADD CONSTRAINT "IncidentEvent_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RollbackStep" ADD CONSTRAINT "RollbackStep_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RollbackRun"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written (Prisma cannot express triggers): an incident's timeline is append-only.
CREATE TRIGGER "IncidentEvent_append_only" BEFORE UPDATE OR DELETE ON "IncidentEvent"
    FOR EACH ROW EXECUTE FUNCTION "Launch_refuse_change"();
CREATE TRIGGER "IncidentEvent_append_only_truncate" BEFORE TRUNCATE ON "IncidentEvent"
    FOR EACH STATEMENT EXECUTE FUNCTION "Launch_refuse_change"();
