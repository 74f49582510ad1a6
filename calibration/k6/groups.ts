import { createHash } from 'node:crypto';

/** A check's totals in a summary (`root_group.checks`). */
export interface SummaryCheck {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly passes: number;
  readonly fails: number;
}

/** A group in a summary (`root_group`), with sub-groups and checks in first-seen order. */
export interface SummaryGroup {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly groups: readonly SummaryGroup[];
  readonly checks: readonly SummaryCheck[];
}

/** k6 ids are the md5 hex of the group or check path (lib/models.go); root path is "". */
const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

/**
 * Check pass/fail counts per group path (`::a::b`, "" for the root), rebuilt from `checks`
 * points and `group` tags; `tree()` gives the summary's root_group.
 */
export class CheckTally {
  private readonly byGroup = new Map<string, Map<string, { passes: number; fails: number }>>([['', new Map()]]);

  addGroup(path: string): Map<string, { passes: number; fails: number }> {
    let checks = this.byGroup.get(path);
    if (checks === undefined) {
      const parent = path.lastIndexOf('::');
      if (parent > 0) this.addGroup(path.slice(0, parent));
      checks = new Map();
      this.byGroup.set(path, checks);
    }
    return checks;
  }

  add(groupPath: string, check: string, passed: boolean): void {
    const checks = this.addGroup(groupPath);
    const c = checks.get(check) ?? { passes: 0, fails: 0 };
    if (passed) c.passes++;
    else c.fails++;
    checks.set(check, c);
  }

  /** Add another tally's counts (merging runners). */
  merge(o: CheckTally): void {
    for (const [path, checks] of o.byGroup) {
      const mine = this.addGroup(path);
      for (const [name, c] of checks) {
        const m = mine.get(name) ?? { passes: 0, fails: 0 };
        mine.set(name, { passes: m.passes + c.passes, fails: m.fails + c.fails });
      }
    }
  }

  tree(path = ''): SummaryGroup {
    const name = path === '' ? '' : path.slice(path.lastIndexOf('::') + 2);
    const checks = [...(this.byGroup.get(path) ?? new Map<string, { passes: number; fails: number }>())].map(([check, c]) => {
      const checkPath = `${path}::${check}`;
      return { name: check, path: checkPath, id: md5(checkPath), passes: c.passes, fails: c.fails };
    });
    const children = [...this.byGroup.keys()].filter((p) => p !== path && p.startsWith(`${path}::`) && !p.slice(path.length + 2).includes('::'));
    return { name, path, id: md5(path), groups: children.map((p) => this.tree(p)), checks };
  }
}
