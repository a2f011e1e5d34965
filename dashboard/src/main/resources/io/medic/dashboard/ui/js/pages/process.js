// One process: recon:info/1 refreshed every second (GET /medic/processes/{pid}: the table, never a message
// to the process), and tabs for what asks the process itself through sys — state, status, statistics,
// log — loaded when opened, and its crashes across its incarnations (GET .../crashes; the tab is kept in
// the address: ?tab=crashes). An admin on a node with the mutating routes on also gets suspend, resume,
// kill, replace state and the statistics and log switches.

import { h, replace, pidLink } from '../dom.js';
import * as api from '../api.js';
import * as fmt from '../format.js';
import { Poller } from '../poller.js';
import { section, kv, notice, errorText } from '../widgets.js';
import { actionButton, processActions } from '../actions.js';
import { reportDetails, shortReason } from '../crashes.js';
import { traceTab } from '../trace.js';

/** The tabs of a process page; each names the route it needs. A new area adds an entry here. */
export const TABS = [
  { id: 'state', title: 'State', route: ['GET', '/medic/processes/{pid}/state'], load: loadState },
  { id: 'status', title: 'Status', route: ['GET', '/medic/processes/{pid}/status'], load: loadStatus },
  { id: 'statistics', title: 'Statistics', route: ['GET', '/medic/processes/{pid}/statistics'], load: loadStatistics },
  { id: 'log', title: 'Log', route: ['GET', '/medic/processes/{pid}/log'], load: loadLog },
  { id: 'crashes', title: 'Crashes', route: ['GET', '/medic/processes/{pid}/crashes'], load: loadCrashes },
  // a trace session: a mutating route, so only for an admin where the mutating routes are on
  { id: 'trace', title: 'Trace', route: ['POST', '/medic/trace'], mutating: true, reload: false, load: async (t) => traceTab(t) },
];

export default {
  id: 'process',
  title: 'Process',
  nav: false,
  requires: [['GET', '/medic/processes/{pid}']],

  mount(ctx) {
    const pid = ctx.arg || '';
    const session = ctx.session;
    const msg = h('p', { class: 'notice', hidden: true, id: 'process-notice' });
    const result = h('p', { class: 'notice', hidden: true, id: 'action-result' });
    const out = (text, kind) => notice(result, text, kind);
    const infoEl = h('div', { id: 'process-info' });
    const title = h('span', { class: 'pid', id: 'process-title' }, pid);

    const poller = new Poller(async () => {
      try {
        const info = await api.get(api.processPath(pid));
        replace(title, info.pid, info.meta.registered_name ? [' ', h('span', { class: 'name' }, info.meta.registered_name)] : '');
        drawInfo(infoEl, info);
        ctx.main.dataset.alive = 'true';
        notice(msg, null);
      } catch (e) {
        if (e.status === 404) {
          ctx.main.dataset.alive = 'false';
        }
        throw e;
      }
      ctx.updated();
    }, 1000, (e) => notice(msg, errorText(e), 'error'));

    const actions = h('div', { class: 'actions', id: 'process-actions' },
      processActions(session, pid, out, () => poller.now()));

    // tabs
    const tabs = TABS.filter((t) => (t.mutating ? session.mayMutate(t.route[0], t.route[1]) : session.has(t.route[0], t.route[1])));
    let closers = []; // what the open tab runs when it is left (a trace's stream)
    const close = () => {
      closers.forEach((fn) => fn());
      closers = [];
    };
    const panel = h('div', { class: 'tab-panel', id: 'tab-panel' });
    const tabBar = h('div', { class: 'tabs', role: 'tablist' });
    let opened = null;
    const open = (tab) => {
      close();
      opened = tab;
      ctx.setParams({ tab: tab === tabs[0] ? null : tab.id }); // a reload or a link opens the same tab
      replace(tabBar, tabs.map((t) => h('button', { type: 'button', role: 'tab', id: 'tab-' + t.id,
        class: t === tab ? 'active' : null, on: { click: () => open(t) } }, t.title)));
      const reload = tab.reload === false ? null
        : h('button', { type: 'button', class: 'reload', id: 'tab-reload', on: { click: () => open(tab) } }, 'Reload');
      const body = h('div', { class: 'tab-body', id: 'tab-body-' + tab.id }, h('p', { class: 'hint' }, 'loading…'));
      replace(panel, reload, body);
      const tabCtx = { session, pid, out, reopen: () => { if (opened === tab) { open(tab); } },
        onClose: (fn) => closers.push(fn) };
      tab.load(tabCtx).then((content) => {
        if (opened === tab) {
          replace(body, content);
          body.dataset.loaded = 'true';
        }
      }, (e) => {
        if (opened === tab) {
          replace(body, h('p', { class: 'notice error' }, errorText(e)));
          body.dataset.loaded = 'error';
        }
      });
    };

    ctx.main.append(
      h('div', { class: 'page-head' }, h('h1', null, 'Process ', title), actions),
      msg, result, infoEl,
      tabs.length ? section('Inside the process', { id: 'panel-sys' }, tabBar, panel) : null);
    if (tabs.length) {
      open(tabs.find((t) => t.id === ctx.params.get('tab')) || tabs[0]);
    }
    poller.start();
    return () => {
      poller.stop();
      close();
    };
  },
};

function drawInfo(el, info) {
  const m = info.meta;
  const s = info.signals;
  const l = info.location;
  const mem = info.memory_used;
  const w = info.work;
  replace(el, h('div', { class: 'columns' },
    section('Meta', { id: 'info-meta' }, kv([
      ['registered name', m.registered_name || '–', 'info-name'],
      ['status', h('span', { class: 'status ' + m.status }, m.status), 'info-status'],
      ['kind', m.kind],
      ['behaviour', m.behaviour, 'info-behaviour'],
      ['parent', m.parent ? pidLink(m.parent) : m.parent_path],
      ['started', m.started_at],
      ['restarts', fmt.int(m.restarts)],
      ['sensitive', m.sensitive ? 'yes' : 'no'],
    ])),
    section('Work and memory', { id: 'info-work' }, kv([
      ['reductions', fmt.int(w.reductions), 'info-reductions'],
      ['messages handled', fmt.int(w.messages_handled), 'info-handled'],
      ['messages in', fmt.int(w.messages_in)],
      ['messages out', fmt.int(w.messages_out)],
      ['busy time', fmt.micros(w.busy_time_us)],
      ['message queue', fmt.int(mem.message_queue_len), 'info-queue'],
      ['memory', fmt.bytes(mem.memory_bytes), 'info-memory'],
      ['allocated', fmt.bytes(mem.allocated_bytes)],
    ])),
    section('Signals', { id: 'info-signals' }, kv([
      ['children', s.children.length ? h('span', { class: 'pid-list' }, s.children.map((c) => pidLink(c)))
        : 'none', 'info-children'],
      ['monitored by', s.monitored_by.length ? h('span', { class: 'pid-list' }, s.monitored_by.map((c) => pidLink(c))) : 'none'],
      ['ports', fmt.int(s.ports)],
    ])),
    section('Location', { id: 'info-location' }, kv([
      ['initial call', l.initial_call],
      ['current message', l.current_message_type || 'none (waiting)'],
      ['thread', l.current_thread || '–'],
    ]), l.current_stacktrace && l.current_stacktrace.length
      ? h('pre', { class: 'stack', id: 'info-stack' }, l.current_stacktrace.join('\n') + (l.stacktrace_truncated ? '\n…' : ''))
      : null)));
}

/** JSON shown as text (never parsed as HTML), indented. */
function json(value, id) {
  return h('pre', { class: 'json', id }, JSON.stringify(value, null, 2));
}

async function loadState(t) {
  const st = await api.get(api.processPath(t.pid, 'state'));
  const parts = [
    kv([['type', st.type], ['truncated', st.truncated ? 'yes (the rendering was cut at its bounds)' : 'no']]),
    json(st.state, 'state-json'),
  ];
  if (t.session.mayMutate('PUT', '/medic/processes/{pid}/state')) {
    const editor = h('textarea', { id: 'state-editor', rows: 10, spellcheck: 'false', 'aria-label': 'new state as JSON' });
    editor.value = JSON.stringify(st.state, null, 2);
    parts.push(h('div', { class: 'editor' },
      h('h3', null, 'Replace state (sys:replace_state)'),
      h('p', { class: 'hint' }, 'The JSON is read into the class of the current state, inside the process; a field that does not fit is refused and the state is unchanged.'),
      editor,
      actionButton({ id: 'action-replace-state', label: 'Replace state', danger: true,
        confirm: 'Replace the state of ' + t.pid + '?', out: t.out,
        action: async () => {
          await api.send('PUT', api.processPath(t.pid, 'state'), editor.value);
          t.reopen();
          return 'state replaced';
        } })));
  }
  return parts;
}

async function loadStatus(t) {
  const st = await api.get(api.processPath(t.pid, 'status'));
  const traceSwitch = t.session.mayMutate('PUT', '/medic/processes/{pid}/trace')
    ? actionButton({ id: 'action-sys-trace', label: st.trace_enabled ? 'Turn sys trace off' : 'Turn sys trace on', out: t.out,
      action: async () => {
        await api.send('PUT', api.processPath(t.pid, 'trace'), { enabled: !st.trace_enabled });
        t.reopen();
        return 'sys trace ' + (st.trace_enabled ? 'off' : 'on');
      } })
    : null;
  return [
    traceSwitch,
    kv([
      ['status', st.status], ['kind', st.kind], ['behaviour', st.behaviour],
      ['suspended', st.suspended ? 'yes' : 'no'], ['statistics', st.statistics_enabled ? 'on' : 'off'],
      ['log size', fmt.int(st.log_size)], ['sys trace', st.trace_enabled ? 'on (each event to the io.medic.trace log)' : 'off', 'status-trace'],
      ['sensitive', st.sensitive ? 'yes' : 'no'], ['state type', st.state_type || '–'],
      st.state_note ? ['note', st.state_note] : null,
    ]),
    h('h3', null, 'State as formatStatus renders it'),
    json(st.state, 'status-json'),
  ];
}

async function loadStatistics(t) {
  const st = await api.get(api.processPath(t.pid, 'statistics'));
  const parts = [st.enabled
    ? kv([['since', st.started_at], ['read at', st.read_at], ['reductions', fmt.int(st.reductions), 'stats-reductions'],
      ['messages in', fmt.int(st.messages_in)], ['messages out', fmt.int(st.messages_out)]])
    : h('p', { id: 'stats-off' }, 'sys statistics are off for this process (sys:statistics(Pid, true) turns them on).')];
  if (t.session.mayMutate('PUT', '/medic/processes/{pid}/statistics')) {
    parts.push(actionButton({ id: 'action-statistics', label: st.enabled ? 'Turn statistics off' : 'Turn statistics on',
      out: t.out, action: async () => {
        await api.send('PUT', api.processPath(t.pid, 'statistics'), { enabled: !st.enabled });
        t.reopen();
        return 'statistics ' + (st.enabled ? 'off' : 'on');
      } }));
  }
  return parts;
}

async function loadLog(t) {
  const st = await api.get(api.processPath(t.pid, 'log'));
  const events = st.events || [];
  const parts = [events.length
    ? h('table', { class: 'grid-table', id: 'log-table' }, h('thead', null, h('tr', null, h('th', null, 'at'), h('th', null, 'kind'), h('th', null, 'event'))),
      h('tbody', null, events.map((e) => h('tr', null, h('td', null, e.at), h('td', null, e.kind), h('td', { class: 'mono' }, e.description)))))
    : h('p', { id: 'log-empty' }, 'No events: the sys log is off or empty (sys:log(Pid, true) keeps the last events).')];
  if (t.session.mayMutate('PUT', '/medic/processes/{pid}/log')) {
    parts.push(actionButton({ id: 'action-log-on', label: 'Turn log on', out: t.out, action: async () => {
      await api.send('PUT', api.processPath(t.pid, 'log'), { enabled: true });
      t.reopen();
      return 'log on';
    } }), ' ', actionButton({ id: 'action-log-off', label: 'Turn log off', out: t.out, action: async () => {
      await api.send('PUT', api.processPath(t.pid, 'log'), { enabled: false });
      t.reopen();
      return 'log off';
    } }));
  }
  return parts;
}

async function loadCrashes(t) {
  const c = await api.get(api.processPath(t.pid, 'crashes'), { limit: 20 });
  const head = kv([
    ['supervisor', c.supervisor ? pidLink(c.supervisor) : 'none'],
    ['child id', c.child_id || '–'],
    c.supervisor_error ? ['supervisor error', c.supervisor_error] : null,
  ]);
  if (!c.crashes.length) {
    return [head, h('p', { id: 'crashes-empty' }, 'No crash of this process or of its earlier incarnations is kept.')];
  }
  return [head, h('div', { id: 'crash-list' }, c.crashes.map((x) => h('details', { class: 'crash', dataset: { pid: x.pid } },
    h('summary', null, x.at + ' · ', h('span', { class: 'pid' }, x.pid), ' · ', shortReason(x.reason),
      ' · restarts before: ' + x.restarts),
    x.report ? reportDetails(x.report)
      : h('p', { class: 'hint' }, 'No crash report: a killed process runs none of its code, and writes none (as in OTP).'))))];
}
