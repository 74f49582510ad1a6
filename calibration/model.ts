import { stringify } from 'yaml';
import { z } from 'zod';
import { InputError } from '../input/inputError.js';
import { readTextFile } from '../input/readText.js';
import { parseYaml } from '../input/yamlDocument.js';
import { issueToInputError } from '../input/zodIssue.js';
import { scenarioSchema, type ScenarioSpec } from '../scenarios/schema.js';

export const WORKLOAD_MODEL_KIND = 'capsim/WorkloadModel';

const estimateSchema = z.strictObject({
  estimate: z.number(),
  standardError: z.number().nonnegative().optional(),
  /** [low, high]; high null = unbounded (e.g. workers without a saturated run). */
  interval: z.tuple([z.number(), z.number().nullable()]).optional(),
  method: z.string().min(1),
  /** Which data identified the value (k6, prometheus, timeline, scenario). */
  identifiedBy: z.string().min(1).optional(),
});

/**
 * The fitted model file: a scenario `workload` block exactly as scenarios/schema.ts accepts it,
 * with where it came from and how sure each fitted value is. Keys of `uncertainty` are field
 * paths inside `workload` (`operations.authorize.cpu.valueMs`) or named derived values
 * (`meanCpuMsPerRequest`, `metricsLagMs`).
 */
export const workloadModelSchema = z.strictObject({
  kind: z.literal(WORKLOAD_MODEL_KIND),
  fittedFrom: z.array(z.string()).min(1),
  workload: scenarioSchema.shape.workload,
  uncertainty: z.record(z.string(), estimateSchema),
  notes: z.array(z.string()),
});

export type WorkloadModel = z.infer<typeof workloadModelSchema>;

/**
 * Read and validate a model file written by `capsim calibrate`.
 * @throws InputError naming the file, line and field (a wrong kind, a misspelt field, a
 *   distribution the scenario schema rejects).
 * @example readModelFile('model.yaml').workload.pod.workers // 8
 */
export function readModelFile(file: string): WorkloadModel {
  const text = readTextFile(file);
  return parseModel(text, file);
}

/** Validate model text (YAML) that came from `file`. */
export function parseModel(text: string, file: string): WorkloadModel {
  const doc = parseYaml(text, file);
  const kind = (doc.value as { kind?: unknown } | null)?.kind;
  if (kind !== WORKLOAD_MODEL_KIND)
    throw new InputError(`expected kind: ${WORKLOAD_MODEL_KIND} (a model written by capsim calibrate), got ${JSON.stringify(kind) ?? 'nothing'}`, file, 'kind', doc.lineOf(['kind']) ?? 1);
  const parsed = workloadModelSchema.safeParse(doc.value);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    throw issueToInputError((issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]) as never, doc);
  }
  return parsed.data;
}

/** The model as YAML (keys in a fixed order, so the same fit writes the same bytes). */
export function formatModel(m: WorkloadModel): string {
  return stringify(m, { lineWidth: 0 });
}

/** Where the pod block comes from when a model is applied. */
export type PodSource = 'model' | 'scenario';

/**
 * The scenario with its workload replaced by the model's (traffic, deployment, SLOs kept).
 * With `pod: 'scenario'` only the operations (per-request behaviour) and the routing come from the
 * model and the scenario keeps its pod block (workers, queue, CPU limit, CPU discipline: the
 * measured setup, as for a held-out run of another deployment shape); the model's fitted start-up,
 * idle CPU, CPU wake-up cost and CPU discipline are used where the scenario sets none.
 * @throws InputError when the scenario's traffic mix names an operation the model lacks.
 * @example compileScenario(applyModel(readScenarioFile('s.yaml').spec, readModelFile('model.yaml')))
 */
export function applyModel(spec: ScenarioSpec, model: WorkloadModel, pod: PodSource = 'model'): ScenarioSpec {
  const known = Object.keys(model.workload.operations);
  for (const op of Object.keys(spec.traffic.mix))
    if (!known.includes(op)) throw new InputError(`the scenario's traffic.mix names "${op}", which the model does not have (model operations: ${known.join(', ')})`, undefined, `traffic.mix.${op}`);
  const workload = structuredClone(model.workload);
  if (pod === 'scenario') {
    workload.pod = structuredClone(spec.workload.pod);
    if (workload.pod.startup === undefined && model.workload.pod.startup !== undefined) workload.pod.startup = structuredClone(model.workload.pod.startup);
    // The process's own CPU besides its requests' is the software's, measured with the CPU demand.
    if (workload.pod.idleCpu === undefined && model.workload.pod.idleCpu !== undefined) workload.pod.idleCpu = model.workload.pod.idleCpu;
    workload.pod.cpu = withModelCpuBehaviour(workload.pod.cpu, model.workload.pod.cpu);
  }
  return { ...spec, workload };
}

type PodCpu = ScenarioSpec['workload']['pod']['cpu'];

/**
 * The scenario's CPU block with the model's wake-up cost (the software's per-request behaviour,
 * fitted with the operations' CPU) and, when the scenario does not choose one, the model's CPU
 * discipline (the one the CPU was fitted under). The scenario's own values win.
 */
function withModelCpuBehaviour(scenario: PodCpu, model: PodCpu): PodCpu {
  if (model?.wakeupMs === undefined && model?.discipline === undefined) return scenario;
  return {
    ...scenario,
    ...(scenario?.discipline === undefined && model.discipline !== undefined ? { discipline: model.discipline } : {}),
    ...(scenario?.wakeupMs === undefined && model.wakeupMs !== undefined ? { wakeupMs: model.wakeupMs } : {}),
  };
}

/** The fitted values with their uncertainty, one line each, for the terminal. */
export function formatUncertainty(m: WorkloadModel): string {
  const rows = Object.entries(m.uncertainty).map(([key, e]) => {
    const se = e.standardError !== undefined ? ` ± ${e.standardError}` : '';
    const iv = e.interval ? ` [${e.interval[0]}, ${e.interval[1] ?? '∞'}]` : '';
    const by = e.identifiedBy !== undefined ? ` (from ${e.identifiedBy})` : '';
    return `${key} = ${e.estimate}${se}${iv}${by}\n    ${e.method}`;
  });
  return [...rows, ...m.notes.map((n) => `note: ${n}`)].join('\n') + '\n';
}
