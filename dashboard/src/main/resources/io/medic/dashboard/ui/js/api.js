// The node's HTTP API, as the pages call it: Medic's own /medic routes, relative to the page
// (/medic/ui/ -> /medic/), with the browser's credentials (Basic authentication: the browser asks once and
// sends them with every request of this origin). Every answer is JSON; every error Medic's
// {"error": code, "message": text}.

const BASE = new URL('../', document.baseURI);
// A page opened as http://user:password@host/medic/ui/ has the credentials in its URL; fetch() refuses such
// URLs, and needs none: the browser already holds the credentials for this origin.
BASE.username = '';
BASE.password = '';

/** A refused or failed request: the HTTP status, Medic's error code and its message. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** The URL of a /medic route: path below /medic/ ('node', 'processes/' + pid), query as an object. */
export function url(path, query) {
  const u = new URL(path, BASE);
  if (query) {
    Object.entries(query).forEach(([k, v]) => {
      if (v !== null && v !== undefined && v !== '') {
        u.searchParams.set(k, String(v));
      }
    });
  }
  return u;
}

/** A path below /medic/ for one process: processes/%3C0.12.0%3E/state. */
export function processPath(pid, ...rest) {
  return ['processes', encodeURIComponent(pid), ...rest].join('/');
}

async function request(method, path, query, body) {
  const init = {
    method,
    credentials: 'same-origin',
    cache: 'no-store',
    headers: { Accept: 'application/json' },
  };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url(path, query), init);
  } catch (e) {
    throw new ApiError(0, 'unreachable', 'the node did not answer (' + e.message + ')');
  }
  const text = await response.text();
  let json = null;
  if (text.length > 0) {
    try {
      json = JSON.parse(text);
    } catch (e) {
      json = null;
    }
  }
  if (!response.ok) {
    const code = json && json.error ? json.error : 'http_' + response.status;
    const message = json && json.message ? json.message : response.status + ' ' + response.statusText;
    throw new ApiError(response.status, code, message);
  }
  return { status: response.status, body: json };
}

/** GET a route; resolves to its JSON. */
export async function get(path, query) {
  return (await request('GET', path, query)).body;
}

/** A mutating call (POST, PUT): resolves to {status, body}. */
export async function send(method, path, body, query) {
  return request(method, path, query, body);
}
