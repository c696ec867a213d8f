-- CreateTable
CREATE TABLE "ChecklistTick" (
    "id" BIGSERIAL NOT NULL,
    "runbookId" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "checklistId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "done" BOOLEAN NOT NULL,
    "note" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChecklistTick_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ChecklistTick_incidentId_idx" ON "ChecklistTick"("incidentId");

-- Hand-written (Prisma cannot express triggers): a tick is never edited or removed; an untick is a new row.
CREATE TRIGGER "ChecklistTick_append_only" BEFORE UPDATE OR DELETE ON "ChecklistTick"
    FOR EACH ROW EXECUTE FUNCTION "Launch_refuse_change"();
CREATE TRIGGER "ChecklistTick_append_only_truncate" BEFORE TRUNCATE ON "ChecklistTick"
    FOR EACH STATEMENT EXECUTE FUNCTION "Launch_refuse_change"();
