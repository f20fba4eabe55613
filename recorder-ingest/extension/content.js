// Content script: watches what the agent does on the page and sends each
// action to the service worker as a structured event. It never reads the
// value of a field, listens to no key, and takes no picture.
"use strict";
(function () {
  const N = globalThis.StepwiseName;

  // target is the element acted on: the innermost element of the event's
  // path, inside open shadow roots, or the control around it (a click
  // lands on a label's text or an icon). A click on static text stays on
  // that text, which describe() names by its role only.
  function targetOf(ev) {
    const path = ev.composedPath ? ev.composedPath() : [ev.target];
    let el = path[0];
    if (el && el.nodeType === 3) el = el.parentElement;
    return (el && N.control(el)) || el;
  }

  // describe keeps the role, the accessible name and a selector of the
  // page's own anchors; never typed text, never static text (name.js).
  function describe(el) {
    if (!el || el.nodeType !== 1) return {};
    return N.describe(el);
  }

  function send(kind, extra) {
    const msg = Object.assign({ type: "event", kind: kind, url: location.href, title: document.title, at: Date.now() }, extra);
    try {
      chrome.runtime.sendMessage(msg);
    } catch (e) {
      // The extension was reloaded: this page's script is orphaned.
    }
  }

  function optionLabel(el) {
    if (el.tagName === "SELECT") {
      const o = el.selectedOptions && el.selectedOptions[0];
      return o ? N.tidy(o.label || o.textContent) : "";
    }
    return N.name(el);
  }

  // Clicks on controls whose change event says more are left to it.
  document.addEventListener("click", (ev) => {
    const el = targetOf(ev);
    if (!el) return;
    const tag = el.tagName;
    const type = (el.getAttribute("type") || "").toLowerCase();
    if (tag === "SELECT" || tag === "OPTION" || tag === "TEXTAREA") return;
    if (tag === "INPUT" && !["button", "submit", "reset", "image"].includes(type)) return;
    noteClosedShadow(ev);
    send("click", { target: describe(el) });
  }, true);

  document.addEventListener("change", (ev) => {
    const el = targetOf(ev);
    if (!el) return;
    const tag = el.tagName;
    const type = (el.getAttribute("type") || "").toLowerCase();
    if (tag === "SELECT") {
      send("select", { target: describe(el), choice: optionLabel(el) });
    } else if (tag === "INPUT" && (type === "checkbox" || type === "radio")) {
      // For a radio the choice is the option's own label; the question
      // is its group's legend or the name of the group.
      const d = describe(el);
      let question = "";
      const fs = el.closest("fieldset");
      if (fs && fs.querySelector("legend")) question = N.tidy(fs.querySelector("legend").textContent);
      if (type === "radio") {
        send("toggle", { target: Object.assign(d, { name: question || d.name, label: question || d.label }), choice: N.name(el), checked: el.checked });
      } else {
        send("toggle", { target: d, checked: el.checked });
      }
    } else if (tag === "INPUT" || tag === "TEXTAREA" || el.isContentEditable) {
      // Only that the field was filled in, and its kind: the value is
      // never read.
      send("input", { target: describe(el) });
    }
  }, true);

  document.addEventListener("submit", (ev) => {
    const form = ev.target;
    send("submit", { target: describe(form.querySelector("button[type=submit],input[type=submit]") || form) });
  }, true);

  // Navigations: this document, and in-page ones of single-page apps.
  let lastURL = location.href;
  function navigated() {
    if (location.href.split("#")[0] === lastURL.split("#")[0]) return;
    lastURL = location.href;
    send("navigate", {});
  }
  if (window === window.top) {
    send("navigate", {});
    window.addEventListener("popstate", navigated);
    window.addEventListener("hashchange", navigated);
    setInterval(navigated, 1000); // pushState leaves no event in this world
  }

  // What this frame cannot see: cross-origin frames inside it, and closed
  // shadow roots an event came out of.
  function noteClosedShadow(ev) {
    const host = ev.composedPath ? ev.composedPath()[0] : null;
    if (host && host.nodeType === 1 && !host.shadowRoot && chrome.dom && chrome.dom.openOrClosedShadowRoot && chrome.dom.openOrClosedShadowRoot(host)) {
      send("uncaptured", { uncaptured: { kind: "shadow-root", where: host.tagName.toLowerCase(), count: 1 } });
    }
  }
  // Frames of other origins run their own copy of this script unless
  // their domain is not allowed: the service worker decides which count
  // as unseen.
  function reportFrames() {
    const srcs = [];
    for (const f of document.querySelectorAll("iframe,frame")) {
      let visible = false;
      try {
        visible = !!f.contentDocument;
      } catch (e) {
        visible = false;
      }
      if (!visible && f.src) srcs.push(f.src);
    }
    if (srcs.length > 0) send("frames", { srcs: srcs });
  }
  if (document.readyState === "complete") reportFrames();
  else window.addEventListener("load", reportFrames);
})();
