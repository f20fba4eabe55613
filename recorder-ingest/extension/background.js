// Service worker: holds the recording being made, turns the content
// scripts' events into steps, and uploads finished recordings, retrying
// failed uploads with backoff. Storage holds only the current recording,
// settings, recordings waiting for upload, and events pages have not yet
// had acknowledged; each leaves storage once it has been taken.
"use strict";
importScripts("steps.js", "delivery.js");
const S = globalThis.StepwiseSteps;
const D = globalThis.StepwiseDelivery;

const DEFAULTS = { server: "http://127.0.0.1:8080", token: "", apps: {}, allow: [], deny: [] };

async function settings() {
  const { settings } = await chrome.storage.local.get("settings");
  return Object.assign({}, DEFAULTS, settings || {});
}

async function current() {
  const { recording } = await chrome.storage.local.get("recording");
  if (!recording) return null;
  const { records } = await chrome.storage.session.get("records");
  recording.records = Array.isArray(records) ? records : [];
  recording.storedRecords = recording.records.length;
  return recording;
}

// save stores the recording and, apart, the little the content scripts
// read to know whether to record at all: its id and status. They read it
// from local storage when a page starts, and hear of changes from session
// storage, which holds nothing else but the records below: listening to
// local storage would send every page the whole recording on each change.
//
// The texts of the records picked from lists (rec.records, see
// S.generalise) are kept in session storage only, which lives in memory
// and ends with the browser session: what the agent picked never reaches
// the disk, only the placeholders that stand for it.
async function save(rec) {
  const recorder = { id: rec.id, status: rec.status };
  const { records, storedRecords, ...kept } = rec;
  await chrome.storage.local.set({ recording: kept, recorder: recorder });
  await chrome.storage.session.set({ recorder: recorder });
  // Records only grow: write them when one was added, so that pages
  // hearing of status changes are not sent them with every step.
  if (records && records.length !== (storedRecords || 0)) await chrome.storage.session.set({ records: records });
}

async function forget() {
  await chrome.storage.local.remove(["recording", "recorder"]);
  await chrome.storage.session.remove(["recorder", "records"]);
}

// Session storage starts empty and closed to pages with each browser
// session: open it, and restore the status of a recording that was running
// (the listener on startup makes the browser start the worker then).
chrome.storage.session.setAccessLevel({ accessLevel: "TRUSTED_AND_UNTRUSTED_CONTEXTS" }).catch(() => {});
chrome.runtime.onStartup.addListener(() => {});

function randomBytes(n) {
  return crypto.getRandomValues(new Uint8Array(n));
}

// Events arrive from many frames at once; handle them in order.
let queue = Promise.resolve();
function serial(f) {
  const next = queue.then(f, f);
  queue = next.catch(() => {});
  return next;
}

async function addEvent(ev) {
  const rec = await current();
  if (!rec || rec.status !== "recording") return;
  if (S.accept(rec, ev, await settings())) await save(rec);
}

// takeEvents applies one page's batch of numbered events: those already
// taken are dropped, gaps are counted as lost steps, and the recording is
// stored before the answer acknowledges the batch.
async function takeEvents(src, events) {
  const rec = await current();
  const highest = Math.max(0, ...(events || []).map((e) => (Number.isInteger(e && e.seq) ? e.seq : 0)));
  if (!rec || typeof src !== "string" || !src) return { acked: highest };
  rec.seen = rec.seen || {};
  const { fresh, gap, acked } = D.receive(rec.seen, src, events);
  if (fresh.length === 0) return { acked: Math.max(acked, highest) };
  const st = await settings();
  for (const ev of fresh) if (ev.rid === rec.id) S.accept(rec, ev, st);
  if (gap) rec.lost = (rec.lost || 0) + gap;
  await save(rec);
  return { acked: Math.max(acked, highest) };
}

// inboxes reads the pages' stored events, without reading the recording
// and the upload queue where the browser can list keys.
async function inboxes() {
  if (!chrome.storage.local.getKeys) {
    const all = await chrome.storage.local.get(null);
    return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith(D.INBOX)));
  }
  const keys = (await chrome.storage.local.getKeys()).filter((k) => k.startsWith(D.INBOX));
  return keys.length ? chrome.storage.local.get(keys) : {};
}

// takeMessage takes a batch sent by a page. Before a page's first batch,
// what earlier pages left in storage is taken: the page it came from may
// have been left before its last event (the click that led here) reached
// the worker, and steps are then taken in the order they were made.
async function takeMessage(src, events) {
  const rec = await current();
  if (rec && !(rec.seen && Object.prototype.hasOwnProperty.call(rec.seen, src))) await drain();
  return takeEvents(src, events);
}

// drain takes the events that pages left in storage: a page that was left
// before the worker answered (a click that navigates away while the worker
// was stopped), or whose messages failed. A key is removed once all it
// holds has been taken; a page still open rewrites its own.
async function drain() {
  const all = await inboxes();
  for (const key of Object.keys(all)) {
    if (!Array.isArray(all[key])) continue;
    const src = key.slice(D.INBOX.length);
    const { acked } = await takeEvents(src, all[key]);
    const now = (await chrome.storage.local.get(key))[key];
    if (!Array.isArray(now) || now.every((e) => !e || !(e.seq > acked))) await chrome.storage.local.remove(key);
  }
}

// The status of a running recording, for pages (see save).
serial(async () => {
  const rec = await current();
  if (rec) await chrome.storage.session.set({ recorder: { id: rec.id, status: rec.status } });
});

// Whenever the worker starts, and whenever a page stores events, take what
// waits: a message may not have arrived.
serial(drain);
let drainSoon = null;
chrome.storage.onChanged.addListener((changes, area) => {
  if (area !== "local" || !Object.keys(changes).some((k) => k.startsWith(D.INBOX) && changes[k].newValue)) return;
  clearTimeout(drainSoon);
  drainSoon = setTimeout(() => serial(drain), 1000);
});

async function tabStep(kind, tabId) {
  const rec = await current();
  if (!rec || rec.status !== "recording") return;
  let tab;
  try {
    tab = await chrome.tabs.get(tabId);
  } catch (e) {
    return;
  }
  if (!tab.url || !/^https?:/.test(tab.url)) return;
  return addEvent({ kind: kind, url: tab.url, title: tab.title || "", at: Date.now() });
}

chrome.tabs.onActivated.addListener((info) => serial(() => tabStep("switch_tab", info.tabId)));

async function command(msg) {
  // What the popup shows or sends includes what pages stored.
  if (["state", "pause", "stop", "export", "upload"].includes(msg.type)) await drain();
  const rec = await current();
  const now = Date.now();
  switch (msg.type) {
    case "state":
      return { recording: rec, pending: (await pending()).length, waiting: await waiting(), settings: await settings() };
    case "start": {
      const r = {
        id: S.newID(randomBytes), status: "recording", startedAt: now, pausedMs: 0,
        recordedAt: new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z"),
        workflow: S.slugify(msg.workflow), title: msg.title || "", role: msg.role || "", steps: [], uncaptured: [],
      };
      await save(r);
      return { recording: r };
    }
    case "pause":
      if (rec && rec.status === "recording") Object.assign(rec, { status: "paused", pausedAt: now });
      break;
    case "resume":
      if (rec && rec.status === "paused") Object.assign(rec, { status: "recording", pausedMs: rec.pausedMs + now - rec.pausedAt });
      break;
    case "stop":
      if (rec && rec.status !== "stopped") Object.assign(rec, { status: "stopped", stoppedAt: rec.status === "paused" ? rec.pausedAt : now });
      break;
    case "mark":
      // A marker tags the last step with what it is for the controls;
      // with no step yet it stands as a step of its own.
      if (rec && rec.status === "recording") {
        const last = rec.steps[rec.steps.length - 1];
        if (last && last.action !== "mark") last.mark = msg.mark;
        else rec.steps.push({ t: Math.max(0, now - rec.startedAt - rec.pausedMs), action: "mark", mark: msg.mark, text: "Marked as " + msg.mark });
      }
      break;
    case "note":
      if (rec && rec.status === "recording") {
        const text = S.str(msg.text || "");
        if (text) rec.steps.push({ t: Math.max(0, now - rec.startedAt - rec.pausedMs), action: "note", text: text });
      }
      break;
    case "retry":
      return await flush();
    case "delete":
      if (rec && msg.index >= 0 && msg.index < rec.steps.length) rec.steps.splice(msg.index, 1);
      break;
    case "discard":
      await forget();
      return {};
    case "export":
      return rec && rec.steps.length ? { json: S.build(rec) } : { error: "Nothing recorded yet." };
    case "upload":
      if (!rec || rec.steps.length === 0) return { error: "Nothing recorded yet." };
      rec.status = "stopped";
      await enqueue(S.build(rec));
      await forget();
      return await flush();
    default:
      return { error: "unknown command" };
  }
  if (rec) await save(rec);
  return { recording: rec };
}

// waiting counts the events pages have stored and the recording has not
// taken yet.
async function waiting() {
  const all = await inboxes();
  const rec = await current();
  const seen = (rec && rec.seen) || {};
  let n = 0;
  for (const k of Object.keys(all)) {
    if (!Array.isArray(all[k])) continue;
    const taken = seen[k.slice(D.INBOX.length)] || 0;
    n += all[k].filter((e) => e && e.seq > taken).length;
  }
  return n;
}

// --- upload queue ---

async function pending() {
  const { outbox } = await chrome.storage.local.get("outbox");
  return outbox || [];
}

async function enqueue(recording) {
  const out = await pending();
  out.push({ recording: recording, tries: 0 });
  await chrome.storage.local.set({ outbox: out });
}

// flush sends what waits; a failure stays queued and is retried later,
// safely, because the server answers a repeated id with its first receipt.
async function flush() {
  const st = await settings();
  let out = await pending();
  const results = [];
  const keep = [];
  for (const item of out) {
    try {
      const resp = await fetch(st.server.replace(/\/+$/, "") + "/api/v1/recordings", {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: "Bearer " + st.token },
        body: JSON.stringify(item.recording),
      });
      const body = await resp.json().catch(() => ({}));
      if (resp.status === 201 || resp.status === 200) {
        results.push({ id: item.recording.id, ok: true, workflow: body.workflow, version: body.version });
        continue;
      }
      if (resp.status === 429 || resp.status >= 500) throw new Error("server answered " + resp.status);
      // A refusal will not change on retry: report it and drop it.
      results.push({ id: item.recording.id, ok: false, status: resp.status, problem: body });
    } catch (e) {
      item.tries++;
      keep.push(item);
      results.push({ id: item.recording.id, ok: false, retry: true, error: String(e.message || e) });
    }
  }
  await chrome.storage.local.set({ outbox: keep });
  if (keep.length) {
    const minutes = S.backoff(Math.max(...keep.map((k) => k.tries))) / 60;
    chrome.alarms.create("retry", { delayInMinutes: Math.max(0.5, minutes) });
  }
  return { results: results, pending: keep.length };
}

chrome.alarms.onAlarm.addListener((a) => {
  if (a.name === "retry") serial(flush);
});

chrome.runtime.onMessage.addListener((msg, sender, reply) => {
  if (msg.type === "events") {
    serial(() => takeMessage(msg.src, msg.events)).then(reply, (e) => reply({ error: String(e) }));
    return true;
  }
  serial(() => command(msg)).then(reply, (e) => reply({ error: String(e) }));
  return true;
});
