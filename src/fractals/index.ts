/** Public API of the fractal stage: IFS maths, samplers, perturbations, renderer, category search. */
export { assertIfs, cumulativeProbabilities, ifsFromArray, ifsToArray, mapProbabilities, sigmaFactor, singularValues, type AffineMap, type Ifs } from "./ifs";
export { assertSigmaFeasible, sampleIfsWithSigma, sampleRandomIfs, type RandomIfsOptions, type SigmaSampleOptions } from "./sample";
export { assertPerturbOptions, perturbIfs, PERTURBATION_MODES, type PerturbationMode, type PerturbOptions } from "./perturb";
export {
  assertRenderOptions,
  DEFAULT_RENDER,
  defaultWorkerCount,
  fillRate,
  makeRenderSequence,
  MASK_MODES,
  MAX_RENDER_SIZE,
  RESAMPLING,
  RenderPool,
  renderIfs,
  renderTasks,
  type MaskMode,
  type Normalisation,
  type PoolOptions,
  type RenderMode,
  type RenderOptions,
  type RenderResult,
  type RenderTask,
  type StartPoint,
} from "./render";
export { searchCategories, type CategorySearchOptions, type CategorySearchResult } from "./search";
