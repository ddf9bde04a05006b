/**
 * Every matrix product of the model goes through this module, so a faster
 * kernel (e.g. OpenBLAS) can be swapped in underneath without touching the ViT.
 *
 * Why custom gradients: on tfjs-wasm only a plain 2-D matMul without transpose
 * flags is fast (~17 GFLOP/s); transposed or batched products run at ~1 GFLOP/s
 * and tfjs's own matMul gradient uses transpose flags (SPEC §7). The backward
 * passes below materialise the transposes with `tf.transpose` and then call the
 * plain product. `tf.fused.matMul` with a bias is never used (wrong results on
 * wasm's slow path).
 *
 * With the native OpenBLAS kernels on (blasKernelsOn) transposed products are
 * as fast as plain ones, so the backward passes the transpose flags instead and
 * saves a Transpose kernel (and a copy of the activation) per gradient; with
 * the fused kernels on too (fusedKernelsOn), a whole linear layer is one
 * native kernel forward and one backward.
 */
import * as tf from "@tensorflow/tfjs";
import { blasKernelsOn, FUSED_KERNELS, fusedKernelsOn } from "../backend/blas";

/** The kernels underneath: plain products only, no transpose flags. */
export interface MatmulKernels {
  /** [m,k] x [k,n] -> [m,n] */
  matmul2d(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D;
  /** [b,m,k] x [b,k,n] -> [b,m,n] */
  bmm(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D;
}

const TFJS_KERNELS: MatmulKernels = {
  matmul2d: (a, b) => tf.matMul(a, b),
  bmm: (a, b) => tf.matMul(a, b),
};

let kernels: MatmulKernels = TFJS_KERNELS;

/** Replace the forward kernels (returns the previous ones). Gradients stay explicit-transpose. */
export function setMatmulKernels(k: MatmulKernels | null): MatmulKernels {
  const prev = kernels;
  kernels = k ?? TFJS_KERNELS;
  return prev;
}

/**
 * `product` with the explicit-transpose backward: dA = dy · Bᵀ, dB = Aᵀ · dy,
 * where `perm` transposes the last two axes (default: reverse, for 2-D).
 * `product` is looked up per call, so setMatmulKernels applies at once; the
 * transpose-flag backward is taken only under the default kernels.
 */
function withExplicitTransposeGrad<T extends tf.Tensor>(product: (a: T, b: T) => T, perm?: number[]): (a: T, b: T) => T {
  return tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [a, b, save] = args as [T, T, tf.GradSaveFunc];
    save([a, b]);
    return {
      value: product(a, b),
      gradFunc: (dy: tf.Tensor, [sa, sb]: tf.Tensor[]) => kernels === TFJS_KERNELS && blasKernelsOn()
        ? [tf.matMul(dy, sb, false, true), tf.matMul(sa, dy, true, false)]
        : [product(dy as T, tf.transpose(sb, perm) as T), product(tf.transpose(sa, perm) as T, dy as T)],
    };
  }) as unknown as (a: T, b: T) => T;
}

const matmul2dFast = withExplicitTransposeGrad<tf.Tensor2D>((a, b) => kernels.matmul2d(a, b));
const bmmFast = withExplicitTransposeGrad<tf.Tensor3D>((a, b) => kernels.bmm(a, b), [0, 2, 1]);

/** [m,k] x [k,n] with the explicit-transpose backward. */
export function matmul2d(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return matmul2dFast(a, b);
}

/** Batched [b,m,k] x [b,k,n] with the explicit-transpose backward. */
export function bmm(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  return bmmFast(a, b);
}

/**
 * Whether layers take the fused native kernels: they are on, and no custom
 * matmul kernels were set (setMatmulKernels replaces every product, fused or not).
 */
export function fusedLayersOn(): boolean {
  return kernels === TFJS_KERNELS && fusedKernelsOn();
}

/** One native kernel each way (FUSED_KERNELS.linear / linearGrad): no reshapes, no separate bias add or its reduction. */
const fusedLinear = tf.customGrad(((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [x, w, b, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.engine().runKernel(FUSED_KERNELS.linear, { x, w, b }) as tf.Tensor,
    gradFunc: (dy: tf.Tensor, [xs, ws]: tf.Tensor[]) => tf.engine().runKernel(FUSED_KERNELS.linearGrad, { x: xs, w: ws, dy }) as tf.Tensor[],
  };
}) as (...args: Array<tf.Tensor | tf.GradSaveFunc>) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[] });

/** x[..., k] · w[k, n] + bias[n]: flattens leading axes to 2-D so the fast path applies. */
export function linear(x: tf.Tensor, w: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor {
  if (fusedLayersOn()) return fusedLinear(x, w, bias);
  const k = x.shape[x.shape.length - 1];
  const lead = x.shape.slice(0, -1);
  const y = matmul2d(tf.reshape(x, [-1, k]) as tf.Tensor2D, w).add(bias);
  return tf.reshape(y, [...lead, w.shape[1]]);
}
