import { describe, expect, it } from "vitest";
import { summarizeDockerDf } from "@/lib/probes/infra/docker-df";

const MB = 1_000_000;

describe("summarizeDockerDf", () => {
  it("computes the four lines as docker system df does", () => {
    const rows = summarizeDockerDf({
      LayersSize: 500 * MB,
      Images: [
        { Containers: 2, Size: 200 * MB, SharedSize: 50 * MB },
        { Containers: 0, Size: 150 * MB, SharedSize: 50 * MB },
        { Containers: 0, Size: 100 * MB, SharedSize: -1 },
      ],
      Containers: [
        { State: "running", SizeRw: 5 * MB },
        { State: "exited", SizeRw: 7 * MB },
        { State: "created", SizeRw: -1 },
      ],
      Volumes: [{ UsageData: { Size: 30 * MB, RefCount: 1 } }, { UsageData: { Size: 20 * MB, RefCount: 0 } }],
      BuildCache: [
        { Size: 40 * MB, InUse: true },
        { Size: 60 * MB, InUse: false, Shared: false },
        { Size: 10 * MB, InUse: false, Shared: true },
      ],
    });
    expect(rows).toEqual([
      { type: "Images", total: 3, active: 1, sizeBytes: 500 * MB, reclaimableBytes: 350 * MB },
      { type: "Containers", total: 3, active: 1, sizeBytes: 12 * MB, reclaimableBytes: 7 * MB },
      { type: "Local Volumes", total: 2, active: 1, sizeBytes: 50 * MB, reclaimableBytes: 20 * MB },
      { type: "Build Cache", total: 3, active: 1, sizeBytes: 110 * MB, reclaimableBytes: 60 * MB },
    ]);
  });

  it("reads an engine with nothing at all (null lists, no layers)", () => {
    const rows = summarizeDockerDf({
      LayersSize: 0,
      Images: null,
      Containers: null,
      Volumes: null,
      BuildCache: null,
    });
    expect(rows.map((r) => [r.type, r.total, r.sizeBytes, r.reclaimableBytes])).toEqual([
      ["Images", 0, 0, 0],
      ["Containers", 0, 0, 0],
      ["Local Volumes", 0, 0, 0],
      ["Build Cache", 0, 0, 0],
    ]);
  });
});
