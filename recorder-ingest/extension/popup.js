"use strict";
const $ = (id) => document.getElementById(id);

function call(msg) {
  return chrome.runtime.sendMessage(msg);
}

function describe(s) {
  const name = s.target && s.target.name ? " " + s.target.name : "";
  const extra = s.choice ? " → " + s.choice : s.field_kind ? " (" + s.field_kind + ")" : s.text ? ": " + s.text : s.page ? " " + s.page : "";
  return s.action + name + extra;
}

function render(state) {
  const rec = state.recording;
  const status = rec ? rec.status : "idle";
  const text = status === "recording" ? "Recording " + rec.workflow + "…"
    : status === "paused" ? "Paused."
      : status === "stopped" ? "Stopped: upload or download the recording."
        : "Not recording.";
  const lost = rec && rec.lost ? rec.lost : 0;
  $("status").textContent = text + (state.pending ? " " + state.pending + (state.pending === 1 ? " upload" : " uploads") + " waiting to be retried." : "")
    + (state.waiting ? " " + state.waiting + (state.waiting === 1 ? " step" : " steps") + " still on the way from open pages." : "");
  // A step recorded in a page that never reached the recording: say so,
  // so that the agent can check the list and add a note.
  $("lost").hidden = !lost;
  $("lost").textContent = lost ? (lost === 1 ? "1 step could not be recorded" : lost + " steps could not be recorded") + ": compare the list with what you did and add a note for what is missing." : "";
  $("start").disabled = status === "recording" || status === "paused";
  $("pause").disabled = status !== "recording" && status !== "paused";
  $("pause").textContent = status === "paused" ? "Resume" : "Pause";
  $("stop").disabled = status !== "recording" && status !== "paused";
  $("marks").disabled = status !== "recording";
  const has = rec && rec.steps.length > 0;
  $("upload").disabled = !has;
  $("download").disabled = !has;
  $("discard").disabled = !rec;
  $("retry").hidden = !state.pending;
  const list = $("steps");
  list.textContent = "";
  (rec ? rec.steps : []).forEach((s, i) => {
    const li = document.createElement("li");
    li.textContent = describe(s);
    const del = document.createElement("button");
    del.textContent = "Delete";
    del.setAttribute("aria-label", "Delete step " + (i + 1));
    del.addEventListener("click", () => call({ type: "delete", index: i }).then(refresh));
    li.appendChild(del);
    list.appendChild(li);
  });
  $("count").textContent = rec ? rec.steps.length : 0;
}

function refresh() {
  return call({ type: "state" }).then(render);
}

$("start").addEventListener("click", () => {
  const title = $("title").value.trim();
  const workflow = $("workflow").value.trim() || title;
  call({ type: "start", title: title, workflow: workflow, role: $("role").value.trim() }).then(refresh);
});
$("pause").addEventListener("click", () => {
  call({ type: $("pause").textContent === "Resume" ? "resume" : "pause" }).then(refresh);
});
$("stop").addEventListener("click", () => call({ type: "stop" }).then(refresh));
document.querySelectorAll("[data-mark]").forEach((b) =>
  b.addEventListener("click", (ev) => {
    ev.preventDefault();
    call({ type: "mark", mark: b.dataset.mark }).then(refresh);
  }));
$("add-note").addEventListener("click", (ev) => {
  ev.preventDefault();
  const text = $("note").value.trim();
  if (!text) return;
  call({ type: "note", text: text }).then(() => {
    $("note").value = "";
    refresh();
  });
});
function report(r) {
  if (r.error) {
    $("result").textContent = r.error;
    return refresh();
  }
  $("result").textContent = r.results.map((x) =>
    x.ok ? "Stored as " + x.workflow + " version " + x.version + "."
      : x.retry ? "Not sent (" + x.error + "); it will be retried."
        : "Refused (" + x.status + "): " + ((x.problem && x.problem.errors || []).map((e) => e.pointer + " " + e.reason).join("; ") || (x.problem && x.problem.title) || "")).join(" ");
  return refresh();
}

$("retry").addEventListener("click", () => {
  $("result").textContent = "Uploading…";
  call({ type: "retry" }).then(report);
});
$("upload").addEventListener("click", () => {
  $("result").textContent = "Uploading…";
  call({ type: "upload" }).then(report);
});
$("download").addEventListener("click", () => {
  call({ type: "export" }).then((r) => {
    if (r.error) {
      $("result").textContent = r.error;
      return;
    }
    const blob = new Blob([JSON.stringify(r.json, null, 2)], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = r.json.workflow + "-" + r.json.id + ".json";
    a.click();
  });
});
$("discard").addEventListener("click", () => call({ type: "discard" }).then(refresh));
chrome.storage.onChanged.addListener(refresh);
refresh();
