-- CreateTable
CREATE TABLE "Snapshot" (
    "id" TEXT NOT NULL,
    "runbookId" TEXT NOT NULL,
    "cycle" INTEGER NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Snapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Reading" (
    "id" BIGSERIAL NOT NULL,
    "snapshotId" TEXT NOT NULL,
    "checkId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "valueText" TEXT,
    "unit" TEXT,
    "summary" TEXT NOT NULL,
    "conditions" JSONB NOT NULL,
    "evidence" JSONB NOT NULL,
    "collectedAt" TIMESTAMPTZ(3) NOT NULL,
    "durationMs" INTEGER NOT NULL,

    CONSTRAINT "Reading_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "checkId" TEXT,
    "fromLevel" TEXT,
    "toLevel" TEXT,
    "message" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Snapshot_startedAt_idx" ON "Snapshot"("startedAt");

-- CreateIndex
CREATE INDEX "Reading_checkId_collectedAt_idx" ON "Reading"("checkId", "collectedAt");

-- CreateIndex
CREATE INDEX "Reading_snapshotId_idx" ON "Reading"("snapshotId");

-- CreateIndex
CREATE INDEX "Event_at_idx" ON "Event"("at");

-- AddForeignKey
ALTER TABLE "Reading" ADD CONSTRAINT "Reading_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written (Prisma cannot express triggers): the event log is append-only.
CREATE FUNCTION "Event_refuse_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the "Event" table is append-only: % is refused', TG_OP
        USING HINT = 'Append a new event instead of changing or removing one.';
END;
$$;

CREATE TRIGGER "Event_append_only"
    BEFORE UPDATE OR DELETE ON "Event"
    FOR EACH ROW EXECUTE FUNCTION "Event_refuse_change"();

CREATE TRIGGER "Event_append_only_truncate"
    BEFORE TRUNCATE ON "Event"
    FOR EACH STATEMENT EXECUTE FUNCTION "Event_refuse_change"();
