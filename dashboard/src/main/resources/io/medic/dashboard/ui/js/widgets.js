// Pieces every page uses: sections, key/value lists, tables, notices and the refresh controls.

import { h, replace } from './dom.js';
import * as fmt from './format.js';

export function section(title, attrs, ...children) {
  return h('section', Object.assign({ class: 'panel' }, attrs || {}), h('h2', null, title), ...children);
}

/** A definition list of [label, value, id?] rows; a value may be a node. */
export function kv(rows) {
  return h('dl', { class: 'kv' }, rows.filter(Boolean).map(([k, v, id]) => [h('dt', null, k), h('dd', id ? { id } : null, v)]));
}

/** A stat card: a label, a value (a string), an optional note. */
export function stat(label, value, id, note) {
  return h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, label),
    h('div', { class: 'stat-value', id }, value), note ? h('div', { class: 'stat-note' }, note) : null);
}

/**
 * A table: columns [{key, title, cls, render(row), sort: wire name}], rows; a column with `sort` gets a
 * header button that calls onSort(name); the active sort column is marked.
 */
export function table(o) {
  const head = h('tr', null, o.columns.map((c) => {
    const title = c.sort && o.onSort
      ? h('button', { class: ['sort', o.sort === c.sort ? 'active' : null], type: 'button', dataset: { sort: c.sort },
        title: 'sort by ' + c.sort, on: { click: () => o.onSort(c.sort) } }, c.title, o.sort === c.sort ? ' ▼' : '')
      : c.title;
    return h('th', { class: c.cls, dataset: c.sort ? { col: c.sort } : { col: c.key } }, title);
  }));
  const body = o.rows.length
    ? o.rows.map((r, i) => h('tr', { dataset: o.rowData ? o.rowData(r, i) : null },
      o.columns.map((c) => h('td', { class: c.cls, dataset: c.value ? { col: c.sort || c.key, value: c.value(r) } : { col: c.sort || c.key } },
        c.render ? c.render(r) : fmt.int(r[c.key])))))
    : h('tr', null, h('td', { class: 'empty', colspan: o.columns.length }, o.empty || 'nothing to show'));
  return h('table', { class: ['grid-table', o.cls], id: o.id }, h('thead', null, head), h('tbody', null, body));
}

/** A notice line, replaced by each call: notice(el, 'text', 'error'|'info'|null). */
export function notice(el, text, kind) {
  el.className = 'notice' + (kind ? ' ' + kind : '');
  replace(el, text || '');
  el.hidden = !text;
}

/** The text to show for a failed request. */
export function errorText(e) {
  if (e && e.status === 429) {
    return 'The node is busy with another window of the same kind (429 ' + e.code + '): ' + e.message;
  }
  if (e && e.code) {
    return (e.status ? e.status + ' ' : '') + e.code + ': ' + e.message;
  }
  return String(e && e.message ? e.message : e);
}

/**
 * The refresh controls of a page: an auto-refresh checkbox, the interval, a "refresh now" button and
 * the time of the last update.
 */
export function refreshControls(poller, intervals, initial) {
  const last = h('span', { class: 'last-update', id: 'last-update' }, '');
  const auto = h('input', { type: 'checkbox', id: 'auto-refresh', checked: true,
    on: { change: () => poller.setPaused(!auto.checked) } });
  const every = h('select', { id: 'refresh-interval', on: { change: () => poller.setInterval(Number(every.value)) } },
    intervals.map((ms) => h('option', { value: ms, selected: ms === initial }, ms >= 1000 ? ms / 1000 + ' s' : ms + ' ms')));
  const now = h('button', { type: 'button', id: 'refresh-now', on: { click: () => poller.now() } }, 'Refresh');
  return {
    el: h('span', { class: 'refresh' }, h('label', null, auto, ' auto-refresh every '), every, ' ', now, ' ', last),
    stamp() {
      replace(last, 'updated ' + fmt.clock());
    },
  };
}
