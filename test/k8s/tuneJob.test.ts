import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseShard } from '../../tune/shard.js';

/** k8s/tune-job.yaml: the Indexed Job that runs `capsim tune --shard i/n`, one shard per index. */
describe('the tuning Job manifest', () => {
  const docs = parseAllDocuments(readFileSync('k8s/tune-job.yaml', 'utf8')).map((d) => d.toJS());
  const job = docs.find((d) => d.kind === 'Job');
  const container = job.spec.template.spec.containers[0];
  const script: string = container.args.join(' ');

  it('is a batch/v1 Indexed Job that never restarts a pod in place', () => {
    expect(job.apiVersion).toBe('batch/v1');
    expect(job.spec.completionMode).toBe('Indexed');
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expect(job.spec.parallelism).toBeLessThanOrEqual(job.spec.completions);
  });

  it('gives each index its own shard of n = completions, and its own output folder on the shared volume', () => {
    const m = /--shard \$\{JOB_COMPLETION_INDEX\}\/(\d+)/.exec(script);
    expect(Number(m?.[1])).toBe(job.spec.completions);
    expect(script).toMatch(/--out \/results\/shard-\$\{JOB_COMPLETION_INDEX\}/);
    for (let i = 0; i < job.spec.completions; i++) expect(parseShard(`${i}/${m?.[1]}`)).toEqual({ index: i, count: job.spec.completions });
    expect(container.volumeMounts.map((v: { mountPath: string }) => v.mountPath)).toContain('/results');
  });

  it('claims the ReadWriteMany volume it mounts, so every pod writes to the same place', () => {
    const claim = job.spec.template.spec.volumes.find((v: { name: string }) => v.name === 'results').persistentVolumeClaim.claimName;
    const pvc = docs.find((d) => d.kind === 'PersistentVolumeClaim');
    expect(pvc.metadata.name).toBe(claim);
    expect(pvc.spec.accessModes).toEqual(['ReadWriteMany']);
  });
});
