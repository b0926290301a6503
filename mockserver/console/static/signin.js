(function () {
  "use strict";
  var form = document.getElementById("signin-form");
  var err = document.getElementById("signin-error");
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    err.hidden = true;
    Console.api("POST", Console.BASE + "/signin", {token: form.token.value}).then(function () {
      location.href = form.getAttribute("data-next");
    }).catch(function (e) {
      var d = e.body && e.body.errors && e.body.errors[0];
      err.textContent = d ? d.description : e.message; err.hidden = false; form.token.select();
    });
  });
})();
