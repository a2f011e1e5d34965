// The destructive buttons. They exist only when the session allows destructive actions (the mutating
// routes are on and the caller is an admin: GET /medic/whoami) and the node lists the route as enabled;
// they call Medic's own mutating routes, so authentication, the admin role and the audit log apply
// exactly as for curl. A button that kills or replaces asks for a confirmation first, in the page.

import { h, replace } from './dom.js';
import * as api from './api.js';
import { errorText } from './widgets.js';

/**
 * A button that runs `action` (returning a promise of a message) and shows its outcome in `out`. With
 * `confirm` (a question), the first click asks and a second button does it.
 */
export function actionButton(o) {
  const wrap = h('span', { class: 'action' });
  const run = async () => {
    button.disabled = true;
    try {
      const text = await o.action();
      o.out(text, 'ok');
    } catch (e) {
      o.out(errorText(e), 'error');
    } finally {
      button.disabled = false;
      replace(wrap, button);
    }
  };
  const button = h('button', { type: 'button', class: ['act', o.danger ? 'danger' : null], id: o.id,
    on: { click: () => {
      if (!o.confirm) {
        run();
        return;
      }
      replace(wrap, h('span', { class: 'confirm' }, o.confirm + ' ',
        h('button', { type: 'button', class: 'act danger', id: o.id + '-confirm', on: { click: run } }, 'Yes, ' + o.label.toLowerCase()),
        ' ',
        h('button', { type: 'button', class: 'act', id: o.id + '-cancel', on: { click: () => replace(wrap, button) } }, 'Cancel')));
    } } }, o.label);
  wrap.appendChild(button);
  return wrap;
}

/** The buttons of a process page that the session allows: suspend, resume, kill. */
export function processActions(session, pid, out, after) {
  const path = (what) => '/medic/processes/{pid}/' + what;
  const call = (what) => async () => {
    const r = await api.send('POST', api.processPath(pid, what));
    if (after) {
      after();
    }
    return describe(what, r);
  };
  const buttons = [];
  if (session.mayMutate('POST', path('suspend'))) {
    buttons.push(actionButton({ id: 'action-suspend', label: 'Suspend', action: call('suspend'), out }));
  }
  if (session.mayMutate('POST', path('resume'))) {
    buttons.push(actionButton({ id: 'action-resume', label: 'Resume', action: call('resume'), out }));
  }
  if (session.mayMutate('POST', path('kill'))) {
    buttons.push(actionButton({ id: 'action-kill', label: 'Kill', danger: true, confirm: 'Kill ' + pid + '?',
      action: call('kill'), out }));
  }
  return buttons;
}

function describe(what, r) {
  const b = r.body || {};
  if (what === 'kill') {
    return r.status === 202 ? 'kill sent: the process is still inside a handler (202)' : 'killed: exit reason ' + b.exit_reason;
  }
  return what + ': ' + (b.result !== undefined ? JSON.stringify(b.result) : 'ok');
}
