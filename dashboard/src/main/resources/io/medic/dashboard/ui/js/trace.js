// A live trace of one process: a trace session (POST /medic/trace, recon_trace:calls with {pid, Pid}) whose
// events arrive as server-sent events and are listed as they come. Starting one is a mutating route (admin
// only, audited as trace_session); the session belongs to this page: leaving the tab or the page closes the
// stream, and the node ends the session (client_gone) within a heartbeat. The node's limits hold whatever
// the form says: a count limit is required, a spec beyond medic.trace's caps is refused (dangerous_combo),
// and one session runs per node (429 busy names the running one's owner).

import { h, replace, pidLink } from './dom.js';
import * as api from './api.js';
import * as fmt from './format.js';
import { notice, errorText } from './widgets.js';

/** The events a session can record, and those a new form ticks. */
export const KINDS = ['receive', 'call', 'cast', 'info', 'send', 'exit', 'restart', 'state'];
const DEFAULT_KINDS = ['receive', 'call', 'cast', 'info', 'exit', 'restart'];
/** Rows kept in the page; older ones are dropped first (the session's count limit bounds the rest). */
const MAX_ROWS = 500;

/**
 * The Trace tab of a process page: the form, then the session's events. `t.onClose(fn)` registers what
 * stops the stream when the tab or the page is left.
 */
export function traceTab(t) {
  const msg = h('p', { class: 'notice', hidden: true, id: 'trace-notice' });
  const boxes = KINDS.map((k) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', value: k, id: 'trace-kind-' + k, checked: DEFAULT_KINDS.includes(k) }), ' ' + k));
  const count = h('input', { type: 'number', id: 'trace-count', min: 1, max: 10000, value: 100, 'aria-label': 'count limit' });
  const ttl = h('input', { type: 'number', id: 'trace-ttl', min: 1, max: 600, value: 60, 'aria-label': 'time to live in seconds' });
  const messages = h('input', { type: 'text', id: 'trace-messages', placeholder: 'every message (or a class glob: com.shop.*)',
    size: 36, 'aria-label': 'message classes' });
  const status = h('p', { class: 'hint', id: 'trace-status' }, 'No session: start one to see this process\'s events as they happen.');
  const body = h('tbody', { id: 'trace-events' });
  const table = h('table', { class: 'grid-table trace-table', id: 'trace-table' },
    h('thead', null, h('tr', null, ['#', 'at (UTC)', 'event', 'detail'].map((c) => h('th', null, c)))), body);
  let controller = null;
  let events = 0;

  const stop = () => {
    if (controller) {
      controller.abort();
      controller = null;
    }
  };
  t.onClose(stop);
  const start = h('button', { type: 'button', class: 'act danger', id: 'trace-start', on: { click: () => run() } }, 'Start trace');
  const stopButton = h('button', { type: 'button', class: 'act', id: 'trace-stop', disabled: true, on: { click: () => {
    stop();
    replace(status, 'Stopped: the stream is closed, and the node ends the session (client_gone).');
    idle();
  } } }, 'Stop');
  const idle = () => {
    start.disabled = false;
    stopButton.disabled = true;
  };

  const run = async () => {
    const spec = {
      processes: t.pid,
      events: boxes.map((b) => b.firstChild).filter((c) => c.checked).map((c) => c.value),
      limit: { count: Number(count.value) },
      ttl_ms: Number(ttl.value) * 1000,
    };
    if (messages.value.trim() !== '') {
      spec.messages = messages.value.trim();
    }
    body.replaceChildren();
    events = 0;
    notice(msg, null);
    start.disabled = true;
    stopButton.disabled = false;
    const mine = new AbortController();
    controller = mine;
    replace(status, 'Starting…');
    try {
      await api.stream('POST', 'trace', spec, (e) => show(e.data), mine.signal);
      if (!mine.signal.aborted && !status.dataset.ended) {
        replace(status, 'The node closed the stream.');
      }
    } catch (e) {
      notice(msg, errorText(e), 'error');
      replace(status, 'No session.');
    } finally {
      if (controller === mine) {
        controller = null;
        idle();
      }
    }
  };

  const show = (e) => {
    if (!e) {
      return;
    }
    if (e.kind === 'start') {
      delete status.dataset.ended;
      replace(status, 'Session ' + e.session + ' started by ' + e.owner + ', following ' + (e.processes || []).join(', ')
        + (e.follows && e.follows.length ? ' and ' + e.follows.join(', ') : '') + '; ends after ' + limits(e) + '.');
      return;
    }
    if (e.kind === 'end') {
      status.dataset.ended = e.reason;
      replace(status, h('span', { id: 'trace-ended' }, 'Ended: ' + e.reason), ' — ' + e.message + ' (' + fmt.int(e.events) + ' events)');
      return;
    }
    events++;
    body.appendChild(h('tr', { dataset: { kind: e.kind, seq: e.seq } },
      h('td', { class: 'num' }, String(e.seq)),
      h('td', { class: 'mono' }, String(e.at).slice(11, 23)),
      h('td', null, e.kind),
      h('td', { class: 'mono trace-detail' }, detail(e))));
    while (body.childElementCount > MAX_ROWS) {
      body.firstChild.remove();
    }
  };

  return [
    h('p', { class: 'hint' }, 'A trace session (recon_trace) of this process: its events, as they happen, until the count, '
      + 'the time to live, Stop or leaving this tab. Medic refuses a spec beyond its caps; one session runs per node.'),
    h('div', { class: 'toolbar trace-form' }, boxes),
    h('div', { class: 'toolbar' }, h('label', null, 'at most ', count, ' events'), ' ',
      h('label', null, 'for ', ttl, ' s'), ' ', h('label', null, 'messages ', messages), ' ', start, ' ', stopButton),
    msg, status, h('div', { class: 'trace-holder' }, table),
  ];
}

/** The limits a start event reports, in words. */
function limits(e) {
  const limit = e.spec && e.spec.limit ? e.spec.limit : {};
  const parts = [];
  if (limit.count !== undefined) {
    parts.push(fmt.int(limit.count) + ' events');
  }
  if (e.ttl_ms) {
    parts.push(fmt.duration(e.ttl_ms));
  }
  return parts.join(' or ') || 'its limits';
}

/** What one event says, as text: who, what message, how it ended. */
function detail(e) {
  const value = (v) => (v === null || v === undefined ? '' : ' ' + JSON.stringify(v)); // a rendering, as JSON
  const msg = (e.redacted ? ' (redacted)' : value(e.message)) + (e.truncated ? ' …' : '');
  switch (e.kind) {
    case 'receive':
      return [e.message_type + msg, e.from ? [' from ', pidLink(e.from, e.from_name)] : ''];
    case 'send':
      return [e.message_type + msg, ' to ', pidLink(e.to, e.to_name)];
    case 'call':
      return e.message_type + msg + ' → ' + e.outcome + (e.outcome === 'reply' ? value(e.reply) : '')
        + ' in ' + fmt.micros(e.duration_us);
    case 'cast':
    case 'info':
      return e.message_type + msg + ' → ' + e.outcome + ' in ' + fmt.micros(e.duration_us);
    case 'exit':
      return 'exit ' + e.reason + (e.abnormal ? ' (abnormal)' : '');
    case 'restart':
      return ['restarted by ', pidLink(e.supervisor), ' (restart ' + e.restarts + '), now ', pidLink(e.pid, e.name)];
    case 'state':
      return e.state_type + (e.redacted ? ' (redacted)' : value(e.state));
    default:
      return JSON.stringify(e);
  }
}
