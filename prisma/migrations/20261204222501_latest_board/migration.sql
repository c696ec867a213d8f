-- CreateTable
CREATE TABLE "LatestBoard" (
    "runbookId" TEXT NOT NULL,
    "cycle" INTEGER NOT NULL,
    "snapshotId" TEXT NOT NULL,
    "evaluatedAt" TIMESTAMPTZ(3) NOT NULL,
    "board" JSONB NOT NULL,

    CONSTRAINT "LatestBoard_pkey" PRIMARY KEY ("runbookId")
);
