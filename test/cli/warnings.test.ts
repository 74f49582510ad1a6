import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../cli/io.js';
import { deferredWarnings } from '../../cli/warnings.js';

describe('warnings of a command', () => {
  it('are printed only when flushed (after the command succeeded), one line per kind with a count', () => {
    const io = memoryIo();
    const w = deferredWarnings(io);
    w.warn('run.csv:10: custom metric "a": CSV does not say its type; summarised as a trend');
    w.warn('run.csv:11: custom metric "b": CSV does not say its type; summarised as a trend');
    w.warn('run.csv:12: custom metric "c": CSV does not say its type; summarised as a trend');
    w.warn('run.csv: skipped 3 line(s): not valid JSON');
    expect(io.stderr()).toBe('');
    w.flush();
    expect(io.stderr()).toBe(
      'capsim: warning: run.csv:10: custom metric "a": CSV does not say its type; summarised as a trend (and 2 more like this)\n' +
      'capsim: warning: run.csv: skipped 3 line(s): not valid JSON\n',
    );
  });

  it('show at most 8 kinds and count the rest', () => {
    const io = memoryIo();
    const w = deferredWarnings(io);
    for (const k of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']) for (let n = 0; n < 3; n++) w.warn(`f.csv:${n}: problem ${k}`);
    w.flush();
    const lines = io.stderr().trimEnd().split('\n');
    expect(lines).toHaveLength(9);
    expect(lines[8]).toBe('capsim: warning: 6 more warning(s) of 2 other kind(s); 30 in all');
  });
});
