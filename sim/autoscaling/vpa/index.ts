/**
 * The Vertical Pod Autoscaler as pure functions: recommender (histograms, aggregation,
 * estimator chain, capping) and updater (priority, admission, eviction budget, in-place),
 * ported from kubernetes/autoscaler `vertical-pod-autoscaler/pkg` at 55c37cd5.
 * Times are epoch ms, CPU millicores, memory bytes.
 */
export * from './histogramOptions.js';
export { Histogram, MAX_CHECKPOINT_WEIGHT, type HistogramCheckpoint } from './histogram.js';
export { DecayingHistogram, GO_ZERO_TIME_MS, goRound } from './decayingHistogram.js';
export * from './resourceAmount.js';
export * from './config.js';
export { AggregateContainerState, type AggregateCheckpoint } from './aggregateState.js';
export { ContainerState, type SampleSink, type ContainerWindowConfig } from './containerState.js';
export * from './estimator.js';
export * from './podRecommender.js';
export * from './vpaSpec.js';
export * from './recommendation.js';
export * from './capping.js';
export * from './limitRange.js';
export * from './podResources.js';
export { admitPodResources } from './admission.js';
export { RecommenderState, recommend, type ContainerRef } from './recommender.js';
export * from './replay.js';
export * from './updaterPod.js';
export * from './priority.js';
export * from './updatePriority.js';
export * from './evictionRestriction.js';
export * from './updateMode.js';
export { updaterDecide, kubeletResizeVerdict, type UpdaterInput, type UpdaterAction } from './updater.js';
