/* The PODs list and a POD's overview: seed, reset to a scenario, take a snapshot. */
(function () {
  "use strict";
  document.addEventListener("submit", function (ev) {
    var form = ev.target, kind = form.getAttribute("data-form");
    if (!kind) return;
    ev.preventDefault();
    var call;
    if (kind === "seed") {
      var spec = form.pods.value.trim();
      var pods = /^\d+$/.test(spec) ? [Number(spec)] : spec;
      call = Console.api("POST", "/sandbox/pods", {pods: pods, scenario: form.scenario.value}).then(function (r) {
        Console.toast(r.seeded.length ? "Seeded POD " + r.seeded.join(", ") : "Already seeded: " + r.alreadySeeded.join(", "));
      });
    } else if (kind === "reset-to") {
      var pod = form.querySelector("[data-pod]").getAttribute("data-pod");
      var sc = form.scenario.value;
      if (!window.confirm("Reset POD " + pod + " to scenario " + sc + "?")) return;
      call = Console.api("POST", "/sandbox/reset?pod=" + pod + "&scenario=" + encodeURIComponent(sc)).then(function (r) {
        Console.toast("POD " + pod + " reset to " + sc + " in " + r.tookMs + " ms");
      });
    } else if (kind === "snapshot") {
      call = Console.api("POST", "/sandbox/snapshots", {name: form.name.value}).then(function (r) {
        Console.toast("Snapshot " + r.name + " taken (" + r.rows + " rows)");
      });
    } else {
      return;
    }
    call.then(Console.reload).catch(function (e) { Console.toast(e.message, "error"); });
  });
})();
