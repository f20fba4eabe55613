"use strict";
// The service worker (background.js) run against a fake chrome API: what it
// stores, when it acknowledges, and in which order it takes pages' events.
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

// worker starts a fresh background.js. Storage writes are recorded in a
// log, so a test can see whether the recording was written before an
// answer went out.
function worker(initial) {
  const local = new Map(Object.entries(initial || {}));
  const session = new Map();
  const log = [];
  const listeners = {};
  const on = (name) => ({ addListener: (f) => ((listeners[name] = listeners[name] || []).push(f)) });
  const clone = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
  const area = (m, name) => ({
    get: async (keys) => {
      const out = {};
      const ks = keys == null ? [...m.keys()] : [].concat(keys);
      for (const k of ks) if (m.has(k)) out[k] = clone(m.get(k));
      return out;
    },
    getKeys: async () => [...m.keys()],
    set: async (items) => {
      for (const [k, v] of Object.entries(items)) {
        m.set(k, clone(v));
        log.push("set " + name + " " + k + (k === "recording" ? " " + v.steps.map((s) => s.action).join(",") : ""));
      }
    },
    remove: async (keys) => {
      for (const k of [].concat(keys)) {
        m.delete(k);
        log.push("remove " + name + " " + k);
      }
    },
    setAccessLevel: async () => {},
  });
  const chrome = {
    storage: { local: area(local, "local"), session: area(session, "session"), onChanged: on("storage") },
    runtime: { onMessage: on("message"), onStartup: on("startup") },
    tabs: { onActivated: on("tabs"), get: async () => ({}) },
    alarms: { onAlarm: on("alarm"), create: () => {} },
  };
  const dir = path.join(__dirname, "..");
  const ctx = vm.createContext({ chrome, crypto: globalThis.crypto, console, setTimeout, clearTimeout, URL, Promise });
  ctx.globalThis = ctx;
  ctx.importScripts = (...files) => files.forEach((f) => vm.runInContext(fs.readFileSync(path.join(dir, f), "utf8"), ctx, { filename: f }));
  vm.runInContext(fs.readFileSync(path.join(dir, "background.js"), "utf8"), ctx, { filename: "background.js" });
  const send = (msg) => new Promise((resolve) => {
    const keep = listeners.message[0](msg, {}, (reply) => {
      log.push("reply " + JSON.stringify(reply));
      resolve(JSON.parse(JSON.stringify(reply))); // out of the worker's realm
    });
    assert.strictEqual(keep, true, "the worker answers asynchronously");
  });
  return { local, session, log, send };
}

const recording = (extra) => Object.assign({ id: "rec-1", status: "recording", startedAt: 1000, pausedMs: 0, workflow: "w", recordedAt: "2026-12-01T10:00:00Z", steps: [] }, extra);
const ev = (seq, kind, at, extra) => Object.assign({ src: "a", seq, rid: "rec-1", kind, at, url: "http://127.0.0.1/list", title: "Incidents", top: true }, extra);

test("the worker stores the recording before it acknowledges a page's events", async () => {
  const w = worker({ recording: recording() });
  const reply = await w.send({ type: "events", src: "a", events: [ev(1, "navigate", 1100), ev(2, "click", 1200, { target: { tag: "A", role: "link", name: "INC1" } })] });
  assert.deepStrictEqual(reply, { acked: 2 });
  const stored = w.log.indexOf("set local recording navigate,click");
  assert.ok(stored >= 0 && stored < w.log.indexOf('reply {"acked":2}'), w.log.join("\n"));
  assert.deepStrictEqual(w.local.get("recording").steps.map((s) => s.action), ["navigate", "click"]);
  // The same events again (a retry whose answer was lost): taken once.
  assert.deepStrictEqual(await w.send({ type: "events", src: "a", events: [ev(2, "click", 1200, { target: { name: "INC1" } })] }), { acked: 2 });
  assert.strictEqual(w.local.get("recording").steps.length, 2);
});

test("a page's first message takes first what the page before it left in storage", async () => {
  // Page a was left right after its click: the click is only in storage.
  // Page a was left right after its click, whose message never arrived:
  // the click is only in storage, and no change event woke a drain.
  const click = ev(2, "click", 1200, { target: { tag: "A", role: "link", name: "INC1" } });
  const w = worker({ recording: recording({ seen: { a: 1 } }) });
  await new Promise((r) => setTimeout(r, 10)); // the drain at start finds nothing
  w.local.set("inbox:a", [click]);
  w.log.length = 0;
  await w.send({ type: "events", src: "b", events: [ev(1, "navigate", 1300, { src: "b", url: "http://127.0.0.1/inc", title: "INC1" })] });
  // The click was taken and stored before the navigation.
  assert.deepStrictEqual(w.log.filter((l) => l.startsWith("set local recording")), ["set local recording click", "set local recording click,navigate"], w.log.join("\n"));
  assert.strictEqual(w.local.has("inbox:a"), false, "the key is removed once taken");
});

test("events a page left in storage are taken when the worker starts, and a gap is reported", async () => {
  const w = worker({ recording: recording({ seen: { a: 1 } }), "inbox:a": [ev(3, "click", 1200, { target: { name: "Save" } })] });
  await new Promise((r) => setTimeout(r, 10));
  const rec = w.local.get("recording");
  assert.deepStrictEqual(rec.steps.map((s) => s.action), ["click"]);
  assert.strictEqual(rec.lost, 1, "event 2 never arrived");
  assert.strictEqual(w.local.has("inbox:a"), false);
  const state = await w.send({ type: "state" });
  assert.strictEqual(state.recording.lost, 1);
  assert.strictEqual(state.waiting, 0);
});

test("without a recording, events are acknowledged and dropped, and nothing is stored", async () => {
  const w = worker({});
  assert.deepStrictEqual(await w.send({ type: "events", src: "a", events: [ev(1, "click", 1200)] }), { acked: 1 });
  assert.deepStrictEqual([...w.local.keys()], []);
});

test("start and stop tell pages the status through session storage, which holds nothing else", async () => {
  const w = worker({});
  const started = await w.send({ type: "start", workflow: "demo" });
  assert.deepStrictEqual(w.session.get("recorder"), { id: started.recording.id, status: "recording" });
  await w.send({ type: "stop" });
  assert.strictEqual(w.session.get("recorder").status, "stopped");
  assert.deepStrictEqual([...w.session.keys()], ["recorder"]);
  await w.send({ type: "discard" });
  assert.deepStrictEqual([...w.session.keys()], []);
  assert.strictEqual(w.local.has("recorder"), false);
});

test("a record picked from a list is remembered in session storage only, and later steps name its placeholder", async () => {
  const w = worker({ recording: recording() });
  await w.send({ type: "events", src: "a", events: [
    ev(1, "click", 1100, { target: { tag: "A", role: "link", name: "Username: mkowalska", picked: "mkowalska" } }),
    ev(2, "navigate", 1200, { url: "http://127.0.0.1/user", title: "Change password: mkowalska" }),
  ] });
  assert.deepStrictEqual(w.session.get("records"), ["mkowalska"]);
  const stored = JSON.stringify(w.local.get("recording"));
  assert.ok(!stored.includes("mkowalska"), "the picked record reached local storage: " + stored);
  assert.ok(stored.includes("Change password: [record]"), stored);
  // A worker started again (its memory gone) still knows the record.
  const again = worker({ recording: w.local.get("recording") });
  again.session.set("records", w.session.get("records"));
  await again.send({ type: "events", src: "b", events: [ev(1, "navigate", 1300, { src: "b", url: "http://127.0.0.1/done", title: "Saved mkowalska" })] });
  assert.ok(JSON.stringify(again.local.get("recording")).includes("Saved [record]"));
});
