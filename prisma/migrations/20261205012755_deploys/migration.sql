-- CreateTable
CREATE TABLE "Deploy" (
    "id" TEXT NOT NULL,
    "runbookId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "container" TEXT NOT NULL,
    "fromImage" TEXT,
    "fromTag" TEXT,
    "toImage" TEXT NOT NULL,
    "toTag" TEXT,
    "runId" TEXT,
    "stateNote" TEXT NOT NULL,
    "smoke" JSONB,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Deploy_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Deploy_runbookId_at_idx" ON "Deploy"("runbookId", "at");
