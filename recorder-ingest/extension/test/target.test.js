"use strict";
// What the recorder may say about the element an event acted on: names of
// controls only, never typed or static text; context for names that say
// little; password fields told apart; selectors without page text; the
// record picked from a list.
const test = require("node:test");
const assert = require("node:assert");
const N = require("../name.js");
const S = require("../steps.js");
const { Doc, h } = require("./fakedom.js");

const SECRET = "Hunter2-SECRET-7731";

// clickOn is what the content script keeps of a click on node: the
// control around it, described.
function clickOn(node) {
  return N.describe(N.control(node) || (node.nodeType === 3 ? node.parentNode : node));
}

function assertNoSecret(what, info) {
  assert.ok(!JSON.stringify(info).includes("SECRET"), what + " leaked the secret: " + JSON.stringify(info));
}

test("a click in a contenteditable region with no role or label describes the region, never its text", () => {
  const d = new Doc();
  const typed = { nodeType: 3, nodeValue: "call back " + SECRET };
  const bold = h(d, "b", {}, typed);
  const notes = h(d, "div", { contenteditable: "true", class: "notes" }, h(d, "p", {}, "Notes so far: ", bold));
  h(d, "section", {}, h(d, "h2", {}, "Work notes"), notes);
  for (const node of [typed, bold, notes]) {
    const info = clickOn(node);
    assertNoSecret("a click in the region", info);
    assert.strictEqual(info.role, "textbox");
    assert.strictEqual(info.editable, true);
    assert.strictEqual(info.name, "Work notes", "the heading before it names it");
  }
});

test("anything inside an editable region is the region, whatever its own role", () => {
  const d = new Doc();
  const link = h(d, "a", { href: "/x" }, SECRET);
  const btn = h(d, "button", {}, SECRET);
  const inner = h(d, "span", { contenteditable: "false" }, SECRET);
  const region = h(d, "div", { role: "textbox", contenteditable: "", "aria-label": "Reply" }, link, btn, inner);
  for (const node of [link, btn, inner, region]) {
    assert.strictEqual(N.control(node), region);
    const info = clickOn(node);
    assertNoSecret("a click inside the editor", info);
    assert.deepStrictEqual([info.role, info.name], ["textbox", "Reply"]);
  }
});

test("text boxes, search boxes, textareas and inputs are named by their labels, never by what they hold", () => {
  const d = new Doc();
  const cases = [
    h(d, "div", { role: "textbox" }, SECRET),
    h(d, "div", { role: "searchbox", title: "Find" }, SECRET),
    h(d, "div", { role: "combobox", contenteditable: "true" }, SECRET),
    h(d, "textarea", { id: "ta" }, SECRET),
    h(d, "input", { type: "text", value: SECRET }),
    h(d, "input", { type: "made-up", value: SECRET }),
    h(d, "input", { type: "search", value: SECRET }),
    h(d, "div", { contenteditable: "true", role: "button" }, SECRET),
  ];
  h(d, "label", { for: "ta" }, "Description:");
  for (const el of cases) {
    const info = clickOn(el);
    assertNoSecret(el.tagName, info);
    assert.strictEqual(info.editable, true, el.tagName);
  }
  assert.strictEqual(clickOn(cases[3]).name, "Description");
  assert.strictEqual(clickOn(cases[1]).name, "Find");
  assert.deepStrictEqual(cases.map((el) => clickOn(el).role), ["textbox", "searchbox", "combobox", "textbox", "textbox", "textbox", "searchbox", "textbox"]);
});

test("a label never lends a name the text typed into a field inside it", () => {
  const d = new Doc();
  const ta = h(d, "textarea", {}, SECRET);
  const editor = h(d, "div", { contenteditable: "true" }, SECRET);
  h(d, "label", {}, "Comment ", ta, editor);
  assert.strictEqual(N.name(ta), "Comment");
  const btn = h(d, "button", {}, "Send ", h(d, "span", { contenteditable: "true" }, SECRET));
  assert.strictEqual(N.name(btn), "Send");
});

test("an editor in a frame (a contenteditable body or a document in design mode) is named by its frame only", () => {
  const outer = new Doc();
  const frame = h(outer, "iframe", { title: "Rich text editor" });
  const inner = new Doc();
  inner.defaultView = { frameElement: frame };
  const typed = { nodeType: 3, nodeValue: SECRET };
  const p = h(inner, "p", {}, typed);
  const body = h(inner, "body", { contenteditable: "true" }, p);
  inner.body = body;
  let info = clickOn(typed);
  assertNoSecret("the frame's body", info);
  assert.deepStrictEqual([info.role, info.name, info.selector], ["textbox", "Rich text editor", ""]);

  const designed = new Doc();
  designed.designMode = "on";
  const t2 = { nodeType: 3, nodeValue: SECRET };
  const div = h(designed, "div", {}, t2);
  designed.body = h(designed, "body", {}, div);
  info = clickOn(t2);
  assertNoSecret("a document in design mode", info);
  assert.strictEqual(info.role, "textbox");
});

test("a click on static text or a data cell is a generic text step with no name and no selector", () => {
  const d = new Doc();
  const summary = h(d, "div", { class: "readonly", id: "pw-summary" }, h(d, "strong", {}, "salt"), ": " + SECRET);
  const cell = h(d, "td", { onclick: "open()" }, "Jane");
  const grid = h(d, "div", { role: "gridcell" }, SECRET);
  const row = h(d, "div", { role: "row", tabindex: "0" }, SECRET);
  const clickable = h(d, "div", { onclick: "go()" }, SECRET);
  h(d, "body", {}, summary, h(d, "table", {}, h(d, "tr", {}, cell)), grid, row, clickable);
  for (const el of [summary.childNodes[1], summary, cell, grid, row, clickable]) {
    const info = clickOn(el);
    assert.deepStrictEqual({ role: info.role, name: info.name, selector: info.selector }, { role: "text", name: "", selector: "" });
    const step = S.toStep({ kind: "click", t: 0, url: "https://desk.example.com/", target: info }, {});
    assert.deepStrictEqual(step.target, { role: "text" });
  }
});

test("a click on the text or icon of a control describes the control", () => {
  const d = new Doc();
  const icon = h(d, "svg", {});
  const span = h(d, "span", {}, "Reset ", icon);
  const btn = h(d, "button", { id: "reset" }, span, "password");
  h(d, "div", {}, btn);
  assert.strictEqual(N.control(icon), btn);
  assert.deepStrictEqual([clickOn(span.childNodes[0]).role, clickOn(span.childNodes[0]).name], ["button", "Reset password"]);
  const box = h(d, "input", { type: "checkbox", id: "mc" });
  const lbl = h(d, "label", { for: "mc" }, "Must change password:");
  assert.strictEqual(N.control(lbl.childNodes[0]), box);
  assert.strictEqual(clickOn(lbl.childNodes[0]).name, "Must change password");
});

test("only roles named from content take their text: cells, rows and plain elements do not", () => {
  const d = new Doc();
  assert.strictEqual(N.name(h(d, "td", {}, "Jane")), "");
  assert.strictEqual(N.name(h(d, "div", { role: "row" }, "Jane")), "");
  assert.strictEqual(N.name(h(d, "li", {}, "Jane")), "");
  assert.strictEqual(N.name(h(d, "div", { role: "tab" }, "Details")), "Details");
  assert.strictEqual(N.name(h(d, "div", { role: "menuitem" }, "Sign out")), "Sign out");
  assert.strictEqual(N.name(h(d, "div", { role: "option" }, "Yes")), "Yes");
  assert.strictEqual(clickOn(h(d, "a", { onclick: "del()" }, "Delete")).name, "Delete", "an anchor with a handler is a link");
  assert.strictEqual(clickOn(h(d, "a", { name: "top" }, "Jane")).role, "text", "a bare named anchor is text");
});

test("names are bounded and lose trailing colons and required stars", () => {
  const d = new Doc();
  assert.strictEqual(N.name(h(d, "button", {}, "Save:")), "Save");
  h(d, "label", { for: "u" }, "Username:");
  assert.strictEqual(N.name(h(d, "input", { id: "u" })), "Username");
  h(d, "label", { for: "e" }, "E-mail address *");
  assert.strictEqual(N.name(h(d, "input", { id: "e" })), "E-mail address");
  const long = N.name(h(d, "a", { href: "/" }, "word ".repeat(200)));
  assert.ok(Array.from(long).length <= N.MAX_NAME + 1, long.length);
  assert.ok(long.endsWith("…"));
});

test("a short option or link in a filter group is named with the group", () => {
  const d = new Doc();
  // Django admin 4: a <details> whose summary names the filter.
  const no = h(d, "a", { href: "?is_active__exact=0" }, "No");
  h(d, "nav", { id: "changelist-filter" }, h(d, "h2", {}, "Filter"),
    h(d, "details", { open: "" }, h(d, "summary", {}, "By active"),
      h(d, "ul", {}, h(d, "li", {}, h(d, "a", { href: "?" }, "All")), h(d, "li", {}, no))));
  assert.strictEqual(clickOn(no).name, "By active: No");
  // Older markup: a heading just before the list.
  const yes = h(d, "a", { href: "?is_staff__exact=1" }, "Yes");
  h(d, "div", {}, h(d, "h3", {}, " By staff status "), h(d, "ul", {}, h(d, "li", {}, yes)));
  assert.strictEqual(clickOn(yes).name, "By staff status: Yes");
  // A named ARIA group, and a fieldset's legend.
  const any = h(d, "div", { role: "option" }, "Any");
  h(d, "div", { role: "listbox", "aria-label": "Priority" }, any);
  assert.strictEqual(clickOn(any).name, "Priority: Any");
  const off = h(d, "button", { type: "button" }, "Off");
  h(d, "fieldset", {}, h(d, "legend", {}, "Notifications:"), off);
  assert.strictEqual(clickOn(off).name, "Notifications: Off");
  // A name that says enough keeps to itself.
  const save = h(d, "button", {}, "Save changes");
  h(d, "fieldset", {}, h(d, "legend", {}, "Profile"), save);
  assert.strictEqual(clickOn(save).name, "Save changes");
});

test("a short generic link in a table takes its column header, a record's name does not need one", () => {
  const d = new Doc();
  const edit = h(d, "a", { href: "/u/3/edit" }, "Edit");
  h(d, "table", {},
    h(d, "thead", {}, h(d, "tr", {}, h(d, "th", {}, "Username"), h(d, "th", { colspan: "2" }, "Actions"))),
    h(d, "tbody", {}, h(d, "tr", {}, h(d, "td", {}, "jdoe"), h(d, "td", {}, "x"), h(d, "td", {}, edit))));
  assert.strictEqual(clickOn(edit).name, "Actions: Edit");
  // A table of models with row headers and no column headers.
  const add = h(d, "a", { href: "/admin/auth/user/add/" }, "Add");
  const rec = h(d, "a", { href: "/u/4/edit" }, "Edit");
  h(d, "table", {}, h(d, "caption", {}, "Authentication"),
    h(d, "tr", {}, h(d, "th", { scope: "row" }, h(d, "a", { href: "/admin/auth/user/" }, "Users")), h(d, "td", {}, add)),
    h(d, "tr", {}, h(d, "th", {}, "tkato"), h(d, "td", {}, rec)));
  assert.strictEqual(clickOn(add).name, "Users: Add");
  assert.strictEqual(clickOn(rec).name, "Edit", "a plain <th> may hold a record and is no context");
});

test("a vague link takes the heading or label before it, never body text", () => {
  const d = new Doc();
  const form = h(d, "a", { href: "../password/" }, "this form");
  h(d, "div", { class: "form-row" },
    h(d, "div", { class: "flex-container" }, h(d, "label", {}, "Password:"), h(d, "div", { class: "readonly" }, "algorithm: pbkdf2 salt: " + SECRET)),
    h(d, "div", { class: "help" }, h(d, "p", {}, "Raw passwords are not stored, but you can change the password using ", form, ".")));
  const info = clickOn(form);
  assert.strictEqual(info.name, "Password: this form");
  assertNoSecret("a vague link", info);

  const here = h(d, "a", { href: "/x" }, "click here");
  h(d, "div", {}, h(d, "p", {}, "Jane Smith asked for a reset. " + SECRET), h(d, "p", {}, "For the policy ", here));
  assert.strictEqual(clickOn(here).name, "click here", "body text is never context");

  const more = h(d, "a", { href: "/kb/12" }, "here");
  h(d, "section", {}, h(d, "h2", {}, "Knowledge base"), h(d, "p", {}, "Read it ", more));
  assert.strictEqual(clickOn(more).name, "Knowledge base: here");
});

test("two password fields are told apart by label, else by autocomplete, never by value", () => {
  const d = new Doc();
  const cur = h(d, "input", { type: "password", autocomplete: "current-password", value: SECRET });
  const p1 = h(d, "input", { type: "password", autocomplete: "new-password", value: SECRET });
  const p2 = h(d, "input", { type: "password", autocomplete: "new-password", value: SECRET });
  h(d, "form", {}, cur, p1, p2);
  assert.deepStrictEqual([cur, p1, p2].map((f) => clickOn(f).name), ["Current password", "New password", "Confirm new password"]);

  // Labels that differ win; labels that are the same fall back.
  const a = h(d, "input", { type: "password", id: "id_password1", autocomplete: "new-password" });
  const b = h(d, "input", { type: "password", id: "id_password2", autocomplete: "new-password" });
  h(d, "label", { for: "id_password1" }, "Password:");
  h(d, "label", { for: "id_password2" }, "Password (again):");
  h(d, "form", {}, a, b);
  assert.deepStrictEqual([a, b].map((f) => clickOn(f).name), ["Password", "Password (again)"]);
  const c1 = h(d, "input", { type: "password", id: "c1" });
  const c2 = h(d, "input", { type: "password", id: "c2" });
  h(d, "label", { for: "c1" }, "Password");
  h(d, "label", { for: "c2" }, "Password");
  h(d, "form", {}, c1, c2);
  assert.deepStrictEqual([c1, c2].map((f) => clickOn(f).name), ["Password (1 of 2)", "Password (2 of 2)"]);

  // The step keeps the name and the kind; a code field keeps neither name nor selector.
  const step = S.toStep({ kind: "input", t: 0, url: "https://desk.example.com/", target: clickOn(p2) }, {});
  assert.deepStrictEqual([step.target.name, step.field_kind], ["Confirm new password", "password"]);
  assertNoSecret("a password step", step);
});

test("selectors are anchored on ids, test ids and names, positions only as a last resort, never page text", () => {
  const d = new Doc();
  assert.strictEqual(N.selector(h(d, "button", { id: "save" }, "Save")), "#save");
  assert.strictEqual(N.selector(h(d, "button", { "data-testid": "submit-reset" }, "Go")), "[data-testid=\"submit-reset\"]");
  assert.strictEqual(N.selector(h(d, "button", { "data-qa": "ok" }, "OK")), "[data-qa=\"ok\"]");
  const field = h(d, "input", { name: "username" });
  h(d, "form", { id: "login" }, field);
  assert.strictEqual(N.selector(field), "#login input[name=\"username\"]");
  const gen = h(d, "button", { id: "ember12345" }, "Go");
  const btn2 = h(d, "button", {}, SECRET);
  h(d, "div", { id: "toolbar" }, h(d, "span", {}), gen, btn2);
  assert.strictEqual(N.selector(gen), "#toolbar > button:nth-of-type(1)", "a generated id is no anchor");
  assert.strictEqual(N.selector(btn2), "#toolbar > button:nth-of-type(2)");
  assert.ok(!N.selector(btn2).includes("SECRET"));
});

test("the record picked from a list becomes [record] in that step and in later names and page titles, counted", () => {
  const d = new Doc();
  const jdoe = h(d, "a", { href: "/admin/auth/user/3/change/" }, "jdoe");
  h(d, "table", { id: "result_list" },
    h(d, "thead", {}, h(d, "tr", {}, h(d, "th", {}, ""), h(d, "th", {}, h(d, "a", { href: "?o=1" }, "Username")))),
    h(d, "tbody", {}, h(d, "tr", {}, h(d, "td", {}, h(d, "input", { type: "checkbox" })), h(d, "th", {}, jdoe))));
  const info = clickOn(jdoe);
  assert.deepStrictEqual([info.name, info.picked], ["Username: jdoe", "jdoe"]);

  const memory = [];
  const url = "https://admin.example.com/";
  const step = (ev) => {
    const s = S.toStep(Object.assign({ t: 0, url }, ev), {});
    return { s, n: S.generalise(s, ev.target && ev.target.picked, memory) };
  };
  let r = step({ kind: "click", title: "Select user to change", target: info });
  assert.deepStrictEqual([r.s.target.name, r.n], ["Username: [record]", 1]);
  r = step({ kind: "navigate", title: "jdoe | Change user | Django site admin" });
  assert.deepStrictEqual([r.s.page, r.n], ["[record] | Change user | Django site admin", 1]);
  r = step({ kind: "click", title: "Change password: jdoe", target: { tag: "A", role: "link", name: "jdoe", selector: "#user-jdoe" } });
  assert.deepStrictEqual([r.s.page, r.s.target.name, r.s.target.selector, r.n], ["Change password: [record]", "[record]", "#user-[record]", 3]);
  r = step({ kind: "navigate", title: "jdoe2 and xjdoe stay" });
  assert.deepStrictEqual([r.s.page, r.n], ["jdoe2 and xjdoe stay", 0], "only the whole text");
  assert.ok(!JSON.stringify(S.build({ id: "rec-aaaaaaaa", workflow: "w", recordedAt: "2026-12-01T10:00:00Z", steps: [r.s] })).includes("records"));
});

test("navigation, ticket numbers, generic links, native options, plain lists and buttons are not records", () => {
  const d = new Doc();
  const users = h(d, "a", { href: "/admin/auth/user/" }, "Users");
  h(d, "nav", {}, h(d, "ul", {}, h(d, "li", {}, users)));
  assert.strictEqual(clickOn(users).picked, undefined);
  const inc = h(d, "a", { href: "incident.html" }, "INC0012345");
  const edit = h(d, "a", { href: "/edit" }, "Edit");
  h(d, "table", {}, h(d, "thead", {}, h(d, "tr", {}, h(d, "th", {}, "Number"), h(d, "th", {}, ""))),
    h(d, "tbody", {}, h(d, "tr", {}, h(d, "td", {}, inc), h(d, "td", {}, edit))));
  assert.strictEqual(clickOn(inc).picked, undefined);
  assert.strictEqual(clickOn(inc).name, "INC0012345");
  assert.strictEqual(clickOn(edit).picked, undefined);
  // A plain list is as often a console's menu of features as a list of
  // records, and a button acts on a record: neither is taken for one.
  const manager = h(d, "a", { href: "/doku.php?do=admin&page=usermanager" }, "User Manager");
  h(d, "ul", { class: "admin_tasks" }, h(d, "li", {}, manager), h(d, "li", {}, h(d, "a", { href: "/acl" }, "Access Control List Management")));
  assert.strictEqual(clickOn(manager).picked, undefined);
  const save = h(d, "button", { type: "submit" }, "Save Changes");
  h(d, "table", {}, h(d, "thead", {}, h(d, "tr", {}, h(d, "th", {}, "Field"), h(d, "th", {}, "Value"))),
    h(d, "tbody", {}, h(d, "tr", {}, h(d, "td", {}, "User"), h(d, "td", {}, save))));
  assert.strictEqual(clickOn(save).picked, undefined);
  const picker = h(d, "div", { role: "option" }, "Jane Smith");
  h(d, "div", { role: "listbox", "aria-label": "Requested for" }, picker);
  assert.strictEqual(clickOn(picker).picked, "Jane Smith");
});

test("a label that belongs to another field is never context", () => {
  const d = new Doc();
  const notes = h(d, "div", { contenteditable: "true" });
  h(d, "div", {}, h(d, "div", {}, h(d, "label", {}, "Password:"), h(d, "span", {}, "static")),
    h(d, "form", {}, h(d, "input", { type: "password" })), notes);
  assert.strictEqual(clickOn(notes).name, "", "a field between the label and the region owns the label");
  const other = h(d, "div", { contenteditable: "true" });
  h(d, "div", {}, h(d, "label", { for: "x" }, "Username"), other);
  assert.strictEqual(clickOn(other).name, "");
});

test("unlabelled filter fields under a table's column headers are named by their column", () => {
  const d = new Doc();
  const login = h(d, "input", { type: "text", name: "userid" });
  const mail = h(d, "input", { type: "text", name: "usermail" });
  h(d, "table", {},
    h(d, "thead", {},
      h(d, "tr", {}, h(d, "th", {}, "\u00a0"), h(d, "th", {}, "User"), h(d, "th", {}, "E-Mail")),
      h(d, "tr", {}, h(d, "td", {}, ""), h(d, "td", {}, login), h(d, "td", {}, mail))),
    h(d, "tbody", {}, h(d, "tr", {}, h(d, "td", {}, ""), h(d, "td", {}, "mkowalska"), h(d, "td", {}, "m@example.org"))));
  assert.deepStrictEqual([clickOn(login).name, clickOn(mail).name], ["User", "E-Mail"]);
});
