/**
 * The public API: what notebooks and scripts import (notebooks through the
 * notebooks/src link: `import { runOrLoad } from "./src/index"`).
 */
export { PRESETS, getPreset, listPresets } from "./experiments/presets";
export type { Preset, ExperimentConfig, ProbeConfig as ExperimentProbeConfig, DownstreamConfig, SourceParams } from "./experiments/presets";
export { listTables, getTable, resolveRow, rowOverrides } from "./experiments/tables";
export type { TableDef, TableRow, TableKind, RowOverrides, PaperRef } from "./experiments/tables";
export { planTable, runTable, loadCachedResults, DEFAULT_RESULTS_DIR } from "./experiments/runner";
export type { RowTask, RowResult, RowOutcome, RowContext, RowExecutor, RunTableOptions, PlanOptions } from "./experiments/runner";
export { summarize, formatSummary, formatStat, meanSd, paperValue, loadPaperTables } from "./experiments/summary";
export type { SummaryRow, Stat } from "./experiments/summary";
export { describeFit, fitScalingLaw } from "./experiments/scalingLaw";
export type { ScalingFit, ScalingPoint } from "./experiments/scalingLaw";
export { stableHash, stableStringify } from "./experiments/hash";
export { loadResultsAnyVersion } from "./experiments/cache";
export type { MaybeStaleResult } from "./experiments/cache";
export { codeVersion, resultVersion } from "./experiments/version";
export { runOrLoad, envPreset } from "./experiments/session";
export type { TableRun, RunOrLoadOptions } from "./experiments/session";
export { projectRoot } from "./experiments/root";

export { toCsv, parseCsv } from "./report/csv";
export { barFigure, probeFigure, scalingFigure, imageSliderFigure } from "./report/plotly";
export type { Figure, ImageStep } from "./report/plotly";
export { figureHtml, writeFigureHtml, figureSnippet, htmlTable, ensurePlotlyBundle, PLOTLY_BUNDLE } from "./report/html";
export { htmlToPng, figurePng } from "./report/png";
export { writeTableReport, figureFor, summaryCsv, scalingPoints, scalingFit } from "./report/tableReport";
export { tableFrame, summaryRecords } from "./report/frame";
export type { FrameRow } from "./report/frame";
export { chartBundle, showBundle, showChart, showFrame, showMarkdown, frameBundle, bundleWriter, PLOTLY_MIME } from "./report/notebook";
export type { MimeBundle, TslabDisplay, BundleWriter } from "./report/notebook";
export { fillTemplate, typedNumbers } from "./report/prose";
export { TEXTS, CHART_GUIDE, CLAIM_NOTES } from "./report/texts";
export { tableProse, NOTES } from "./notebook/prose";
export { missingLine, loadSummary } from "./notebook/load";
export { tryIt, tryTable } from "./notebook/tryIt";
export { loadSearchRuns, searchFigure, searchProse, searchRecords } from "./notebook/presetSearch";
export { claimsFigure, claimsProse, claimsRecords } from "./notebook/claims";
export { runCurvesFigure, runRecords } from "./notebook/runs";
export { curvesFigure } from "./notebook/curves";
export { buildScoreboard, claimDownstreams, formatScoreboard, MORE_SEEDS, moreSeedsRows } from "./experiments/scoreboard";
export type { Scoreboard } from "./experiments/scoreboard";
export type { ClaimResult, PartResult, Verdict } from "./experiments/claims";
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
export type { ImageSet, SyntheticDataset } from "./datasets/types";
