/**
 * LayerNorm and exact GELU with hand-written gradients. Built from tf ops,
 * autodiff keeps every intermediate (5 MLP-sized tensors per GELU, ~8 per
 * LayerNorm) on the tape until the step ends; here each forward runs in its own
 * tidy and saves only what its backward needs, which cuts training memory and
 * kernel count (wasm's heap is capped at 4 GB).
 *
 * With the native addon on (fusedKernelsOn), each forward and each backward
 * is one native kernel instead of 5-14 tf ops: per-kernel overhead is about
 * half of a small model's training step. Both paths save the same tensors.
 */
import * as tf from "@tensorflow/tfjs";
import { FUSED_KERNELS, fusedKernelsOn } from "../backend/blas";

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
