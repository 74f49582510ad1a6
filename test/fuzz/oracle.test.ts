import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inputValidity, outputComplete } from '../../fuzz/oracle.js';

/** The campaign's independent judge of what capsim accepted (exit 0). */
describe('the fuzz campaign oracle', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'capsim-oracle-'));
  const file = (name: string, content: string | Buffer): string => {
    const f = join(tmp, name);
    writeFileSync(f, content);
    return f;
  };
  const hpa = (max: string) => `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: api }\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: api }\n  minReplicas: 2\n  maxReplicas: ${max}\n`;

  it('takes the project fixtures as valid', () => {
    expect(inputValidity('test/fixtures/scenarios/small-mix.yaml', false)).toEqual({ valid: true });
    expect(inputValidity('test/fixtures/k8s/payments-hpa.yaml', true)).toEqual({ valid: true });
  });
  it('judges Kubernetes objects by their OpenAPI schema, not by capsim', () => {
    expect(inputValidity(file('hpa.yaml', hpa('10')), true)).toEqual({ valid: true });
    expect(inputValidity(file('hpa-bad.yaml', hpa('"ten"')), true).valid).toBe(false);
    // The same text is not judged as a manifest where capsim reads it as something else.
    expect(inputValidity(file('hpa-bad2.yaml', hpa('"ten"')), false)).toEqual({ valid: true });
  });
  it('refuses YAML with a duplicate key, JSON and NDJSON that do not parse, CSV rows of another width, damaged gzip', () => {
    expect(inputValidity(file('dup.yaml', 'a: 1\na: 2\n'), false)).toMatchObject({ valid: false, why: 'YAML: DUPLICATE_KEY' });
    expect(inputValidity(file('x.json', '{"a": '), false).valid).toBe(false);
    expect(inputValidity(file('x.ndjson', '{"a":1}\n{"a":\n'), false)).toMatchObject({ valid: false, why: 'NDJSON line 2 does not parse' });
    expect(inputValidity(file('x.csv', 'a,b,c\n1,2,3\n1,2\n'), false).valid).toBe(false);
    expect(inputValidity(file('x.csv.gz', gzipSync('a,b\n1,2\n')), false)).toEqual({ valid: true });
    expect(inputValidity(file('y.csv.gz', gzipSync('a,b\n1,2\n').subarray(0, 12)), false).valid).toBe(false);
  });
  it('an output folder is complete when capsim\'s manifest lists files that are all there and no incomplete marker', () => {
    const out = join(tmp, 'out');
    mkdirSync(out);
    expect(outputComplete(out, '')).toMatchObject({ valid: false });
    writeFileSync(join(out, '.capsim-run'), '# capsim\nsummary.json\n');
    expect(outputComplete(out, '')).toEqual({ valid: false, why: 'summary.json is listed but missing' });
    writeFileSync(join(out, 'summary.json'), '{}');
    expect(outputComplete(out, '')).toEqual({ valid: true });
    writeFileSync(join(out, '.capsim-incomplete'), '');
    expect(outputComplete(out, '').valid).toBe(false);
    expect(outputComplete(undefined, '')).toEqual({ valid: false, why: 'printed nothing' });
  });
});
