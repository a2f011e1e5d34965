// A refresh loop owned by one page: the next round starts only after the previous one answered (a slow
// node is never sent a pile of requests), and at least MIN_GAP_MS after it (a round longer than the
// interval — a window — leaves the node's one window permit free between two rounds); it waits while the
// tab is hidden, and it ends when the page is left.

const MIN_GAP_MS = 250;

export class Poller {
  /**
   * @param {function(): Promise} round  one refresh
   * @param {number} intervalMs           time from the start of one round to the start of the next
   * @param {function(Error)} onError     a failed round (the loop goes on)
   */
  constructor(round, intervalMs, onError) {
    this.round = round;
    this.intervalMs = intervalMs;
    this.onError = onError || (() => {});
    this.timer = null;
    this.running = false;
    this.stopped = false;
    this.paused = false;
    this.updates = 0;
    this.onVisibility = () => {
      if (!document.hidden && this.running && !this.paused && this.timer === null && !this.busy) {
        this.schedule(0);
      }
    };
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  start() {
    this.running = true;
    this.schedule(0);
    return this;
  }

  /** Runs a round now (a button, a changed sort), then goes on at the interval. */
  now() {
    if (this.stopped) {
      return;
    }
    this.clear();
    if (this.busy) {
      this.again = true; // the running round's answer is stale: run once more when it ends
      return;
    }
    this.tick();
  }

  setInterval(ms) {
    this.intervalMs = ms;
  }

  /** Pauses the automatic refresh (now() still works). */
  setPaused(paused) {
    this.paused = paused;
    if (paused) {
      this.clear();
    } else if (this.running && !this.busy) {
      this.schedule(0);
    }
  }

  stop() {
    this.stopped = true;
    this.running = false;
    this.clear();
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  clear() {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  schedule(delay) {
    this.clear();
    if (this.stopped || this.paused) {
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      if (document.hidden) {
        return; // visibilitychange restarts it
      }
      this.tick();
    }, Math.max(0, delay));
  }

  async tick() {
    if (this.busy) {
      return;
    }
    const started = performance.now();
    this.busy = true;
    try {
      await this.round();
      this.updates++;
    } catch (e) {
      this.onError(e);
    } finally {
      this.busy = false;
    }
    if (this.stopped) {
      return;
    }
    if (this.again) {
      this.again = false;
      this.tick();
      return;
    }
    if (this.running && !this.paused) {
      this.schedule(Math.max(MIN_GAP_MS, this.intervalMs - (performance.now() - started)));
    }
  }
}
