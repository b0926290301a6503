/* The console's shared helpers (docs/console.md). No framework, no build step.
 *
 *   Console.api(method, path, body)  -> Promise of the JSON answer (null for 204); throws an Error
 *                                       whose message is the sandbox's error text (err.status, err.body)
 *   Console.on(kind, fn)             live updates: "hello", "event", "journal", "clock", "faults",
 *                                    "changed", "open", "down" (one EventSource per page, see connect());
 *                                    a page whose <body data-live> holds "changes" re-reads its <main>
 *                                    when the state changed (not while one types in it or a secret shows)
 *   Console.esc(text)                HTML-escapes text for innerHTML
 *   Console.toast(text, kind)        a short notice ("ok" | "error")
 *   Console.pod                      the POD the page is about (a number) or null
 *   Console.reload()                 re-renders the page in place (keeps the scroll position)
 *
 * Declarative actions on any element (wired here, for every page):
 *   data-api="POST /sandbox/reset?pod=1" [data-body='{"a":1}'] [data-confirm="Sure?"]
 *   [data-ok="Done"] [data-then="reload|none"]     a button calling the JSON control plane
 *   data-secret="value"   shows •••• until clicked     data-copy="text"   copies to the clipboard
 */
(function () {
  "use strict";
  var body = document.body;
  var BASE = body.getAttribute("data-base") || "/sandbox/console";
  var podAttr = body.getAttribute("data-pod");
  var handlers = {};

  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }

  function api(method, path, payload) {
    var init = {method: method, credentials: "same-origin", headers: {"accept": "application/json"}};
    if (payload !== undefined && payload !== null) {
      init.headers["content-type"] = "application/json";
      init.body = typeof payload === "string" ? payload : JSON.stringify(payload);
    } else if (method !== "GET" && method !== "HEAD") {
      // the control plane refuses the form types a foreign page could send: say JSON even when empty
      init.headers["content-type"] = "application/json";
    }
    return fetch(path, init).then(function (r) {
      if (r.status === 204) return null;
      return r.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = text; }
        if (!r.ok) {
          var detail = data && data.errors && data.errors.length ? data.errors.map(function (e) { return e.description; }).join(" ") : "";
          var err = new Error(((data && data.message) || ("HTTP " + r.status)) + (detail ? " " + detail : ""));
          err.status = r.status; err.body = data;
          if (r.status === 401 && path.indexOf("/sandbox") === 0 && path !== BASE + "/signin") {
            location.href = BASE + "/signin?next=" + encodeURIComponent(location.pathname + location.search);
          }
          throw err;
        }
        return data;
      });
    });
  }

  function on(kind, fn) { (handlers[kind] = handlers[kind] || []).push(fn); }
  function emit(kind, data) { (handlers[kind] || []).forEach(function (fn) { try { fn(data); } catch (e) { console.error(e); } }); }

  function toast(text, kind) {
    var box = document.getElementById("toasts");
    if (!box) return;
    var el = document.createElement("div");
    el.className = "toast " + (kind || "ok");
    el.textContent = text;
    box.appendChild(el);
    setTimeout(function () { el.classList.add("gone"); }, kind === "error" ? 7000 : 3000);
    setTimeout(function () { el.remove(); }, kind === "error" ? 7600 : 3600);
  }

  function reload() {
    var y = window.scrollY;
    return fetch(location.href, {credentials: "same-origin"}).then(function (r) { return r.text(); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var fresh = doc.querySelector("main");
      if (fresh) { document.querySelector("main").replaceWith(fresh); window.scrollTo(0, y); emit("reloaded", null); }
    });
  }

  // --- live updates: one EventSource per page ------------------------------------------------
  var clockState = null, clockAt = 0;
  function paintClock() {
    var el = document.getElementById("console-clock");
    if (!el || !clockState) return;
    var ms = clockState.epochMs + (clockState.mode === "real" ? Date.now() - clockAt : 0);
    var t = new Date(ms).toISOString().replace("T", " ").slice(0, 19);
    el.textContent = t + " UTC" + (clockState.mode === "manual" ? " · manual" : "");
    el.classList.toggle("manual", clockState.mode === "manual");
  }
  on("hello", function (d) { clockState = d.clock; clockAt = Date.now(); paintClock(); });
  on("clock", function (d) { clockState = d; clockAt = Date.now(); paintClock(); });
  setInterval(paintClock, 1000);

  function connect() {
    var live = body.getAttribute("data-live");
    if (!live || !window.EventSource) return null;
    var q = [];
    if (podAttr) q.push("pod=" + encodeURIComponent(podAttr));
    if (live.indexOf("journal") >= 0) {
      q.push("journal=1");
      var since = body.getAttribute("data-journal-seq");
      if (since) q.push("since=" + encodeURIComponent(since));
    }
    var src = new EventSource(BASE + "/live" + (q.length ? "?" + q.join("&") : ""));
    var dot = document.getElementById("live-dot");
    ["hello", "event", "journal", "clock", "faults", "changed"].forEach(function (kind) {
      src.addEventListener(kind, function (m) { emit(kind, JSON.parse(m.data)); });
    });
    src.onopen = function () { if (dot) { dot.className = "live-dot on"; dot.title = "live updates: on"; } emit("open", null); };
    src.onerror = function () { if (dot) { dot.className = "live-dot off"; dot.title = "live updates: reconnecting"; } emit("down", null); };
    return src;
  }

  var pending = null;
  function quiet() {
    var a = document.activeElement, main = document.querySelector("main");
    return !(main && a && main.contains(a) && /^(INPUT|SELECT|TEXTAREA)$/.test(a.tagName)) &&
      !document.querySelector("main [data-shown='1'], main details[open][data-keep]");
  }
  on("changed", function () {
    if ((body.getAttribute("data-live") || "").indexOf("changes") < 0 || pending) return;
    pending = setTimeout(function again() {
      if (!quiet()) { pending = setTimeout(again, 1500); return; }
      pending = null;
      reload();
    }, 150);
  });

  // --- declarative actions --------------------------------------------------------------------
  document.addEventListener("click", function (ev) {
    var el = ev.target.closest("[data-api],[data-secret],[data-copy],[data-action]");
    if (!el) return;
    if (el.hasAttribute("data-secret")) {
      var shown = el.getAttribute("data-shown") === "1";
      el.textContent = shown ? "••••••••" : el.getAttribute("data-secret");
      el.setAttribute("data-shown", shown ? "0" : "1");
      el.classList.toggle("shown", !shown);
      return;
    }
    if (el.hasAttribute("data-copy")) {
      var text = el.getAttribute("data-copy");
      (navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.reject()).then(
        function () { toast("Copied"); }, function () { window.prompt("Copy:", text); });
      return;
    }
    if (el.getAttribute("data-action") === "signout") {
      api("POST", BASE + "/signout").then(function () { location.href = BASE + "/signin"; });
      return;
    }
    if (el.hasAttribute("data-api")) {
      ev.preventDefault();
      var spec = el.getAttribute("data-api").split(" ");
      var ask = el.getAttribute("data-confirm");
      if (ask && !window.confirm(ask)) return;
      el.disabled = true;
      api(spec[0], spec[1], el.getAttribute("data-body")).then(function (data) {
        var ok = el.getAttribute("data-ok");
        if (ok) toast(ok);
        emit("acted", {el: el, data: data});
        if ((el.getAttribute("data-then") || "reload") === "reload") return reload();
      }).catch(function (e) { toast(e.message, "error"); }).then(function () { el.disabled = false; });
    }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && ev.target.hasAttribute && ev.target.hasAttribute("data-secret")) ev.target.click();
  });

  var sw = document.getElementById("pod-switch");
  if (sw) sw.addEventListener("change", function () {
    var cur = sw.getAttribute("data-current"), path = location.pathname;
    var mark = "/pods/" + cur;
    var i = path.indexOf(mark);
    if (i >= 0 && (path.length === i + mark.length || path.charAt(i + mark.length) === "/")) {
      var rest = path.slice(i + mark.length).split("/").slice(0, 2).join("/");  // keep the section, drop deeper ids
      location.href = path.slice(0, i) + "/pods/" + sw.value + rest;
    } else {
      location.href = BASE + "/pods/" + sw.value;
    }
  });

  window.Console = {api: api, on: on, emit: emit, esc: esc, toast: toast, reload: reload, BASE: BASE,
                    pod: podAttr ? Number(podAttr) : null, source: null};
  document.addEventListener("DOMContentLoaded", function () { window.Console.source = connect(); });
})();
