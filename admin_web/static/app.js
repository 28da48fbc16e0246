/* Small enhancements of the admin pages; every page works without them. */
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  // Ask before a form that cannot be undone is sent (data-confirm="question").
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  });

  // Date and month pickers of filter forms reload the page when changed.
  document.querySelectorAll("form[data-autosubmit] input, form[data-autosubmit] select")
    .forEach(function (input) {
      input.addEventListener("change", function () {
        input.form.submit();
      });
    });
});
