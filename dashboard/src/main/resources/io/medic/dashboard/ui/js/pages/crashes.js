// Crashes: the node's crash reports (GET /medic/crashes — proc_lib's reports, as rb lists them), newest
// first. The page asks every two seconds only for what is newer than what it has (since=latest) and keeps
// at most MAX_KEPT reports; older ones are paged in on demand (before=next). A click opens a report
// (kept in the address, #/crashes?report=42; one no longer listed is asked for: GET /medic/crashes/{report}).

import { h, replace, pidLink } from '../dom.js';
import * as api from '../api.js';
import * as fmt from '../format.js';
import { Poller } from '../poller.js';
import { section, table, notice, errorText, refreshControls } from '../widgets.js';
import { reportDetails, shortReason } from '../crashes.js';
import { shortClass } from './processes.js';

const FIRST = 50;
const MAX_KEPT = 500;

export default {
  id: 'crashes',
  title: 'Crashes',
  nav: true,
  requires: [['GET', '/medic/crashes']],

  mount(ctx) {
    const msg = h('p', { class: 'notice', hidden: true });
    const summary = h('p', { class: 'hint', id: 'crash-summary' });
    const holder = h('div', { id: 'crash-table-holder' });
    const detail = h('div', { id: 'crash-detail' });
    let reports = [];
    let latest = 0;
    let older = null; // the cursor of the next page back, or null when the oldest kept one is shown
    let ringSize = 0;
    let openId = /^[0-9]+$/.test(ctx.params.get('report') || '') ? Number(ctx.params.get('report')) : null;

    const openReport = (r) => {
      openId = r.id;
      ctx.setParams({ report: r.id });
      replace(detail, section('Crash report #' + r.id, { id: 'panel-crash' }, reportDetails(r)));
      draw();
    };
    const draw = () => {
      replace(holder, table({
        id: 'crash-table',
        columns: [
          { key: 'id', title: '#', cls: 'num', render: (r) => h('button', { type: 'button', class: 'link',
            dataset: { report: r.id }, on: { click: () => openReport(r) } }, '#' + r.id) },
          { key: 'crashed_at', title: 'crashed at', render: (r) => r.crashed_at },
          { key: 'pid', title: 'process', render: (r) => pidLink(r.pid, r.registered_name, 'crashes') },
          { key: 'initial_call', title: 'initial call', cls: 'call', render: (r) => shortClass(r.initial_call) },
          { key: 'reason', title: 'reason', cls: 'reason-cell', render: (r) => shortReason(r.reason) },
          { key: 'last_message_type', title: 'last message', cls: 'call', render: (r) => shortClass(r.last_message_type) },
          { key: 'restarts', title: 'restarts', cls: 'num' },
        ],
        rows: reports,
        rowData: (r) => ({ report: r.id, active: r.id === openId ? 'true' : 'false' }),
        empty: 'no crash report: nothing crashed since the node started (or the ring was emptied)',
      }));
      replace(summary, reports.length + ' shown; ' + fmt.int(latest) + ' written since the node started, the last '
        + fmt.int(ringSize) + ' kept (medic.crash.history)');
    };

    const poller = new Poller(async () => {
      const answer = await api.get('crashes', latest > 0 ? { since: latest, limit: 1000 } : { limit: FIRST });
      if (latest === 0) {
        older = answer.next;
      }
      if (answer.crashes.length) {
        reports = answer.crashes.concat(reports).slice(0, MAX_KEPT);
      }
      latest = answer.latest;
      ringSize = answer.ring_size;
      draw();
      if (openId !== null && !detail.firstChild) { // a report named in the address (#/crashes?report=42)
        const r = reports.find((x) => x.id === openId);
        try {
          openReport(r || await api.get('crashes/' + encodeURIComponent(openId)));
        } catch (e) {
          replace(detail, h('p', { class: 'notice error', id: 'crash-detail-error' }, 'Report #' + openId + ': ' + errorText(e)));
        }
      }
      notice(msg, null);
      controls.stamp();
      ctx.updated();
    }, 2000, (e) => notice(msg, errorText(e), 'error'));
    const controls = refreshControls(poller, [1000, 2000, 5000, 10000], 2000);
    const more = h('button', { type: 'button', id: 'crash-older', on: { click: async () => {
      if (older === null) {
        notice(msg, 'No older report is kept.', 'info');
        return;
      }
      try {
        const answer = await api.get('crashes', { before: older, limit: FIRST });
        reports = reports.concat(answer.crashes).slice(0, MAX_KEPT);
        older = answer.next;
        draw();
      } catch (e) {
        notice(msg, errorText(e), 'error');
      }
    } } }, 'Older reports');
    ctx.main.append(h('div', { class: 'page-head' }, h('h1', null, 'Crash reports'), controls.el), msg, summary, holder,
      h('div', { class: 'toolbar' }, more), detail);
    poller.start();
    return () => poller.stop();
  },
};
