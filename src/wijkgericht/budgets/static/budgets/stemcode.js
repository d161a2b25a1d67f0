// The letter's QR code opens the code page with the code in the URL's fragment (#ABCD-EFGH-JKMN), which browsers
// never send to the server. Copy it into the form and take it out of the address bar (and the history), so it is
// not left behind on a shared device. Without this script the resident types the code.
(function () {
  "use strict";
  var code = decodeURIComponent((window.location.hash || "").slice(1)).replace(/[^A-Za-z0-9-]/g, "").slice(0, 40);
  if (!code) { return; }
  var field = document.getElementById("id_code");
  if (field && !field.value) { field.value = code.toUpperCase(); }
  if (window.history && window.history.replaceState) {
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  var button = document.querySelector("#stemcode-formulier button[type=submit]");
  if (button) { button.focus(); }
}());
