// Small SVG line charts over a bounded history kept in the page: each series holds at most `capacity`
// points (the oldest go first), so a dashboard left open for days holds the same memory as after five
// minutes.

import { s, h, replace } from './dom.js';

/** A bounded history of samples: {t, values: [..]} with t in ms. */
export class History {
  constructor(capacity) {
    this.capacity = capacity;
    this.points = [];
  }

  push(t, values) {
    this.points.push({ t, values });
    if (this.points.length > this.capacity) {
      this.points.splice(0, this.points.length - this.capacity);
    }
  }

  get length() {
    return this.points.length;
  }

  last() {
    return this.points.length ? this.points[this.points.length - 1] : null;
  }

  /** The same points with only the values at `indices`, in that order (one chart's series). */
  view(...indices) {
    const v = new History(this.capacity);
    v.points = this.points.map((p) => ({ t: p.t, values: indices.map((i) => p.values[i]) }));
    return v;
  }
}

const W = 560;
const H = 150;
const PAD_L = 6;
const PAD_R = 6;
const PAD_T = 8;
const PAD_B = 18;

/**
 * A chart of one History: one line per series, a time axis covering `spanMs` back from the newest
 * point, the top of the y axis and each series' last value shown. A gap in time (the page was elsewhere,
 * a value was null) breaks the line.
 *
 * @param {object} o {id, title, series: [{name, cls}], format: fn(value) => string, spanMs, floor}
 */
export class LineChart {
  constructor(o) {
    this.o = o;
    this.svg = s('svg', { viewBox: '0 0 ' + W + ' ' + H, class: 'chart-svg', role: 'img', 'aria-label': o.title });
    this.legend = h('div', { class: 'chart-legend' });
    this.el = h('figure', { class: 'chart', id: o.id, dataset: { points: 0 } },
      h('figcaption', null, o.title), this.legend, this.svg);
  }

  render(history) {
    const o = this.o;
    const pts = history.points;
    this.el.dataset.points = String(pts.length);
    const end = pts.length ? pts[pts.length - 1].t : Date.now();
    const start = end - o.spanMs;
    let max = o.floor || 0;
    pts.forEach((p) => p.values.forEach((v) => {
      if (v !== null && v !== undefined && p.t >= start && v > max) {
        max = v;
      }
    }));
    max = niceMax(max);
    const x = (t) => PAD_L + ((t - start) / o.spanMs) * (W - PAD_L - PAD_R);
    const y = (v) => PAD_T + (1 - v / max) * (H - PAD_T - PAD_B);
    const grid = [0.25, 0.5, 0.75, 1].map((f) => s('line', {
      x1: PAD_L, x2: W - PAD_R, y1: y(max * f), y2: y(max * f), class: 'grid',
    }));
    const lines = o.series.map((series, i) => {
      const segments = [];
      let current = [];
      let prevT = null;
      pts.forEach((p) => {
        const v = p.values[i];
        const gap = prevT !== null && p.t - prevT > (o.gapMs || 5000);
        if (v === null || v === undefined || p.t < start || gap) {
          if (current.length) {
            segments.push(current);
          }
          current = [];
        }
        if (v !== null && v !== undefined && p.t >= start) {
          current.push(x(p.t).toFixed(1) + ',' + y(v).toFixed(1));
        }
        prevT = p.t;
      });
      if (current.length) {
        segments.push(current);
      }
      return segments.map((seg) => s('polyline', { points: seg.join(' '), class: 'line ' + series.cls }));
    });
    replace(this.svg,
      grid,
      s('text', { x: W - PAD_R, y: PAD_T + 10, class: 'axis', 'text-anchor': 'end' }, o.format(max)),
      s('text', { x: PAD_L, y: H - 4, class: 'axis' }, '−' + Math.round(o.spanMs / 1000) + ' s'),
      s('text', { x: W - PAD_R, y: H - 4, class: 'axis', 'text-anchor': 'end' }, 'now'),
      lines);
    const last = history.last();
    replace(this.legend, o.series.map((series, i) => h('span', { class: 'legend-item' },
      h('span', { class: 'swatch ' + series.cls }), series.name + ': ',
      h('b', { class: 'legend-value' }, last ? o.format(last.values[i]) : '–'))));
  }
}

/** A round upper bound for a y axis: 1, 2 or 5 times a power of ten, at least 1. */
function niceMax(v) {
  if (!(v > 0)) {
    return 1;
  }
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 5, 10]) {
    if (v <= m * p) {
      return m * p;
    }
  }
  return 10 * p;
}

/** A horizontal usage bar (0..1) with its text. */
export function bar(ratio, text, cls) {
  const r = Math.max(0, Math.min(1, ratio || 0));
  const fill = h('div', { class: 'bar-fill', dataset: { ratio: r.toFixed(3) } });
  fill.style.width = (r * 100).toFixed(1) + '%'; // CSSOM, which the page's Content-Security-Policy allows
  return h('div', { class: ['bar', cls, r >= 0.9 ? 'hot' : r >= 0.7 ? 'warm' : null], title: text },
    fill, h('span', { class: 'bar-text' }, text));
}
