-- AlterTable
ALTER TABLE "Snapshot" ADD COLUMN     "checkKeys" SMALLINT[] DEFAULT ARRAY[]::SMALLINT[],
ADD COLUMN     "durationsMs" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "levels" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "numbers" DOUBLE PRECISION[] DEFAULT ARRAY[]::DOUBLE PRECISION[],
ADD COLUMN     "offsetsMs" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "summaryDigits" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "texts" JSONB;

-- CreateTable
CREATE TABLE "CheckKey" (
    "id" SMALLSERIAL NOT NULL,
    "key" TEXT NOT NULL,

    CONSTRAINT "CheckKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReadingDetail" (
    "checkKey" SMALLINT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "level" TEXT NOT NULL,
    "unit" TEXT,
    "summary" TEXT NOT NULL,
    "conditions" JSONB NOT NULL,
    "evidence" JSONB NOT NULL,

    CONSTRAINT "ReadingDetail_pkey" PRIMARY KEY ("checkKey","at")
);

-- CreateTable
CREATE TABLE "ReadingHour" (
    "checkKey" SMALLINT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "ok" INTEGER NOT NULL,
    "warn" INTEGER NOT NULL,
    "crit" INTEGER NOT NULL,
    "unknown" INTEGER NOT NULL,
    "firstAt" TIMESTAMPTZ(3) NOT NULL,
    "lastAt" TIMESTAMPTZ(3) NOT NULL,
    "valueCount" INTEGER NOT NULL,
    "valueMin" DOUBLE PRECISION,
    "valueMax" DOUBLE PRECISION,
    "valueSum" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "ReadingHour_pkey" PRIMARY KEY ("checkKey","hour")
);

-- CreateIndex
CREATE UNIQUE INDEX "CheckKey_key_key" ON "CheckKey"("key");

-- Hand-written: carry the stored readings over into the packed layout before the old table goes
-- (docs/storage.md "Readings"). A detail row where a check's level, unit or summary shape changed; every
-- reading's summary digits in full (exact, if less compact than what the writer stores).
INSERT INTO "CheckKey" ("key") SELECT DISTINCT "checkId" FROM "Reading" ORDER BY 1;

INSERT INTO "ReadingDetail" ("checkKey", "at", "level", "unit", "summary", "conditions", "evidence")
SELECT DISTINCT ON (k."id", r."collectedAt")
  k."id", r."collectedAt", r."level", r."unit", r."summary", r."conditions", r."evidence"
FROM (
  SELECT r.*, regexp_split_to_array(r."summary", '[0-9]+') AS shape,
    lag(r."level") OVER w AS prev_level, lag(r."unit") OVER w AS prev_unit,
    lag(regexp_split_to_array(r."summary", '[0-9]+')) OVER w AS prev_shape,
    row_number() OVER w AS n
  FROM "Reading" r
  WINDOW w AS (PARTITION BY r."checkId" ORDER BY r."collectedAt", r."id")
) r
JOIN "CheckKey" k ON k."key" = r."checkId"
WHERE r.n = 1 OR r."level" IS DISTINCT FROM r.prev_level OR r."unit" IS DISTINCT FROM r.prev_unit
   OR r.shape IS DISTINCT FROM r.prev_shape
ORDER BY k."id", r."collectedAt", r."id" DESC;

UPDATE "Snapshot" s SET
  "checkKeys" = a.keys, "levels" = a.levels, "numbers" = a.nums, "offsetsMs" = a.offs,
  "durationsMs" = a.durs, "summaryDigits" = a.digits, "texts" = a.texts
FROM (
  SELECT r."snapshotId",
    array_agg(k."id" ORDER BY r."id") AS keys,
    string_agg(CASE r."level" WHEN 'ok' THEN 'o' WHEN 'warn' THEN 'w' WHEN 'crit' THEN 'c' ELSE 'u' END, ''
      ORDER BY r."id") AS levels,
    array_agg(coalesce(r."value", 'NaN'::float8) ORDER BY r."id") AS nums,
    array_agg(round(extract(epoch FROM r."collectedAt" - sn."startedAt") * 1000)::int ORDER BY r."id") AS offs,
    array_agg(r."durationMs" ORDER BY r."id") AS durs,
    string_agg(array_to_string(ARRAY(SELECT m[1] FROM regexp_matches(r."summary", '[0-9]+', 'g') AS m), ','), ';'
      ORDER BY r."id") AS digits,
    jsonb_object_agg((r.i - 1)::text, r."valueText") FILTER (WHERE r."value" IS NULL AND r."valueText" IS NOT NULL)
      AS texts
  FROM (SELECT r.*, row_number() OVER (PARTITION BY r."snapshotId" ORDER BY r."id") AS i FROM "Reading" r) r
  JOIN "CheckKey" k ON k."key" = r."checkId"
  JOIN "Snapshot" sn ON sn."id" = r."snapshotId"
  GROUP BY r."snapshotId"
) a
WHERE s."id" = a."snapshotId";

DROP TABLE "Reading";
