/* Traffic: the journal grows live, a row opens its request, fault hits and the clock follow. */
(function () {
  "use strict";
  var MAX_ROWS = 500;
  var esc = Console.esc;

  function filters() {
    var f = document.getElementById("journal-filter");
    return {method: f.method.value, path: f.path.value.trim(), status: f.status.value.trim(), tid: f.trackingId.value.trim()};
  }
  function glob(pattern, text) {
    var re = "^" + pattern.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$";
    return new RegExp(re).test(text);
  }
  function matches(e, f) {
    if (f.method && e.method !== f.method) return false;
    if (f.status && String(e.status) !== f.status) return false;
    if (f.tid && e.trackingId !== f.tid) return false;
    if (f.path) {
      if (/[*?[]/.test(f.path)) { if (!glob(f.path, e.path)) return false; }
      else if (e.path.indexOf(f.path) < 0) return false;
    }
    return true;
  }
  function row(e) {
    var tr = document.createElement("tr");
    tr.className = "clickable fresh";
    tr.setAttribute("data-seq", e.seq);
    tr.innerHTML = '<td class="mono small nowrap">' + esc(e.time.slice(11, 23)) + "</td>" +
      '<td><span class="m ' + esc(e.method) + '">' + esc(e.method) + "</span></td>" +
      '<td class="mono small wrap">' + esc(e.path) + (e.query ? '<span class="muted">?' + esc(e.query) + "</span>" : "") +
      (e.fault ? ' <span class="badge bad">fault</span>' : "") + "</td>" +
      '<td class="mono s' + Math.floor(e.status / 100) + '">' + esc(e.status) + "</td>" +
      '<td class="right mono small">' + esc(e.durationMs) + "</td>" +
      '<td class="mono small muted">' + esc(e.trackingId || "") + "</td>";
    return tr;
  }

  Console.on("journal", function (e) {
    var follow = document.getElementById("journal-follow");
    var body = document.getElementById("journal-rows");
    if (!body || (follow && !follow.checked) || !matches(e, filters())) return;
    if (body.querySelector('tr[data-seq="' + e.seq + '"]')) return;
    body.insertBefore(row(e), body.firstChild);
    while (body.rows.length > MAX_ROWS) body.deleteRow(body.rows.length - 1);
    var empty = document.getElementById("journal-empty");
    if (empty) empty.remove();
  });

  document.addEventListener("click", function (ev) {
    var close = ev.target.closest("[data-close]");
    if (close) { document.getElementById("request-detail").innerHTML = ""; return; }
    var tr = ev.target.closest("#journal-rows tr[data-seq]");
    if (!tr) return;
    document.querySelectorAll("#journal-rows tr.selected").forEach(function (x) { x.classList.remove("selected"); });
    tr.classList.add("selected");
    fetch(Console.BASE + "/traffic/requests/" + tr.getAttribute("data-seq"), {credentials: "same-origin"})
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var box = document.getElementById("request-detail");
        box.innerHTML = html;  // server-rendered and escaped by the template
        box.scrollIntoView({behavior: "smooth", block: "nearest"});
      });
  });

  // fault hits change in place; a rule added or gone elsewhere re-reads the page
  Console.on("faults", function (rules) {
    var shown = Array.prototype.map.call(document.querySelectorAll("#fault-rows tr[data-fault]"), function (tr) { return tr.getAttribute("data-fault"); });
    var ids = rules.map(function (r) { return r.id; });
    if (shown.join() !== ids.join()) { Console.reload(); return; }
    rules.forEach(function (r) {
      var cell = document.querySelector('#fault-rows tr[data-fault="' + r.id + '"] [data-hits]');
      if (cell && cell.textContent !== String(r.hits)) { cell.textContent = r.hits; cell.parentNode.classList.add("fresh"); }
    });
  });

  var mode = null;
  Console.on("hello", function (h) { mode = h.clock.mode; });
  Console.on("clock", function (c) {
    var now = document.getElementById("clock-now");
    if (now) now.textContent = c.now;
    if (mode !== null && c.mode !== mode) Console.reload();
    mode = c.mode;
  });
  Console.on("event", function (m) { if (m.topic === "MailSent") Console.reload(); });

  document.addEventListener("submit", function (ev) {
    if (ev.target.id !== "fault-form") return;
    ev.preventDefault();
    var f = ev.target, rule = {method: f.method.value, path: f.path.value.trim() || "*"};
    ["status", "latency_ms", "count", "retry_after"].forEach(function (k) {
      var v = f[k].value.trim();
      if (v) rule[k] = Number(v);
    });
    if (f.message.value.trim()) rule.message = f.message.value.trim();
    Console.api("POST", "/sandbox/faults", rule).then(function (r) {
      Console.toast("Fault added: " + r.method + " " + r.path);
      return Console.reload();
    }).catch(function (e) { Console.toast(e.message, "error"); });
  });
})();
