/**
 * Optimisers in plain tf with their state in tf.Variables (so checkpoints can
 * save it): AdamW with decoupled weight decay (PyTorch/timm semantics) and SGD
 * with (Nesterov) momentum and L2 weight decay (PyTorch semantics). Parameters
 * flagged `decay: false` (biases, norms, pos embed, cls) get no weight decay.
 */
import * as tf from "@tensorflow/tfjs";
import { FUSED_KERNELS, fusedKernelsOn, type AdamWAttrs } from "../backend/blas";
import type { Param } from "../models/vit";

export interface AdamWConfig { kind: "adamw"; weightDecay: number; beta1: number; beta2: number; eps: number }
export interface SgdConfig { kind: "sgd"; weightDecay: number; momentum: number; nesterov: boolean }
export type OptimizerConfig = AdamWConfig | SgdConfig;

export class Optimizer {
  /** Updates applied so far (AdamW bias correction uses it). */
  step = 0;
  /** Named state slots ("<param>.m", "<param>.v", "<param>.buf"), for checkpoints. */
  readonly state = new Map<string, tf.Variable>();

  constructor(readonly config: OptimizerConfig, readonly params: Param[]) {
    const slots = config.kind === "adamw" ? ["m", "v"] : ["buf"];
    for (const p of params) {
      for (const s of slots) this.state.set(`${p.name}.${s}`, tf.tidy(() => tf.variable(tf.zerosLike(p.variable), false)));
    }
  }

  /** One update with learning rate lr; grads keyed by variable name (tf.variableGrads). */
  apply(grads: Record<string, tf.Tensor>, lr: number): void {
    this.step += 1;
    tf.tidy(() => {
      for (const p of this.params) {
        const g = grads[p.variable.name];
        if (!g) throw new Error(`optimizer: no gradient for parameter "${p.name}"`);
        if (this.config.kind === "adamw") this.adamw(p, g, lr, this.config);
        else this.sgd(p, g, lr, this.config);
      }
    });
  }

  private adamw(p: Param, g: tf.Tensor, lr: number, c: AdamWConfig): void {
    const m = this.state.get(`${p.name}.m`)!;
    const v = this.state.get(`${p.name}.v`)!;
    const bc1 = 1 - c.beta1 ** this.step;
    const bc2 = 1 - c.beta2 ** this.step;
    const wd = p.decay ? c.weightDecay : 0;
    if (fusedKernelsOn()) {
      // One native kernel for the ~14 below (the same float32 arithmetic).
      const attrs: AdamWAttrs = { beta1: c.beta1, beta2: c.beta2, sqrtBc2: Math.sqrt(bc2), eps: c.eps, decay: 1 - lr * wd, stepSize: lr / bc1 };
      const [p1, m1, v1] = tf.engine().runKernel(FUSED_KERNELS.adamw, { p: p.variable, g, m, v }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
      p.variable.assign(p1);
      m.assign(m1);
      v.assign(v1);
      return;
    }
    m.assign(m.mul(c.beta1).add(g.mul(1 - c.beta1)));
    v.assign(v.mul(c.beta2).add(g.square().mul(1 - c.beta2)));
    const denom = v.sqrt().div(Math.sqrt(bc2)).add(c.eps);
    const decayed = wd > 0 ? p.variable.mul(1 - lr * wd) : p.variable;
    p.variable.assign(decayed.sub(m.div(denom).mul(lr / bc1)));
  }

  private sgd(p: Param, g: tf.Tensor, lr: number, c: SgdConfig): void {
    const buf = this.state.get(`${p.name}.buf`)!;
    const wd = p.decay ? c.weightDecay : 0;
    const gd = wd > 0 ? g.add(p.variable.mul(wd)) : g;
    buf.assign(buf.mul(c.momentum).add(gd));
    const dir = c.nesterov ? gd.add(buf.mul(c.momentum)) : buf;
    p.variable.assign(p.variable.sub(dir.mul(lr)));
  }

  dispose(): void {
    for (const v of this.state.values()) v.dispose();
    this.state.clear();
  }
}

/**
 * Global L2 norm of all gradients (a scalar tensor). One concat and two ops
 * instead of two kernels per tensor: kernel overhead dominates small models.
 * (The update itself stays per tensor: wasm's Slice copies its whole input, so
 * cutting a flat parameter vector back into tensors costs O(size x count).)
 */
export function gradNorm(grads: Record<string, tf.Tensor>): tf.Scalar {
  return tf.sqrt(tf.sum(tf.square(tf.concat(Object.values(grads).map((g) => g.reshape([-1])))))) as tf.Scalar;
}

/** Scales all gradients so their global L2 norm (`norm`, from gradNorm) is at most maxNorm. */
export function clipGradNorm(grads: Record<string, tf.Tensor>, maxNorm: number, norm: tf.Scalar = gradNorm(grads)): Record<string, tf.Tensor> {
  const keys = Object.keys(grads);
  const scale = tf.minimum(1, tf.div(maxNorm, norm.add(1e-6)));
  const out: Record<string, tf.Tensor> = {};
  for (const k of keys) out[k] = grads[k].mul(scale);
  return out;
}
