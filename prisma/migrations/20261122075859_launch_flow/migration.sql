-- CreateTable
CREATE TABLE "LaunchState" (
    "runbookId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "round" INTEGER NOT NULL DEFAULT 1,
    "roundCall" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LaunchState_pkey" PRIMARY KEY ("runbookId")
);

-- CreateTable
CREATE TABLE "LaunchVote" (
    "id" BIGSERIAL NOT NULL,
    "runbookId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "domain" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "vote" TEXT NOT NULL,
    "reason" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LaunchVote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LaunchDecision" (
    "id" BIGSERIAL NOT NULL,
    "runbookId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "call" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "reason" TEXT,
    "blockingGates" JSONB NOT NULL DEFAULT '[]',
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LaunchDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LaunchDelay" (
    "id" BIGSERIAL NOT NULL,
    "runbookId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "minutes" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LaunchDelay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GateWaiver" (
    "id" BIGSERIAL NOT NULL,
    "runbookId" TEXT NOT NULL,
    "gateId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GateWaiver_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ItemTick" (
    "id" BIGSERIAL NOT NULL,
    "runbookId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "done" BOOLEAN NOT NULL,
    "note" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ItemTick_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuthSession" (
    "tokenHash" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "ip" TEXT,
    "userAgent" TEXT,

    CONSTRAINT "AuthSession_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "runbookId" TEXT,
    "actor" TEXT,
    "role" TEXT,
    "via" TEXT,
    "action" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "ip" TEXT,
    "userAgent" TEXT,
    "message" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LaunchVote_runbookId_round_idx" ON "LaunchVote"("runbookId", "round");

-- CreateIndex
CREATE UNIQUE INDEX "LaunchDecision_runbookId_round_key" ON "LaunchDecision"("runbookId", "round");

-- CreateIndex
CREATE UNIQUE INDEX "LaunchDelay_runbookId_round_key" ON "LaunchDelay"("runbookId", "round");

-- CreateIndex
CREATE INDEX "GateWaiver_runbookId_idx" ON "GateWaiver"("runbookId");

-- CreateIndex
CREATE INDEX "ItemTick_runbookId_idx" ON "ItemTick"("runbookId");

-- CreateIndex
CREATE INDEX "AuthSession_expiresAt_idx" ON "AuthSession"("expiresAt");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- Hand-written (Prisma cannot express triggers): the launch history and the audit log are append-only.
CREATE FUNCTION "Launch_refuse_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the "%" table is append-only: % is refused', TG_TABLE_NAME, TG_OP
        USING HINT = 'Append a new row instead of changing or removing one.';
END;
$$;

CREATE TRIGGER "AuditEntry_append_only" BEFORE UPDATE OR DELETE ON "AuditEntry"
    FOR EACH ROW EXECUTE FUNCTION "Launch_refuse_change"();
CREATE TRIGGER "AuditEntry_append_only_truncate" BEFORE TRUNCATE ON "AuditEntry"
    FOR EACH STATEMENT EXECUTE FUNCTION "Launch_refuse_change"();
CREATE TRIGGER "LaunchVote_append_only" BEFORE UPDATE OR DELETE ON "LaunchVote"
    FOR EACH ROW EXECUTE FUNCTION "Launch_refuse_change"();
CREATE TRIGGER "LaunchVote_append_only_truncate" BEFORE TRUNCATE ON "LaunchVote"
    FOR EACH STATEMENT EXECUTE FUNCTION "Launch_refuse_change"();
CREATE TRIGGER "LaunchDecision_append_only" BEFORE UPDATE OR DELETE ON "LaunchDecision"
    FOR EACH ROW EXECUTE FUNCTION "Launch_refuse_change"();
CREATE TRIGGER "LaunchDecision_append_only_truncate" BEFORE TRUNCATE ON "LaunchDecision"
    FOR EACH STATEMENT EXECUTE FUNCTION "Launch_refuse_change"();
CREATE TRIGGER "LaunchDelay_append_only" BEFORE UPDATE OR DELETE ON "LaunchDelay"
    FOR EACH ROW EXECUTE FUNCTION "Launch_refuse_change"();
CREATE TRIGGER "LaunchDelay_append_only_truncate" BEFORE TRUNCATE ON "LaunchDelay"
    FOR EACH STATEMENT EXECUTE FUNCTION "Launch_refuse_change"();
CREATE TRIGGER "GateWaiver_append_only" BEFORE UPDATE OR DELETE ON "GateWaiver"
    FOR EACH ROW EXECUTE FUNCTION "Launch_refuse_change"();
CREATE TRIGGER "GateWaiver_append_only_truncate" BEFORE TRUNCATE ON "GateWaiver"
    FOR EACH STATEMENT EXECUTE FUNCTION "Launch_refuse_change"();
CREATE TRIGGER "ItemTick_append_only" BEFORE UPDATE OR DELETE ON "ItemTick"
    FOR EACH ROW EXECUTE FUNCTION "Launch_refuse_change"();
CREATE TRIGGER "ItemTick_append_only_truncate" BEFORE TRUNCATE ON "ItemTick"
    FOR EACH STATEMENT EXECUTE FUNCTION "Launch_refuse_change"();
