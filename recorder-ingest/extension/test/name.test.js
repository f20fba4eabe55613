"use strict";
const test = require("node:test");
const assert = require("node:assert");
const { role, name } = require("../name.js");
const { Doc, h } = require("./fakedom.js");

test("aria-labelledby wins over everything", () => {
  const d = new Doc();
  h(d, "span", { id: "a" }, "Reset");
  h(d, "span", { id: "b" }, "password");
  const btn = h(d, "button", { "aria-labelledby": "a b", "aria-label": "ignored" }, "Go");
  assert.strictEqual(name(btn), "Reset password");
});

test("aria-label comes next, then label[for], then a wrapping label", () => {
  const d = new Doc();
  assert.strictEqual(name(h(d, "input", { "aria-label": " Search  tickets " })), "Search tickets");
  h(d, "label", { for: "vm" }, "Verification ", h(d, "b", {}, "method"));
  assert.strictEqual(name(h(d, "select", { id: "vm" })), "Verification method");
  const input = h(d, "input", { type: "checkbox" });
  h(d, "label", {}, input, " User must change password");
  assert.strictEqual(name(input), "User must change password");
});

test("buttons and links take their text, hidden parts left out", () => {
  const d = new Doc();
  const b = h(d, "button", {}, h(d, "span", { "aria-hidden": "true" }, "★"), " Save   ", h(d, "img", { alt: "changes" }));
  assert.strictEqual(name(b), "Save changes");
  assert.strictEqual(name(h(d, "input", { type: "submit", value: "Send code" })), "Send code");
  assert.strictEqual(name(h(d, "input", { type: "submit" })), "Submit");
});

test("title and placeholder are the last resort", () => {
  const d = new Doc();
  assert.strictEqual(name(h(d, "input", { title: "Ticket number" })), "Ticket number");
  assert.strictEqual(name(h(d, "input", { placeholder: "Search" })), "Search");
  assert.strictEqual(name(h(d, "div", {})), "");
});

test("roles: explicit first, then implicit by tag and type", () => {
  const d = new Doc();
  assert.strictEqual(role(h(d, "div", { role: "menuitem tab" })), "menuitem");
  assert.strictEqual(role(h(d, "a", { href: "/x" })), "link");
  assert.strictEqual(role(h(d, "a", {})), "");
  assert.strictEqual(role(h(d, "input", { type: "radio" })), "radio");
  assert.strictEqual(role(h(d, "input", {})), "textbox");
  assert.strictEqual(role(h(d, "select", {})), "combobox");
  assert.strictEqual(role(h(d, "select", { multiple: true })), "listbox");
});
