// Demo behaviour only: open the reset dialog, say that a change was saved.
"use strict";
document.getElementById("open-reset").addEventListener("click", () => document.getElementById("reset-dialog").showModal());
document.getElementById("save").addEventListener("click", () => {
  document.getElementById("saved").textContent = "Saved.";
});
