// Pressroom review page: warn while typing when a placeholder of the source is missing.
// The server refuses such a save anyway; this only says so before the reviewer submits.
"use strict";
document.querySelectorAll("textarea[data-placeholders]").forEach(function (field) {
  var wanted = field.dataset.placeholders.split(" ").filter(Boolean);
  if (!wanted.length) { return; }
  var warning = field.parentElement.querySelector(".ph-warning");
  function check() {
    // {ordinal} and {years} are the same number: a language without ordinals writes {years}.
    var same = { "{ordinal}": "{years}", "{years}": "{ordinal}" };
    var missing = wanted.filter(function (token) {
      return field.value.indexOf(token) < 0 && !(same[token] && field.value.indexOf(same[token]) >= 0);
    });
    warning.hidden = missing.length === 0;
    warning.textContent = missing.length ? "Missing placeholder(s): " + missing.join(", ") : "";
  }
  field.addEventListener("input", check);
});
