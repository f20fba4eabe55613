"use strict";
const test = require("node:test");
const assert = require("node:assert");
const S = require("../steps.js");

const settings = { apps: { "desk.example.com": "Service Desk" }, allow: [], deny: ["bank.example"] };

test("a click becomes a click step with the page, app and target", () => {
  const step = S.toStep({ kind: "click", t: 1200.4, url: "https://desk.example.com/inc?id=7#top", title: "INC0012345 | Service Desk",
    target: { tag: "BUTTON", role: "button", name: "Reset password", selector: "#reset" } }, settings);
  assert.deepStrictEqual(step, { t: 1200, app: "Service Desk", url: "https://desk.example.com/inc", page: "INC0012345 | Service Desk",
    action: "click", target: { role: "button", name: "Reset password", selector: "#reset" } });
});

test("an input records the field kind and never a value", () => {
  const step = S.toStep({ kind: "input", t: 5, url: "https://desk.example.com/", title: "t",
    target: { tag: "TEXTAREA", role: "textbox", name: "Work notes", selector: "#notes" }, value: "secret" }, settings);
  assert.strictEqual(step.action, "input");
  assert.strictEqual(step.field_kind, "text");
  assert.ok(!JSON.stringify(step).includes("secret"));
});

test("one-time-code, card and other secret fields give no label at all", () => {
  for (const target of [
    { tag: "INPUT", type: "text", autocomplete: "one-time-code", name: "Code", selector: "#c" },
    { tag: "INPUT", type: "text", name: "Card number", label: "Card number", selector: "#cc" },
    { tag: "INPUT", type: "text", id: "otp", name: "Enter it", selector: "#otp" },
    { tag: "DIV", editable: true, role: "textbox", id: "otp-box", name: "Code", selector: "#otp-box" },
  ]) {
    const step = S.toStep({ kind: "input", t: 0, url: "https://desk.example.com/", target }, settings);
    assert.strictEqual(step.target.name, undefined, JSON.stringify(target));
    assert.strictEqual(step.target.selector, undefined);
    assert.strictEqual(step.field_kind, "other");
  }
});

test("password fields keep the name of their label or autocomplete, and their kind", () => {
  for (const [target, want] of [
    [{ tag: "INPUT", type: "password", name: "Temporary password", selector: "#pw" }, "Temporary password"],
    [{ tag: "INPUT", type: "text", autocomplete: "new-password", name: "Confirm new password", selector: "#p2" }, "Confirm new password"],
  ]) {
    const step = S.toStep({ kind: "input", t: 0, url: "https://desk.example.com/", target }, settings);
    assert.deepStrictEqual([step.target.name, step.target.selector], [want, target.selector]);
  }
  const step = S.toStep({ kind: "input", t: 0, url: "https://desk.example.com/", target: { tag: "INPUT", type: "password", name: "Password" } }, settings);
  assert.strictEqual(step.field_kind, "password");
});

test("selects and radios record the label of the option chosen", () => {
  const sel = S.toStep({ kind: "select", t: 0, url: "https://desk.example.com/", target: { tag: "SELECT", role: "combobox", name: "Verification method" }, choice: "SMS code to registered mobile" }, settings);
  assert.strictEqual(sel.choice, "SMS code to registered mobile");
  const radio = S.toStep({ kind: "toggle", t: 0, url: "https://desk.example.com/", target: { tag: "INPUT", type: "radio", role: "radio", name: "Reset method" }, choice: "Auto-generate", checked: true }, settings);
  assert.deepStrictEqual([radio.action, radio.choice], ["select", "Auto-generate"]);
  assert.strictEqual(S.toStep({ kind: "toggle", t: 0, url: "https://desk.example.com/", target: { tag: "INPUT", type: "radio" }, checked: false }, settings), null);
  const box = S.toStep({ kind: "toggle", t: 0, url: "https://desk.example.com/", target: { tag: "INPUT", type: "checkbox", name: "Must change" }, checked: true }, settings);
  assert.strictEqual(box.action, "check");
});

test("denied domains, non-web URLs and data: URIs leave nothing", () => {
  assert.strictEqual(S.toStep({ kind: "click", url: "https://online.bank.example/x", target: {} }, settings), null);
  assert.strictEqual(S.cleanURL("data:text/html,hi"), "");
  assert.strictEqual(S.cleanURL("javascript:alert(1)"), "");
  assert.strictEqual(S.str("see data:image/png;base64,AAAA here"), "see  here");
  assert.strictEqual(S.allowed("https://desk.example.com/", { allow: ["example.com"] }), true);
  assert.strictEqual(S.allowed("https://other.test/", { allow: ["example.com"] }), false);
});

test("build makes a valid recording", () => {
  const rec = S.build({ id: S.newID((n) => new Uint8Array(n).fill(171)), workflow: "Password Reset!", title: "Reset", role: "agent",
    recordedAt: "2026-11-22T10:00:00Z", steps: [{ t: 10, action: "navigate", url: "https://x.example/" }, { t: 5, action: "click", target: {} }] });
  assert.match(rec.id, /^[A-Za-z0-9_-]{8,64}$/);
  assert.strictEqual(rec.workflow, "password-reset");
  assert.strictEqual(rec.steps[1].t, 10, "t never goes back");
  assert.strictEqual(rec.steps[1].target, undefined, "an empty target is left out");
  assert.deepStrictEqual(rec.actor, { role: "agent" });
});

test("backoff grows and is capped", () => {
  assert.deepStrictEqual([1, 2, 3, 20].map(S.backoff), [15, 30, 60, 1800]);
});

test("a recording left running past the format's 7 days keeps its order within the bound", () => {
  const week = 7 * 24 * 60 * 60 * 1000;
  const rec = S.build({ id: S.newID((n) => new Uint8Array(n).fill(1)), workflow: "long-call", recordedAt: "2026-12-01T10:00:00Z",
    steps: [{ t: 5, action: "click" }, { t: week + 1, action: "click" }, { t: 9e15, action: "note", text: "later" }] });
  assert.deepStrictEqual(rec.steps.map((s) => s.t), [5, week, week]);
});

test("a step that arrives late takes its place in time", () => {
  const steps = [{ t: 0, action: "navigate", url: "https://desk.example.com/", page: "Incidents" }, { t: 90, action: "navigate", url: "https://desk.example.com/inc", page: "INC1" }];
  assert.strictEqual(S.place(steps, { t: 50, action: "click", target: { name: "INC1" } }), 1);
  assert.deepStrictEqual(steps.map((s) => s.t), [0, 50, 90]);
  assert.strictEqual(S.place(steps, { t: 90, action: "click" }), 3, "equal times keep the order of arrival");
});

test("a navigation to the page already shown is no new step", () => {
  const list = { action: "navigate", url: "https://desk.example.com/list", page: "Incidents" };
  const steps = [Object.assign({ t: 0 }, list), { t: 10, action: "input", field_kind: "search" }, { t: 11, action: "submit", target: { name: "Search" } }];
  // The list again after a search: the query is dropped, the title is the same.
  assert.strictEqual(S.place(steps, Object.assign({ t: 12 }, list)), -1);
  assert.strictEqual(steps.length, 3);
  // A reload, with nothing in between.
  assert.strictEqual(S.place(steps, Object.assign({ t: 13 }, list)), -1);
  // Another title at the same address is another page.
  assert.strictEqual(S.place(steps, { t: 14, action: "navigate", url: "https://desk.example.com/list", page: "Incidents (2)" }), 3);
  // Back to a page after another one is a step.
  assert.strictEqual(S.place(steps, { t: 15, action: "navigate", url: "https://desk.example.com/list", page: "Incidents" }), 4);
  // A tab switch shows a page too.
  steps.push({ t: 16, action: "switch_tab", url: "https://mail.example.com/", page: "Inbox" });
  assert.strictEqual(S.place(steps, { t: 17, action: "navigate", url: "https://mail.example.com/", page: "Inbox" }), -1);
});

test("accept takes events of this recording while it records, and those from before a pause or stop", () => {
  const rec = () => ({ id: "rec-1", status: "recording", startedAt: 1000, pausedMs: 0, steps: [] });
  const click = (at, extra) => Object.assign({ rid: "rec-1", kind: "click", at, url: "https://desk.example.com/", title: "Desk", top: true, target: { tag: "BUTTON", role: "button", name: "Send code" } }, extra);
  const r = rec();
  assert.strictEqual(S.accept(r, click(1500), settings), true);
  assert.deepStrictEqual(r.steps.map((s) => [s.t, s.action]), [[500, "click"]]);
  assert.strictEqual(S.accept(r, click(1600, { rid: "rec-0" }), settings), false, "another recording's event");
  assert.strictEqual(S.accept(r, click(1600, { kind: "navigate", top: false }), settings), false, "a frame's navigation");
  Object.assign(r, { status: "stopped", stoppedAt: 2000 });
  assert.strictEqual(S.accept(r, click(1900), settings), true, "made before the stop, delivered after it");
  assert.strictEqual(S.accept(r, click(2100), settings), false, "made after the stop");
  const p = Object.assign(rec(), { status: "paused", pausedAt: 3000 });
  assert.strictEqual(S.accept(p, click(2900), settings), true);
  assert.strictEqual(S.accept(p, click(3100), settings), false);
  assert.strictEqual(S.accept(null, click(1500), settings), false);
});

test("a denied domain is counted as skipped, not recorded", () => {
  const r = { id: "rec-1", status: "recording", startedAt: 0, steps: [] };
  assert.strictEqual(S.accept(r, { rid: "rec-1", kind: "click", at: 5, url: "https://online.bank.example/", target: {} }, settings), true);
  assert.deepStrictEqual([r.steps.length, r.skipped], [0, 1]);
});
