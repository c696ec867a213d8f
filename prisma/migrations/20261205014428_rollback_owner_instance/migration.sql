-- AlterTable
ALTER TABLE "RollbackRun" ADD COLUMN     "ownerInstance" TEXT,
ADD COLUMN     "ownerScope" TEXT;
