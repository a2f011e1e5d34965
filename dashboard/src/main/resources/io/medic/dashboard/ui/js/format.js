// Numbers as people read them. Every function returns a plain string (rendered as text).

export function int(n) {
  if (n === null || n === undefined || Number.isNaN(n)) {
    return '–';
  }
  if (n === -1) {
    return 'unknown';
  }
  return Math.round(n).toLocaleString('en-US');
}

export function bytes(n) {
  if (n === null || n === undefined || Number.isNaN(n)) {
    return '–';
  }
  if (n < 0) {
    return n === -1 ? 'unbounded' : String(n);
  }
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return (i === 0 ? String(v) : v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)) + ' ' + units[i];
}

export function ratio(r) {
  if (r === null || r === undefined || Number.isNaN(r) || r < 0) {
    return '–';
  }
  return (r * 100).toFixed(r < 0.1 ? 1 : 0) + ' %';
}

export function decimal(n, digits = 1) {
  if (n === null || n === undefined || Number.isNaN(n)) {
    return '–';
  }
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function duration(ms) {
  if (ms === null || ms === undefined || ms < 0) {
    return '–';
  }
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) {
    return d + 'd ' + h + 'h ' + m + 'm';
  }
  if (h > 0) {
    return h + 'h ' + m + 'm ' + sec + 's';
  }
  if (m > 0) {
    return m + 'm ' + sec + 's';
  }
  return s > 0 ? sec + 's' : ms + ' ms';
}

export function micros(us) {
  if (us === null || us === undefined) {
    return '–';
  }
  if (us < 1000) {
    return int(us) + ' µs';
  }
  if (us < 1000000) {
    return decimal(us / 1000, 1) + ' ms';
  }
  return decimal(us / 1000000, 2) + ' s';
}

/** The time of day of an ISO timestamp or of now, hh:mm:ss. */
export function clock(iso) {
  const d = iso ? new Date(iso) : new Date();
  return d.toTimeString().slice(0, 8);
}

/** How to show the value of a process or port attribute, by its wire name. */
export function attribute(name, v) {
  if (name.endsWith('_bytes') || name.endsWith('_oct') || name === 'oct') {
    return bytes(v);
  }
  if (name.endsWith('_us')) {
    return micros(v);
  }
  return int(v);
}
