// Stepwise UI: progress while the server works. No inline script is
// allowed by the Content-Security-Policy; this file is the only script.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // A form marked data-busy shows that it is working and cannot be sent twice.
  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      var button = ev.submitter || form.querySelector("button[type=submit]");
      if (!button || button.value === "sarif") { return; } // a download keeps the page
      button.disabled = true;
      button.dataset.label = button.textContent;
      button.textContent = "Working…";
      var note = document.createElement("p");
      note.className = "busy-note";
      note.setAttribute("role", "status");
      note.textContent = "The server is working on it; large recordings take a few seconds.";
      form.appendChild(note);
    });
  });
  // A map picture says it is being drawn until it arrives.
  document.querySelectorAll("img.map").forEach(function (img) {
    if (img.complete) { return; }
    img.classList.add("loading");
    var note = document.createElement("p");
    note.className = "busy-note";
    note.setAttribute("role", "status");
    note.textContent = "Drawing the process map…";
    img.insertAdjacentElement("afterend", note);
    var done = function () { img.classList.remove("loading"); note.remove(); };
    img.addEventListener("load", done);
    img.addEventListener("error", function () { note.textContent = "The process map could not be drawn."; });
  });
});
