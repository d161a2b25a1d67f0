/* The ballot's budget meter (progressive enhancement; the page works without this file).
   Follows every tick or typed number: the running total of the cart, the projects chosen, or the points given,
   written into the meter's aria-live region (announced by screen readers) and its progress bar. The texts come
   from the form's data-text-* attributes (translated by the server). The "Bereken opnieuw" button, which does the
   same by a round trip, is hidden: the meter is always up to date. */
(function () {
  "use strict";
  var form = document.getElementById("stembiljet");
  if (!form) { return; }
  var status = document.getElementById("budgetstand");
  var bar = document.getElementById("budgetbalk");
  var method = form.getAttribute("data-method");
  var budget = parseInt(form.getAttribute("data-budget"), 10) || 0;
  var total = parseInt(form.getAttribute("data-points"), 10) || 0;
  var max = parseInt(form.getAttribute("data-max"), 10) || 0;
  var money = new Intl.NumberFormat("nl-NL", { style: "currency", currency: "EUR", maximumFractionDigits: 0 });
  var timer = null;

  function euro(n) { return money.format(n).replace(/\u00a0/g, " "); }
  function fill(name, values) {
    return form.getAttribute("data-text-" + name).replace(/\{(\w+)\}/g, function (_m, key) { return values[key]; });
  }

  function text() {
    if (method === "points") {
      var given = 0;
      form.querySelectorAll(".ballot__points").forEach(function (input) {
        var v = input.value.trim();
        if (/^[0-9]{1,6}$/.test(v)) { given += parseInt(v, 10); }
      });
      if (given > total) { return [fill("points-over", { given: given, over: given - total, total: total }), true]; }
      return [fill("points", { given: given, total: total, left: total - given }), false];
    }
    var sum = 0, count = 0;
    form.querySelectorAll(".ballot__check:checked").forEach(function (box) {
      sum += parseInt(box.getAttribute("data-cost"), 10) || 0;
      count += 1;
    });
    if (method === "cart") {
      if (bar) { bar.value = Math.min(sum, budget); }
      if (sum > budget) {
        return [fill("over", { total: euro(sum), over: euro(sum - budget), budget: euro(budget) }), true];
      }
      return [fill("cart", { total: euro(sum), budget: euro(budget), left: euro(budget - sum) }), false];
    }
    if (max) { return [fill("count-max", { count: count, max: max }), count > max]; }
    return [fill("count", { count: count }), false];
  }

  function update() {
    var result = text();
    window.clearTimeout(timer);
    /* A short pause, so a screen reader hears the last total, not every step of a fast run of ticks. */
    timer = window.setTimeout(function () {
      status.textContent = result[0];
      status.classList.toggle("ballot__over", result[1]);
    }, 250);
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
  var recompute = form.querySelector("[data-recompute]");
  if (recompute) { recompute.hidden = true; }
}());
