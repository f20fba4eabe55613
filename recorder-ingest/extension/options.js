"use strict";
const $ = (id) => document.getElementById(id);
const lines = (s) => s.split("\n").map((l) => l.trim()).filter(Boolean);

chrome.storage.local.get("settings").then(({ settings }) => {
  const s = settings || {};
  $("server").value = s.server || "http://127.0.0.1:8080";
  $("token").value = s.token || "";
  $("apps").value = Object.entries(s.apps || {}).map(([h, a]) => h + " = " + a).join("\n");
  $("allow").value = (s.allow || []).join("\n");
  $("deny").value = (s.deny || []).join("\n");
});

$("settings").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const apps = {};
  for (const l of lines($("apps").value)) {
    const [host, ...rest] = l.split("=");
    if (host.trim() && rest.join("=").trim()) apps[host.trim().toLowerCase()] = rest.join("=").trim();
  }
  const settings = {
    server: $("server").value.trim(),
    token: $("token").value.trim(),
    apps: apps,
    allow: lines($("allow").value),
    deny: lines($("deny").value),
  };
  chrome.storage.local.set({ settings: settings }).then(() => {
    $("saved").textContent = "Saved.";
  });
});
