// Building the page: every element through createElement, every text through text nodes. Data from the
// node (names, states, messages, stack traces) is user data: it never goes through an HTML parser
// (no innerHTML anywhere in the dashboard: DomSafetyTest checks the sources).

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Attributes that may not be set from here: event handlers and anything that could run a script. */
function safeAttribute(name, value) {
  const n = name.toLowerCase();
  if (n.startsWith('on') || n === 'srcdoc' || n === 'style') {
    throw new Error('attribute ' + name + ' is not set by the dashboard');
  }
  if ((n === 'href' || n === 'src' || n === 'xlink:href' || n === 'action') && /^\s*([a-z][a-z0-9+.-]*:|\/\/)/i.test(String(value))) {
    throw new Error('only links within the dashboard: ' + value);
  }
}

function append(el, child) {
  if (child === null || child === undefined || child === false) {
    return;
  }
  if (Array.isArray(child)) {
    child.forEach((c) => append(el, c));
  } else if (child instanceof Node) {
    el.appendChild(child);
  } else {
    el.appendChild(document.createTextNode(String(child)));
  }
}

function build(el, attrs, children) {
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) {
        continue;
      }
      if (k === 'class') {
        el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
      } else if (k === 'dataset') {
        Object.entries(v).forEach(([dk, dv]) => { el.dataset[dk] = String(dv); });
      } else if (k === 'on') {
        Object.entries(v).forEach(([ev, fn]) => el.addEventListener(ev, fn));
      } else if (k === 'text') {
        el.textContent = String(v);
      } else if (k === 'value' && 'value' in el && !(el instanceof SVGElement)) {
        el.value = String(v);
      } else {
        safeAttribute(k, v);
        el.setAttribute(k, v === true ? '' : String(v));
      }
    }
  }
  append(el, children);
  return el;
}

/** An HTML element: h('td', {class: 'num'}, 'text', otherNode, [more]). Strings become text nodes. */
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** An SVG element, the same way. */
export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

/** Replaces the children of el with the given ones. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** The address of a page of the dashboard: #/page/arg?query, the argument and the query encoded. */
export function pageHref(page, arg, query) {
  const qs = query ? new URLSearchParams(query).toString() : '';
  return '#/' + page + (arg === undefined ? '' : '/' + encodeURIComponent(arg)) + (qs ? '?' + qs : '');
}

/** A link to a page of the dashboard: #/page/arg, the argument encoded. */
export function pageLink(page, arg, ...children) {
  return h('a', { href: pageHref(page, arg) }, ...children);
}

/** A link to a process's page, showing its pid (and name); `tab` opens one of its tabs (`crashes`). */
export function pidLink(pid, name, tab) {
  if (pid === null || pid === undefined) {
    return '';
  }
  return h('a', { href: pageHref('process', pid, tab ? { tab } : null) },
    name ? [h('span', { class: 'pid' }, pid), ' ', h('span', { class: 'name' }, name)] : h('span', { class: 'pid' }, pid));
}

/**
 * The address of a member's dashboard: its base_url (from GET /medic/cluster/nodes: where that node serves
 * /medic) with /medic/ui/ and `fragment` (#/processes). Null unless base_url is an http: or https: URL.
 * The one kind of address that leaves this node: the browser opens that node's own dashboard (which asks
 * for that node's credentials if they differ); nothing of another node is fetched from this page.
 */
export function memberHref(baseUrl, fragment) {
  let u;
  try {
    u = new URL(String(baseUrl));
  } catch (e) {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    return null;
  }
  u.username = '';
  u.password = '';
  u.pathname = u.pathname.replace(/\/+$/, '') + '/medic/ui/';
  u.search = '';
  u.hash = fragment || '';
  return u.href;
}

/** A link to another node's dashboard, at an address memberHref made (http: or https: only). */
export function memberLink(href, attrs, ...children) {
  const a = h('a', attrs, ...children);
  const u = new URL(href);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new Error('a member link is http or https: ' + href);
  }
  a.href = u.href;
  return a;
}

/** A process of another node (a pid qualified with its node: <0.42.0>@127.0.0.1:25521) as that node prints it. */
export function localPid(pid, node) {
  const suffix = '@' + node;
  return typeof pid === 'string' && pid.endsWith(suffix) ? pid.slice(0, -suffix.length) : pid;
}
