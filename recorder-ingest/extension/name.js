// Accessible role and name of an element, computed as the accessibility
// tree does for the cases a recorder meets: aria-labelledby, aria-label,
// <label for>, a wrapping <label>, text content, title, placeholder.
// A classic script: content scripts load it before content.js, and Node's
// test runner requires it.
"use strict";
(function (root) {
  const IMPLICIT = {
    A: (el) => (el.getAttribute && el.getAttribute("href") != null ? "link" : ""),
    BUTTON: () => "button",
    SELECT: (el) => (el.multiple ? "listbox" : "combobox"),
    TEXTAREA: () => "textbox",
    OPTION: () => "option",
    LI: () => "listitem",
    TR: () => "row",
    TD: () => "cell",
    TH: () => "columnheader",
    H1: () => "heading", H2: () => "heading", H3: () => "heading", H4: () => "heading",
    SUMMARY: () => "button",
    INPUT: (el) => {
      const t = (el.getAttribute("type") || "text").toLowerCase();
      return ({ button: "button", submit: "button", reset: "button", image: "button", checkbox: "checkbox",
        radio: "radio", range: "slider", search: "searchbox", email: "textbox", tel: "textbox",
        text: "textbox", url: "textbox", password: "textbox", number: "spinbutton" })[t] || "textbox";
    },
  };

  function role(el) {
    const explicit = (el.getAttribute && el.getAttribute("role")) || "";
    if (explicit) return explicit.trim().split(/\s+/)[0];
    const f = IMPLICIT[el.tagName];
    return f ? f(el) : "";
  }

  function clean(s) {
    return String(s || "").replace(/\s+/g, " ").trim();
  }

  // textOf is the text an element contributes to a name: its text nodes
  // and the names of its children, hidden parts left out.
  function textOf(el, depth) {
    if (depth > 20) return "";
    if (el.nodeType === 3) return el.nodeValue || "";
    if (el.nodeType !== 1) return "";
    if (isHidden(el)) return "";
    const aria = el.getAttribute("aria-label");
    if (aria && clean(aria)) return aria;
    if (el.tagName === "IMG") return el.getAttribute("alt") || "";
    let out = "";
    for (const c of el.childNodes || []) out += " " + textOf(c, depth + 1);
    return out;
  }

  function isHidden(el) {
    if (!el.getAttribute) return false;
    if (el.getAttribute("aria-hidden") === "true" || el.hasAttribute && el.hasAttribute("hidden")) return true;
    return false;
  }

  function byIds(doc, ids) {
    return ids.split(/\s+/).filter(Boolean).map((id) => doc.getElementById(id)).filter(Boolean);
  }

  // name follows the order of the accessible name computation.
  function name(el) {
    const doc = el.ownerDocument;
    const labelledby = el.getAttribute("aria-labelledby");
    if (labelledby && doc) {
      const n = clean(byIds(doc, labelledby).map((e) => textOf(e, 0)).join(" "));
      if (n) return n;
    }
    const aria = clean(el.getAttribute("aria-label"));
    if (aria) return aria;
    const tag = el.tagName;
    const isField = tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA";
    if (isField) {
      const type = (el.getAttribute("type") || "").toLowerCase();
      if (tag === "INPUT" && (type === "button" || type === "submit" || type === "reset")) {
        const v = clean(el.getAttribute("value"));
        if (v) return v;
        return type === "submit" ? "Submit" : type === "reset" ? "Reset" : "";
      }
      const id = el.getAttribute("id");
      if (id && doc) {
        const labels = doc.querySelectorAll("label[for]");
        for (const l of labels) {
          if (l.getAttribute("for") === id) {
            const n = clean(textOf(l, 0));
            if (n) return n;
          }
        }
      }
      for (let p = el.parentNode; p && p.nodeType === 1; p = p.parentNode) {
        if (p.tagName === "LABEL") {
          const n = clean(textOf(p, 0));
          if (n) return n;
          break;
        }
      }
    } else if (tag !== "BODY" && tag !== "HTML") {
      const n = clean(textOf(el, 0));
      if (n) return n.length > 200 ? n.slice(0, 200) : n;
    }
    const title = clean(el.getAttribute("title"));
    if (title) return title;
    return clean(el.getAttribute("placeholder"));
  }

  const api = { role, name, clean };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  root.StepwiseName = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
