// Search over search-index.js (window.INFLUENCE_SEARCH), in the browser: the site needs no
// server. Reads the form's values from the address (?q=...&in=...), so a search can be linked.
(function () {
  "use strict";
  var index = window.INFLUENCE_SEARCH;
  var form = document.getElementById("search-form");
  var status = document.getElementById("search-status");
  var table = document.getElementById("results");
  var body = table.querySelector("tbody");
  var SHOWN = 200;
  if (!index) { status.textContent = "The search index (search-index.js) is missing."; return; }
  var col = {};
  index.columns.forEach(function (name, i) { col[name] = i; });
  var FIELDS = {
    name: ["name"], org: ["org"], client: ["client"], issue: ["issue"],
    all: ["name", "org", "client", "issue", "to"]
  };
  var haystacks = index.rows.map(function (row) {
    var out = {};
    Object.keys(FIELDS).forEach(function (key) {
      out[key] = FIELDS[key].map(function (f) { return row[col[f]] || ""; }).join(" \u0001 ")
        .toLowerCase();
    });
    return out;
  });

  function money(value) {
    if (value === null || value === "") return "";
    var n = Number(value), sign = n < 0 ? "-" : "";
    n = Math.abs(n);
    var text = n % 1 === 0 ? n.toLocaleString("en-US") :
      n.toLocaleString("en-US", {minimumFractionDigits: 2, maximumFractionDigits: 2});
    return sign + "$" + text;
  }

  function cell(text, className) {
    var td = document.createElement("td");
    if (className) td.className = className;
    td.textContent = text === null || text === undefined ? "" : String(text);
    return td;
  }

  function link(href, text, className) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    if (className) a.className = className;
    return a;
  }

  function run() {
    var params = new URLSearchParams(window.location.search);
    ["q", "in", "kind", "cycle", "min"].forEach(function (name) {
      var input = form.elements[name];
      if (input && params.has(name)) input.value = params.get(name);
    });
    var query = (params.get("q") || "").trim().toLowerCase();
    if (!query) { status.textContent = "Type a name, an employer, a client or words of an issue."; return; }
    var words = query.split(/\s+/);
    var field = FIELDS[params.get("in")] ? params.get("in") : "all";
    var kind = params.get("kind") || "";
    var cycle = params.get("cycle") || "";
    var min = params.get("min") ? Number(params.get("min")) : null;
    var found = [];
    for (var i = 0; i < index.rows.length; i++) {
      var row = index.rows[i], text = haystacks[i][field];
      if (kind && row[col.kind] !== kind) continue;
      if (cycle && String(row[col.cycle]) !== cycle) continue;
      if (min !== null && !(Number(row[col.amount]) >= min)) continue;
      if (words.every(function (w) { return text.indexOf(w) >= 0; })) found.push(row);
    }
    body.textContent = "";
    found.slice(0, SHOWN).forEach(function (row) {
      var tr = document.createElement("tr");
      tr.appendChild(cell(row[col.kind]));
      var who = cell(row[col.name] || row[col.client]);
      if (row[col.detail]) {
        var small = document.createElement("small");
        small.textContent = row[col.detail];
        who.appendChild(document.createElement("br"));
        who.appendChild(small);
      }
      tr.appendChild(who);
      tr.appendChild(cell(row[col.org]));
      var to = cell(row[col.to] || row[col.issue]);
      if (row[col.page]) {
        to.appendChild(document.createTextNode(" "));
        to.appendChild(link(row[col.page], "profile"));
      }
      tr.appendChild(to);
      tr.appendChild(cell(row[col.date], "date"));
      var amount = cell(money(row[col.amount]), "num");
      if (row[col.amount] !== null) amount.setAttribute("data-value", row[col.amount]);
      tr.appendChild(amount);
      var filing = cell("");
      if (row[col.url]) filing.appendChild(link(row[col.url], "filing", "cite"));
      tr.appendChild(filing);
      body.appendChild(tr);
    });
    table.hidden = found.length === 0;
    status.textContent = found.length === 0 ? "Nothing found for \u201c" + query + "\u201d." :
      found.length.toLocaleString("en-US") + " record" + (found.length === 1 ? "" : "s") +
      " found" + (found.length > SHOWN ? "; the first " + SHOWN + " shown: narrow the search." : ".");
    status.setAttribute("data-found", String(found.length));
  }

  run();
})();
