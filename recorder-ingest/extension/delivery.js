// How the content script's events leave the page: one per action of the
// agent (pairing), and delivered to the service worker so that no step is
// lost whatever the worker's state: Chromium stops an idle worker after
// about 30 seconds, and a message sent from a page that is being left may
// never reach it.
//
// The page's side (outbox) numbers each event, keeps it until the worker
// acknowledges it, writes the unacknowledged events to extension storage
// before sending (so that a click that navigates away survives the page),
// and retries with backoff. The worker's side (receive) drops what it has
// already seen by sequence number and counts gaps as steps that could not
// be recorded; the worker writes the recording to storage before it
// acknowledges, and takes up events left in storage by pages that are gone.
// A classic script: content scripts and the worker load it, Node's tests
// require it.
"use strict";
(function (root) {
  // INBOX prefixes the storage key of one page's unacknowledged events.
  const INBOX = "inbox:";
  // MAX_PENDING bounds what one page keeps while the worker cannot be
  // reached; an event beyond it is dropped but still numbered, so the
  // worker sees the gap and reports a step it could not record.
  const MAX_PENDING = 1000;

  // retryDelay is the wait in ms before delivery attempt n (1-based) after
  // a failure: 100 ms, doubling, at most 5 s.
  function retryDelay(n) {
    return Math.min(5000, 100 * Math.pow(2, Math.max(0, n - 1)));
  }

  // outbox makes the page's queue. io: {src, send(batch) → Promise<reply>,
  // store(events) → Promise (an empty list removes the key), later(fn, ms)}.
  // A reply {acked: n} acknowledges every event up to seq n.
  function outbox(io) {
    let seq = 0;
    let pending = [];
    let inflight = false;
    let failures = 0;
    let timer = null;

    function store() {
      let p;
      try {
        p = io.store(pending.slice());
      } catch (e) {
        p = Promise.reject(e);
      }
      // Storage is the safety net; delivery by message goes on without it.
      return Promise.resolve(p).catch(() => {});
    }

    function retry() {
      failures++;
      if (timer) return;
      timer = io.later(() => {
        timer = null;
        flush();
      }, retryDelay(failures));
    }

    // flush sends every unacknowledged event, oldest first, one batch at a
    // time.
    function flush() {
      if (inflight || pending.length === 0) return Promise.resolve();
      inflight = true;
      const batch = pending.slice();
      let sent;
      try {
        sent = Promise.resolve(io.send(batch));
      } catch (e) {
        sent = Promise.reject(e);
      }
      return sent.then((reply) => {
        inflight = false;
        if (!reply || typeof reply.acked !== "number") {
          retry();
          return;
        }
        const before = pending.length;
        pending = pending.filter((e) => e.seq > reply.acked);
        if (pending.length !== before) store();
        // A batch not wholly acknowledged waits its turn, as a failure
        // does; events added since it was sent go at once.
        if (reply.acked < batch[batch.length - 1].seq) {
          retry();
          return;
        }
        failures = 0;
        if (pending.length) return flush();
      }, () => {
        inflight = false;
        retry();
      });
    }

    // add numbers an event, keeps it, stores it and sends it; it returns
    // the event's sequence number, or 0 if it had to be dropped.
    function add(ev) {
      seq++;
      if (pending.length >= MAX_PENDING) return 0;
      pending.push(Object.assign({}, ev, { src: io.src, seq: seq }));
      store();
      flush();
      return seq;
    }

    return {
      add,
      flush,
      pending: () => pending.slice(),
    };
  }

  // receive applies one batch from a page to seen (the highest sequence
  // number taken from each page) and returns the events not taken before,
  // in order, and how many events are missing between those taken: a gap
  // means a step the page recorded never arrived. A page's first batch
  // sets its starting point.
  function receive(seen, src, events) {
    let last = seen[src] || 0;
    const known = Object.prototype.hasOwnProperty.call(seen, src);
    const fresh = [];
    let gap = 0;
    const sorted = (events || []).filter((e) => e && Number.isInteger(e.seq) && e.seq > 0).sort((a, b) => a.seq - b.seq);
    for (const ev of sorted) {
      if (ev.seq <= last) continue;
      if ((known || fresh.length > 0) && ev.seq > last + 1) gap += ev.seq - last - 1;
      fresh.push(ev);
      last = ev.seq;
    }
    if (fresh.length) seen[src] = last;
    return { fresh, gap, acked: last };
  }

  // pairing makes one event of a click on a form's submit button and the
  // submit it causes. The submit event comes within the same task as the
  // click, also when the browser clicks the default button itself after
  // Enter in a field (a click with event.detail 0 the agent never made),
  // so such a click is held until the end of the task (later(fn, 0)) or
  // the page's hiding, and released as a click only if no submit came: an
  // invalid form, or a page script that cancels the click. The submit then
  // carries the click's target (the button's name) and time. post receives
  // each event to send.
  function pairing(post, later) {
    let held = null;
    function release() {
      if (!held) return;
      const msg = held.msg;
      held = null;
      post(msg);
    }
    return {
      // click takes a click's event; submits says whether el submits a form.
      click(msg, el, submits) {
        release();
        if (!submits) {
          post(msg);
          return;
        }
        held = { el: el, msg: msg };
        later(release, 0);
      },
      // submit takes a form's submit by submitter (null when none, as for
      // form.requestSubmit() or Enter in a form without a button); make()
      // builds the event when no held click names it.
      submit(form, submitter, make) {
        if (held && (held.el === submitter || (!submitter && held.el.form === form))) {
          const msg = held.msg;
          held = null;
          post(Object.assign(msg, { kind: "submit" }));
          return;
        }
        release();
        post(make());
      },
      release,
    };
  }

  // newSource names one page's stream of events.
  function newSource(random) {
    return Array.from(random(8), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  const api = { INBOX, MAX_PENDING, outbox, receive, pairing, retryDelay, newSource };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  root.StepwiseDelivery = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
