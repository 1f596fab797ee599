/**
 * Charts rendered on the server as SVG with Vega (a declarative spec, rendered headless with
 * renderer 'none' and `toSVG()`: no browser, no canvas, no native build). Each chart is an
 * `<svg role="img">` with a <title> and a <desc>; the page puts its data as a table beside it.
 * Vega writes presentation attributes (fill, font-size), no inline style or script, so the
 * pages' content security policy (no script, style-src 'self') holds.
 */
import * as vega from 'vega';

const INK = '#1a1a1a';
/** Series colours with at least 3:1 contrast on white (WCAG 1.4.11). */
const COLOURS = ['#0062b9', '#b34700', '#00794a', '#7b2aa8'];
const FONT = 'Helsinki Grotesk, Arial, sans-serif';

const CONFIG = {
  background: '#ffffff',
  axis: {
    labelColor: INK,
    titleColor: INK,
    labelFont: FONT,
    titleFont: FONT,
    labelFontSize: 12,
    domainColor: '#666',
    tickColor: '#666',
    gridColor: '#ddd',
  },
  legend: {
    labelColor: INK,
    titleColor: INK,
    labelFont: FONT,
    labelFontSize: 12,
    orient: 'bottom',
    direction: 'horizontal',
  },
  text: { font: FONT, fill: INK },
};

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

let counter = 0;

/** Vega's SVG as one accessible image: its own title and description, no inner roles. */
async function render(spec: vega.Spec, title: string, description: string): Promise<string> {
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const id = `chart-${++counter}`;
    const inner = svg
      .replace(/^<svg[^>]*>/, '')
      .replace(/<\/svg>\s*$/, '')
      .replace(/\s(role|aria-roledescription|aria-label|aria-hidden)="[^"]*"/g, '');
    const open = /^<svg([^>]*)>/.exec(svg)![1]!.replace(/\sclass="[^"]*"/, '');
    return (
      `<svg${open} role="img" aria-labelledby="${id}-title ${id}-desc" class="chart">` +
      `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(description)}</desc>` +
      `<g aria-hidden="true">${inner}</g></svg>`
    );
  } finally {
    view.finalize();
  }
}

export interface BarChart {
  title: string;
  description: string;
  categories: string[];
  series: { name: string; values: number[] }[];
}

/** Grouped bars: for each category one bar per series, with a legend. */
export function barChart(c: BarChart): Promise<string> {
  const values = c.categories.flatMap((category, i) =>
    c.series.map((s, k) => ({ category, series: s.name, order: k, value: s.values[i] ?? 0 })),
  );
  const spec = {
    $schema: 'https://vega.github.io/schema/vega/v5.json',
    width: Math.max(240, Math.min(720, c.categories.length * c.series.length * 28)),
    height: 220,
    padding: 8,
    config: CONFIG,
    data: [{ name: 'table', values }],
    scales: [
      { name: 'x', type: 'band', domain: c.categories, range: 'width', padding: 0.2 },
      {
        name: 'y',
        type: 'linear',
        domain: { data: 'table', field: 'value' },
        range: 'height',
        nice: true,
        zero: true,
      },
      { name: 'colour', type: 'ordinal', domain: c.series.map((s) => s.name), range: COLOURS },
    ],
    axes: [
      {
        orient: 'bottom',
        scale: 'x',
        labelAngle: c.categories.length > 6 ? -40 : 0,
        labelAlign: c.categories.length > 6 ? 'right' : 'center',
      },
      { orient: 'left', scale: 'y', grid: true, tickMinStep: 1 },
    ],
    legends: [{ fill: 'colour' }],
    marks: [
      {
        type: 'group',
        from: { facet: { data: 'table', name: 'facet', groupby: 'category' } },
        encode: { enter: { x: { scale: 'x', field: 'category' }, width: { signal: "bandwidth('x')" } } },
        signals: [{ name: 'w', update: "bandwidth('x')" }],
        scales: [
          { name: 'inner', type: 'band', range: { signal: '[0, w]' }, domain: c.series.map((s) => s.name) },
        ],
        marks: [
          {
            type: 'rect',
            from: { data: 'facet' },
            encode: {
              enter: {
                x: { scale: 'inner', field: 'series' },
                width: { scale: 'inner', band: 1 },
                y: { scale: 'y', field: 'value' },
                y2: { scale: 'y', value: 0 },
                fill: { scale: 'colour', field: 'series' },
              },
            },
          },
        ],
      },
    ],
  };
  return render(spec as unknown as vega.Spec, c.title, c.description);
}

export interface LineChart {
  title: string;
  description: string;
  /** days YYYY-MM-DD, in order */
  points: { on: string; value: number }[];
  /** the target, drawn as a dashed rule */
  goal?: number;
  labels: { value: string; goal: string };
}

/** A line over time with an optional dashed target line. */
export function lineChart(c: LineChart): Promise<string> {
  const values = c.points.map((p) => ({
    t: Date.parse(`${p.on}T12:00:00Z`),
    value: p.value,
    series: c.labels.value,
  }));
  const max = Math.max(c.goal ?? 0, ...c.points.map((p) => p.value), 1);
  const spec = {
    $schema: 'https://vega.github.io/schema/vega/v5.json',
    width: 480,
    height: 200,
    padding: 8,
    config: CONFIG,
    data: [
      { name: 'line', values },
      { name: 'goal', values: c.goal === undefined ? [] : [{ value: c.goal, series: c.labels.goal }] },
    ],
    scales: [
      { name: 'x', type: 'utc', domain: { data: 'line', field: 't' }, range: 'width' },
      { name: 'y', type: 'linear', domain: [0, max], range: 'height', nice: true, zero: true },
      {
        name: 'colour',
        type: 'ordinal',
        domain: [c.labels.value, c.labels.goal],
        range: [COLOURS[0], COLOURS[1]],
      },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', format: '%-d.%-m.%Y', tickCount: 6 },
      { orient: 'left', scale: 'y', grid: true, tickMinStep: 1 },
    ],
    legends: [{ stroke: 'colour', symbolType: 'stroke' }],
    marks: [
      {
        type: 'line',
        from: { data: 'line' },
        encode: {
          enter: {
            x: { scale: 'x', field: 't' },
            y: { scale: 'y', field: 'value' },
            stroke: { value: COLOURS[0] },
            strokeWidth: { value: 3 },
          },
        },
      },
      {
        type: 'symbol',
        from: { data: 'line' },
        encode: {
          enter: {
            x: { scale: 'x', field: 't' },
            y: { scale: 'y', field: 'value' },
            fill: { value: COLOURS[0] },
            size: { value: 40 },
          },
        },
      },
      {
        type: 'rule',
        from: { data: 'goal' },
        encode: {
          enter: {
            x: { value: 0 },
            x2: { signal: 'width' },
            y: { scale: 'y', field: 'value' },
            stroke: { value: COLOURS[1] },
            strokeWidth: { value: 2 },
            strokeDash: { value: [6, 4] },
          },
        },
      },
    ],
  };
  return render(spec as unknown as vega.Spec, c.title, c.description);
}
