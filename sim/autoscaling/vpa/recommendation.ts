import type { Resources } from './resourceAmount.js';
import type { Ms } from '../../units.js';

/**
 * One container's recommendation as in a VPA status (cpu millicores, memory bytes). A resource
 * missing from `target` is not recommended (not controlled).
 */
export interface ContainerRecommendation {
  containerName: string;
  target: Resources;
  lowerBound: Resources;
  upperBound: Resources;
  /** The target before capping by the resource policy (upstream `UncappedTarget`). */
  uncappedTarget: Resources;
}

/** What the recommender knew when it made a recommendation (for reports and the dry-run). */
export interface RecommendationHistory {
  /** Earliest and latest CPU sample start of the merged aggregate, epoch ms (undefined without samples). */
  firstSampleMs?: Ms;
  lastSampleMs?: Ms;
  /** last − first, ms (0 without samples). */
  historyMs: Ms;
  totalSamples: number;
  /** Confidence in "days" of CPU and memory history (see `getConfidence`). */
  confidenceCpu: number;
  confidenceMemory: number;
}

export type ContainerRecommendationWithHistory = ContainerRecommendation & { history: RecommendationHistory };
