// Overload: who sheds load on the node (Erlang in Anger, chapter 3). GET /medic/overload — the messages
// bounded mailboxes dropped since the node started, and the processes with a bounded mailbox, those that
// dropped the most first (pobox's view) — with the circuit breakers (GET /medic/breakers: state,
// failures, calls and rejections) and the valves (GET /medic/valves: running and queued against their
// limits, admitted, rejected). Refreshed every two seconds; the breakers and valves sort in the page by
// any column (the node lists at most `limit` of each, by name).

import { h, replace, pidLink } from '../dom.js';
import * as api from '../api.js';
import * as fmt from '../format.js';
import { Poller } from '../poller.js';
import { bar } from '../chart.js';
import { table, stat, notice, errorText, refreshControls } from '../widgets.js';

const LIMIT = 100;

export default {
  id: 'overload',
  title: 'Overload',
  nav: true,
  requires: [['GET', '/medic/overload'], ['GET', '/medic/breakers'], ['GET', '/medic/valves']],

  mount(ctx) {
    const sorts = { breakers: ctx.params.get('breakers') || 'name', valves: ctx.params.get('valves') || 'name' };
    const msg = h('p', { class: 'notice', hidden: true });
    const stats = h('div', { class: 'stats', id: 'overload-stats' });
    const mailboxes = h('div', { class: 'table-holder', id: 'mailbox-table-holder' });
    const breakers = h('div', { class: 'table-holder', id: 'breaker-table-holder' });
    const valves = h('div', { class: 'table-holder', id: 'valve-table-holder' });
    let last = null;

    const draw = () => {
      const [o, b, v] = last;
      replace(stats,
        stat('Dropped messages', fmt.int(o.dropped_messages), 'overload-dropped', 'since the node started'),
        stat('Bounded mailboxes', fmt.int(o.bounded_mailboxes), 'overload-bounded'),
        stat('Breakers', fmt.int(o.breakers), 'overload-breakers', fmt.int(o.open_breakers) + ' open or half-open'),
        stat('Valves', fmt.int(o.valves), 'overload-valves'));
      replace(mailboxes, table({
        id: 'mailbox-table',
        columns: [
          { key: 'pid', title: 'process', render: (r) => pidLink(r.pid, r.registered_name) },
          { key: 'mailbox', title: 'mailbox', cls: 'mono', render: (r) => r.mailbox },
          { key: 'message_queue_len', title: 'queue', render: (r) => fill(r.message_queue_len, r.max_queue_len) },
          { key: 'dropped', title: 'dropped', cls: 'num', value: (r) => r.dropped },
          { key: 'messages_in', title: 'messages in', cls: 'num', value: (r) => r.messages_in },
        ],
        rows: o.mailboxes,
        rowData: (r) => ({ pid: r.pid }),
        empty: 'no process has a bounded mailbox (every mailbox is unbounded, as in Erlang)',
      }));
      const named = (kind, columns, rowData, empty) => table({
        id: kind.slice(0, -1) + '-table',
        columns: [
          { key: 'name', title: 'name', sort: 'name', render: (r) => r.name },
          { key: 'owner', title: 'owner', render: (r) => pidLink(r.owner) },
        ].concat(columns),
        rows: sorted(kind === 'breakers' ? b.breakers : v.valves, sorts[kind]),
        sort: sorts[kind],
        onSort: (k) => {
          sorts[kind] = k;
          remember();
          draw();
        },
        rowData,
        empty,
      });
      const counters = (keys) => keys.map((k) => ({ key: k, title: k.replace('_', ' '), sort: k, cls: 'num', value: (r) => r[k] }));
      replace(breakers, named('breakers', [
        { key: 'state', title: 'state', sort: 'state', render: (r) => h('span', { class: 'breaker ' + r.state }, r.state) },
        { key: 'failure_count', title: 'failures', sort: 'failure_count', cls: 'num', value: (r) => r.failure_count,
          render: (r) => r.failure_count + ' / ' + r.max_failures },
        ...counters(['calls', 'succeeded', 'failed', 'timed_out', 'rejected', 'in_flight', 'opened']),
        { key: 'reset_timeout_ms', title: 'reset after', sort: 'reset_timeout_ms', cls: 'num', value: (r) => r.reset_timeout_ms,
          render: (r) => fmt.duration(r.reset_timeout_ms) + (r.max_reset_timeout_ms ? ' (≤ ' + fmt.duration(r.max_reset_timeout_ms) + ')' : '') },
        { key: 'state_changed_at', title: 'state since', render: (r) => fmt.clock(r.state_changed_at) },
      ], (r) => ({ name: r.name, state: r.state }), 'no circuit breaker on this node'));
      replace(valves, named('valves', [
        { key: 'running', title: 'running', sort: 'running', value: (r) => r.running, render: (r) => fill(r.running, r.max_concurrent) },
        { key: 'queued', title: 'queued', sort: 'queued', value: (r) => r.queued, render: (r) => fill(r.queued, r.max_queue) },
        ...counters(['submitted', 'admitted', 'completed', 'failed', 'rejected_full', 'rejected_timeout']),
        { key: 'max_queue_time_ms', title: 'max wait', cls: 'num', render: (r) => fmt.duration(r.max_queue_time_ms) },
      ], (r) => ({ name: r.name }), 'no valve on this node'));
    };
    const remember = () => ctx.setParams({ breakers: sorts.breakers === 'name' ? null : sorts.breakers,
      valves: sorts.valves === 'name' ? null : sorts.valves });

    const poller = new Poller(async () => {
      last = await Promise.all([api.get('overload', { limit: LIMIT }), api.get('breakers', { limit: 1000 }),
        api.get('valves', { limit: 1000 })]);
      draw();
      notice(msg, null);
      controls.stamp();
      ctx.updated();
    }, 2000, (e) => notice(msg, errorText(e), 'error'));
    const controls = refreshControls(poller, [1000, 2000, 5000, 10000], 2000);
    ctx.main.append(h('div', { class: 'page-head' }, h('h1', null, 'Overload'), controls.el), msg, stats,
      h('h2', { class: 'page-section' }, 'Bounded mailboxes'),
      h('p', { class: 'hint' }, 'The ' + LIMIT + ' processes with a bounded mailbox that dropped the most (overload.md).'), mailboxes,
      h('h2', { class: 'page-section' }, 'Circuit breakers'), breakers,
      h('h2', { class: 'page-section' }, 'Valves'), valves);
    poller.start();
    return () => poller.stop();
  },
};

/** Rows sorted by a column: names and states ascending, counters descending. */
function sorted(rows, key) {
  const copy = rows.slice();
  if (key === 'name' || key === 'state') {
    return copy.sort((a, b) => String(a[key]).localeCompare(String(b[key])) || a.name.localeCompare(b.name));
  }
  return copy.sort((a, b) => (b[key] - a[key]) || a.name.localeCompare(b.name));
}

/** A count against its capacity, as a bar ("3 / 10"); the count alone when there is no capacity. */
function fill(n, max) {
  if (max === null || max === undefined || max <= 0) {
    return fmt.int(n);
  }
  return bar(n / max, fmt.int(n) + ' / ' + fmt.int(max));
}
