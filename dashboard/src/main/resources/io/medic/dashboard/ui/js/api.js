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
  const json = parseJson(await response.text());
  if (!response.ok) {
    throw failure(response, json);
  }
  return { status: response.status, body: json };
}

function parseJson(text) {
  if (text.length === 0) {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    return null;
  }
}

/** The ApiError of a refused request: Medic's {"error", "message"}, or the status. */
function failure(response, json) {
  const code = json && json.error ? json.error : 'http_' + response.status;
  const message = json && json.message ? json.message : response.status + ' ' + response.statusText;
  return new ApiError(response.status, code, message);
}

/**
 * A request answered with a stream of server-sent events (POST /medic/trace, GET /medic/monitor/stream;
 * `body` undefined sends none): calls onEvent({event, id, data}) for each one (`data` parsed as JSON, null
 * when empty; comments — heartbeats — skipped) and resolves when the
 * server ends the stream. Aborting `signal` closes the connection: the server's session ends (its client
 * is gone). A refusal before the stream (400, 403, 429...) rejects with the route's ApiError.
 */
export async function stream(method, path, body, onEvent, signal, query) {
  let response;
  try {
    response = await fetch(url(path, query), {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: body === undefined ? { Accept: 'text/event-stream' } : { Accept: 'text/event-stream', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if (signal && signal.aborted) {
      return;
    }
    throw new ApiError(0, 'unreachable', 'the node did not answer (' + e.message + ')');
  }
  if (!response.ok) {
    throw failure(response, parseJson(await response.text()));
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = parseEvent(block);
        if (event) {
          onEvent(event);
        }
      }
    }
  } catch (e) {
    if (signal && signal.aborted) {
      return;
    }
    throw new ApiError(0, 'stream_broken', 'the stream from the node broke (' + e.message + ')');
  }
}

/** One server-sent event's lines (event:, id:, data:; a line starting with ':' is a comment). */
function parseEvent(block) {
  let event = 'message';
  let id = null;
  const data = [];
  block.split('\n').forEach((line) => {
    if (line === '' || line.startsWith(':')) {
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') {
      event = value;
    } else if (field === 'id') {
      id = value;
    } else if (field === 'data') {
      data.push(value);
    }
  });
  if (data.length === 0) {
    return null;
  }
  return { event, id, data: parseJson(data.join('\n')) };
}

/** GET a route; resolves to its JSON. */
export async function get(path, query) {
  return (await request('GET', path, query)).body;
}

/** A mutating call (POST, PUT): resolves to {status, body}. */
export async function send(method, path, body, query) {
  return request(method, path, query, body);
}
