/**
 * Multi-head self-attention, LayerNorm and exact GELU with hand-written gradients. Built from tf ops,
 * autodiff keeps every intermediate (5 MLP-sized tensors per GELU, ~8 per
 * LayerNorm) on the tape until the step ends; here each forward runs in its own
 * tidy and saves only what its backward needs, which cuts training memory and
 * kernel count (wasm's heap is capped at 4 GB).
 *
 * With the native addon on (fusedKernelsOn), each forward and each backward
 * is one native kernel instead of 5-40 tf ops: per-kernel overhead is about
 * half of a small model's training step. GELU and LayerNorm save the same
 * tensors on both paths.
 */
import * as tf from "@tensorflow/tfjs";
import { FUSED_KERNELS, fusedKernelsOn, type AttentionAttrs } from "../backend/blas";
import { bmm, fusedLayersOn, linear } from "./linalg";

const LN_EPS = 1e-6;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

type Fn = (...args: Array<tf.Tensor | tf.GradSaveFunc>) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor | tf.Tensor[] };

const geluOp = tf.customGrad(((...args) => {
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  save([x]);
  if (fusedKernelsOn()) {
    return {
      value: tf.engine().runKernel(FUSED_KERNELS.gelu, { x }) as tf.Tensor,
      gradFunc: (dy, [xs]) => tf.engine().runKernel(FUSED_KERNELS.geluGrad, { x: xs, dy }) as tf.Tensor,
    };
  }
  return {
    value: tf.tidy(() => x.mul(0.5).mul(tf.erf(x.mul(Math.SQRT1_2)).add(1))),
    // d/dx x·Φ(x) = Φ(x) + x·φ(x)
    gradFunc: (dy, [xs]) => tf.tidy(() => {
      const cdf = tf.erf(xs.mul(Math.SQRT1_2)).add(1).mul(0.5);
      const pdf = tf.exp(xs.square().mul(-0.5)).mul(INV_SQRT_2PI);
      return dy.mul(cdf.add(xs.mul(pdf)));
    }),
  };
}) as Fn);

const layerNormOp = tf.customGrad(((...args) => {
  const [x, g, b, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  if (fusedKernelsOn()) {
    // xhat and rstd are extra outputs: customGrad's tidy frees them after save() keeps copies.
    const [y, xhat, rstd] = tf.engine().runKernel(FUSED_KERNELS.layerNorm, { x, g, b }, { eps: LN_EPS }) as tf.Tensor[];
    save([xhat, rstd, g]);
    return {
      value: y,
      gradFunc: (dy, [xh, r, gs]) => tf.engine().runKernel(FUSED_KERNELS.layerNormGrad, { dy, xhat: xh, rstd: r, g: gs }) as tf.Tensor[],
    };
  }
  const [xhat, rstd] = tf.tidy(() => {
    const { mean, variance } = tf.moments(x, -1, true);
    const r = tf.rsqrt(variance.add(LN_EPS));
    return [x.sub(mean).mul(r), r];
  });
  save([xhat, rstd, g]);
  return {
    value: tf.tidy(() => xhat.mul(g).add(b)),
    gradFunc: (dy, [xh, r, gs]) => tf.tidy(() => {
      const lead = dy.shape.slice(0, -1).reduce((a, c) => a * c, 1);
      const d = dy.shape[dy.shape.length - 1];
      const dy2 = dy.reshape([lead, d]);
      const xh2 = xh.reshape([lead, d]);
      const dg = dy2.mul(xh2).sum(0);
      const db = dy2.sum(0);
      // dx = r·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) with dx̂ = dy·g
      const dxh = dy.mul(gs);
      const dx = dxh.sub(dxh.mean(-1, true)).sub(xh.mul(dxh.mul(xh).mean(-1, true))).mul(r);
      return [dx, dg, db];
    }),
  };
}) as Fn);

/** Exact GELU x·Φ(x) (Erf works on wasm). */
export function gelu(x: tf.Tensor): tf.Tensor {
  return geluOp(x);
}

/** LayerNorm over the last axis with gain g and bias b (eps 1e-6, as timm's ViT). */
export function layerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return layerNormOp(x, g, b);
}

/**
 * Fused path: one qkv linear, then one native kernel for all heads (scores,
 * softmax, weighted sum) that reads q, k, v in place and saves only the
 * probabilities; its backward is one kernel too. Built from tf ops it is ~40
 * kernels forward and backward per block.
 */
const attentionOp = (heads: number) => tf.customGrad(((...args) => {
  const [qkv, save] = args as [tf.Tensor, tf.GradSaveFunc];
  const attrs: AttentionAttrs = { heads, scale: 1 / Math.sqrt(qkv.shape[qkv.rank - 1] / 3 / heads) };
  const [out, probs] = tf.engine().runKernel(FUSED_KERNELS.attention, { qkv }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  save([qkv, probs]);
  return {
    value: out,
    gradFunc: (dy, [q, p]) => tf.engine().runKernel(FUSED_KERNELS.attentionGrad, { qkv: q, probs: p, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor,
  };
}) as Fn);
const attentionOps = new Map<number, (qkv: tf.Tensor) => tf.Tensor>();

/**
 * softmax(q kᵀ / √headDim) v for every head, heads merged back: [n, s, dim]
 * from x [n, s, dim] and the qkv projection (w [dim, 3 dim], b [3 dim]; q, k,
 * v side by side). The output projection is the caller's.
 */
export function selfAttention(x: tf.Tensor3D, qkvW: tf.Tensor2D, qkvB: tf.Tensor1D, heads: number): tf.Tensor3D {
  const [n, s, dim] = x.shape;
  if (fusedLayersOn()) {
    if (!attentionOps.has(heads)) attentionOps.set(heads, attentionOp(heads));
    return attentionOps.get(heads)!(linear(x, qkvW, qkvB)) as tf.Tensor3D;
  }
  const hd = dim / heads;
  // q, k, v from column slices of the (small) qkv weight rather than of the
  // activations: wasm's Slice copies its whole input, and the backward of an
  // activation slice pads it back to full width. 4-D transposes only: wasm's
  // 5-D transpose is ~20x slower.
  const part = (i: number) => {
    const w = tf.slice(qkvW, [0, i * dim], [dim, dim]) as tf.Tensor2D;
    const bias = tf.slice(qkvB, [i * dim], [dim]) as tf.Tensor1D;
    return linear(x, w, bias).reshape([n, s, heads, hd]);
  };
  const q = part(0).transpose([0, 2, 1, 3]).reshape([n * heads, s, hd]) as tf.Tensor3D;
  const kT = part(1).transpose([0, 2, 3, 1]).reshape([n * heads, hd, s]) as tf.Tensor3D;
  const v = part(2).transpose([0, 2, 1, 3]).reshape([n * heads, s, hd]) as tf.Tensor3D;
  const att = tf.softmax(bmm(q.mul(1 / Math.sqrt(hd)), kT)) as tf.Tensor3D;
  return bmm(att, v).reshape([n, heads, s, hd]).transpose([0, 2, 1, 3]).reshape([n, s, dim]) as tf.Tensor3D;
}

/**
 * h + mask·branch with one stochastic-depth factor per sample (mask [n], or
 * null for a plain residual). The mask is a constant: the custom gradient
 * skips tf's gradient for it (a product summed over all but the batch axis,
 * ~10% of a cpu-preset training step).
 */
const residualOp = tf.customGrad(((...args) => {
  const [h, branch, mask, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([mask]);
  return {
    value: tf.tidy(() => h.add(branch.mul(mask))),
    gradFunc: (dy, [m]) => [dy, dy.mul(m), tf.zerosLike(m)],
  };
}) as Fn);

export function residual(h: tf.Tensor3D, branch: tf.Tensor3D, mask: Float32Array | null): tf.Tensor3D {
  if (!mask) return h.add(branch);
  return residualOp(h, branch, tf.tensor3d(mask, [mask.length, 1, 1])) as tf.Tensor3D;
}
