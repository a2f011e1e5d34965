// Cluster: the whole cluster from this node (docs/cluster.md#cluster-wide-introspection) — the members with
// their node stats (GET /medic/cluster/nodes), the cluster-wide top N (GET /medic/cluster/processes, or
// /processes/window: recon:rpc of proc_count or proc_window, merged, each process with its node), the
// members that did not answer (recon:rpc's bad nodes) as a warning, the global names and where each
// failover application runs. Shown only on a node that is a member of a cluster. A process or a member is
// looked into on its own node's dashboard: links go there (navigation; this node fetches nothing of
// another node for the page).

import { h, replace, memberHref, memberLink, localPid } from '../dom.js';
import * as api from '../api.js';
import * as fmt from '../format.js';
import { Poller } from '../poller.js';
import { table, notice, errorText, refreshControls, section } from '../widgets.js';
import { ATTRIBUTES, shortClass, rankingState, rankingSelects } from './processes.js';
import { noLinkReason } from '../selector.js';

/** How long each member is given to answer (timeout_ms of every cluster route). */
const TIMEOUT_MS = 2000;

export default {
  id: 'cluster',
  title: 'Cluster',
  nav: true,
  requires: [['GET', '/medic/cluster/nodes']],
  /** Only on a member of a cluster: GET /medic/cluster/nodes answered when the dashboard started. */
  when: (session) => session.cluster !== null,

  mount(ctx) {
    const session = ctx.session;
    const state = rankingState(ctx.params);
    const remember = () => ctx.setParams({ sort: state.sort, window_ms: state.window === '0' ? null : state.window,
      limit: state.limit });
    const ranks = session.has('GET', '/medic/cluster/processes') && session.has('GET', '/medic/cluster/processes/window');
    const hasGlobal = session.has('GET', '/medic/cluster/global');
    const hasApps = session.has('GET', '/medic/cluster/applications');

    const msg = h('p', { class: 'notice', hidden: true });
    const bad = h('div', { class: 'notice warn', id: 'cluster-bad-nodes', hidden: true });
    const summary = h('p', { class: 'hint', id: 'cluster-summary' });
    const members = h('div', { class: 'table-holder', id: 'cluster-members-holder' });
    const rankingMsg = h('p', { class: 'notice', hidden: true });
    const rankingSummary = h('p', { class: 'hint', id: 'cluster-ranking-summary' });
    const ranking = h('div', { class: 'table-holder', id: 'cluster-ranking-holder' });
    const globalMsg = h('p', { class: 'notice', hidden: true });
    const globals = h('div', { class: 'table-holder', id: 'cluster-global-holder' });
    const appsMsg = h('p', { class: 'notice', hidden: true });
    const apps = h('div', { class: 'table-holder', id: 'cluster-applications-holder' });

    /** Where each member serves its dashboard, from the last members answer: node -> base_url. */
    let bases = new Map();
    const selfNode = () => (session.cluster ? session.cluster.node : null);

    /** A link to `fragment` on `node`'s dashboard (this dashboard for this node), or the text alone. */
    const onNode = (node, fragment, ...children) => {
      if (node === selfNode()) {
        return h('a', { href: fragment }, ...children); // this dashboard
      }
      const href = memberHref(bases.get(node), fragment);
      return href === null
        ? h('span', { title: 'no dashboard address for ' + node + ' (see the members table)' }, ...children)
        : memberLink(href, null, ...children);
    };
    const processOn = (node, pid, name) => {
      const local = localPid(pid, node);
      return onNode(node, '#/process/' + encodeURIComponent(local), h('span', { class: 'pid' }, pid),
        name ? [' ', h('span', { class: 'name' }, name)] : null);
    };

    const drawMembers = (answer) => {
      bases = new Map(answer.nodes.map((m) => [m.node, m.base_url]));
      const up = answer.nodes.filter((m) => m.status === 'up' && m.reachable).length;
      replace(summary, answer.nodes.length + ' members, ' + up + ' up and reachable, as ' + answer.node
        + ' sees them (each given ' + fmt.duration(answer.timeout_ms) + ' to answer)');
      const st = (m, f) => (m.stats ? f(m.stats) : null);
      replace(members, table({
        id: 'cluster-members',
        columns: [
          { key: 'node', title: 'node', render: (m) => [h('span', { class: 'mono' }, m.node),
            m.self ? [' ', h('span', { class: 'tag here' }, 'this node')] : null,
            m.leader ? [' ', h('span', { class: 'tag', title: 'the cluster\'s leader, as this node sees it' }, 'leader')] : null,
            m.oldest ? [' ', h('span', { class: 'tag', title: 'the oldest member: where the cluster singletons run' }, 'oldest')] : null] },
          { key: 'status', title: 'status', render: (m) => h('span', { class: 'member-status ' + m.status }, m.status) },
          { key: 'reachable', title: 'reachable', render: (m) => h('span', { class: 'member-status ' + (m.reachable ? 'up' : 'unreachable') },
            m.reachable ? 'yes' : 'unreachable') },
          { key: 'roles', title: 'roles', cls: 'call', render: (m) => m.roles.join(', ') },
          { key: 'uptime', title: 'uptime', cls: 'num', render: (m) => st(m, (s) => fmt.duration(s.uptime_ms)) ?? '–' },
          { key: 'processes', title: 'processes', cls: 'num', value: (m) => st(m, (s) => s.process_count) ?? '',
            render: (m) => fmt.int(st(m, (s) => s.process_count)) },
          { key: 'run_queue', title: 'run queue', cls: 'num', render: (m) => fmt.int(st(m, (s) => s.run_queue)) },
          { key: 'message_queue_len', title: 'queued', cls: 'num', render: (m) => fmt.int(st(m, (s) => s.message_queue_len)) },
          { key: 'heap', title: 'heap', cls: 'num', render: (m) => fmt.bytes(st(m, (s) => s.memory.heap_used_bytes)) },
          { key: 'dashboard', title: 'dashboard', render: (m) => {
            if (m.self) {
              return h('span', { class: 'hint' }, 'this one');
            }
            const reason = noLinkReason(m, answer.bad_nodes);
            return reason === null
              ? memberLink(memberHref(m.base_url, '#/'), { class: 'member-dashboard', title: m.base_url + '/medic/ui/' },
                m.base_url.replace(/^https?:\/\//, '') + ' ↗')
              : h('span', { class: 'hint', title: reason }, reason.startsWith('did not answer') ? 'did not answer' : 'no HTTP API');
          } },
        ],
        rows: answer.nodes,
        rowData: (m) => ({ node: m.node, self: m.self }),
        empty: 'no member',
      }));
    };

    const drawRanking = (answer) => {
      const windowed = answer.window_ms !== null && answer.window_ms !== undefined;
      const title = ATTRIBUTES.find(([a]) => a === answer.attribute);
      replace(rankingSummary, 'Top ' + answer.limit + ' of the cluster by ' + (title ? title[1] : answer.attribute)
        + (windowed ? ', its increase over ' + fmt.duration(answer.window_ms) : '') + ': every member\'s top '
        + answer.limit + ' merged (' + answer.nodes.length + ' answered)');
      replace(ranking, table({
        id: 'cluster-ranking',
        columns: [
          { key: 'node', title: 'node', cls: 'mono', render: (r) => r.node },
          { key: 'pid', title: 'pid', render: (r) => processOn(r.node, r.pid) },
          { key: 'registered_name', title: 'name', cls: 'name-col', render: (r) => r.registered_name || '' },
          { key: 'initial_call', title: 'initial call', cls: 'call', render: (r) => shortClass(r.initial_call) },
          { key: 'status', title: 'status', render: (r) => h('span', { class: 'status ' + r.status }, r.status) },
          { key: 'current_message_type', title: 'current message', cls: 'call', render: (r) => shortClass(r.current_message_type) },
          { key: 'value', title: (title ? title[1] : answer.attribute) + (windowed ? ' Δ' + fmt.duration(answer.window_ms) : ''),
            cls: 'num', value: (r) => r.value, render: (r) => fmt.attribute(answer.attribute, r.value) },
        ],
        rows: answer.processes,
        rowData: (r) => ({ node: r.node, pid: r.pid }),
        empty: 'no process',
      }));
    };

    const drawGlobal = (answer) => {
      const rows = Object.entries(answer.names).map(([name, pid]) => ({ name, pid,
        node: pid.indexOf('@') < 0 ? answer.node : pid.slice(pid.indexOf('@') + 1) }));
      replace(globals, table({
        id: 'cluster-global',
        columns: [
          { key: 'name', title: 'name', cls: 'name-col', render: (r) => r.name },
          { key: 'pid', title: 'holder', render: (r) => processOn(r.node, r.pid) },
          { key: 'node', title: 'node', cls: 'mono', render: (r) => r.node },
        ],
        rows,
        rowData: (r) => ({ name: r.name }),
        empty: 'no global name (global:register_name: docs/cluster.md)',
      }));
    };

    const drawApps = (list) => {
      replace(apps, table({
        id: 'cluster-applications',
        columns: [
          { key: 'name', title: 'application', cls: 'name-col', render: (a) => a.name },
          { key: 'node', title: 'runs on', cls: 'mono', render: (a) => (a.node ? onNode(a.node, '#/supervision', a.node) : 'nowhere') },
          { key: 'phase', title: 'phase', render: (a) => h('span', { class: 'member-status ' + a.phase }, a.phase) },
          { key: 'candidates', title: 'candidates, best first', cls: 'mono wrap', render: (a) => a.candidates.join(', ') },
          { key: 'takeover', title: 'takeover', render: (a) => (a.takeover ? 'yes' : 'no') },
        ],
        rows: list,
        rowData: (a) => ({ name: a.name }),
        empty: 'no failover application (FailoverApplication: docs/cluster.md#failover-applications)',
      }));
    };

    /** The members that did not answer, per query: "node X did not answer: why". */
    const drawBad = (answers) => {
      const byNode = new Map();
      answers.forEach(([what, a]) => (a && a.bad_nodes ? a.bad_nodes : []).forEach((b) => {
        const seen = byNode.get(b.node) || { reasons: new Set(), what: [] };
        seen.reasons.add(b.reason);
        seen.what.push(what);
        byNode.set(b.node, seen);
      }));
      bad.hidden = byNode.size === 0;
      replace(bad, byNode.size === 0 ? null : h('ul', null, [...byNode.entries()].map(([node, s]) =>
        h('li', { dataset: { node } }, '⚠ node ', h('span', { class: 'mono' }, node), ' did not answer: ',
          [...s.reasons].join('; '), h('span', { class: 'hint' }, ' (' + s.what.join(', ') + '; what is shown is the other members\')')))));
    };

    const settle = (promise, holderMsg, draw) => promise.then((a) => {
      draw(a);
      notice(holderMsg, null);
      return a;
    }, (e) => {
      notice(holderMsg, errorText(e), e.status === 429 || e.status === 503 ? 'info' : 'error');
      return null;
    });

    const poller = new Poller(async () => {
      const nodes = await api.get('cluster/nodes', { timeout_ms: TIMEOUT_MS });
      session.cluster = nodes;
      if (session.selector) {
        session.selector.update(nodes);
      }
      drawMembers(nodes);
      const windowed = state.window !== '0';
      const [rank] = await Promise.all([
        ranks ? settle(windowed
          ? api.get('cluster/processes/window', { attr: state.sort, limit: state.limit, window_ms: state.window, timeout_ms: TIMEOUT_MS })
          : api.get('cluster/processes', { sort: state.sort, limit: state.limit, timeout_ms: TIMEOUT_MS }), rankingMsg, drawRanking) : null,
        hasGlobal ? settle(api.get('cluster/global'), globalMsg, drawGlobal) : null,
        hasApps ? settle(api.get('cluster/applications', { timeout_ms: TIMEOUT_MS }), appsMsg, drawApps) : null,
      ]);
      drawBad([['members and stats', nodes], ['ranking', rank]]);
      notice(msg, null);
      controls.stamp();
      ctx.updated();
    }, 2000, (e) => notice(msg, errorText(e), 'error'));
    const controls = refreshControls(poller, [1000, 2000, 5000, 10000], 2000);

    const sort = h('select', { id: 'cluster-sort', 'aria-label': 'rank by', on: { change: () => {
      state.sort = sort.value;
      remember();
      poller.now();
    } } }, ATTRIBUTES.map(([a, t]) => h('option', { value: a, selected: a === state.sort }, 'by ' + t)));
    const { mode, limit } = rankingSelects('cluster', state, () => {
      remember();
      poller.now();
    });

    ctx.main.append(
      h('div', { class: 'page-head' }, h('h1', null, 'Cluster'), controls.el),
      msg, bad,
      section('Members', { id: 'cluster-members-panel' }, summary, members),
      ranks ? section('Processes, cluster-wide', { id: 'cluster-ranking-panel' },
        h('div', { class: 'toolbar' }, sort, ' ', limit, ' ', mode,
          h('span', { class: 'hint' }, ' A pid opens the process on its node\'s dashboard.')),
        rankingMsg, rankingSummary, ranking) : null,
      hasGlobal ? section('Global names', { id: 'cluster-global-panel' }, globalMsg, globals) : null,
      hasApps ? section('Failover applications', { id: 'cluster-applications-panel' }, appsMsg, apps) : null);
    poller.start();
    return () => poller.stop();
  },
};
