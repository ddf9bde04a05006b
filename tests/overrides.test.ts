/** `reproduce --set path=value` (issue 26 item 5): dotted paths into the row config, through strictMerge. */
import { describe, expect, it } from "vitest";
import { applyAssignment, hasPath, parseAssignment } from "../src/config/assign";
import { parseArgs } from "../src/cli/reproduce";
import { planTable } from "../src/run/runner";

const plan = (sets: string[]) => planTable("table5", { preset: "smoke", backend: "fake", codeVersion: "v", sets: sets.map(parseAssignment) });

describe("--set", () => {
  it("parses JSON values, and strings where JSON does not parse", () => {
    expect(parseAssignment("pretrain.baseLr=5e-4")).toEqual({ path: ["pretrain", "baseLr"], value: 5e-4, text: "pretrain.baseLr=5e-4" });
    expect(parseAssignment("finetune.augment.cropScale=[0.5,1]").value).toEqual([0.5, 1]);
    expect(parseAssignment("pretrain.augment.normalize=set").value).toBe("set");
    expect(parseAssignment("downstream.name=digits").value).toBe("digits");
  });

  it("changes the rows that have the field, and their hashes; scratch rows keep theirs", () => {
    const before = plan([]);
    const after = plan(["source.params.delta=0.05", "pretrain.baseLr=0.002"]);
    expect(after.length).toBe(before.length);
    for (const [b, a] of before.map((t, i) => [t, after[i]] as const)) {
      expect(a.config.pretrain.baseLr).toBe(0.002);
      if (b.config.source === null) {
        expect(a.config.source).toBeNull();
      } else {
        expect(a.config.source!.params.delta).toBe(0.05);
      }
      expect(a.hash).not.toBe(b.hash);
    }
    const onlySource = plan(["source.params.delta=0.05"]);
    const scratch = before.findIndex((t) => t.config.source === null);
    expect(onlySource[scratch].hash).toBe(before[scratch].hash);
    expect(onlySource.filter((t, i) => t.hash !== before[i].hash).length).toBeGreaterThan(0);
  });

  it("is checked when the flags are parsed, before any work", () => {
    expect(parseArgs(["table5", "--preset", "smoke", "--set", "pretrain.steps=3"]).sets.map((a) => a.text)).toEqual(["pretrain.steps=3"]);
    expect(() => parseArgs(["table5", "--preset", "smoke", "--set", "pretrain.nope=3"])).toThrow(/no row of table5 has the field pretrain\.nope/);
  });

  it("hasPath and applyAssignment name the path they refuse", () => {
    const cfg = { a: { b: 1, c: null as null | { d: number } } };
    expect(hasPath(cfg, ["a", "b"])).toBe(true);
    expect(hasPath(cfg, ["a", "c", "d"])).toBe(false);
    expect(applyAssignment(cfg, parseAssignment("a.b=2")).a.b).toBe(2);
    expect(() => applyAssignment(cfg, parseAssignment("a.b=true"))).toThrow(/^--set a\.b=true: a\.b: expected number, got boolean/);
  });
});
