-- AlterTable
ALTER TABLE "RollbackRun" ADD COLUMN     "abortReason" TEXT,
ADD COLUMN     "abortRequestedBy" TEXT,
ADD COLUMN     "ownerInstance" TEXT,
ADD COLUMN     "ownerScope" TEXT;
