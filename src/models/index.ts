/** ViT model, presets, weights on disk, and the matmul entry points. */
export { type ModelConfig, type VitConfig, MODEL_PRESETS, listModelPresets, modelPreset, validateModelConfig, numPatches } from "./config";
export { VitModel, type Param, type ForwardOptions } from "./vit";
export { saveModel, loadModel, transfer } from "./io";
export { matmul2d, bmm, linear, setMatmulKernels, type MatmulKernels } from "./linalg";
