/**
 * Vision Transformer (SPEC §5): patch embedding, cls token, learned position
 * embedding, pre-norm blocks (LayerNorm -> MHSA -> drop-path residual,
 * LayerNorm -> MLP with exact GELU -> drop-path residual), final LayerNorm and
 * a linear head. Parameters are plain tf.Variables; every product goes through
 * ./linalg so the explicit-transpose gradients apply.
 *
 * The patch embedding is reshape + transpose + dense instead of a strided conv:
 * Conv2DBackpropFilter is missing on wasm (SPEC §7).
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../util/rng";
import { VitConfig, validateModelConfig, numPatches } from "./config";
import { linear } from "./linalg";
import { gelu, layerNorm, residual, selfAttention } from "./ops";

export interface Param {
  /** Stable dotted name, e.g. "blocks.3.qkv.w"; used by save/load and freezing. */
  name: string;
  variable: tf.Variable;
  /** Weight decay applies (timm: not on biases, norms, pos embed, cls token). */
  decay: boolean;
}

const BLOCK_KEYS = ["ln1g", "ln1b", "qkvW", "qkvB", "projW", "projB", "ln2g", "ln2b", "fc1W", "fc1B", "fc2W", "fc2B"] as const;
type Block = Record<(typeof BLOCK_KEYS)[number], tf.Tensor>;

export interface ForwardOptions {
  training: boolean;
  /** Draws the drop-path masks; required when training with dropPath > 0. */
  rng?: Rng;
  /**
   * Gradient checkpointing: keep only each block's input and recompute the
   * block in the backward pass (activation memory / depth, ~1/3 more compute).
   */
  recomputeBlocks?: boolean;
}

let modelCounter = 0;

/** Truncated normal (|z| <= 2) from the explicit Rng, so init is backend-independent. */
function truncNormal(rng: Rng, n: number, std: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let z = rng.normal();
    while (Math.abs(z) > 2) z = rng.normal();
    out[i] = z * std;
  }
  return out;
}

export class VitModel {
  readonly config: VitConfig;
  readonly params: Param[] = [];
  private readonly frozen = new Set<string>();
  private readonly patchW: tf.Variable;
  private readonly patchB: tf.Variable;
  private readonly cls: tf.Variable;
  private readonly pos: tf.Variable;
  private readonly blocks: Block[] = [];
  private readonly normG: tf.Variable;
  private readonly normB: tf.Variable;
  private readonly headW: tf.Variable;
  private readonly headB: tf.Variable;

  /** Fresh weights from `seed` (timm init: trunc-normal 0.02 weights, zero biases, unit norms). */
  constructor(config: VitConfig, seed: number) {
    validateModelConfig(config);
    modelCounter += 1;
    this.config = { ...config };
    const c = this.config;
    const rng = new Rng(seed);
    const w = (name: string, shape: number[], std = 0.02, decay = true) =>
      this.add(name, tf.tensor(truncNormal(rng, shape.reduce((a, b) => a * b, 1), std), shape), decay);
    const zeros = (name: string, shape: number[]) => this.add(name, tf.zeros(shape), false);
    const ones = (name: string, shape: number[]) => this.add(name, tf.ones(shape), false);
    const pdim = c.patchSize * c.patchSize * c.channels;
    this.patchW = w("patch.w", [pdim, c.dim]);
    this.patchB = zeros("patch.b", [c.dim]);
    this.cls = w("cls", [1, 1, c.dim], 1e-6, false);
    this.pos = w("pos", [1, numPatches(c) + 1, c.dim], 0.02, false);
    for (let i = 0; i < c.depth; i++) {
      const p = `blocks.${i}.`;
      this.blocks.push({
        ln1g: ones(p + "ln1.g", [c.dim]), ln1b: zeros(p + "ln1.b", [c.dim]),
        qkvW: w(p + "qkv.w", [c.dim, 3 * c.dim]), qkvB: zeros(p + "qkv.b", [3 * c.dim]),
        projW: w(p + "proj.w", [c.dim, c.dim]), projB: zeros(p + "proj.b", [c.dim]),
        ln2g: ones(p + "ln2.g", [c.dim]), ln2b: zeros(p + "ln2.b", [c.dim]),
        fc1W: w(p + "fc1.w", [c.dim, c.mlpDim]), fc1B: zeros(p + "fc1.b", [c.mlpDim]),
        fc2W: w(p + "fc2.w", [c.mlpDim, c.dim]), fc2B: zeros(p + "fc2.b", [c.dim]),
      });
    }
    this.normG = ones("norm.g", [c.dim]);
    this.normB = zeros("norm.b", [c.dim]);
    this.headW = w("head.w", [c.dim, c.numClasses]);
    this.headB = zeros("head.b", [c.numClasses]);
  }

  private add(name: string, init: tf.Tensor, decay: boolean): tf.Variable {
    // tf variable names are global: a counter keeps several models apart.
    const variable = tf.variable(init, true, `vit${modelCounter}/${name}`);
    init.dispose();
    this.params.push({ name, variable, decay });
    return variable;
  }

  /** Freeze the patch embedding, cls, pos and the first k blocks (k = 0 unfreezes all). */
  freezeBlocks(k: number): void {
    if (!Number.isInteger(k) || k < 0 || k > this.config.depth) throw new Error(`freezeBlocks: k must be an integer in [0, ${this.config.depth}], got ${k}`);
    this.frozen.clear();
    if (k === 0) return;
    for (const p of this.params) {
      const m = /^blocks\.(\d+)\./.exec(p.name);
      if (m ? Number(m[1]) < k : ["patch.w", "patch.b", "cls", "pos"].includes(p.name)) this.frozen.add(p.name);
    }
  }

  /** Parameters the optimiser updates (frozen ones excluded). */
  trainableParams(): Param[] {
    return this.params.filter((p) => !this.frozen.has(p.name));
  }

  param(name: string): Param {
    const p = this.params.find((q) => q.name === name);
    if (!p) throw new Error(`model has no parameter "${name}"`);
    return p;
  }

  /** Tokens [n, 1 + patches, dim] after patch embedding, cls and position embedding. */
  private embed(x: tf.Tensor4D): tf.Tensor3D {
    const c = this.config;
    const [n, h, w, ch] = x.shape;
    if (h !== c.imageSize || w !== c.imageSize || ch !== c.channels) {
      throw new Error(`VitModel: input is ${h}x${w}x${ch}, model expects ${c.imageSize}x${c.imageSize}x${c.channels}`);
    }
    const g = c.imageSize / c.patchSize;
    const patches = tf.reshape(x, [n, g, c.patchSize, g, c.patchSize, ch])
      .transpose([0, 1, 3, 2, 4, 5])
      .reshape([n, g * g, c.patchSize * c.patchSize * ch]);
    const tokens = linear(patches, this.patchW as tf.Tensor2D, this.patchB as tf.Tensor1D);
    // Broadcast add instead of tile: wasm's Tile is a slow generic loop.
    const cls = tf.zeros([n, 1, c.dim]).add(this.cls);
    return tf.concat([cls, tokens], 1).add(this.pos) as tf.Tensor3D;
  }

  private attention(x: tf.Tensor3D, b: Block): tf.Tensor3D {
    const out = selfAttention(x, b.qkvW as tf.Tensor2D, b.qkvB as tf.Tensor1D, this.config.heads);
    return linear(out, b.projW as tf.Tensor2D, b.projB as tf.Tensor1D) as tf.Tensor3D;
  }

  private mlp(x: tf.Tensor3D, b: Block): tf.Tensor3D {
    const h = gelu(linear(x, b.fc1W as tf.Tensor2D, b.fc1B as tf.Tensor1D));
    return linear(h, b.fc2W as tf.Tensor2D, b.fc2B as tf.Tensor1D) as tf.Tensor3D;
  }

  /** Per-sample stochastic-depth mask (0 or 1/(1-rate)), or null when inactive. */
  private dropMask(n: number, rate: number, opts: ForwardOptions): Float32Array | null {
    if (!opts.training || rate === 0) return null;
    if (!opts.rng) throw new Error("VitModel.forward: training with dropPath > 0 needs opts.rng");
    const mask = new Float32Array(n);
    for (let i = 0; i < n; i++) mask[i] = opts.rng.next() < rate ? 0 : 1 / (1 - rate);
    return mask;
  }

  private block(h: tf.Tensor3D, b: Block, attnMask: Float32Array | null, mlpMask: Float32Array | null): tf.Tensor3D {
    const h1 = residual(h, this.attention(layerNorm(h, b.ln1g, b.ln1b) as tf.Tensor3D, b), attnMask);
    return residual(h1, this.mlp(layerNorm(h1, b.ln2g, b.ln2b) as tf.Tensor3D, b), mlpMask);
  }

  /**
   * The block under gradient checkpointing: the forward keeps only the block
   * input; the backward recomputes the block under a nested tf.grads. tfjs's
   * engine resets and drops its global tape at the end of any top-level
   * gradient computation, so the outer tape is put back afterwards.
   */
  private recomputedBlock(h: tf.Tensor3D, b: Block, attnMask: Float32Array | null, mlpMask: Float32Array | null): tf.Tensor3D {
    const params = BLOCK_KEYS.map((k) => b[k]);
    const run = (x: tf.Tensor, ...p: tf.Tensor[]) => {
      const blk = Object.fromEntries(BLOCK_KEYS.map((k, i) => [k, p[i]])) as unknown as Block;
      return this.block(x as tf.Tensor3D, blk, attnMask, mlpMask);
    };
    const op = tf.customGrad(((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
      const save = args.pop() as tf.GradSaveFunc;
      const inputs = args as tf.Tensor[];
      save([inputs[0]]);
      return {
        value: tf.tidy(() => run(inputs[0], ...inputs.slice(1))),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const engine = tf.engine() as unknown as { state: { activeTape: unknown } };
          const outerTape = engine.state.activeTape;
          try {
            return tf.grads(run)([saved[0], ...params], dy);
          } finally {
            engine.state.activeTape = outerTape;
          }
        },
      };
    }) as (...args: Array<tf.Tensor | tf.GradSaveFunc>) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[] });
    return op(h, ...params) as tf.Tensor3D;
  }

  private runBlocks(x: tf.Tensor4D, count: number, opts: ForwardOptions): tf.Tensor3D {
    const { depth, dropPath } = this.config;
    let h = this.embed(x);
    const n = h.shape[0];
    for (let i = 0; i < count; i++) {
      const rate = depth > 1 ? (dropPath * i) / (depth - 1) : dropPath;
      const attnMask = this.dropMask(n, rate, opts);
      const mlpMask = this.dropMask(n, rate, opts);
      h = opts.training && opts.recomputeBlocks
        ? this.recomputedBlock(h, this.blocks[i], attnMask, mlpMask)
        : this.block(h, this.blocks[i], attnMask, mlpMask);
    }
    return h;
  }

  private pool(h: tf.Tensor3D): tf.Tensor2D {
    const [n, s, d] = h.shape;
    if (this.config.pool === "cls") return tf.slice(h, [0, 0, 0], [n, 1, d]).reshape([n, d]);
    return tf.slice(h, [0, 1, 0], [n, s - 1, d]).mean(1);
  }

  /** Logits [n, numClasses] for NHWC input [n, size, size, channels]. */
  forward(x: tf.Tensor4D, opts: ForwardOptions = { training: false }): tf.Tensor2D {
    const h = this.runBlocks(x, this.config.depth, opts);
    const normed = layerNorm(h, this.normG, this.normB) as tf.Tensor3D;
    return linear(this.pool(normed), this.headW as tf.Tensor2D, this.headB as tf.Tensor1D) as tf.Tensor2D;
  }

  /** The pooled token after the first k blocks (no final norm), for the linear probe. */
  features(x: tf.Tensor4D, k: number): tf.Tensor2D {
    if (!Number.isInteger(k) || k < 0 || k > this.config.depth) throw new Error(`features: k must be an integer in [0, ${this.config.depth}], got ${k}`);
    return this.pool(this.runBlocks(x, k, { training: false }));
  }

  numParameters(): number {
    return this.params.reduce((s, p) => s + p.variable.size, 0);
  }

  dispose(): void {
    for (const p of this.params) p.variable.dispose();
  }
}
