// Demo behaviour only: the search box filters the incidents by the query
// in the address (?q=...), as a real list page does on the server.
"use strict";
const query = new URLSearchParams(location.search).get("q") || "";
document.getElementById("q").value = query;
for (const row of document.querySelectorAll("tbody tr")) {
  row.hidden = query.trim() !== "" && !row.textContent.toLowerCase().includes(query.trim().toLowerCase());
}
