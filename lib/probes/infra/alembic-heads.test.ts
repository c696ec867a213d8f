import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { alembicHeads, parseAlembicScript, readAlembicHeads } from "@/lib/probes/infra/alembic-heads";

const script = (revision: string, down: string, typed = false) =>
  [
    `"""${revision}"""`,
    typed ? `revision: str = "${revision}"` : `revision = '${revision}'`,
    typed ? `down_revision: Union[str, None] = ${down}` : `down_revision = ${down}`,
    "branch_labels = None",
    "",
    "def upgrade():",
    "    pass",
  ].join("\n");

describe("alembic heads (deploy §2 step 4: the latest migration file)", () => {
  it.each([
    ["first revision", script("001_init", "None"), { revision: "001_init", downRevisions: [] }],
    [
      "linear",
      script("036_add_bulk_ingestion_jobs", "'035_x'"),
      { revision: "036_add_bulk_ingestion_jobs", downRevisions: ["035_x"] },
    ],
    [
      "typed (alembic ≥ 1.13 template)",
      script("037_y", '"036_x"', true),
      { revision: "037_y", downRevisions: ["036_x"] },
    ],
    [
      "merge",
      script("040_merge", "('038_a', '039_b')"),
      { revision: "040_merge", downRevisions: ["038_a", "039_b"] },
    ],
    ["not a migration", "print('hello')", null],
  ])("%s", (_name, text, parsed) => {
    expect(parseAlembicScript(text)).toEqual(parsed);
  });

  it("one head for a linear history, two when a merge is missing", () => {
    const linear = [
      { revision: "a", downRevisions: [] },
      { revision: "b", downRevisions: ["a"] },
      { revision: "c", downRevisions: ["b"] },
    ];
    expect(alembicHeads(linear)).toEqual(["c"]);
    expect(alembicHeads([...linear, { revision: "d", downRevisions: ["b"] }])).toEqual(["c", "d"]);
  });

  it("reads a versions directory, skipping __init__ and other files", async () => {
    const dir = await mkdtemp(join(tmpdir(), "warroom-alembic-"));
    try {
      await writeFile(join(dir, "035_x.py"), script("035_x", "None"));
      await writeFile(
        join(dir, "036_add_bulk_ingestion_jobs.py"),
        script("036_add_bulk_ingestion_jobs", "'035_x'"),
      );
      await writeFile(join(dir, "__init__.py"), "");
      await writeFile(join(dir, "README"), "revision = 'nope'");
      expect(await readAlembicHeads(dir)).toEqual({ heads: ["036_add_bulk_ingestion_jobs"], scripts: 2 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
