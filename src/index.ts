/**
 * The public API: what notebooks and scripts import (notebooks through the
 * notebooks/src link: `import { runOrLoad } from "./src/index"`).
 */
export { PRESETS, getPreset, listPresets } from "./experiments/presets";
export type { Preset, ExperimentConfig, ProbeConfig as ExperimentProbeConfig, DownstreamConfig, SourceParams } from "./experiments/presets";
export { listTables, getTable, resolveRow, rowOverrides } from "./experiments/tables";
export type { TableDef, TableRow, TableKind, RowOverrides, PaperRef } from "./experiments/tables";
export { planTable, runTable, loadCachedResults, DEFAULT_RESULTS_DIR } from "./run/runner";
export type { RunTableOptions, PlanOptions } from "./run/runner";
export type { RowTask, RowResult, RowOutcome, RowContext, RowExecutor } from "./run/row";
export { summarize, formatSummary, formatStat, meanSd, paperValue, loadPaperTables } from "./analysis/summary";
export type { SummaryRow, Stat } from "./analysis/summary";
export { describeFit, fitScalingLaw } from "./analysis/scalingLaw";
export type { ScalingFit, ScalingPoint } from "./analysis/scalingLaw";
export { stableHash, stableStringify } from "./util/hash";
export { loadResultsAnyVersion } from "./run/cache";
export type { MaybeStaleResult } from "./run/cache";
export { codeVersion, resultVersion } from "./run/version";
export { runOrLoad, envPreset } from "./notebook/session";
export type { TableRun, RunOrLoadOptions } from "./notebook/session";
export { projectRoot } from "./util/root";

export { toCsv, parseCsv } from "./report/csv";
export { barFigure, probeFigure, scalingFigure, imageSliderFigure } from "./report/plotly";
export type { Figure, ImageStep } from "./report/plotly";
export { figureHtml, writeFigureHtml, figureSnippet, htmlTable, ensurePlotlyBundle, PLOTLY_BUNDLE } from "./report/html";
export { htmlToPng, figurePng } from "./report/png";
export { writeTableReport, figureFor, summaryCsv, scalingPoints, scalingFit } from "./report/tableReport";
export { tableFrame, summaryRecords } from "./report/frame";
export type { FrameRow } from "./report/frame";
export { chartBundle, showBundle, showChart, showFrame, showMarkdown, frameBundle, bundleWriter, PLOTLY_MIME } from "./notebook/display";
export type { MimeBundle, TslabDisplay, BundleWriter } from "./notebook/display";
export { fillTemplate } from "./report/template";
export { TEXTS, chartGuide, CLAIM_NOTES } from "./report/texts";
export { tableProse, runsNote } from "./notebook/tableText";
export { missingLine, loadSummary } from "./notebook/load";
export { tryIt, tryTable, TRY_IT } from "./notebook/tryIt";
export { learnabilityRecords, loadSearchRuns, searchFigure, searchProse, searchRecords } from "./notebook/presetSearch";
export { claimsFigure, claimsProse, claimsRecords } from "./notebook/claimsNotebook";
export { computeFigure, computeRecords, loadComputeAxis } from "./notebook/computeNotebook";
export { runCurvesFigure, runRecords } from "./notebook/runs";
export { curvesFigure } from "./notebook/curves";
export { buildScoreboard, claimDownstreams, formatScoreboard, MORE_SEEDS, moreSeedsRows } from "./analysis/scoreboard";
export type { Scoreboard } from "./analysis/scoreboard";
export type { ClaimResult, PartResult, Verdict } from "./analysis/claims";
export type { SearchRun } from "./notebook/presetSearch";
export type { TryChange } from "./notebook/tryIt";

export { buildSource, listSources, paramsFromRecord, rebuildFromRecord, resolveParams, renderBase } from "./sources";
export { formatStatistics, resolutionSheet, resolutionSheetImage, setStatistics, type SetStatistics } from "./sources/inspect";
export { areaResize } from "./image/image";
export { brightness, meanFill, meanPairwiseRelativeL2 } from "./image/metrics";
export { contactSheet, contactSheetImage, differenceMap, imageAt } from "./image/contactSheet";
export { encodePng } from "./image/codec";
export { MODEL_PRESETS } from "./models/config";
export { initBackend, backendInfo } from "./backend";
export { Rng } from "./util/rng";
export type { ImageSet, SyntheticDataset } from "./types";
