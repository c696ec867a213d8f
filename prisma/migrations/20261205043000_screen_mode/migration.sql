-- CreateTable
CREATE TABLE "ScreenModeChange" (
    "id" BIGSERIAL NOT NULL,
    "runbookId" TEXT NOT NULL,
    "mode" TEXT,
    "personId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScreenModeChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ScreenModeChange_runbookId_idx" ON "ScreenModeChange"("runbookId");

-- Hand-written (Prisma cannot express triggers): like the launch history, the mode's changes are append-only.
CREATE TRIGGER "ScreenModeChange_append_only" BEFORE UPDATE OR DELETE ON "ScreenModeChange"
    FOR EACH ROW EXECUTE FUNCTION "Launch_refuse_change"();
CREATE TRIGGER "ScreenModeChange_append_only_truncate" BEFORE TRUNCATE ON "ScreenModeChange"
    FOR EACH STATEMENT EXECUTE FUNCTION "Launch_refuse_change"();
