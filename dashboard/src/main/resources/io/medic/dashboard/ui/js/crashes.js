// A crash report (GET /medic/crashes, /medic/crashes/{report}, /medic/processes/{pid}/crashes: proc_lib's
// crash report, as rb shows it) drawn as text: shared by the Crashes page and a process's Crashes tab.

import { h, pidLink } from './dom.js';
import * as fmt from './format.js';
import { kv } from './widgets.js';

/** The whole report: what it was, why it stopped, where, with what message and state, and its ties. */
export function reportDetails(r) {
  return h('div', { class: 'crash-report', dataset: { report: r.id } },
    kv([
      ['report', '#' + r.id],
      ['crashed at', r.crashed_at],
      ['process', pidLink(r.pid, r.registered_name, 'crashes')],
      ['kind', r.kind],
      ['initial call', r.initial_call],
      ['ancestors', (r.ancestors || []).length
        ? h('span', { class: 'pid-list' }, r.ancestors.map((a) => pidLink(a.pid, a.registered_name))) : 'none'],
      ['reason', h('span', { class: 'mono reason' }, r.reason)],
      ['error class', r.error_class || '–'],
      ['last message type', r.last_message_type || '–'],
      ['message queue', fmt.int(r.message_queue_len)],
      ['reductions', fmt.int(r.reductions)],
      ['memory', fmt.bytes(r.memory_bytes)],
      ['restarts before', fmt.int(r.restarts)],
      r.note ? ['note', r.note] : null,
    ]),
    r.stacktrace && r.stacktrace.length
      ? [h('h3', null, 'Stack trace'), h('pre', { class: 'stack' }, r.stacktrace.join('\n') + (r.stacktrace_truncated ? '\n…' : ''))]
      : null,
    rendering('Last message', r.last_message),
    rendering('State', r.state),
    (r.neighbours || []).length ? [h('h3', null, 'Neighbours'), h('table', { class: 'grid-table' },
      h('thead', null, h('tr', null, ['process', 'relation', 'status', 'queue'].map((t) => h('th', null, t)))),
      h('tbody', null, r.neighbours.map((n) => h('tr', null, h('td', null, pidLink(n.pid, n.registered_name)),
        h('td', null, n.relation), h('td', null, n.status), h('td', { class: 'num' }, fmt.int(n.message_queue_len))))))]
      : null);
}

/** A rendered value ({type, truncated, value}) as indented JSON text, or nothing. */
function rendering(title, v) {
  if (!v) {
    return null;
  }
  return [h('h3', null, title + ' (' + v.type + (v.truncated ? ', cut at its bounds' : '') + ')'),
    h('pre', { class: 'json' }, JSON.stringify(v.value, null, 2))];
}

/** A reason cut for a table cell, the whole of it as the cell's title. */
export function shortReason(reason) {
  const t = String(reason || '');
  return h('span', { class: 'mono reason', title: t }, t.length > 90 ? t.slice(0, 89) + '…' : t);
}
