// The node selector in the header of a clustered node: the cluster's members (GET /medic/cluster/nodes),
// each a link to the same page on that member's own dashboard (its base_url + /medic/ui/ + this page's
// address). Navigation, not a proxy: this node never fetches another node's API for the browser, and
// adds no CORS; the member's dashboard asks for that member's credentials if they differ. The current
// node is marked; a member whose address is unknown (it did not answer, or serves no HTTP API) is shown
// disabled with the reason.

import { h, replace, memberHref, memberLink } from './dom.js';
import * as api from './api.js';

/** Why a member has no link, or null when it has one. */
export function noLinkReason(member, badNodes) {
  const bad = (badNodes || []).find((b) => b.node === member.node);
  if (bad) {
    return 'did not answer: ' + bad.reason;
  }
  if (memberHref(member.base_url, '') === null) {
    return member.base_url ? 'its API address is not http(s): ' + member.base_url
      : 'serves no HTTP API (no MedicManagement.start there)';
  }
  return null;
}

/**
 * This page's address as it makes sense on another node: the same page and options; a page of one of this
 * node's things (a process, a crash report) becomes the list it belongs to there.
 */
export function portableHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  if (path.startsWith('process/')) {
    return '#/processes';
  }
  params.delete('report');
  const qs = params.toString();
  return '#/' + path + (qs ? '?' + qs : '');
}

/** The selector: {el, update(nodesAnswer)}; it asks for the members again each time it is opened. */
export function nodeSelector(session) {
  let answer = session.cluster;
  const list = h('ul', { class: 'members', id: 'node-selector-list' });
  const label = h('span', { id: 'node-selector-label' });
  const details = h('details', { class: 'node-selector', id: 'node-selector' },
    h('summary', { title: 'the members of the cluster: open this page on another node' }, label),
    h('div', { class: 'menu' },
      h('p', { class: 'hint' }, 'This page on another member: its own dashboard, which asks for its own credentials.'),
      list));

  const draw = () => {
    const members = answer ? answer.nodes : [];
    const fragment = portableHash();
    const self = members.find((m) => m.self);
    replace(label, (self ? self.node + ' · ' : '') + 'cluster of ' + members.length + ' ▾');
    replace(list, members.map((m) => {
      const status = h('span', { class: ['member-status', m.reachable ? m.status : 'unreachable'] },
        m.reachable ? m.status : 'unreachable');
      if (m.self) {
        return h('li', { class: 'current', dataset: { node: m.node } },
          h('span', { class: 'member current', 'aria-current': 'page', dataset: { node: m.node } }, m.node),
          ' ', h('span', { class: 'here' }, 'this node'), ' ', status);
      }
      const reason = noLinkReason(m, answer.bad_nodes);
      if (reason !== null) {
        return h('li', { class: 'disabled', dataset: { node: m.node } },
          h('span', { class: 'member disabled', 'aria-disabled': 'true', title: reason, dataset: { node: m.node } }, m.node),
          ' ', status, h('div', { class: 'reason' }, reason));
      }
      const link = memberLink(memberHref(m.base_url, fragment), { class: 'member', dataset: { node: m.node } }, m.node);
      // the page's options may have changed since the list was drawn: the link follows them when used
      link.addEventListener('click', () => {
        link.href = memberHref(m.base_url, portableHash());
      });
      return h('li', { dataset: { node: m.node } }, link, ' ', status);
    }));
  };

  details.addEventListener('toggle', async () => {
    if (!details.open) {
      return;
    }
    draw();
    try {
      answer = await api.get('cluster/nodes', { timeout_ms: 2000 });
      session.cluster = answer;
      draw();
    } catch (e) {
      // the list drawn stays; the cluster page says what failed
    }
  });
  window.addEventListener('hashchange', draw);
  document.addEventListener('click', (e) => {
    if (details.open && !details.contains(e.target)) {
      details.open = false;
    }
  });
  draw();
  return {
    el: details,
    update(nodes) {
      answer = nodes;
      draw();
    },
  };
}
