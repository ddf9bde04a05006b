/**
 * Soft-target cross-entropy (timm's SoftTargetCrossEntropy): label smoothing,
 * mixup and cutmix are already baked into the targets by augmentBatch.
 */
import * as tf from "@tensorflow/tfjs";

/** Mean over the batch of -sum(y * log softmax(logits)). */
export function softTargetCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  return tf.neg(tf.sum(targets.mul(tf.logSoftmax(logits)), 1)).mean() as tf.Scalar;
}
