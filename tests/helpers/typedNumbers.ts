/** Test helper: the numbers typed into a text where a placeholder should stand (the texts must have none). */
import { PLACEHOLDER } from "../../src/report/template";

/**
 * Where a number may stand in a template without a placeholder: a name
 * (Table 5, 1p-frac, CIFAR-100, top-1), a parameter setting (Δ = 0.1, L = 1000) or
 * a command in backquotes.
 */
const NUMBER_ALLOWED = [
  /`[^`]*`/g,
  /\b(Tables?|Figures?) \d+(-\d+)?/g,
  /\b1p-frac\b/g,
  /\bCIFAR-\d+/g,
  /\bImageNet-1k\b/g,
  /\btop-1\b/g,
  /(Δ|σ|L|k|α|n) ?(=|≤|≥|<|>) ?\d+(\.\d+)?/g,
];

/** The numbers typed into a template (outside placeholders and allowed names); a template must have none. */
export function typedNumbers(template: string): string[] {
  let text = template.replace(PLACEHOLDER, " ");
  for (const re of NUMBER_ALLOWED) text = text.replace(re, " ");
  return text.match(/\d+(\.\d+)?/g) ?? [];
}
