// k6 result readers: streaming NDJSON/CSV samples, summary JSON, k6-exact summaries, merging runners.

// reading files
export { readLineBatches, isGzipFile, type LineBatchFn, type LinesRead } from './lines.js';
export { readNdjson } from './ndjsonReader.js';
export { readCsv } from './csvReader.js';
export { loadRun, detectFormat, type K6Run, type K6Format } from './run.js';
export { readSummaryFile, parseSummary } from './summaryReader.js';
export { rfc3339ToMs, csvTimeToMs } from './timestamp.js';
export { formatWarning, collectWarnings, type ReaderWarning, type WarnFn } from './warnings.js';
export { MAX_BACKWARDS_MS } from './timeOrder.js';

// samples and what they accumulate into
export { fanOut, METRIC_TYPES, METRIC_CONTAINS } from './samples.js';
export type { K6Point, MetricDecl, SubmetricDecl, MetricType, MetricContains, SampleHandler, ReadCounts, Tags } from './samples.js';
export { builtinDecl } from './builtinMetrics.js';
export { MetricStore, type StoredMetric } from './metricStore.js';
export { CounterSink, GaugeSink, RateSink, TrendSink, newSink, type Sink } from './sinks.js';
export { RequestStore, FAILED_UNKNOWN, type RequestColumns, type Series } from './requests.js';
export { CheckTally, type SummaryGroup, type SummaryCheck } from './groups.js';

// summaries
export { summarize, estimateDurationMs, trendStatResolvers, DEFAULT_TREND_STATS, type SummaryOptions } from './summary.js';
export { toSummaryExport, type K6Summary, type SummaryMetric, type SummaryExport } from './summaryModel.js';
export { thresholdCrossed } from './thresholds.js';
export { mergeStores } from './merge.js';
export { summarizeFiles, type SummarizeFilesOptions } from './summarizeFiles.js';
export { formatSummaryText } from './summaryText.js';
