// Accessible role and name of an element, and the description of what an
// event acted on, computed as the accessibility tree does for the cases a
// recorder meets (aria-labelledby, aria-label, <label for>, a wrapping
// <label>, text content where the role takes its name from it, title,
// placeholder), with the recorder's privacy rules on top:
//   - text comes only from what a person reads as a control's name: the
//     names of interactive elements, bounded in length;
//   - never the content of an editable region (contenteditable and anything
//     inside one, textarea, input, role textbox or searchbox), and never
//     static text: a click on text describes the nearest control around it,
//     or is a generic "text" target with no name at all.
// A classic script: content scripts load it before content.js, and Node's
// test runner requires it. It walks the tree through parentNode and
// childNodes only, so the tests' small fake DOM can drive it.
"use strict";
(function (root) {
  const IMPLICIT = {
    // An anchor with a click handler or a tab stop but no href acts as a
    // link in the apps that write them; a bare named anchor is text.
    A: (el) => (el.getAttribute && (el.getAttribute("href") != null || el.getAttribute("onclick") != null || el.getAttribute("tabindex") != null) ? "link" : ""),
    AREA: (el) => (el.getAttribute && el.getAttribute("href") != null ? "link" : ""),
    BUTTON: () => "button",
    SELECT: (el) => (el.multiple || Number(el.getAttribute("size")) > 1 ? "listbox" : "combobox"),
    TEXTAREA: () => "textbox",
    OPTION: () => "option",
    LI: () => "listitem",
    TR: () => "row",
    TD: () => "cell",
    TH: (el) => (el.getAttribute("scope") === "row" ? "rowheader" : "columnheader"),
    H1: () => "heading", H2: () => "heading", H3: () => "heading",
    H4: () => "heading", H5: () => "heading", H6: () => "heading",
    SUMMARY: () => "button",
    INPUT: (el) => {
      const t = (el.getAttribute("type") || "text").toLowerCase();
      return ({ button: "button", submit: "button", reset: "button", image: "button", checkbox: "checkbox",
        radio: "radio", range: "slider", search: "searchbox", email: "textbox", tel: "textbox",
        text: "textbox", url: "textbox", password: "textbox", number: "spinbutton" })[t] || "textbox";
    },
  };

  // Roles a person acts on: a click inside one of them describes it.
  const INTERACTIVE = new Set(["button", "link", "menuitem", "menuitemcheckbox", "menuitemradio", "option", "tab",
    "treeitem", "checkbox", "radio", "switch", "combobox", "textbox", "searchbox", "listbox", "slider", "spinbutton"]);
  // Roles whose name may come from their content (WAI-ARIA "name from
  // content"), less the data ones: cells, rows and grid cells hold records,
  // not names.
  const FROM_CONTENT = new Set(["button", "link", "menuitem", "menuitemcheckbox", "menuitemradio", "option", "tab",
    "treeitem", "checkbox", "radio", "switch", "heading", "columnheader", "rowheader", "tooltip"]);
  // Inputs that take no typed text; every other type (unknown ones too,
  // which browsers treat as text) does.
  const UNTYPED_INPUTS = new Set(["button", "submit", "reset", "image", "checkbox", "radio", "range", "color", "file", "hidden"]);
  const BUTTON_INPUTS = new Set(["button", "submit", "reset", "image"]);

  // MAX_NAME bounds a name: a control's name is a few words; anything
  // longer is text, not a name. MAX_CONTEXT bounds the group, column or
  // heading put before a short name.
  const MAX_NAME = 120;
  const MAX_CONTEXT = 60;

  function attr(el, n) {
    return (el && el.nodeType === 1 && el.getAttribute && el.getAttribute(n)) || "";
  }

  function role(el) {
    const explicit = attr(el, "role");
    if (explicit) return explicit.trim().split(/\s+/)[0].toLowerCase();
    const f = IMPLICIT[el.tagName];
    if (f) return f(el);
    return isEditingHost(el) ? "textbox" : "";
  }

  function clean(s) {
    return String(s || "").replace(/\s+/g, " ").trim();
  }

  // tidy makes a name as a person would say it: one line, no trailing
  // colon or required-field star, at most MAX_NAME characters.
  function tidy(s, max) {
    let n = clean(s).replace(/[\s:：*]+$/u, "").replace(/^[\s*]+/, "");
    const chars = Array.from(n);
    max = max || MAX_NAME;
    if (chars.length > max) {
      n = chars.slice(0, max).join("");
      const cut = n.lastIndexOf(" ");
      if (cut > max / 2) n = n.slice(0, cut);
      n = n.replace(/[\s,;:.-]+$/, "") + "…";
    }
    return n;
  }

  // up is the parent element, crossing out of an open shadow root.
  function up(el) {
    const p = el && el.parentNode;
    if (!p) return null;
    if (p.nodeType === 11) return p.host || null;
    return p.nodeType === 1 ? p : null;
  }

  function isTextInput(el) {
    return el.tagName === "INPUT" && !UNTYPED_INPUTS.has((attr(el, "type") || "").toLowerCase());
  }

  // isEditingHost says whether el itself takes typed text: a text field,
  // a textarea, a contenteditable element, an ARIA text box.
  function isEditingHost(el) {
    if (!el || el.nodeType !== 1) return false;
    if (el.tagName === "TEXTAREA" || isTextInput(el)) return true;
    const ce = el.getAttribute("contenteditable");
    if (ce != null && ce.toLowerCase() !== "false") return true;
    const r = attr(el, "role").trim().split(/\s+/)[0].toLowerCase();
    return r === "textbox" || r === "searchbox";
  }

  // editableRegion is the outermost editing host el is in (itself
  // included), or the document's body when the whole document is being
  // edited (designMode, an editor in a frame); null outside any.
  function editableRegion(el) {
    let found = null;
    for (let e = el, i = 0; e && i < 200; e = up(e), i++) {
      if (isEditingHost(e)) found = e;
    }
    const doc = el && el.ownerDocument;
    if (!found && doc && (doc.designMode === "on" || (el.isContentEditable === true))) {
      found = doc.body || el;
    }
    return found;
  }

  function isHidden(el) {
    if (!el.getAttribute) return false;
    return el.getAttribute("aria-hidden") === "true" || (el.hasAttribute && el.hasAttribute("hidden"));
  }

  // textOf is the text an element contributes to a name: its text nodes
  // and the names of its children, hidden parts, form controls and
  // editable regions left out (what is typed is never a name).
  function textOf(el, depth) {
    if (depth > 20) return "";
    if (el.nodeType === 3) return el.nodeValue || "";
    if (el.nodeType !== 1) return "";
    if (isHidden(el)) return "";
    const t = el.tagName;
    if (t === "SCRIPT" || t === "STYLE" || t === "TEMPLATE" || t === "SELECT" || t === "TEXTAREA" || t === "INPUT") return "";
    if (isEditingHost(el)) return "";
    const aria = el.getAttribute("aria-label");
    if (aria && clean(aria)) return aria;
    if (t === "IMG") return el.getAttribute("alt") || "";
    let out = "";
    for (const c of el.childNodes || []) out += " " + textOf(c, depth + 1);
    return out;
  }

  function byIds(doc, ids) {
    return ids.split(/\s+/).filter(Boolean).map((id) => doc.getElementById(id)).filter(Boolean);
  }

  function isField(el) {
    const tag = el.tagName;
    return tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || isEditingHost(el);
  }

  // labelsOf is the text of the labels of a form field.
  function labelsOf(el) {
    const doc = el.ownerDocument;
    const id = el.getAttribute("id");
    if (id && doc && doc.querySelectorAll) {
      for (const l of doc.querySelectorAll("label[for]")) {
        if (l.getAttribute("for") === id) {
          const n = clean(textOf(l, 0));
          if (n) return n;
        }
      }
    }
    for (let p = up(el); p; p = up(p)) {
      if (p.tagName === "LABEL") return clean(textOf(p, 0));
    }
    return "";
  }

  // rawName follows the order of the accessible name computation, taking
  // content only for the roles that allow it.
  function rawName(el) {
    const doc = el.ownerDocument;
    const labelledby = el.getAttribute("aria-labelledby");
    if (labelledby && doc) {
      const n = clean(byIds(doc, labelledby).map((e) => textOf(e, 0)).join(" "));
      if (n) return n;
    }
    const aria = clean(el.getAttribute("aria-label"));
    if (aria) return aria;
    const tag = el.tagName;
    if (tag === "INPUT" && BUTTON_INPUTS.has((el.getAttribute("type") || "").toLowerCase())) {
      const type = el.getAttribute("type").toLowerCase();
      const v = clean(el.getAttribute(type === "image" ? "alt" : "value"));
      if (v) return v;
      return type === "submit" ? "Submit" : type === "reset" ? "Reset" : "";
    }
    if (isField(el)) {
      const n = labelsOf(el);
      if (n) return n;
    } else if (FROM_CONTENT.has(role(el)) && tag !== "BODY" && tag !== "HTML") {
      const n = clean(textOf(el, 0));
      if (n) return n;
    }
    const title = clean(el.getAttribute("title"));
    if (title) return title;
    return clean(el.getAttribute("placeholder") || el.getAttribute("aria-placeholder"));
  }

  // name is el's accessible name as a person would say it: bounded, no
  // trailing colon, and never text typed into it.
  function name(el) {
    return tidy(rawName(el));
  }

  // control is the element a click on el acts on: el or its nearest
  // interactive ancestor (a label's control stands for the label), the
  // editable region el is in, or null when el is static text.
  function control(el) {
    if (el && el.nodeType === 3) el = up(el);
    if (!el || el.nodeType !== 1) return null;
    const region = editableRegion(el);
    if (region) return region;
    for (let e = el, i = 0; e && i < 50; e = up(e), i++) {
      if (e.tagName === "BODY" || e.tagName === "HTML") return null;
      if (e.tagName === "LABEL") {
        const c = e.control || labelled(e);
        if (c) return c;
        continue;
      }
      if (INTERACTIVE.has(role(e))) return e;
    }
    return null;
  }

  // labelled is the field a <label> names, for DOMs without label.control.
  function labelled(label) {
    const f = label.getAttribute("for");
    if (f && label.ownerDocument) return label.ownerDocument.getElementById(f);
    const walk = (e) => {
      for (const c of e.childNodes || []) {
        if (c.nodeType !== 1) continue;
        if (c.tagName === "INPUT" || c.tagName === "SELECT" || c.tagName === "TEXTAREA") return c;
        const d = walk(c);
        if (d) return d;
      }
      return null;
    };
    return walk(label);
  }

  // --- context for names that say little on their own ---

  const VAGUE = /^(this( form| page| link)?|here|click here|link|more|read more|learn more|more info|details)$/i;
  const GENERIC = /^(yes|no|all|any|none|true|false|on|off|unknown|other|edit|view|show|open|go|change|delete|remove|select|add|new|update|save|cancel|back|next|previous|first|last|up|down)$/i;

  function isContextElement(e) {
    if (!e || e.nodeType !== 1) return false;
    const t = e.tagName;
    return /^H[1-6]$/.test(t) || t === "LABEL" || t === "LEGEND" || t === "SUMMARY" || t === "CAPTION" || attr(e, "role") === "heading";
  }

  function elementChildren(e) {
    return Array.from(e.childNodes || []).filter((c) => c.nodeType === 1);
  }

  function previousSiblings(e) {
    const p = e.parentNode;
    if (!p) return [];
    const kids = elementChildren(p);
    return kids.slice(0, kids.indexOf(e)).reverse();
  }

  // Walks of the page around a control look at a bounded number of
  // elements, so a click next to a table of thousands of rows stays cheap.
  const WALK_BUDGET = 2000;

  // lastContextIn is the last heading, label or legend inside e.
  function lastContextIn(e, depth, budget) {
    budget = budget || { n: WALK_BUDGET };
    if (depth > 6) return null;
    const kids = elementChildren(e).reverse();
    for (const c of kids) {
      if (--budget.n < 0) return null;
      if (isContextElement(c)) return c;
      const d = lastContextIn(c, depth + 1, budget);
      if (d) return d;
    }
    return null;
  }

  // hasField says whether e holds a form field (as far as the budget
  // looks; past it, it assumes one, which only withholds context).
  function hasField(e, depth, budget) {
    budget = budget || { n: WALK_BUDGET };
    if (depth > 8) return false;
    for (const c of elementChildren(e)) {
      if (--budget.n < 0) return true;
      if (isField(c) || hasField(c, depth + 1, budget)) return true;
    }
    return false;
  }

  function contextText(e) {
    return tidy(textOf(e, 0), MAX_CONTEXT);
  }

  // nearestHeading is the closest heading, label or legend before el: text
  // a person reads as the title of what el is in, never body text.
  function nearestHeading(el) {
    for (let e = el, i = 0; e && i < 10; e = up(e), i++) {
      if (e.tagName === "BODY") break;
      if (e.tagName === "FIELDSET") {
        const lg = elementChildren(e).find((c) => c.tagName === "LEGEND");
        if (lg) return contextText(lg);
      }
      for (const s of previousSiblings(e).slice(0, 20)) {
        // A field in between owns the labels before it.
        if (!isContextElement(s) && hasField(s, 0)) return "";
        const c = isContextElement(s) ? s : lastContextIn(s, 0);
        if (c) {
          if (c.tagName === "LABEL" && (c.getAttribute("for") || hasField(c, 0))) return "";
          const n = contextText(c);
          if (n) return n;
        }
      }
    }
    return "";
  }

  const GROUP_ROLES = new Set(["group", "radiogroup", "listbox", "menu", "menubar", "tablist", "toolbar", "tree"]);

  // groupOf is the name of the group a control belongs to: a fieldset's
  // legend, a named ARIA group, a <details> summary, or the heading just
  // before the list the control is in.
  function groupOf(el) {
    let inSummary = false;
    for (let e = up(el), i = 0; e && i < 8; e = up(e), i++) {
      const t = e.tagName;
      if (t === "BODY" || t === "FORM" || t === "TABLE") break;
      if (t === "SUMMARY") inSummary = true;
      if (t === "FIELDSET") {
        const lg = elementChildren(e).find((c) => c.tagName === "LEGEND");
        if (lg) return contextText(lg);
      }
      if (GROUP_ROLES.has(attr(e, "role"))) {
        const n = tidy(rawName(e), MAX_CONTEXT);
        if (n) return n;
      }
      if (t === "DETAILS" && !inSummary) {
        const s = elementChildren(e).find((c) => c.tagName === "SUMMARY");
        if (s) return contextText(s);
      }
      if (t === "UL" || t === "OL" || t === "DL" || attr(e, "role") === "list") {
        const prev = previousSiblings(e)[0];
        if (prev && isContextElement(prev)) return contextText(prev);
      }
    }
    return "";
  }

  // cellOf is the table cell el is in, and its table.
  function cellOf(el) {
    for (let e = el, i = 0; e && i < 12; e = up(e), i++) {
      if (e.tagName === "TD" || e.tagName === "TH") {
        for (let t = up(e); t; t = up(t)) if (t.tagName === "TABLE") return { cell: e, table: t };
        return null;
      }
      if (e.tagName === "TABLE" || e.tagName === "BODY") return null;
    }
    return null;
  }

  function rowsOf(table) {
    const rows = [];
    for (const c of elementChildren(table)) {
      if (c.tagName === "TR") rows.push({ tr: c, head: false });
      else if (c.tagName === "THEAD" || c.tagName === "TBODY" || c.tagName === "TFOOT") {
        for (const r of elementChildren(c)) if (r.tagName === "TR") rows.push({ tr: r, head: c.tagName === "THEAD" });
      }
    }
    return rows;
  }

  function cellsOf(tr) {
    return elementChildren(tr).filter((c) => c.tagName === "TD" || c.tagName === "TH");
  }

  function span(c) {
    return Math.max(1, Math.min(100, Number(c.getAttribute("colspan")) || 1));
  }

  // headerRow is the row of column headers: the last row of <thead>, or a
  // first row made of <th> only.
  function headerRow(table) {
    const rows = rowsOf(table);
    // The last head row of header cells: a row of filter fields under
    // the column headers is in <thead> too.
    const head = rows.filter((r) => r.head && cellsOf(r.tr).some((c) => c.tagName === "TH" || attr(c, "role") === "columnheader"));
    if (head.length) return head[head.length - 1].tr;
    if (rows.length && cellsOf(rows[0].tr).length && cellsOf(rows[0].tr).every((c) => c.tagName === "TH" && c.getAttribute("scope") !== "row")) return rows[0].tr;
    return null;
  }

  // columnOf is the header of the column el's cell is in, or "".
  function columnOf(el) {
    const at = cellOf(el);
    if (!at) return "";
    const tr = up(at.cell);
    const hr = headerRow(at.table);
    if (!tr || !hr || hr === tr) return "";
    let col = 0;
    for (const c of cellsOf(tr)) {
      if (c === at.cell) break;
      col += span(c);
    }
    let x = 0;
    for (const h of cellsOf(hr)) {
      if (col >= x && col < x + span(h)) return h.tagName === "TH" || attr(h, "role") === "columnheader" ? contextText(h) : "";
      x += span(h);
    }
    return "";
  }

  // rowHeaderOf is the header of the row el's cell is in, when the table
  // marks one (<th scope="row">): "Users" for the "Add" link of a table of
  // models. A plain <th> in a row may hold a record, so it does not count.
  function rowHeaderOf(el) {
    const at = cellOf(el);
    if (!at) return "";
    const tr = up(at.cell);
    const th = tr ? cellsOf(tr).find((c) => c !== at.cell && c.tagName === "TH" && c.getAttribute("scope") === "row") : null;
    return th ? contextText(th) : "";
  }

  function inNavigation(el) {
    for (let e = up(el); e; e = up(e)) {
      const t = e.tagName;
      const r = attr(e, "role");
      if (t === "NAV" || t === "HEADER" || t === "FOOTER" || t === "MENU" || r === "navigation" || r === "menu" ||
        r === "menubar" || r === "tablist" || r === "banner" || r === "contentinfo") return true;
    }
    return false;
  }

  // Ticket numbers are left to the server, which words them ("the
  // incident") better than a placeholder would.
  const TICKET = /^(#?\d{3,}|[A-Z]{2,6}-?\d{3,})$/;

  // pickedFrom says whether el, named n, is a record picked from a list: a
  // link in a body row of a table with column headers (or an ARIA row), or
  // an option of a list box, tree or grid that is not a native <select>.
  // Buttons act on records ("Save changes", "Delete selected") and are
  // never records themselves; plain <ul> lists are as often menus of a
  // console's features ("User Manager") as lists of records, so they do
  // not count either.
  function pickedFrom(el, n) {
    if (!n || VAGUE.test(n) || GENERIC.test(n) || TICKET.test(n) || Array.from(n).length < 2) return false;
    const r = role(el);
    if (r !== "link" && r !== "option" && r !== "treeitem") return false;
    if (inNavigation(el)) return false;
    const at = cellOf(el);
    if (at) return r === "link" && headerRow(at.table) !== null && up(at.cell) !== headerRow(at.table);
    for (let e = up(el), i = 0; e && i < 6; e = up(e), i++) {
      if (e.tagName === "SELECT") return false;
      if (attr(e, "role") === "row") return r === "link";
      if (attr(e, "role") === "listbox" || attr(e, "role") === "tree" || attr(e, "role") === "grid") return r === "option" || r === "treeitem";
    }
    return false;
  }

  // --- password fields ---

  function isPassword(el) {
    if (el.tagName !== "INPUT") return false;
    const ac = (el.getAttribute("autocomplete") || "").toLowerCase();
    return (el.getAttribute("type") || "").toLowerCase() === "password" || /\b(current|new)-password\b/.test(ac);
  }

  function formOf(el) {
    let top = el;
    for (let e = up(el); e; e = up(e)) {
      if (e.tagName === "FORM") return e;
      top = e;
    }
    return top;
  }

  function passwordFields(form) {
    const out = [];
    let budget = 20 * WALK_BUDGET;
    const walk = (e, depth) => {
      if (depth > 40) return;
      for (const c of elementChildren(e)) {
        if (--budget < 0) return;
        if (isPassword(c)) out.push(c);
        walk(c, depth + 1);
      }
    };
    walk(form, 0);
    return out;
  }

  // passwordName tells password fields apart by their labels, or, when
  // they have none or the same one, by autocomplete: current-password is
  // "Current password", the first new-password "New password" and the next
  // one "Confirm new password". Never a value.
  function passwordName(el) {
    const own = name(el);
    const fields = passwordFields(formOf(el));
    const clash = fields.some((f) => f !== el && name(f) === own);
    if (own && !clash) return own;
    const ac = (el.getAttribute("autocomplete") || "").toLowerCase();
    if (/\bcurrent-password\b/.test(ac)) return "Current password";
    if (/\bnew-password\b/.test(ac)) {
      const news = fields.filter((f) => /\bnew-password\b/.test((f.getAttribute("autocomplete") || "").toLowerCase()));
      return news.indexOf(el) > 0 ? "Confirm new password" : "New password";
    }
    const i = fields.indexOf(el);
    if (fields.length > 1 && i >= 0) return (own || "Password") + " (" + (i + 1) + " of " + fields.length + ")";
    return own || "Password";
  }

  // --- selectors ---

  const TEST_ATTRS = ["data-testid", "data-test", "data-qa", "data-test-id", "data-cy"];

  function esc(s) {
    return root.CSS && root.CSS.escape ? root.CSS.escape(s) : String(s).replace(/[^\w-]/g, "\\$&");
  }

  // stable says whether an id or test id looks written by the app's
  // authors rather than generated (long digit runs, random hashes).
  function stable(v) {
    return !!v && v.length <= 64 && !/\s/.test(v) && !/\d{4,}/.test(v) && !/[0-9a-f]{8,}/i.test(v);
  }

  function anchor(e) {
    const id = attr(e, "id");
    if (stable(id)) return "#" + esc(id);
    for (const a of TEST_ATTRS) {
      const v = attr(e, a);
      if (stable(v)) return "[" + a + "=\"" + esc(v) + "\"]";
    }
    return "";
  }

  function position(e) {
    let i = 1;
    const p = e.parentNode;
    if (p) {
      for (const s of elementChildren(p)) {
        if (s === e) break;
        if (s.tagName === e.tagName) i++;
      }
    }
    return e.tagName.toLowerCase() + ":nth-of-type(" + i + ")";
  }

  // selector is a short CSS path made of the page's own anchors: an id, a
  // test id, a field's name, and tag positions only as a last resort. It
  // never holds text from the page.
  function selector(el) {
    const a = anchor(el);
    if (a) return a;
    const tag = el.tagName.toLowerCase();
    const field = attr(el, "name");
    let own = "";
    if (stable(field) && (tag === "input" || tag === "select" || tag === "textarea" || tag === "button")) own = tag + "[name=\"" + esc(field) + "\"]";
    const parts = [];
    for (let e = own ? up(el) : el; e && parts.length < 4; e = up(e)) {
      const ea = e === el ? "" : anchor(e);
      if (ea) {
        parts.unshift(ea);
        break;
      }
      if (e.tagName === "BODY" || e.tagName === "HTML") break;
      if (own) {
        continue; // a field's name needs an anchor, not a path
      }
      parts.unshift(position(e));
    }
    if (own) return parts.length ? parts[0] + " " + own : own;
    return parts.join(" > ");
  }

  // --- the target of an event ---

  // describe is what the recorder keeps of the element an event acted on
  // (as returned by control, or the element itself when control found
  // none): tag, type, role, name and selector, and for a record picked from
  // a list, the text to generalise later. Static text is role "text" with
  // no name and no selector.
  function describe(el) {
    if (!el || el.nodeType !== 1) return {};
    const info = {
      tag: el.tagName,
      type: el.getAttribute("type") || "",
      role: role(el),
      autocomplete: el.getAttribute("autocomplete") || "",
      id: el.getAttribute("id") || "",
      fieldName: el.getAttribute("name") || "",
      name: "",
      label: "",
      selector: "",
    };
    const region = editableRegion(el);
    const interactive = region === el || INTERACTIVE.has(info.role) || el.tagName === "SELECT" || el.tagName === "FORM";
    if (!interactive) return { tag: el.tagName, type: "", role: "text", name: "", label: "", selector: "" };
    let n = "";
    if (region === el) {
      // An editable region is named by its labels, never its content;
      // with none, by the heading or label before it, or, for a document
      // edited as a whole (an editor in a frame), by its frame.
      info.editable = true;
      if (!["searchbox", "combobox", "spinbutton"].includes(info.role)) info.role = "textbox";
      n = isPassword(el) ? passwordName(el) : name(el);
      if (!n && (el.tagName === "BODY" || el.tagName === "HTML")) n = frameName(el);
      else if (!n) n = columnOf(el) || nearestHeading(el);
    } else {
      n = name(el);
      const picked = pickedFrom(el, n);
      if (picked) {
        info.picked = n;
        const col = columnOf(el);
        if (col) n = col + ": " + n;
      } else if (n && VAGUE.test(n)) {
        const h = nearestHeading(el);
        if (h) n = h + ": " + n;
      } else if (n && (GENERIC.test(n) || Array.from(n).length <= 2)) {
        const g = groupOf(el) || columnOf(el) || rowHeaderOf(el);
        if (g && g.toLowerCase() !== n.toLowerCase()) n = g + ": " + n;
      }
    }
    info.name = n;
    info.label = n;
    info.selector = el.tagName === "BODY" || el.tagName === "HTML" ? "" : selector(el);
    return info;
  }

  // frameName is the name of the frame a document is shown in, when the
  // frame is of the same origin.
  function frameName(el) {
    let frame = null;
    try {
      const win = el.ownerDocument && el.ownerDocument.defaultView;
      frame = win && win.frameElement;
    } catch (e) {
      frame = null;
    }
    return frame ? name(frame) : "";
  }

  const api = { role, name, clean, tidy, control, describe, selector, isEditingHost, editableRegion, passwordName, MAX_NAME };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  root.StepwiseName = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
