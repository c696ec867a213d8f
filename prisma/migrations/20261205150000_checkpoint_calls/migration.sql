-- CreateTable
CREATE TABLE "CheckpointCall" (
    "id" BIGSERIAL NOT NULL,
    "runbookId" TEXT NOT NULL,
    "checkpointId" TEXT NOT NULL,
    "call" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "reason" TEXT,
    "blockingGates" JSONB NOT NULL DEFAULT '[]',
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CheckpointCall_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CheckpointCall_runbookId_idx" ON "CheckpointCall"("runbookId");

-- Hand-written (Prisma cannot express triggers): like the launch's own calls, a checkpoint's are append-only.
CREATE TRIGGER "CheckpointCall_append_only" BEFORE UPDATE OR DELETE ON "CheckpointCall"
    FOR EACH ROW EXECUTE FUNCTION "Launch_refuse_change"();
CREATE TRIGGER "CheckpointCall_append_only_truncate" BEFORE TRUNCATE ON "CheckpointCall"
    FOR EACH STATEMENT EXECUTE FUNCTION "Launch_refuse_change"();
