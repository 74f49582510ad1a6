import { chartSvg } from './chartSvg.js';
import { escapeHtml } from './escape.js';
import type { ReportChart } from './runCharts.js';

/** Chart size in the page (CSS pixels); the SVG scales down to narrower screens and paper. */
export const CHART_SIZE = { width: 960, height: 360 } as const;

const CSS = `
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 1000px; padding: 24px; }
h1 { font-size: 1.7em; margin: 0 0 4px; }
h2 { font-size: 1.3em; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #e3e3e3; }
h3 { font-size: 1.05em; margin: 18px 0 6px; }
.meta { color: #555; margin: 0 0 12px; }
.verdict { display: inline-block; font-weight: 600; padding: 6px 12px; border-radius: 4px; margin: 4px 0; }
.verdict.pass, td.pass { color: #0b5d1e; background: #e3f4e6; }
.verdict.fail, td.fail { color: #8a0000; background: #fde4e4; }
.verdict.none { color: #444; background: #eee; }
table { border-collapse: collapse; margin: 8px 0 12px; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #d6d6d6; padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; font-weight: 600; }
td.num { text-align: right; white-space: nowrap; }
td.pass, td.fail { font-weight: 600; }
nav ul { list-style: none; padding: 0; margin: 8px 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
nav a { color: #0057a3; }
ul.recs li { margin: 6px 0; }
figure { margin: 16px 0 24px; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; max-width: 100%; height: auto; border: 1px solid #e3e3e3; }
figcaption { color: #444; font-size: 0.92em; margin-top: 4px; }
pre { background: #f6f6f6; border: 1px solid #e3e3e3; padding: 10px; overflow-x: auto; font-size: 0.85em; white-space: pre-wrap; word-break: break-word; }
.note { color: #555; font-style: italic; }
@media print { body { max-width: none; padding: 0; font-size: 11pt; } nav { display: none; } h2 { break-after: avoid; } pre { white-space: pre-wrap; } }
`;

/**
 * A complete, self-contained HTML page: inline CSS, inline SVG charts, no script and no external
 * resource (it opens offline and prints). `title` is user text and is escaped here; `body` is
 * HTML built with `escapeHtml` by the caller.
 */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="capsim">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** A table; `cells` are HTML already (escape user text first). A cell `{ html, cls }` gets a class. */
export function htmlTable(head: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | { html: string; cls: string }>>): string {
  const th = head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c) => (typeof c === 'string' ? `<td>${c}</td>` : `<td class="${c.cls}">${c.html}</td>`)).join('')}</tr>`).join('\n');
  return `<table>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${tr}\n</tbody>\n</table>`;
}

/** Charts as figures with inline SVG; ids are prefixed with `prefix` so several pages' charts never collide. */
export function htmlFigures(charts: readonly ReportChart[], prefix = 'chart'): string {
  return charts
    .map((c) => `<figure id="${prefix}-${c.id}" class="chart" data-chart="${c.id}">\n${chartSvg(c.option, { width: CHART_SIZE.width, height: c.height ?? CHART_SIZE.height }, `${prefix}-${c.id}`)}\n<figcaption>${escapeHtml(c.caption)}</figcaption>\n</figure>`)
    .join('\n');
}

/** A table of contents for the page's sections. */
export function htmlNav(sections: ReadonlyArray<[id: string, title: string]>): string {
  return `<nav aria-label="Contents"><ul>${sections.map(([id, t]) => `<li><a href="#${id}">${escapeHtml(t)}</a></li>`).join('')}</ul></nav>`;
}
