// The header's menu button (frame/base.html, NL Design System's pattern): on narrow screens the site's menus fold
// under one "Menu" button. Loaded in <head> without defer, so the class that folds them is set before the first paint;
// the button is wired once the page is read. Without JavaScript the button stays hidden and the menus are the plain
// lists of links they always are.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js-menu");
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".site-menu-button");
    var menu = document.getElementById("site-menu");
    if (!button || !menu) {
      root.classList.remove("js-menu");
      return;
    }
    function open(state) {
      button.setAttribute("aria-expanded", state ? "true" : "false");
      menu.classList.toggle("site-menu--open", state);
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      open(button.getAttribute("aria-expanded") !== "true");
    });
    // Escape closes the open menu and gives the focus back to its button.
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        open(false);
        button.focus();
      }
    });
  });
})();
