// Monitor: the system monitor's events (erlang:system_monitor/2 — long_gc, long_schedule,
// long_message_queue, large_state, busy_dispatcher, and the bounded mailboxes' dropped_messages), newest
// first, as a live list: the page reads the node's stream (GET /medic/monitor/stream?since=: the kept events after the cursor, then the live ones,
// none twice) and keeps at most MAX_KEPT events. When the stream ends — the node's buffer for this page
// overflowed, the connection broke — it resumes from the last event it has, after a pause; where the node
// has no stream it polls GET /medic/monitor/events?since=. GET /medic/monitor gives the thresholds and
// the counts, refreshed every five seconds.

import { h, replace, pidLink } from '../dom.js';
import * as api from '../api.js';
import * as fmt from '../format.js';
import { Poller } from '../poller.js';
import { section, kv, stat, notice, errorText, refreshControls } from '../widgets.js';

const MAX_KEPT = 500;
/** Events replayed when the page opens: the last ones the ring keeps. */
const FIRST = 100;
const RETRY_MS = 2000;

export default {
  id: 'monitor',
  title: 'Monitor',
  nav: true,
  requires: [['GET', '/medic/monitor'], ['GET', '/medic/monitor/events']],

  mount(ctx) {
    const msg = h('p', { class: 'notice', hidden: true });
    const stats = h('div', { class: 'stats', id: 'monitor-stats' });
    const thresholds = h('div', { id: 'monitor-thresholds' });
    const live = h('span', { class: 'badge-live', id: 'monitor-live' }, 'connecting…');
    const list = h('div', { id: 'monitor-events' });
    const streaming = ctx.session.has('GET', '/medic/monitor/stream');
    let events = []; // newest first
    const opened = new Set(); // the ids of the events whose details are open: kept open across redraws
    let last = null; // the id of the newest event shown: the cursor to resume from
    let stopped = false;
    let controller = null;
    let timer = null;

    const add = (e) => {
      if (!e || e.id === undefined || (last !== null && e.id <= last)) {
        return;
      }
      last = e.id;
      events.unshift(e);
      if (events.length > MAX_KEPT) {
        events.length = MAX_KEPT;
      }
    };
    const draw = () => {
      replace(list, events.length
        ? events.map((e) => row(e, opened))
        : h('p', { class: 'hint', id: 'monitor-empty' }, 'No event: nothing crossed a threshold since the node started (or the ring was emptied).'));
      ctx.updated();
    };

    // the thresholds and counts
    const poller = new Poller(async () => {
      const m = await api.get('monitor');
      replace(stats,
        stat('Events', fmt.int(m.published), 'monitor-published', 'published since the node started'),
        stat('Dropped', fmt.int(m.dropped), 'monitor-dropped', 'over max-events-per-second'),
        stat('Latest', '#' + m.latest, 'monitor-latest'),
        stat('Subscriptions', fmt.int(m.subscriptions), 'monitor-subscriptions', 'processes, listeners, streams'));
      replace(thresholds, settingsList(m.settings));
      if (last === null) {
        last = Math.max(0, m.latest - FIRST); // where the first stream or poll starts
        connect();
      }
      notice(msg, null);
      controls.stamp();
    }, 5000, (e) => notice(msg, errorText(e), 'error'));
    const controls = refreshControls(poller, [2000, 5000, 10000, 30000], 5000);

    const connect = () => {
      if (stopped) {
        return;
      }
      if (!streaming) {
        poll();
        return;
      }
      const mine = new AbortController();
      controller = mine;
      replace(live, 'live');
      live.className = 'badge-live on';
      api.stream('GET', 'monitor/stream', undefined, (sse) => {
        if (sse.event === 'overflow' || sse.event === 'missed') {
          notice(msg, sse.data && sse.data.message ? sse.data.message : sse.event, 'info');
        } else if (sse.data) {
          add(sse.data);
          draw();
        }
      }, mine.signal, { since: last }).then(() => retry('the node ended the stream'),
        (e) => retry(errorText(e)));
    };
    const retry = (why) => {
      if (stopped) {
        return;
      }
      replace(live, 'reconnecting (' + why + ')');
      live.className = 'badge-live off';
      timer = setTimeout(connect, RETRY_MS);
    };
    const poll = async () => {
      try {
        const page = await api.get('monitor/events', { since: last, limit: 1000 });
        page.events.forEach(add);
        draw();
        replace(live, 'polled every ' + RETRY_MS / 1000 + ' s');
      } catch (e) {
        notice(msg, errorText(e), 'error');
      }
      if (!stopped) {
        timer = setTimeout(poll, RETRY_MS);
      }
    };

    ctx.main.append(h('div', { class: 'page-head' }, h('h1', null, 'System monitor ', live), controls.el), msg, stats,
      h('p', { class: 'hint' }, 'Each event is one crossing of a threshold of medic.monitor (erlang:system_monitor/2); the last '
        + MAX_KEPT + ' are kept in this page, newest first. Click one for its details.'),
      list, section('Thresholds', { id: 'panel-thresholds' }, thresholds));
    draw();
    poller.start();
    return () => {
      stopped = true;
      poller.stop();
      clearTimeout(timer);
      if (controller) {
        controller.abort();
      }
    };
  },
};

/** One event: a summary line, its details when opened. */
function row(e, opened) {
  const who = e.pid ? pidLink(e.pid, e.registered_name) : e.dispatcher ? h('span', { class: 'mono' }, e.dispatcher) : '';
  return h('details', { class: ['monitor-event', 'type-' + e.type], dataset: { id: e.id, type: e.type }, open: opened.has(e.id),
    on: { toggle: (ev) => (ev.target.open ? opened.add(e.id) : opened.delete(e.id)) } },
    h('summary', null, h('span', { class: 'mono' }, '#' + e.id), ' · ', String(e.at).slice(11, 23), ' · ',
      h('span', { class: 'event-type' }, e.type), ' · ', who, ' · ', h('span', { class: 'event-summary' }, summary(e))),
    details(e));
}

/** What happened, in a line. */
function summary(e) {
  switch (e.type) {
    case 'long_gc':
      return e.collector + ' ' + e.action + ' (' + e.cause + ') took ' + fmt.int(e.duration_ms) + ' ms: heap '
        + fmt.bytes(e.heap_before_bytes) + ' → ' + fmt.bytes(e.heap_after_bytes);
    case 'long_schedule':
      return 'one handler has run ' + fmt.int(e.duration_ms) + ' ms (' + e.message_type + ')';
    case 'long_message_queue':
      return (e.alarm ? 'mailbox reached ' : 'mailbox back down to ') + fmt.int(e.message_queue_len) + ' messages'
        + (e.alarm ? '' : ': alarm cleared');
    case 'large_state':
      return 'state of ' + fmt.bytes(e.memory_bytes) + ' (threshold ' + fmt.bytes(e.threshold_bytes) + ')';
    case 'busy_dispatcher':
      return e.busy ? e.busy_threads + ' of ' + e.threads + ' threads busy for ' + fmt.duration(e.busy_for_ms) + ': starved'
        : 'a thread is free again: no longer starved';
    case 'dropped_messages':
      return 'dropped ' + fmt.int(e.dropped) + ' messages in ' + fmt.duration(e.period_ms) + ': its mailbox ' + e.mailbox
        + ' was full (' + fmt.int(e.dropped_total) + ' in all)';
    default:
      return '';
  }
}

/** Every field of the event, and a stack as text. */
function details(e) {
  const rows = Object.entries(e).filter(([k]) => k !== 'stack' && k !== 'type')
    .map(([k, v]) => [k, v === null ? '–' : typeof v === 'object' ? JSON.stringify(v) : String(v)]);
  return h('div', { class: 'event-details' }, kv(rows),
    e.stack && e.stack.length ? h('pre', { class: 'stack' }, e.stack.join('\n') + (e.stack_truncated ? '\n…' : '')) : null);
}

/** medic.monitor as the node runs it: each detector's switch and threshold. */
function settingsList(s) {
  if (!s) {
    return '';
  }
  return kv(Object.entries(s).map(([k, v]) => [k, typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)]));
}
