import type { Bytes, Millicores, Ms } from '../../units.js';

/**
 * Plain-data shapes of the HorizontalPodAutoscaler model (autoscaling/v2), as the controller in
 * kubernetes/kubernetes `pkg/controller/podautoscaler` sees them. Times are simulated milliseconds,
 * metric values are integer milli-units (CPU millicores, memory bytes × 1000 is NOT used: memory is
 * plain bytes, custom/external values are `Quantity.MilliValue()`).
 */

/** kube-controller-manager settings for the HPA controller (flag names in comments). */
export interface HpaControllerConfig {
  /** `--horizontal-pod-autoscaler-sync-period` (15 s). The simulator calls reconcile this often. */
  readonly syncPeriodMs: Ms;
  /** `--horizontal-pod-autoscaler-tolerance` (0.1), both directions unless the HPA overrides it. */
  readonly tolerance: number;
  /** `--horizontal-pod-autoscaler-cpu-initialization-period` (5 min). */
  readonly cpuInitializationPeriodMs: Ms;
  /** `--horizontal-pod-autoscaler-initial-readiness-delay` (30 s). */
  readonly initialReadinessDelayMs: Ms;
  /** `--horizontal-pod-autoscaler-downscale-stabilization` (5 min). */
  readonly downscaleStabilizationMs: Ms;
  /** Legacy (no `behavior`) scale-up limit: `max(factor × current, minimum)`; upstream constants 2.0 and 4.0. */
  readonly legacyScaleUpFactor: number;
  readonly legacyScaleUpMinimum: number;
}

export type ResourceName = 'cpu' | 'memory';

/** `spec.metrics[].*.target`. Values are milli-units (`averageValue: 500m` -> 500). */
export type MetricTarget =
  | { readonly type: 'Utilization'; readonly averageUtilization: number }
  | { readonly type: 'AverageValue'; readonly averageValueMilli: number }
  | { readonly type: 'Value'; readonly valueMilli: number };

/** One entry of `spec.metrics`. `Unknown` keeps a type the controller cannot handle (InvalidMetricSourceType). */
export type MetricSpec =
  | { readonly type: 'Resource'; readonly resource: ResourceName; readonly target?: MetricTarget }
  | { readonly type: 'ContainerResource'; readonly resource: ResourceName; readonly container: string; readonly target?: MetricTarget }
  | { readonly type: 'Pods'; readonly metricName: string; readonly target: MetricTarget }
  | { readonly type: 'Object'; readonly metricName: string; readonly describedObject: string; readonly target: MetricTarget }
  | { readonly type: 'External'; readonly metricName: string; readonly target: MetricTarget }
  | { readonly type: 'Unknown'; readonly rawType: string };

export interface ScalingPolicy {
  readonly type: 'Pods' | 'Percent';
  readonly value: number;
  readonly periodSeconds: number;
}

export type SelectPolicy = 'Max' | 'Min' | 'Disabled';

/** `spec.behavior.scaleUp|scaleDown` after API defaulting. */
export interface ScalingRules {
  /** Unset only for scaleDown: the controller then uses `downscaleStabilizationMs`. */
  readonly stabilizationWindowSeconds?: number;
  readonly selectPolicy: SelectPolicy;
  readonly policies: readonly ScalingPolicy[];
  /** Per-HPA tolerance (KEP-4951); unset -> the controller flag. */
  readonly tolerance?: number;
}

export interface HpaBehavior {
  readonly scaleUp: ScalingRules;
  readonly scaleDown: ScalingRules;
}

/** The HPA spec the controller reconciles (defaults already filled, see `withDefaults`). */
export interface HpaSpec {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly metrics: readonly MetricSpec[];
  /** Absent -> legacy normalization (no rate limits besides the 2×/4 cap). */
  readonly behavior?: HpaBehavior;
}

export interface ContainerSnapshot {
  readonly name: string;
  readonly requests: { readonly cpu?: Millicores; readonly memory?: Bytes };
  /** Init containers only: `restartPolicy: Always` makes it a sidecar whose request counts. */
  readonly restartPolicyAlways?: boolean;
}

/** One pod selected by the scale target's selector, as the pod informer shows it. */
export interface PodSnapshot {
  readonly name: string;
  readonly phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  /** `metadata.deletionTimestamp` is set. */
  readonly deleting: boolean;
  /** The `Ready` condition; absent when the pod has none. */
  readonly ready?: { readonly status: 'True' | 'False' | 'Unknown'; readonly lastTransitionTime: Ms };
  readonly startTime?: Ms;
  readonly containers: readonly ContainerSnapshot[];
  readonly initContainers?: readonly ContainerSnapshot[];
}

/** One item of metrics.k8s.io PodMetricsList: per-container usage at `timestamp` over `windowMs`. */
export interface PodMetricsSample {
  readonly pod: string;
  readonly timestamp: Ms;
  readonly windowMs: Ms;
  readonly containers: readonly { readonly name: string; readonly cpu?: Millicores; readonly memory?: Bytes }[];
}

/** Values for Pods / Object / External metrics, keyed by metric name; an absent key is a failed fetch. */
export interface CustomMetricValues {
  /** Pods metrics: pod name -> milli-value. */
  readonly pods?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Object metrics: `metricName` -> milli-value of the described object. */
  readonly object?: Readonly<Record<string, number>>;
  /** External metrics: `metricName` -> the milli-values of all returned series (summed). */
  readonly external?: Readonly<Record<string, readonly number[]>>;
}

export interface TimestampedRecommendation {
  readonly replicas: number;
  readonly timestamp: Ms;
}

export interface ScaleEvent {
  readonly replicaChange: number;
  readonly timestamp: Ms;
  readonly outdated: boolean;
}

/** What the controller keeps in memory per HPA (lost on controller restart). */
export interface HpaState {
  readonly recommendations: readonly TimestampedRecommendation[];
  readonly scaleUpEvents: readonly ScaleEvent[];
  readonly scaleDownEvents: readonly ScaleEvent[];
}

export type ConditionType = 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';

export interface HpaCondition {
  readonly type: ConditionType;
  readonly status: 'True' | 'False';
  readonly reason: string;
  readonly message: string;
}

/** `status.currentMetrics[]` entry, simplified: what the HPA reports per metric. */
export interface MetricStatus {
  readonly type: MetricSpec['type'];
  readonly name: string;
  /** Percent of request (Utilization targets only). */
  readonly averageUtilization?: number;
  /** Milli-units per pod (Resource/Pods/per-pod Object/External). */
  readonly averageValueMilli?: number;
  /** Milli-units (Object/External `Value` targets). */
  readonly valueMilli?: number;
}
