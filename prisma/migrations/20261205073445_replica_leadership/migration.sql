-- AlterTable
ALTER TABLE "LatestBoard" ADD COLUMN     "epoch" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "Leadership" (
    "runbookId" TEXT NOT NULL,
    "epoch" INTEGER NOT NULL,
    "instance" TEXT NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Leadership_pkey" PRIMARY KEY ("runbookId")
);
