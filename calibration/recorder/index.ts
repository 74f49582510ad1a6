// The cluster recorder (`capsim record`) and the timeline it writes.

// Recording
export { record, DEFAULT_METRICS_INTERVAL_MS, type RecordOptions, type RecordSummary } from './recorder.js';
export { loadKubeConfig, type KubeConfigOptions } from './kubeConfig.js';
export { DEFAULT_BACKOFF, type Backoff } from './resourceWatch.js';
export { stopSignal, durationFlag, type StopSignal } from './stopSignal.js';

// Timeline format
export * from './timeline.js';
export { openTimelineWriter, type TimelineWriter } from './timelineWriter.js';

// Reading
export { readTimeline, type ReadTimelineOptions, type Timeline } from './readTimeline.js';
export { podStartups, replicasOverTime, type PodStartup, type ReplicasPoint } from './derive.js';
