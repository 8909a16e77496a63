/* On the join page: a participant whose cookie was lost but whose browser kept their
   token is sent back into the session under the same identity. */
(function () {
  "use strict";
  var script = document.currentScript;
  var key = script.getAttribute("data-key");
  try {
    if (script.getAttribute("data-forget")) { window.localStorage.removeItem(key); return; }
    var token = window.localStorage.getItem(key);
    if (token) {
      var joinToken = document.getElementById("join-token");
      if (joinToken) { joinToken.value = token; }
      document.getElementById("resume-token").value = token;
      document.getElementById("resume-form").submit();
    }
  } catch (e) { /* storage disabled: the participant simply joins again */ }
})();
