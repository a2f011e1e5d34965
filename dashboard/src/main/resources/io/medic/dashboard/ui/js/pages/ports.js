// Ports: the node's sockets and files (GET /medic/ports: by number, or ranked by a counter — recon's
// inet_count over every port), the count per type (GET /medic/ports/types: recon's port_types), and
// file descriptors. Every counter column sorts; refreshed every two seconds.

import { h, replace, pidLink } from '../dom.js';
import * as api from '../api.js';
import * as fmt from '../format.js';
import { Poller } from '../poller.js';
import { table, stat, notice, errorText, refreshControls } from '../widgets.js';

const COUNTERS = [['recv_oct', 'received'], ['send_oct', 'sent'], ['recv_cnt', 'packets in'], ['send_cnt', 'packets out']];
const LIMITS = [20, 50, 100, 500];

export default {
  id: 'ports',
  title: 'Ports',
  nav: true,
  requires: [['GET', '/medic/ports'], ['GET', '/medic/ports/types']],

  mount(ctx) {
    const state = {
      sort: COUNTERS.some(([c]) => c === ctx.params.get('sort')) ? ctx.params.get('sort') : null,
      limit: LIMITS.includes(Number(ctx.params.get('limit'))) ? Number(ctx.params.get('limit')) : 50,
    };
    const msg = h('p', { class: 'notice', hidden: true });
    const types = h('div', { class: 'stats', id: 'port-types' });
    const holder = h('div', { id: 'port-table-holder' });
    const summary = h('p', { class: 'hint', id: 'port-summary' });
    const remember = () => ctx.setParams({ sort: state.sort, limit: state.limit });

    const poller = new Poller(async () => {
      const [t, list] = await Promise.all([api.get('ports/types'),
        api.get('ports', state.sort ? { sort: state.sort, limit: state.limit } : { limit: state.limit })]);
      replace(types,
        stat('Ports', fmt.int(t.port_count), 'ports-count'),
        Object.entries(t.types).map(([name, n]) => stat(name, fmt.int(n), 'ports-type-' + name.replace(/[^a-z0-9_]/gi, '_'))),
        stat('File descriptors', fmt.int(t.open_file_descriptors), 'ports-fds', 'of ' + fmt.int(t.max_file_descriptors)));
      const rows = list.ports.map((p) => Object.assign({}, p, p.details || {}, state.sort ? { [state.sort]: p.value } : {}));
      replace(holder, table({
        id: 'port-table',
        columns: [
          { key: 'port', title: 'port', render: (p) => p.port },
          { key: 'name', title: 'type', render: (p) => p.name },
          { key: 'owner', title: 'owner', render: (p) => pidLink(p.owner, p.owner_name) },
          { key: 'local_address', title: 'local', cls: 'mono', render: (p) => p.local_address || p.path || '' },
          { key: 'peer_address', title: 'peer', cls: 'mono', render: (p) => p.peer_address || '' },
        ].concat(COUNTERS.map(([c, title]) => ({
          key: c, sort: c, cls: 'num', title,
          value: (p) => (p[c] === undefined ? '' : p[c]),
          render: (p) => (p[c] === undefined ? '–' : fmt.attribute(c, p[c])),
        }))),
        rows,
        sort: state.sort,
        onSort: (c) => {
          state.sort = c;
          remember();
          poller.now();
        },
        rowData: (p) => ({ port: p.port }),
        empty: 'no open port',
      }));
      replace(summary, state.sort
        ? 'Top ' + state.limit + ' ports by ' + state.sort + ' (every port, files included)'
        : 'Open ports by number, the first ' + state.limit + ' of ' + fmt.int(list.port_count));
      notice(msg, null);
      controls.stamp();
      ctx.updated();
    }, 2000, (e) => notice(msg, errorText(e), 'error'));
    const controls = refreshControls(poller, [1000, 2000, 5000, 10000], 2000);
    const byNumber = h('button', { type: 'button', id: 'ports-by-number', on: { click: () => {
      state.sort = null;
      remember();
      poller.now();
    } } }, 'By number');
    const limit = h('select', { id: 'ports-limit', on: { change: () => {
      state.limit = Number(limit.value);
      remember();
      poller.now();
    } } }, LIMITS.map((n) => h('option', { value: n, selected: n === state.limit }, n + ' ports')));
    ctx.main.append(h('div', { class: 'page-head' }, h('h1', null, 'Ports'), controls.el), msg, types,
      h('div', { class: 'toolbar' }, byNumber, ' ', limit, h('span', { class: 'hint' }, ' Click a counter to rank by it.')),
      summary, holder);
    poller.start();
    return () => poller.stop();
  },
};
