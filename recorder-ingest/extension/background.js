// Service worker: holds the recording being made, turns the content
// scripts' events into steps, and uploads finished recordings, retrying
// failed uploads with backoff. Storage holds only the current recording,
// settings, and recordings waiting for upload; each leaves storage once
// the server has stored it.
"use strict";
importScripts("steps.js");
const S = globalThis.StepwiseSteps;

const DEFAULTS = { server: "http://127.0.0.1:8080", token: "", apps: {}, allow: [], deny: [] };

async function settings() {
  const { settings } = await chrome.storage.local.get("settings");
  return Object.assign({}, DEFAULTS, settings || {});
}

async function current() {
  const { recording } = await chrome.storage.local.get("recording");
  return recording || null;
}

async function save(rec) {
  await chrome.storage.local.set({ recording: rec });
}

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

async function addEvent(ev, sender) {
  const rec = await current();
  if (!rec || rec.status !== "recording") return;
  const st = await settings();
  if (ev.kind === "uncaptured") {
    rec.uncaptured = (rec.uncaptured || []).concat([ev.uncaptured]);
    return save(rec);
  }
  if (ev.kind === "frames") {
    const unseen = ev.srcs.filter((u) => !S.allowed(u, st));
    if (unseen.length) rec.uncaptured = (rec.uncaptured || []).concat([{ kind: "domain", where: "frames of " + new URL(ev.url).hostname, count: unseen.length }]);
    return save(rec);
  }
  if (!S.allowed(ev.url, st)) {
    rec.skipped = (rec.skipped || 0) + 1;
    return save(rec);
  }
  // Navigation of a frame inside a page is not a navigation of the tab.
  if (ev.kind === "navigate" && sender && sender.frameId) return;
  const step = S.toStep(Object.assign({}, ev, { t: ev.at - rec.startedAt - (rec.pausedMs || 0) }), st);
  if (!step) return;
  // The record picked from a list is "[record]" from then on (steps.js).
  rec.records = rec.records || [];
  rec.generalised = (rec.generalised || 0) + S.generalise(step, ev.target && ev.target.picked, rec.records);
  const last = rec.steps[rec.steps.length - 1];
  if (last && step.action === "navigate" && last.action === "navigate" && last.url === step.url) return;
  rec.steps.push(step);
  return save(rec);
}

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
  const rec = await current();
  const now = Date.now();
  switch (msg.type) {
    case "state":
      return { recording: rec, pending: (await pending()).length, settings: await settings() };
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
      if (rec && rec.status !== "stopped") Object.assign(rec, { status: "stopped" });
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
      await chrome.storage.local.remove("recording");
      return {};
    case "export":
      return rec && rec.steps.length ? { json: S.build(rec) } : { error: "Nothing recorded yet." };
    case "upload":
      if (!rec || rec.steps.length === 0) return { error: "Nothing recorded yet." };
      rec.status = "stopped";
      await enqueue(S.build(rec));
      await chrome.storage.local.remove("recording");
      return await flush();
    default:
      return { error: "unknown command" };
  }
  if (rec) await save(rec);
  return { recording: rec };
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
  if (msg.type === "event") {
    serial(() => addEvent(msg, sender));
    return false;
  }
  serial(() => command(msg)).then(reply, (e) => reply({ error: String(e) }));
  return true;
});
