"use strict";
const test = require("node:test");
const assert = require("node:assert");
const D = require("../delivery.js");
const S = require("../steps.js");

// page builds an outbox over a fake worker and fake storage: answer(batch)
// decides the worker's reply (a value, or a thrown error for a failed
// message); timers run only when the test says.
function page(answer) {
  const stored = [];
  const sent = [];
  const timers = [];
  const box = D.outbox({
    src: "p1",
    send: (batch) => {
      sent.push(batch.map((e) => e.seq));
      return new Promise((resolve, reject) => {
        try {
          resolve(answer(batch));
        } catch (e) {
          reject(e);
        }
      });
    },
    store: (events) => {
      stored.push(events.map((e) => e.seq));
      return Promise.resolve();
    },
    later: (f, ms) => timers.push({ f, ms }),
  });
  const tick = () => new Promise((r) => setImmediate(r));
  const runTimers = async () => {
    for (const t of timers.splice(0)) t.f();
    await tick();
  };
  return { box, stored, sent, timers, tick, runTimers };
}

const ackAll = (batch) => ({ acked: batch[batch.length - 1].seq });

test("each event is numbered and stored before it is sent, and leaves storage once acknowledged", async () => {
  const p = page(ackAll);
  assert.strictEqual(p.box.add({ kind: "click" }), 1);
  assert.deepStrictEqual(p.stored, [[1]], "stored at once, before any answer");
  assert.deepStrictEqual(p.sent, [[1]]);
  await p.tick();
  assert.deepStrictEqual(p.box.pending(), []);
  assert.deepStrictEqual(p.stored, [[1], []], "an empty list removes the page's key");
});

test("a failed message is retried with backoff until the worker acknowledges it", async () => {
  let up = false;
  const p = page((batch) => {
    if (!up) throw new Error("Could not establish connection. Receiving end does not exist.");
    return ackAll(batch);
  });
  p.box.add({ kind: "click" });
  await p.tick();
  assert.deepStrictEqual(p.box.pending().map((e) => e.seq), [1], "kept in the page");
  assert.deepStrictEqual(p.timers.map((t) => t.ms), [100]);
  await p.runTimers();
  assert.deepStrictEqual(p.timers.map((t) => t.ms), [200], "the wait doubles");
  up = true;
  await p.runTimers();
  assert.deepStrictEqual(p.box.pending(), []);
  assert.deepStrictEqual(p.sent, [[1], [1], [1]]);
  assert.deepStrictEqual([1, 2, 3, 6, 7, 20].map(D.retryDelay), [100, 200, 400, 3200, 5000, 5000]);
});

test("an answer that acknowledges nothing (the port closed) is a failure", async () => {
  const p = page(() => undefined);
  p.box.add({ kind: "click" });
  await p.tick();
  assert.strictEqual(p.box.pending().length, 1);
  assert.strictEqual(p.timers.length, 1);
});

test("one batch is in flight at a time; events added meanwhile go in the next", async () => {
  let release;
  const p = page((batch) => new Promise((r) => {
    release = () => r(ackAll(batch));
  }));
  p.box.add({ kind: "click" });
  p.box.add({ kind: "input" });
  p.box.add({ kind: "submit" });
  assert.deepStrictEqual(p.sent, [[1]]);
  release();
  await p.tick();
  assert.deepStrictEqual(p.sent, [[1], [2, 3]]);
  release();
  await p.tick();
  assert.deepStrictEqual(p.box.pending(), []);
});

test("an acknowledgement covers only the events up to its number", async () => {
  const p = page(() => ({ acked: 1 }));
  p.box.add({ kind: "click" });
  await p.tick();
  p.box.add({ kind: "submit" });
  await p.tick();
  assert.deepStrictEqual(p.box.pending().map((e) => e.seq), [2]);
});

test("past the bound a page drops events but numbers them, and the worker counts the gap", async () => {
  const p = page(() => {
    throw new Error("worker away");
  });
  for (let i = 0; i < D.MAX_PENDING + 2; i++) p.box.add({ kind: "click" });
  assert.strictEqual(p.box.pending().length, D.MAX_PENDING);
  const seen = {};
  D.receive(seen, "p1", p.box.pending());
  const later = D.receive(seen, "p1", [{ seq: D.MAX_PENDING + 3, kind: "click" }]);
  assert.strictEqual(later.gap, 2);
});

test("the worker takes each event once, whichever way and however often it comes", () => {
  const seen = {};
  const ev = (seq) => ({ seq, kind: "click" });
  const first = D.receive(seen, "p1", [ev(1), ev(2)]);
  assert.deepStrictEqual(first.fresh.map((e) => e.seq), [1, 2]);
  assert.strictEqual(first.acked, 2);
  // The same batch again, from storage after the message: nothing new.
  const again = D.receive(seen, "p1", [ev(1), ev(2)]);
  assert.deepStrictEqual(again.fresh, []);
  assert.strictEqual(again.acked, 2);
  // An overlapping batch, out of order: only the new one.
  const overlap = D.receive(seen, "p1", [ev(3), ev(2)]);
  assert.deepStrictEqual(overlap.fresh.map((e) => e.seq), [3]);
  assert.strictEqual(overlap.gap, 0);
  // Another page counts on its own.
  assert.deepStrictEqual(D.receive(seen, "p2", [ev(1)]).fresh.map((e) => e.seq), [1]);
  assert.deepStrictEqual(seen, { p1: 3, p2: 1 });
});

test("a gap after events already taken is a step that could not be recorded", () => {
  const seen = {};
  D.receive(seen, "p1", [{ seq: 1 }]);
  const r = D.receive(seen, "p1", [{ seq: 4 }, { seq: 5 }]);
  assert.deepStrictEqual(r.fresh.map((e) => e.seq), [4, 5]);
  assert.strictEqual(r.gap, 2);
  // A page's first batch sets where it starts (it may have begun before
  // this recording).
  assert.strictEqual(D.receive(seen, "p9", [{ seq: 7 }]).gap, 0);
  // Malformed numbers are ignored, not taken.
  assert.deepStrictEqual(D.receive(seen, "p3", [{ seq: "1" }, { seq: -1 }, null, { seq: 1.5 }]).fresh, []);
});

test("a click a page stored before it was left reaches the recording once, before the next page", () => {
  // The worker was stopped: the click's message never arrived, the page
  // is gone, and its key in storage holds the click. The next page's
  // navigation reaches the worker first; then the worker drains storage,
  // and later the same click comes again.
  const rec = { id: "rec-1", status: "recording", startedAt: 1000, pausedMs: 0, steps: [], seen: {} };
  const settings = { allow: [], deny: [] };
  const click = { src: "a", seq: 2, rid: "rec-1", kind: "click", at: 2000, url: "http://127.0.0.1/index.html", title: "Incidents", top: true, target: { tag: "A", role: "link", name: "INC0012345" } };
  const nav = { src: "b", seq: 1, rid: "rec-1", kind: "navigate", at: 2100, url: "http://127.0.0.1/incident.html", title: "INC0012345", top: true };
  const take = (src, events) => {
    for (const ev of D.receive(rec.seen, src, events).fresh) S.accept(rec, ev, settings);
  };
  take("a", [{ src: "a", seq: 1, rid: "rec-1", kind: "navigate", at: 1500, url: "http://127.0.0.1/index.html", title: "Incidents", top: true }]);
  take("b", [nav]);
  take("a", [click]);
  take("a", [click]);
  assert.deepStrictEqual(rec.steps.map((s) => s.action + " " + (s.target ? s.target.name : s.page)), [
    "navigate Incidents", "click INC0012345", "navigate INC0012345",
  ]);
});

// pairs collects what a pairing posts; timers run when the test says.
function pairs() {
  const posted = [];
  const timers = [];
  const pair = D.pairing((m) => posted.push(m), (f) => timers.push(f));
  return { pair, posted, endTask: () => timers.splice(0).forEach((f) => f()) };
}

test("a click that submits a form and the submit are one submit step named by the button", () => {
  const p = pairs();
  const form = {};
  const button = { form };
  p.pair.click({ kind: "click", at: 5, target: { name: "Reset" } }, button, true);
  assert.deepStrictEqual(p.posted, [], "held until the submit or the end of the task");
  p.pair.submit(form, button, () => ({ kind: "submit", target: { name: "the form" } }));
  p.endTask();
  assert.deepStrictEqual(p.posted, [{ kind: "submit", at: 5, target: { name: "Reset" } }]);
});

test("the browser's click on the default button after Enter (detail 0) is no step of its own", () => {
  const p = pairs();
  const form = {};
  const search = { form };
  // Enter in the search box: the browser dispatches a click on the
  // default button, then the submit with that button as submitter.
  p.pair.click({ kind: "click", at: 7, detail: 0, target: { name: "Search" } }, search, true);
  p.pair.submit(form, search, () => ({ kind: "submit", target: { name: "Search" } }));
  p.endTask();
  assert.deepStrictEqual(p.posted.map((m) => m.kind + " " + m.target.name), ["submit Search"]);
});

test("a click on a submit button that submits nothing is released as a click at the end of the task", () => {
  const p = pairs();
  p.pair.click({ kind: "click", at: 1, target: { name: "Reset" } }, { form: {} }, true);
  assert.deepStrictEqual(p.posted, []);
  p.endTask();
  assert.deepStrictEqual(p.posted.map((m) => m.kind), ["click"]);
  p.endTask();
  assert.strictEqual(p.posted.length, 1, "released once");
});

test("a submit without a click, and clicks on other controls, pass as they come", () => {
  const p = pairs();
  p.pair.click({ kind: "click", target: { name: "Send code" } }, {}, false);
  p.pair.submit({}, null, () => ({ kind: "submit", target: { name: "Search" } }));
  // A held click on another form's button is released before the submit.
  p.pair.click({ kind: "click", target: { name: "Save" } }, { form: {} }, true);
  p.pair.submit({}, { form: {} }, () => ({ kind: "submit", target: { name: "Go" } }));
  p.endTask();
  assert.deepStrictEqual(p.posted.map((m) => m.kind + " " + m.target.name), ["click Send code", "submit Search", "click Save", "submit Go"]);
});

test("a page being left releases a held click", () => {
  const p = pairs();
  p.pair.click({ kind: "click", target: { name: "Go" } }, { form: {} }, true);
  p.pair.release();
  assert.deepStrictEqual(p.posted.map((m) => m.kind), ["click"]);
});
