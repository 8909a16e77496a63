// Small page behaviours declared with data- attributes, so no page needs inline
// script or on...= handlers (the Content Security Policy forbids them).
//   <form data-confirm="Remove?">          asks before submitting
//   <select data-autosubmit>               submits its form when changed
//   <input data-select-on-click>           selects its text when clicked (copy fields)
//   <form data-no-submit>                  never submits (controls driven by script)
//   <form data-action-from="select-id">    submits to the URL chosen in that select
(function () {
  "use strict";
  // Buttons that only matter without script (a select that submits itself) hide.
  document.documentElement.classList.add("js");
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (form.hasAttribute("data-no-submit")) {
      event.preventDefault();
      return;
    }
    var message = form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
      return;
    }
    var source = form.getAttribute("data-action-from");
    if (source) {
      var select = document.getElementById(source);
      if (select && select.value) form.action = select.value;
    }
  }, true);
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.hasAttribute && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
  });
  document.addEventListener("click", function (event) {
    var field = event.target;
    if (field.hasAttribute && field.hasAttribute("data-select-on-click")) field.select();
  });
})();
