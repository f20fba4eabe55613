// Turns what the content script saw into stepwise/recording@1 steps, and
// builds the recording. Pure functions, shared by the content script, the
// service worker and Node's tests. Nothing here reads a value someone
// typed: the events carry none.
"use strict";
(function (root) {
  // Fields whose very label may be secret-adjacent: they contribute no
  // name at all.
  const SENSITIVE = /(pass(word|code|phrase)?|pwd|secret|otp|one.?time|totp|mfa.?code|verification.?code|cvv|cvc|csc|card.?(number|no)|cc.?(num|number)|iban|ssn|social.?security|pin\b)/i;
  const SENSITIVE_AUTOCOMPLETE = /^(current-password|new-password|one-time-code|cc-number|cc-csc|cc-exp.*)$/;

  const FIELD_KINDS = ["text", "email", "password", "tel", "number", "date", "search"];

  // fieldKind is what kind of thing was typed, never what.
  function fieldKind(info) {
    const t = (info.type || "").toLowerCase();
    if (info.sensitive && t !== "password") return "other";
    if (FIELD_KINDS.includes(t)) return t;
    if (info.tag === "TEXTAREA") return "text";
    if (t === "" || t === "url") return "text";
    return "other";
  }

  // isSensitive says whether a field must contribute no label.
  function isSensitive(info) {
    const t = (info.type || "").toLowerCase();
    if (t === "password" || t === "hidden") return true;
    if (SENSITIVE_AUTOCOMPLETE.test(info.autocomplete || "")) return true;
    return SENSITIVE.test([info.name, info.id, info.label, info.autocomplete].filter(Boolean).join(" "));
  }

  function isPasswordField(info) {
    return info.tag === "INPUT" && ((info.type || "").toLowerCase() === "password" || /\b(current|new)-password\b/i.test(info.autocomplete || ""));
  }

  // RECORD stands for the record picked from a list (a user, a ticket's
  // subject) wherever its text comes back in the recording.
  const RECORD = "[record]";
  const MAX_REMEMBERED = 50;

  function escapeRE(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  // generalise makes a step say "[record]" where it would name the record
  // picked from a list: picked is the text of the link or row chosen (from
  // the content script's description of a click), remembered in memory (an
  // array kept with the recording) for the steps that follow; each later
  // occurrence of a remembered text, as a whole word, in the target's name
  // or selector, the choice or the page title is replaced. It returns the
  // number of replacements.
  function generalise(step, picked, memory) {
    picked = str(picked || "");
    if (picked && !memory.includes(picked)) {
      memory.push(picked);
      if (memory.length > MAX_REMEMBERED) memory.shift();
    }
    if (memory.length === 0) return 0;
    // Longest first, so "Jane Smith" goes before "Jane".
    const res = memory.slice().sort((a, b) => b.length - a.length)
      .map((text) => new RegExp("(?<![\\p{L}\\p{N}_])" + escapeRE(text) + "(?![\\p{L}\\p{N}_])", "gu"));
    let n = 0;
    const sub = (s) => {
      for (const re of res) s = s.replace(re, () => { n++; return RECORD; });
      return s;
    };
    if (step.page) step.page = sub(step.page);
    if (step.choice) step.choice = sub(step.choice);
    if (step.target) {
      if (step.target.name) step.target.name = sub(step.target.name);
      if (step.target.selector) step.target.selector = sub(step.target.selector);
    }
    return n;
  }

  // cleanURL drops the query and fragment, and data: or javascript: URLs.
  function cleanURL(u) {
    try {
      const url = new URL(u);
      if (url.protocol !== "http:" && url.protocol !== "https:") return "";
      return url.origin + url.pathname;
    } catch (e) {
      return "";
    }
  }

  function hostOf(u) {
    try { return new URL(u).hostname; } catch (e) { return ""; }
  }

  // hostMatches reports whether host is one of the patterns: "example.com"
  // matches it and its subdomains.
  function hostMatches(host, patterns) {
    return (patterns || []).some((p) => {
      p = String(p).trim().toLowerCase();
      return p && (host === p || host.endsWith("." + p));
    });
  }

  // allowed applies the allow and deny lists: deny wins; an empty allow
  // list allows every other host.
  function allowed(url, settings) {
    const host = hostOf(url);
    if (!host) return false;
    if (hostMatches(host, settings.deny)) return false;
    return !settings.allow || settings.allow.length === 0 || hostMatches(host, settings.allow);
  }

  function appFor(url, apps) {
    const host = hostOf(url);
    for (const [pattern, app] of Object.entries(apps || {})) {
      if (hostMatches(host, [pattern])) return app;
    }
    return "";
  }

  // Strings are cut to the format's limit and lose data: URIs.
  function str(s) {
    s = String(s == null ? "" : s).replace(/data:[^\s,]*,\S*/gi, "").replace(/[\u0000-\u001f]/g, " ").trim();
    return Array.from(s).slice(0, 2000).join("");
  }

  // toStep maps one observed event to a step, or null for events that
  // leave no step. ev: {kind, t, url, title, target: {tag, type, role,
  // name, selector, sensitive, autocomplete, id, label}, choice, checked}.
  function toStep(ev, settings) {
    settings = settings || {};
    if (ev.url && !allowed(ev.url, settings)) return null;
    const step = { t: Math.max(0, Math.round(ev.t || 0)) };
    const url = ev.url ? cleanURL(ev.url) : "";
    const app = ev.url ? appFor(ev.url, settings.apps) : "";
    if (app) step.app = str(app);
    if (url) step.url = url;
    if (ev.title) step.page = str(ev.title);
    const t = ev.target || {};
    // Only fields people type into can hold a secret; a button called
    // "Reset password" keeps its name.
    const isField = t.editable || t.tag === "TEXTAREA" || (t.tag === "INPUT" && !["button", "submit", "reset", "image", "checkbox", "radio"].includes((t.type || "").toLowerCase()));
    const sensitive = isField && isSensitive(t);
    // A password field keeps the name its label or autocomplete gives it
    // ("New password", "Confirm new password"): two of them must be told
    // apart, and the name is the page's, never the value. Codes, card
    // numbers and the like keep neither name nor selector.
    const hidden = sensitive && !isPasswordField(t);
    const target = () => {
      const out = {};
      if (t.role) out.role = str(t.role);
      if (t.name && !hidden) out.name = str(t.name);
      if (t.selector && !hidden) out.selector = str(t.selector);
      return out;
    };
    switch (ev.kind) {
      case "navigate":
      case "open_tab":
      case "switch_tab":
      case "close_tab":
        step.action = ev.kind;
        return step;
      case "click":
        step.action = "click";
        step.target = target();
        return step;
      case "select":
        step.action = "select";
        step.target = target();
        if (ev.choice && !sensitive) step.choice = str(ev.choice);
        return step;
      case "toggle":
        if ((t.type || "").toLowerCase() === "radio") {
          if (!ev.checked) return null;
          step.action = "select";
          step.target = target();
          if (ev.choice && !sensitive) step.choice = str(ev.choice);
          return step;
        }
        step.action = ev.checked ? "check" : "uncheck";
        step.target = target();
        return step;
      case "input":
        step.action = "input";
        step.target = target();
        step.field_kind = fieldKind({ type: t.type, tag: t.tag, sensitive });
        return step;
      case "submit":
        step.action = "submit";
        step.target = target();
        return step;
      default:
        return null;
    }
  }

  const VIEWS = ["navigate", "switch_tab", "open_tab"];

  // place puts step into steps in time order, since events from several
  // pages can arrive out of order (a page's queue delivered after the next
  // page's), and returns its index; it returns -1 and leaves steps alone
  // for a navigation to the page already shown (same URL without query,
  // same title): a reload, a redirect to itself, or the list shown again
  // after a search or a filter, whose submit or click is the step.
  function place(steps, step) {
    let i = steps.length;
    while (i > 0 && steps[i - 1].t > step.t) i--;
    if (step.action === "navigate") {
      for (let j = i - 1; j >= 0; j--) {
        if (!VIEWS.includes(steps[j].action)) continue;
        if ((steps[j].url || "") === (step.url || "") && (steps[j].page || "") === (step.page || "")) return -1;
        break;
      }
    }
    steps.splice(i, 0, step);
    return i;
  }

  // accepts reports whether the recording takes an event that happened at
  // at (ms since the epoch): while recording, and for an event from before
  // a pause or a stop that arrives after it.
  function accepts(rec, at) {
    if (!rec) return false;
    if (rec.status === "recording") return true;
    if (rec.status === "paused") return at <= rec.pausedAt;
    if (rec.status === "stopped") return at <= (rec.stoppedAt || 0);
    return false;
  }

  // accept applies one event from a page to the recording rec (which it
  // changes) and reports whether it changed it. Events of another
  // recording (ev.rid) are dropped.
  function accept(rec, ev, settings) {
    settings = settings || {};
    if (!rec || (ev.rid && ev.rid !== rec.id) || !accepts(rec, ev.at)) return false;
    if (ev.kind === "uncaptured") {
      rec.uncaptured = (rec.uncaptured || []).concat([ev.uncaptured]);
      return true;
    }
    if (ev.kind === "frames") {
      const unseen = (ev.srcs || []).filter((u) => !allowed(u, settings));
      if (!unseen.length) return false;
      rec.uncaptured = (rec.uncaptured || []).concat([{ kind: "domain", where: "frames of " + hostOf(ev.url), count: unseen.length }]);
      return true;
    }
    if (!allowed(ev.url, settings)) {
      rec.skipped = (rec.skipped || 0) + 1;
      return true;
    }
    // Navigation of a frame inside a page is not a navigation of the tab.
    if (ev.kind === "navigate" && ev.top === false) return false;
    const step = toStep(Object.assign({}, ev, { t: ev.at - rec.startedAt - (rec.pausedMs || 0) }), settings);
    if (!step) return false;
    rec.records = Array.isArray(rec.records) ? rec.records : [];
    rec.generalised = (rec.generalised || 0) + generalise(step, ev.target && ev.target.picked, rec.records);
    return place(rec.steps, step) >= 0;
  }

  const SLUG = /^[a-z0-9-]{1,64}$/;

  // slugify makes a workflow slug from what a person typed.
  function slugify(s) {
    return String(s || "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 64) || "workflow";
  }

  function newID(random) {
    const bytes = random(12);
    return "rec-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // MAX_T is the format's bound on t (7 days in ms): a recording left
  // running longer keeps its order and stays valid instead of being refused.
  const MAX_T = 7 * 24 * 60 * 60 * 1000;

  // build assembles the recording to upload: valid by construction
  // (non-decreasing t within MAX_T, 1 to 10,000 steps, limits on strings).
  function build(rec) {
    let last = 0;
    const steps = rec.steps.slice(0, 10000).map((s) => {
      const c = Object.assign({}, s);
      if (c.t > MAX_T) c.t = MAX_T;
      if (c.t < last) c.t = last;
      last = c.t;
      if (c.target && Object.keys(c.target).length === 0) delete c.target;
      return c;
    });
    const out = {
      schema: "stepwise/recording@1",
      id: rec.id,
      workflow: SLUG.test(rec.workflow) ? rec.workflow : slugify(rec.workflow),
      recorded_at: rec.recordedAt,
      recorder: { name: "stepwise-recorder", version: rec.version || "0.1.0" },
      steps,
    };
    if (rec.title) out.title = str(rec.title);
    if (rec.role) out.actor = { role: str(rec.role) };
    if (rec.uncaptured && rec.uncaptured.length) out.coverage = { uncaptured: rec.uncaptured.slice(0, 100) };
    return out;
  }

  // backoff is the wait before retry n (1-based) of a failed upload.
  function backoff(n) {
    return Math.min(30 * 60, 15 * Math.pow(2, n - 1)); // seconds
  }

  const api = { toStep, place, accept, accepts, build, generalise, RECORD, cleanURL, allowed, appFor, isSensitive, fieldKind, slugify, newID, backoff, str };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  root.StepwiseSteps = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
