(function () {
  "use strict";
  var form = document.getElementById("signin-form");
  var err = document.getElementById("signin-error");
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    err.hidden = true;
    Console.api("POST", Console.BASE + "/signin", {token: form.token.value}).then(function () {
      location.href = form.getAttribute("data-next");
    }).catch(function (e) { err.textContent = e.message; err.hidden = false; form.token.select(); });
  });
})();
