/**
 * Supervised pre-training on a real labelled set: the stand-in for the paper's
 * ImageNet-1k row of Figure 3. This machine has no ImageNet, so the labelled
 * set is a local one other than the downstream set (digits, when fine-tuning
 * or probing on Fashion-MNIST). Images keep their own size; the training
 * pipeline resizes them to the model's input like any other set.
 */
import { DOWNSTREAM_NAMES, loadDownstream } from "../datasets/downstream";
import type { DownstreamName } from "../datasets/downstream";
import type { SyntheticDataset } from "../types";
import type { SourceBuilder } from "./types";

export interface SupervisedParams {
  /** A local labelled dataset (see src/datasets/downstream.ts). */
  dataset: string;
  /** Training images per class; 0 = the whole training split. */
  perClass: number;
}

export const supervisedSource: SourceBuilder<SupervisedParams> = {
  name: "supervised",
  description: "supervised pre-training on a real labelled set (our stand-in for ImageNet-1k; its training split, its labels)",
  defaults: { dataset: "digits", perClass: 0 },
  validate(p) {
    if (!(DOWNSTREAM_NAMES as readonly string[]).includes(p.dataset)) throw new Error(`supervised.dataset: expected one of ${DOWNSTREAM_NAMES.join(", ")}, got ${JSON.stringify(p.dataset)}`);
    if (!Number.isInteger(p.perClass) || p.perClass < 0) throw new Error(`supervised.perClass: expected an integer >= 0, got ${JSON.stringify(p.perClass)}`);
  },
  async build(p, seed) {
    const t0 = Date.now();
    const { train } = await loadDownstream(p.dataset as DownstreamName, { seed, trainPerClass: p.perClass || undefined });
    return {
      ...train,
      record: {
        source: "supervised", params: { ...p }, seed, size: train.height, channels: train.channels, count: train.count, numClasses: train.numClasses,
        classes: train.classNames ?? [], timings: { load: (Date.now() - t0) / 1000 }, version: "1",
      },
    } satisfies SyntheticDataset;
  },
};
