// The supervision tree (GET /medic/supervision: observer's applications tab), drawn as a tree in SVG:
// applications and their supervisors with strategy and restart budget (restarts counted in the current
// period against the intensity), and their children. A node with a pid links to its process page.
// Refreshed every five seconds (each refresh asks every supervisor for its children: one call each).

import { h, s, replace } from '../dom.js';
import * as api from '../api.js';
import * as fmt from '../format.js';
import { Poller } from '../poller.js';
import { notice, errorText, refreshControls } from '../widgets.js';

const BOX_W = 250;
const BOX_H = 50;
const GAP_X = 60;
const GAP_Y = 10;
const LABEL_CHARS = 34;

export default {
  id: 'supervision',
  title: 'Supervision',
  nav: true,
  requires: [['GET', '/medic/supervision']],

  mount(ctx) {
    const msg = h('p', { class: 'notice', hidden: true });
    const holder = h('div', { class: 'tree-holder', id: 'supervision-tree' });
    const summary = h('p', { class: 'hint', id: 'supervision-summary' });
    const poller = new Poller(async () => {
      const tree = await api.get('supervision');
      const root = {
        kind: 'root', lines: [ctx.session.node, 'node'], children: tree.applications.map(application)
          .concat(tree.supervisors.map((sup) => supervisor(sup, sup.registered_name || 'supervisor', null))),
      };
      replace(holder, draw(root));
      replace(summary, tree.applications.length + ' applications, ' + tree.supervisors_asked + ' supervisors asked'
        + (tree.truncated ? '; the tree was cut at its bounds (medic.http.supervision)' : ''));
      notice(msg, null);
      controls.stamp();
      ctx.updated();
    }, 5000, (e) => notice(msg, errorText(e), 'error'));
    const controls = refreshControls(poller, [2000, 5000, 10000, 30000], 5000);
    ctx.main.append(h('div', { class: 'page-head' }, h('h1', null, 'Supervision tree'), controls.el), msg, summary, holder,
      h('p', { class: 'hint' }, 'Budget: restarts in the current period against the intensity; a supervisor that reaches it gives up and exits.'));
    poller.start();
    return () => poller.stop();
  },
};

function application(app) {
  const sup = app.supervisor;
  const node = sup ? supervisor(sup, app.name, null) : { kind: 'sup', children: [] };
  node.kind = 'app';
  node.lines = ['application ' + app.name, app.type + ' · ' + app.status
    + (app.exit_reason ? ' · ' + app.exit_reason : '') + (sup && sup.pid ? ' · ' + sup.pid : '')];
  node.status = app.status;
  return node;
}

function supervisor(sup, id, child) {
  const lines = [id + (sup.registered_name && sup.registered_name !== id ? ' (' + sup.registered_name + ')' : ''),
    (sup.pid || '') + (sup.flags ? ' · ' + sup.flags.strategy : '') + (child ? ' · ' + child.restart : '')];
  const node = { kind: 'sup', pid: sup.pid, lines, budget: sup.budget, error: sup.error, children: [],
    crashes: child ? child.crashes : null };
  (sup.children || []).forEach((c) => node.children.push(c.supervisor ? supervisor(c.supervisor, c.id, c) : worker(c)));
  const more = (sup.children_total || 0) - (sup.children || []).length;
  if (more > 0) {
    node.children.push({ kind: 'more', lines: ['… ' + fmt.int(more) + ' more children'], children: [] });
  }
  return node;
}

function worker(c) {
  return {
    kind: 'worker', pid: c.pid, status: c.status, children: [], crashes: c.crashes,
    lines: [c.id, (c.pid || 'not running') + ' · ' + c.status + ' · ' + c.restart
      + (c.restarts ? ' · ' + c.restarts + ' restarts' : '')],
  };
}

/** The line under a child that crashed: how many crashes its supervisor keeps, and the last reason. */
function crashLine(crashes) {
  if (!crashes || !crashes.length) {
    return null;
  }
  return crashes.length + (crashes.length === 1 ? ' crash' : ' crashes') + ', last: ' + crashes[0].reason;
}

/**
 * Lays the tree out left to right: leaves one under another, each parent level with its first child (so
 * that the root and the applications are at the top of a long list of workers, where the page opens).
 */
function layout(node, depth, next) {
  node.x = depth * (BOX_W + GAP_X);
  if (!node.children.length) {
    node.y = next.y;
    next.y += BOX_H + GAP_Y;
  } else {
    node.children.forEach((c) => layout(c, depth + 1, next));
    node.y = node.children[0].y;
  }
  next.depth = Math.max(next.depth, depth);
}

function draw(root) {
  const next = { y: 0, depth: 0 };
  layout(root, 0, next);
  const width = (next.depth + 1) * (BOX_W + GAP_X);
  const height = Math.max(next.y, BOX_H);
  const edges = [];
  const boxes = [];
  const walk = (n) => {
    n.children.forEach((c) => {
      const x1 = n.x + BOX_W;
      const y1 = n.y + BOX_H / 2;
      const x2 = c.x;
      const y2 = c.y + BOX_H / 2;
      const mx = (x1 + x2) / 2;
      edges.push(s('path', { d: 'M' + x1 + ',' + y1 + ' C' + mx + ',' + y1 + ' ' + mx + ',' + y2 + ' ' + x2 + ',' + y2, class: 'edge' }));
      walk(c);
    });
    boxes.push(box(n));
  };
  walk(root);
  return s('svg', { class: 'tree', width, height, viewBox: '0 0 ' + width + ' ' + height, role: 'img',
    'aria-label': 'supervision tree' }, edges, boxes);
}

function box(n) {
  const cls = ['box', n.kind, n.status ? 'st-' + n.status : null, n.error ? 'failed' : null].filter(Boolean).join(' ');
  const g = s('g', { class: cls, transform: 'translate(' + n.x + ',' + n.y + ')', dataset: n.pid ? { pid: n.pid } : null },
    s('title', null, n.lines.join('\n') + (n.error ? '\n' + n.error : '')
      + (crashLine(n.crashes) ? '\n' + (n.crashes || []).map((c) => c.at + ' ' + c.pid + ': ' + c.reason).join('\n') : '')),
    s('rect', { width: BOX_W, height: BOX_H, rx: 6 }),
    s('text', { x: 8, y: 17, class: 'l1' }, cut(n.lines[0])),
    n.lines[1] ? s('text', { x: 8, y: 32, class: 'l2' }, cut(n.lines[1])) : null,
    n.error ? s('text', { x: 8, y: 45, class: 'l3 err' }, cut('error: ' + n.error))
      : !n.budget && crashLine(n.crashes) ? s('text', { x: 8, y: 45, class: 'l3 err crash-line' }, cut(crashLine(n.crashes))) : null,
    n.budget ? budget(n.budget) : null);
  return n.pid ? s('a', { href: '#/process/' + encodeURIComponent(n.pid), class: 'node-link' }, g) : g;
}

function budget(b) {
  const w = 90;
  const r = b.intensity > 0 ? Math.min(1, b.restarts / b.intensity) : 1;
  const text = 'restarts ' + b.restarts + '/' + b.intensity + ' in ' + fmt.duration(b.period_ms);
  return s('g', { class: 'budget ' + (r >= 1 ? 'hot' : r >= 0.5 ? 'warm' : 'ok'), transform: 'translate(8,38)' },
    s('rect', { width: w, height: 6, class: 'budget-bg' }),
    s('rect', { width: Math.max(r * w, b.restarts > 0 ? 2 : 0), height: 6, class: 'budget-fill' }),
    s('text', { x: w + 6, y: 7, class: 'budget-text' }, text));
}

function cut(text) {
  const t = String(text);
  return t.length > LABEL_CHARS ? t.slice(0, LABEL_CHARS - 1) + '…' : t;
}
