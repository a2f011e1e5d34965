// Home: the node at a glance (GET /medic/node every second), charts over a bounded history kept in the
// page, the memory pools (GET /medic/node/memory) and the dispatchers' usage
// (GET /medic/node/schedulers, a short window every two seconds: at most one such window runs on a node
// at a time, and the page leaves the node free most of the time).

import { h, replace } from '../dom.js';
import * as api from '../api.js';
import * as fmt from '../format.js';
import { History, LineChart, bar } from '../chart.js';
import { Poller } from '../poller.js';
import { section, stat, table, notice, errorText, refreshControls } from '../widgets.js';

const SPANS = [60 * 1000, 5 * 60 * 1000, 15 * 60 * 1000];
const NODE_POINTS = 900; // 15 minutes at one a second: the longest span
const SCHEDULER_WINDOW_MS = 500;
const SCHEDULER_EVERY_MS = 2000;

// The history lives as long as the page (switching to another page of the dashboard and back keeps it).
const store = {
  node: new History(NODE_POINTS),
  schedulers: new History(NODE_POINTS),
  schedulerNames: [],
  spanMs: SPANS[0],
  previous: null,
};

function rates(prev, cur, t) {
  if (!prev) {
    return [null, null];
  }
  const dt = (t - prev.t) / 1000;
  if (dt <= 0) {
    return [null, null];
  }
  const msgs = cur.messages_handled - prev.node.messages_handled;
  const gc = cur.gc_time_ms - prev.node.gc_time_ms;
  return [msgs >= 0 ? msgs / dt : null, gc >= 0 ? gc / dt : null];
}

export default {
  id: 'home',
  title: 'Home',
  nav: true,
  requires: [['GET', '/medic/node'], ['GET', '/medic/node/memory']],

  mount(ctx) {
    const msg = h('p', { class: 'notice', hidden: true });
    const stats = h('div', { class: 'stats', id: 'node-stats' });
    const charts = {
      processes: new LineChart({ id: 'chart-processes', title: 'Processes and ports', spanMs: store.spanMs,
        series: [{ name: 'processes', cls: 's1' }, { name: 'ports', cls: 's2' }], format: fmt.int }),
      queues: new LineChart({ id: 'chart-queues', title: 'Run queue and mailboxes', spanMs: store.spanMs,
        series: [{ name: 'run queue', cls: 's1' }, { name: 'processes with messages', cls: 's2' },
          { name: 'messages queued', cls: 's3' }], format: fmt.int }),
      messages: new LineChart({ id: 'chart-messages', title: 'Messages handled per second', spanMs: store.spanMs,
        series: [{ name: 'messages/s', cls: 's1' }], format: (v) => fmt.decimal(v, 0) }),
      memory: new LineChart({ id: 'chart-memory', title: 'Memory', spanMs: store.spanMs,
        series: [{ name: 'heap used', cls: 's1' }, { name: 'non-heap used', cls: 's2' }, { name: 'resident', cls: 's3' }],
        format: fmt.bytes }),
      gc: new LineChart({ id: 'chart-gc', title: 'GC time (ms per second)', spanMs: store.spanMs,
        series: [{ name: 'GC ms/s', cls: 's1' }], format: (v) => fmt.decimal(v, 1) }),
      schedulers: new LineChart({ id: 'chart-schedulers', title: 'Dispatcher usage (CPU of their threads)', spanMs: store.spanMs,
        series: [], format: fmt.ratio, floor: 1, gapMs: 3 * SCHEDULER_EVERY_MS }),
    };
    const memory = h('div', { id: 'memory' });
    const dispatchers = h('div', { id: 'dispatchers' });
    const usage = h('div', { id: 'scheduler-usage' });
    let lastNode = null;
    let lastUsage = null;

    const drawCharts = () => {
      charts.schedulers.o.series = store.schedulerNames.map((n, i) => ({ name: short(n), cls: 's' + ((i % 4) + 1) }));
      charts.processes.render(store.node.view(0, 1));
      charts.queues.render(store.node.view(2, 3, 4));
      charts.messages.render(store.node.view(5));
      charts.memory.render(store.node.view(6, 7, 8));
      charts.gc.render(store.node.view(9));
      charts.schedulers.render(store.schedulers);
    };

    const drawStats = (n) => {
      const m = n.memory;
      replace(stats,
        stat('Uptime', fmt.duration(n.uptime_ms), 'stat-uptime'),
        stat('Processes', fmt.int(n.process_count), 'stat-processes'),
        stat('Ports', fmt.int(n.port_count), 'stat-ports'),
        stat('Run queue', fmt.int(n.run_queue), 'stat-run-queue', fmt.int(n.processes_with_messages) + ' with messages'),
        stat('Messages queued', fmt.int(n.message_queue_len), 'stat-queued'),
        stat('Messages handled', fmt.int(n.messages_handled), 'stat-handled'),
        stat('Heap', fmt.bytes(m.heap_used_bytes), 'stat-heap', 'of ' + fmt.bytes(m.heap_max_bytes)),
        stat('Resident', fmt.bytes(m.resident_bytes), 'stat-resident'),
        stat('GC', fmt.int(n.gc_count) + ' · ' + fmt.int(n.gc_time_ms) + ' ms', 'stat-gc'),
        stat('Threads', fmt.int(n.threads.live), 'stat-threads', fmt.int(n.threads.daemon) + ' daemon'),
        stat('File descriptors', fmt.int(n.open_file_descriptors), 'stat-fds', 'of ' + fmt.int(n.max_file_descriptors)),
        stat('Load', fmt.decimal(n.system_load_average, 2), 'stat-load', n.available_processors + ' CPUs'));
    };

    const drawDispatchers = () => {
      if (!lastNode) {
        return;
      }
      const use = new Map((lastUsage ? lastUsage.dispatchers : []).map((d) => [d.dispatcher, d]));
      replace(dispatchers, table({
        id: 'dispatcher-table',
        columns: [
          { key: 'id', title: 'dispatcher', render: (d) => d.id },
          { key: 'executor', title: 'executor', render: (d) => d.executor },
          { key: 'parallelism', title: 'parallelism', cls: 'num' },
          { key: 'threads', title: 'threads', cls: 'num' },
          { key: 'active_threads', title: 'active', cls: 'num' },
          { key: 'run_queue', title: 'run queue', cls: 'num' },
          { key: 'actors', title: 'actors', cls: 'num' },
          { key: 'usage', title: 'CPU usage', cls: 'wide', render: (d) => use.has(d.id)
            ? bar(use.get(d.id).usage, fmt.ratio(use.get(d.id).usage) + ' · ' + fmt.decimal(use.get(d.id).busy_threads, 2) + ' threads busy')
            : '–' },
        ],
        rows: lastNode.dispatchers,
      }));
      replace(usage, lastUsage ? h('p', { class: 'hint' }, 'Last window: ' + lastUsage.window_ms + ' ms, by ' + lastUsage.method
        + '; Medic handlers busy ' + fmt.decimal(lastUsage.medic_busy, 2) + ' threads on average (wall time).') : '');
    };

    const nodePoller = new Poller(async () => {
      const n = await api.get('node');
      const t = Date.now();
      const [msgRate, gcRate] = rates(store.previous, n, t);
      store.previous = { t, node: n };
      store.node.push(t, [n.process_count, n.port_count, n.run_queue, n.processes_with_messages, n.message_queue_len,
        msgRate, n.memory.heap_used_bytes, n.memory.non_heap_used_bytes, n.memory.resident_bytes, gcRate]);
      lastNode = n;
      drawStats(n);
      drawCharts();
      drawDispatchers();
      notice(msg, null);
      controls.stamp();
      ctx.updated();
    }, 1000, (e) => notice(msg, errorText(e), 'error'));

    const memoryPoller = new Poller(async () => {
      const m = await api.get('node/memory');
      replace(memory,
        h('div', { class: 'mem-summary' },
          stat('Used', fmt.bytes(m.used_bytes), 'mem-used'),
          stat('Allocated', fmt.bytes(m.allocated_bytes), 'mem-allocated'),
          stat('Unused', fmt.bytes(m.unused_bytes), 'mem-unused'),
          stat('Usage', fmt.ratio(m.usage), 'mem-usage')),
        table({
          id: 'memory-pools',
          columns: [
            { key: 'name', title: 'pool', render: (p) => p.name },
            { key: 'type', title: 'type', render: (p) => p.type },
            { key: 'used_bytes', title: 'used', cls: 'num', render: (p) => fmt.bytes(p.used_bytes) },
            { key: 'committed_bytes', title: 'committed', cls: 'num', render: (p) => fmt.bytes(p.committed_bytes) },
            { key: 'max_bytes', title: 'max', cls: 'num', render: (p) => fmt.bytes(p.max_bytes) },
            { key: 'usage', title: 'usage', cls: 'wide', render: (p) => bar(p.usage, fmt.ratio(p.usage)) },
          ],
          rows: m.pools,
        }),
        m.buffers && m.buffers.length ? table({
          id: 'memory-buffers',
          columns: [
            { key: 'name', title: 'buffer pool', render: (b) => b.name },
            { key: 'count', title: 'buffers', cls: 'num' },
            { key: 'used_bytes', title: 'used', cls: 'num', render: (b) => fmt.bytes(b.used_bytes) },
            { key: 'capacity_bytes', title: 'capacity', cls: 'num', render: (b) => fmt.bytes(b.capacity_bytes) },
          ],
          rows: m.buffers,
        }) : null);
    }, 2000, (e) => notice(msg, errorText(e), 'error'));

    let schedulerPoller = null;
    if (ctx.session.has('GET', '/medic/node/schedulers')) {
      schedulerPoller = new Poller(async () => {
        let u;
        try {
          u = await api.get('node/schedulers', { window_ms: SCHEDULER_WINDOW_MS });
        } catch (e) {
          if (e.status === 429) {
            return; // another client's window is running: this round is skipped, the chart shows a gap
          }
          throw e;
        }
        const names = u.dispatchers.map((d) => d.dispatcher);
        if (names.join('\n') !== store.schedulerNames.join('\n')) {
          store.schedulerNames = names;
          store.schedulers = new History(NODE_POINTS);
        }
        store.schedulers.push(Date.now(), u.dispatchers.map((d) => d.usage));
        lastUsage = u;
        drawCharts();
        drawDispatchers();
      }, SCHEDULER_EVERY_MS, (e) => notice(msg, errorText(e), 'error'));
    }

    const controls = refreshControls({
      setPaused: (p) => [nodePoller, memoryPoller, schedulerPoller].forEach((x) => x && x.setPaused(p)),
      setInterval: (ms) => nodePoller.setInterval(ms),
      now: () => [nodePoller, memoryPoller].forEach((x) => x.now()),
    }, [1000, 2000, 5000], 1000);

    const span = h('select', { id: 'chart-span', 'aria-label': 'time shown by the charts', on: { change: () => {
      store.spanMs = Number(span.value);
      Object.values(charts).forEach((c) => { c.o.spanMs = store.spanMs; });
      drawCharts();
    } } }, SPANS.map((ms) => h('option', { value: ms, selected: ms === store.spanMs }, 'last ' + ms / 60000 + ' min')));
    ctx.main.append(
      h('div', { class: 'page-head' }, h('h1', null, 'Node ', h('span', { class: 'node-title' }, ctx.session.node)), span, controls.el),
      msg,
      stats,
      h('div', { class: 'charts' }, Object.values(charts).map((c) => c.el)),
      section('Dispatchers', { id: 'panel-dispatchers' }, dispatchers, usage),
      section('Memory', { id: 'panel-memory' }, memory));
    drawCharts();
    nodePoller.start();
    memoryPoller.start();
    if (schedulerPoller) {
      schedulerPoller.start();
    }
    return () => [nodePoller, memoryPoller, schedulerPoller].forEach((x) => x && x.stop());
  },
};

function short(dispatcher) {
  return dispatcher.replace(/^akka\.actor\./, '');
}
