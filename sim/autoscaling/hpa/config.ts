import { MS_PER_MINUTE, MS_PER_SECOND } from '../../units.js';
import type { HpaControllerConfig } from './types.js';

/**
 * kube-controller-manager defaults for the HPA controller
 * (pkg/controller/podautoscaler/config/v1alpha1/defaults.go; legacy limit constants from horizontal.go).
 */
export const DEFAULT_HPA_CONTROLLER_CONFIG: HpaControllerConfig = Object.freeze({
  syncPeriodMs: 15 * MS_PER_SECOND,
  tolerance: 0.1,
  cpuInitializationPeriodMs: 5 * MS_PER_MINUTE,
  initialReadinessDelayMs: 30 * MS_PER_SECOND,
  downscaleStabilizationMs: 5 * MS_PER_MINUTE,
  legacyScaleUpFactor: 2,
  legacyScaleUpMinimum: 4,
});

/**
 * The configuration of the upstream unit tests (replica_calculator_test.go / horizontal_test.go):
 * cpu-initialization-period 2 min, initial-readiness-delay 10 s, legacy scale-up factor 8 (set in `init()`).
 */
export const UPSTREAM_TEST_HPA_CONTROLLER_CONFIG: HpaControllerConfig = Object.freeze({
  ...DEFAULT_HPA_CONTROLLER_CONFIG,
  cpuInitializationPeriodMs: 2 * MS_PER_MINUTE,
  initialReadinessDelayMs: 10 * MS_PER_SECOND,
  legacyScaleUpFactor: 8,
});
