/** Figure 2's static grids (issue 26): the layout's size and labels, tested on the drawing function, not on font pixels. */
import { describe, expect, it } from "vitest";
import { getPreset } from "../src/experiments/presets";
import { galleryGrid, GALLERY_DELTAS, gridHtml, gridSize, setGrid } from "../src/report/galleryGrid";
import { buildSource, resolveParams } from "../src/sources";

describe("the Figure 2 grid", () => {
  it("has a size fixed by its layout: 200 px of row labels, then tiles with 6 px gaps", () => {
    expect(gridSize({ columns: ["a", "b", "c", "d", "e"], rows: ["r", "s", "t"], tile: 160 })).toEqual({ width: 200 + 5 * 166 + 6, height: 44 + 36 + 3 * 166 + 48 });
  });

  it("labels its columns with Δ and its rows with what they show, at readable tiles", async () => {
    const g = await galleryGrid(getPreset("smoke"), 4.5, 0);
    expect(g.columns).toEqual(["base (Δ = 0)", ...GALLERY_DELTAS.map((d) => `Δ = ${d}`)]);
    expect(g.rows[0]).toBe("render at 64 px");
    expect(g.rows[1]).toBe("what the network sees (28 px)");
    expect(g.rows[2]).toMatch(/^\|difference from base\| × \d+$/);
    expect(g.tile).toBeGreaterThanOrEqual(128);
    expect(g.cells.map((r) => r.length)).toEqual([5, 5, 5]);
    expect(g.cells.flat().every((u) => u.startsWith("data:image/png;base64,"))).toBe(true);
    const html = gridHtml(g);
    for (const label of [...g.columns, ...g.rows, g.title]) expect(html).toContain(label.replace(/&/g, "&amp;").replace(/</g, "&lt;"));
    expect(html).toContain(`width:${gridSize(g).width}px;height:${gridSize(g).height}px`);
    expect(g.note).toMatch(/multiplied by (\d+) so that the grid's largest difference \((\d+) of 255\) is white/);
    const [, gain, largest] = g.note.match(/multiplied by (\d+) .*\((\d+) of 255\)/)!.map(Number);
    expect(gain * largest).toBeLessThanOrEqual(255);
    expect((gain + 1) * largest).toBeGreaterThan(255);
  }, 60_000);

  it("dataset --sheet's grid labels the base and each class, with the difference's gain", async () => {
    const params = resolveParams("1p-frac", { size: 16, L: 4, renderSize: 32, pointsPerImage: 500 }) as Record<string, unknown>;
    const set = await buildSource("1p-frac", params, 2);
    const g = await setGrid("1p-frac", params, 2, set, 3, 128);
    expect(g.columns).toEqual(["base (Δ = 0)", "class 0", "class 1", "class 2"]);
    expect(g.rows).toEqual(["render at 32 px", "what the network sees (16 px)", expect.stringMatching(/^\|difference from base\| × \d+$/)]);
    expect(gridSize(g)).toEqual({ width: 200 + 4 * 134 + 6, height: 44 + 36 + 3 * 134 + 48 });
  });

  it("refuses cells that do not fill its rows and columns", () => {
    expect(() => gridHtml({ title: "t", columns: ["a", "b"], rows: ["r"], cells: [["x"]], tile: 128, note: "" })).toThrow(/expected 1 × 2 cells/);
  });
});
