// Processes: the top N by any attribute (every column header sorts), absolute (recon's proc_count) or
// over a window (proc_window), refreshed automatically, and a search by registered name or pid. One
// request per refresh: GET /medic/dashboard/processes, which ranks with Medic's own rankings and returns
// every attribute of each row.

import { h, replace, pidLink } from '../dom.js';
import * as api from '../api.js';
import * as fmt from '../format.js';
import { Poller } from '../poller.js';
import { table, notice, errorText, refreshControls } from '../widgets.js';

export const ATTRIBUTES = [
  ['reductions', 'reductions'],
  ['memory_bytes', 'memory'],
  ['message_queue_len', 'queue'],
  ['messages_in', 'messages in'],
  ['busy_time_us', 'busy time'],
  ['allocated_bytes', 'allocated'],
  ['restarts', 'restarts'],
  ['ports', 'ports'],
];
const MODES = [['0', 'absolute'], ['1000', 'over 1 s'], ['5000', 'over 5 s']];
const LIMITS = [10, 20, 50, 100];

/**
 * A ranking's options read from the page's address (sort, window_ms, limit), each one a value the
 * selectors offer, else its default: {sort, window ('0': absolute), limit}. The Cluster page ranks the same way.
 */
export function rankingState(params) {
  return {
    sort: ATTRIBUTES.some(([a]) => a === params.get('sort')) ? params.get('sort') : 'reductions',
    window: MODES.some(([w]) => w === params.get('window_ms')) ? params.get('window_ms') : '0',
    limit: LIMITS.includes(Number(params.get('limit'))) ? Number(params.get('limit')) : 20,
  };
}

/** The limit and window selectors of a ranking (ids PREFIX-limit, PREFIX-mode): each sets `state` and calls changed(). */
export function rankingSelects(prefix, state, changed) {
  const mode = h('select', { id: prefix + '-mode', on: { change: () => {
    state.window = mode.value;
    changed();
  } } }, MODES.map(([v, t]) => h('option', { value: v, selected: v === state.window }, t)));
  const limit = h('select', { id: prefix + '-limit', on: { change: () => {
    state.limit = Number(limit.value);
    changed();
  } } }, LIMITS.map((n) => h('option', { value: n, selected: n === state.limit }, 'top ' + n)));
  return { mode, limit };
}

export default {
  id: 'processes',
  title: 'Processes',
  nav: true,
  requires: [['GET', '/medic/dashboard/processes']],

  mount(ctx) {
    const p = ctx.params;
    const state = Object.assign(rankingState(p), { search: p.get('search') || '' });
    const msg = h('p', { class: 'notice', hidden: true });
    const summary = h('p', { class: 'hint', id: 'process-summary' });
    const holder = h('div', { id: 'process-table-holder' });

    const remember = () => ctx.setParams({ sort: state.sort, window_ms: state.window === '0' ? null : state.window,
      limit: state.limit, search: state.search });

    const draw = (answer) => {
      const windowed = answer.window_ms !== null && answer.window_ms !== undefined;
      const columns = [
        { key: 'pid', title: 'pid', render: (r) => pidLink(r.pid) },
        { key: 'registered_name', title: 'name', cls: 'name-col', render: (r) => r.registered_name || '' },
        { key: 'initial_call', title: 'initial call', cls: 'call', render: (r) => shortClass(r.initial_call) },
        { key: 'status', title: 'status', render: (r) => h('span', { class: 'status ' + r.status }, r.status) },
        { key: 'current_message_type', title: 'current message', cls: 'call', render: (r) => shortClass(r.current_message_type) },
      ].concat(ATTRIBUTES.map(([a, title]) => ({
        key: a, sort: a, cls: 'num',
        title: windowed && a === answer.attribute ? title + ' Δ' + fmt.duration(answer.window_ms) : title,
        // the ranked column shows the value the ranking used (the increase, over a window); the others
        // the process's values when its row was read
        value: (r) => (a === answer.attribute ? r.value : r[a]),
        render: (r) => fmt.attribute(a, a === answer.attribute ? r.value : r[a]),
      })));
      replace(holder, table({
        id: 'process-table',
        columns,
        rows: answer.processes,
        sort: answer.attribute,
        onSort: (a) => {
          state.sort = a;
          remember();
          poller.now();
        },
        rowData: (r) => ({ pid: r.pid }),
        empty: answer.search ? 'no process matches' : 'no process',
      }));
      replace(summary, answer.search
        ? answer.processes.length + ' processes match “' + answer.search + '”, by ' + answer.attribute + ', of '
          + fmt.int(answer.process_count) + ' on the node'
        : 'Top ' + answer.limit + ' of ' + fmt.int(answer.process_count) + ' processes by ' + answer.attribute
          + (windowed ? ', its increase over ' + fmt.duration(answer.window_ms) : ''));
    };

    const poller = new Poller(async () => {
      const search = state.search.trim();
      const answer = await api.get('dashboard/processes', {
        sort: state.sort,
        limit: state.limit,
        window_ms: search || state.window === '0' ? null : state.window,
        search: search || null,
      });
      draw(answer);
      notice(msg, null);
      controls.stamp();
      ctx.updated();
    }, 2000, (e) => notice(msg, errorText(e), e.status === 429 ? 'info' : 'error'));
    const controls = refreshControls(poller, [1000, 2000, 5000, 10000], 2000);

    const searchBox = h('input', { type: 'search', id: 'process-search', placeholder: 'name or pid', value: state.search,
      'aria-label': 'search by registered name or pid' });
    let typing = null;
    searchBox.addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(() => {
        state.search = searchBox.value;
        remember();
        poller.now();
      }, 250);
    });
    const { mode, limit } = rankingSelects('process', state, () => {
      remember();
      poller.now();
    });

    ctx.main.append(
      h('div', { class: 'page-head' }, h('h1', null, 'Processes'), controls.el),
      h('div', { class: 'toolbar' }, searchBox, ' ', limit, ' ', mode,
        h('span', { class: 'hint' }, ' Click a column to sort by it. A search ranks what it finds by absolute values.')),
      msg, summary, holder);
    poller.start();
    return () => {
      clearTimeout(typing);
      poller.stop();
    };
  },
};

/** A class name without its package, the full name as its title. */
export function shortClass(name) {
  if (!name) {
    return '';
  }
  const i = name.lastIndexOf('.');
  return h('span', { title: name }, i < 0 ? name : name.slice(i + 1));
}
