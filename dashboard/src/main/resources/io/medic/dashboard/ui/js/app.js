// The dashboard's shell: who the caller is and what this node serves (GET /medic/whoami and the index
// GET /medic), the navigation, and a router over the location's hash (#/processes?sort=memory_bytes,
// #/process/<0.42.0>). Pages are modules listed in PAGES; a page names the routes it needs, and is shown
// only where the node serves them: a module that adds routes to /medic (monitor events, tracing) gets
// its page by adding one file and one line here. A node in a cluster (GET /medic/cluster/nodes answers:
// the cluster module is there and the node is a member) also gets the Cluster page and, in the header,
// the node selector.

import { h, replace } from './dom.js';
import * as api from './api.js';
import home from './pages/home.js';
import processes from './pages/processes.js';
import process from './pages/process.js';
import supervision from './pages/supervision.js';
import ports from './pages/ports.js';
import crashes from './pages/crashes.js';
import monitor from './pages/monitor.js';
import overload from './pages/overload.js';
import cluster from './pages/cluster.js';
import { nodeSelector } from './selector.js';

const PAGES = [home, processes, supervision, ports, crashes, monitor, overload, cluster, process];

/** What the pages know of the node and the caller. */
class Session {
  constructor(whoami, index) {
    this.user = whoami.user;
    this.admin = whoami.admin;
    this.auth = whoami.auth;
    this.readOnly = whoami.read_only;
    this.node = whoami.node;
    this.version = index.medic_version;
    this.routes = new Map(index.routes.map((r) => [r.method + ' ' + r.path, r]));
    // LiveDashboard's allow_destructive_actions: the mutating routes are on and the caller is an admin.
    this.destructive = whoami.destructive_actions === true;
    // GET /medic/cluster/nodes's last answer when this node is a member of a cluster, else null; settled
    // once clusterProbe has resolved
    this.cluster = null;
    this.clusterKnown = false;
    this.clusterProbe = Promise.resolve();
    this.selector = null;
  }

  /**
   * Asks whether this node is in a cluster: the cluster module's row is listed and answers (a node
   * outside a cluster answers 404 not_clustered; a node without the module has no row). No error shown:
   * such a node simply has no cluster view.
   */
  probeCluster() {
    this.clusterProbe = (this.has('GET', '/medic/cluster/nodes')
      ? api.get('cluster/nodes', { timeout_ms: 2000 }).then((answer) => {
        this.cluster = answer;
      }, () => {
        this.cluster = null;
      })
      : Promise.resolve()).then(() => {
      this.clusterKnown = true;
      document.body.dataset.cluster = this.cluster ? 'yes' : 'no';
    });
    return this.clusterProbe;
  }

  /** Whether the node serves a route (and has it enabled): has('GET', '/medic/node'). */
  has(method, path) {
    const r = this.routes.get(method + ' ' + path);
    return r !== undefined && r.enabled;
  }

  /** Whether this caller may use a mutating route here: it is enabled, and the caller an admin. */
  mayMutate(method, path) {
    return this.destructive && this.has(method, path);
  }
}

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  const slash = path.indexOf('/');
  const id = slash < 0 ? path : path.slice(0, slash);
  const arg = slash < 0 ? undefined : decodeURIComponent(path.slice(slash + 1));
  return { id: id || 'home', arg, params };
}

function available(page, session) {
  return (page.requires || []).every(([m, p]) => session.has(m, p)) && (!page.when || page.when(session));
}

function header(session) {
  const role = !session.auth ? 'authentication off' : session.admin ? 'admin' : 'reader';
  return h('header', { class: 'top' },
    h('a', { class: 'brand', href: '#/' }, h('img', { src: 'favicon.svg', alt: '' }), 'Medic'),
    h('span', { class: 'node', id: 'node-name', title: 'node' }, session.node),
    h('span', { id: 'node-selector-holder' }),
    h('span', { class: 'version' }, 'v' + session.version),
    h('span', { class: 'spacer' }),
    h('span', { class: ['badge', session.readOnly ? 'ro' : 'rw'], id: 'mode' },
      session.readOnly ? 'read-only' : 'mutating routes on'),
    h('span', { class: 'badge user', id: 'user' }, session.user + ' · ' + role));
}

function nav(session, current) {
  return h('nav', { class: 'side' }, PAGES.filter((p) => p.nav && available(p, session)).map((p) =>
    h('a', { href: '#/' + p.id, class: p.id === current ? 'active' : null, id: 'nav-' + p.id }, p.title)));
}

async function boot() {
  const root = document.getElementById('app');
  let session;
  try {
    const [whoami, index] = await Promise.all([api.get('whoami'), api.get('')]);
    session = new Session(whoami, index);
  } catch (e) {
    replace(root, h('div', { class: 'fatal' }, h('h1', null, 'Medic dashboard'),
      h('p', null, e.status === 401
        ? 'Not signed in: this node requires the credentials of a user of medic.http.auth.users. Reload the page to sign in.'
        : 'The node did not answer: ' + e.message)));
    return;
  }
  document.title = 'Medic · ' + session.node;
  const navHolder = h('div');
  const main = h('main', { id: 'main' });
  const top = header(session);
  replace(root, top, h('div', { class: 'body' }, navHolder, main));
  let unmount = null;
  let currentNav = null;
  session.probeCluster().then(() => {
    if (session.cluster) {
      session.selector = nodeSelector(session);
      replace(top.querySelector('#node-selector-holder'), session.selector.el);
      replace(navHolder, nav(session, currentNav));
    }
  });

  const route = () => {
    const { id, arg, params } = parseHash();
    const page = PAGES.find((p) => p.id === id) || home;
    if (unmount) {
      try {
        unmount();
      } catch (e) {
        console.error(e);
      }
      unmount = null;
    }
    currentNav = page.nav ? page.id : null;
    replace(navHolder, nav(session, currentNav));
    main.replaceChildren();
    main.dataset.page = page.id;
    main.dataset.updates = '0';
    if (page.when && !session.clusterKnown) {
      main.appendChild(h('p', { class: 'loading' }, 'Asking the node about its cluster…'));
      const hash = location.hash;
      session.clusterProbe.then(() => {
        if (location.hash === hash) {
          route();
        }
      });
      return;
    }
    if (!available(page, session)) {
      main.appendChild(h('p', { class: 'notice' }, 'This node does not serve what the ' + page.title + ' page needs.'));
      return;
    }
    const ctx = {
      session,
      main,
      arg,
      params,
      /** Records the page's parameters in the address (so a reload or a link keeps them), without reloading. */
      setParams(values) {
        const p = new URLSearchParams();
        Object.entries(values).forEach(([k, v]) => {
          if (v !== null && v !== undefined && v !== '') {
            p.set(k, String(v));
          }
        });
        const qs = p.toString();
        history.replaceState(null, '', '#/' + page.id + (arg === undefined ? '' : '/' + encodeURIComponent(arg))
          + (qs ? '?' + qs : ''));
      },
      /** Counts one completed refresh of the page (data-updates on main). */
      updated() {
        main.dataset.updates = String(Number(main.dataset.updates || '0') + 1);
      },
    };
    unmount = page.mount(ctx) || null;
  };
  window.addEventListener('hashchange', route);
  route();
}

boot();
