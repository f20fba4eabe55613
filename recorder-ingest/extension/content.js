// Content script: watches what the agent does on the page and sends each
// action to the service worker as a structured event, through a numbered
// queue the worker acknowledges (delivery.js), only while a recording runs.
// It never reads the value of a field, listens to no key, and takes no
// picture.
"use strict";
(function () {
  const N = globalThis.StepwiseName;
  const D = globalThis.StepwiseDelivery;

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

  // Delivery. The page learns from storage whether a recording runs (its
  // id and status only); until it knows, events wait in the page, and
  // while none runs they are dropped here, never stored.
  const src = D.newSource((n) => crypto.getRandomValues(new Uint8Array(n)));
  const inboxKey = D.INBOX + src;
  const orphaned = () => !(globalThis.chrome && chrome.runtime && chrome.runtime.id);
  const box = D.outbox({
    src: src,
    // An orphaned script (the extension was reloaded) can reach no one:
    // its send never settles, so it stops retrying.
    send: (batch) => (orphaned() ? new Promise(() => {}) : chrome.runtime.sendMessage({ type: "events", src: src, events: batch })),
    store: (events) => (events.length ? chrome.storage.local.set({ [inboxKey]: events }) : chrome.storage.local.remove(inboxKey)),
    later: (f, ms) => setTimeout(f, ms),
  });
  let recorder = null;
  let early = [];
  function post(msg) {
    if (early) {
      early.push(msg);
      return;
    }
    if (!recorder || recorder.status !== "recording") return;
    box.add(Object.assign(msg, { rid: recorder.id }));
  }
  try {
    chrome.storage.local.get("recorder").then((r) => {
      recorder = r.recorder || null;
      const waiting = early;
      early = null;
      waiting.forEach(post);
    }, () => {
      early = null;
    });
  } catch (e) {
    early = null; // orphaned
  }
  try {
    // Changes come from session storage, which holds only this status.
    chrome.storage.session.onChanged.addListener((changes) => {
      if (changes.recorder) recorder = changes.recorder.newValue || null;
    });
  } catch (e) {
    // Orphaned, or session storage not open to pages yet.
  }

  // event describes what happened now; the URL loses its query and
  // fragment before it leaves the page.
  function event(kind, extra) {
    return Object.assign({ kind: kind, url: location.href.split(/[?#]/)[0], title: document.title, at: Date.now(), top: window === window.top }, extra);
  }

  function send(kind, extra) {
    post(event(kind, extra));
  }

  function optionLabel(el) {
    if (el.tagName === "SELECT") {
      const o = el.selectedOptions && el.selectedOptions[0];
      return o ? N.tidy(o.label || o.textContent) : "";
    }
    return N.name(el);
  }

  // A click that submits a form and the submit are one step; so is the
  // browser's own click on the default button after Enter in a field.
  const pair = D.pairing(post, (f, ms) => setTimeout(f, ms));
  window.addEventListener("pagehide", pair.release);
  function submits(el) {
    return (el.tagName === "BUTTON" || el.tagName === "INPUT") && (el.type === "submit" || el.type === "image") && !!el.form;
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
    pair.click(event("click", { target: describe(el) }), el, submits(el));
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

  // A submit is one step, named by the button that submitted the form.
  document.addEventListener("submit", (ev) => {
    const form = ev.target;
    const by = ev.submitter || null;
    pair.submit(form, by, () => event("submit", { target: describe(by || form.querySelector("button[type=submit],input[type=submit]") || form) }));
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
  // chrome.dom takes HTML elements only and throws on others (the SVG icon
  // of a link): a note about coverage must never cost the step itself.
  function noteClosedShadow(ev) {
    const host = ev.composedPath ? ev.composedPath()[0] : null;
    if (!host || !(host instanceof HTMLElement) || host.shadowRoot || !(chrome.dom && chrome.dom.openOrClosedShadowRoot)) return;
    try {
      if (!chrome.dom.openOrClosedShadowRoot(host)) return;
    } catch (e) {
      return;
    }
    send("uncaptured", { uncaptured: { kind: "shadow-root", where: host.tagName.toLowerCase(), count: 1 } });
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
      if (!visible && f.src) srcs.push(f.src.split(/[?#]/)[0]); // only its host is used
    }
    if (srcs.length > 0) send("frames", { srcs: srcs });
  }
  if (document.readyState === "complete") reportFrames();
  else window.addEventListener("load", reportFrames);
})();
