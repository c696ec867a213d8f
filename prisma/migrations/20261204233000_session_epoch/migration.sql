-- AlterTable
ALTER TABLE "AuthSession" ADD COLUMN     "epoch" TEXT NOT NULL DEFAULT '';
