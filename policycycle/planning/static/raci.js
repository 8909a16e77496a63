// The activity form's RACI control without a page reload: "Add" puts the chosen
// institution in the table at once (with its letter select focused) and the advice on
// accountable and responsible institutions follows the letters. Without script, "Add"
// posts the form and the server shows the same row; nothing is saved until "Save".
(function () {
  "use strict";
  var box = document.querySelector("[data-raci-control]");
  if (!box) return;
  var table = box.querySelector(".pl-raci-table");
  var body = table.querySelector("tbody");
  var picker = box.querySelector("#raci_add_org");
  var letter = box.querySelector("#raci_add_letter");
  var advice = box.querySelector(".pl-raci-advice");

  function letters() {
    return Array.prototype.map.call(body.querySelectorAll("select"), function (s) { return s.value; })
      .filter(function (v) { return v; });
  }

  function refreshAdvice() {
    var chosen = letters();
    var keys = [];
    var accountable = chosen.filter(function (v) { return v === "A"; }).length;
    if (chosen.length) {
      if (accountable === 0) keys.push("data-no-accountable");
      if (accountable > 1) keys.push("data-several-accountable");
      if (chosen.indexOf("R") < 0) keys.push("data-no-responsible");
    }
    advice.textContent = "";
    keys.forEach(function (key) {
      var p = document.createElement("p");
      p.className = "pl-advice";
      p.textContent = advice.getAttribute(key) + " " + advice.getAttribute("data-save-anyway");
      advice.appendChild(p);
    });
  }

  function addRow(event) {
    if (!picker || !picker.value) {
      if (picker) picker.focus();
      event.preventDefault();
      return;
    }
    event.preventDefault();
    var option = picker.options[picker.selectedIndex];
    var id = option.value;
    var row = document.createElement("tr");
    row.className = "pl-raci-chosen";
    row.setAttribute("data-org", id);
    var head = document.createElement("th");
    head.scope = "row";
    var label = document.createElement("label");
    label.htmlFor = "raci-" + id;
    label.textContent = option.text;
    head.appendChild(label);
    var cell = document.createElement("td");
    var select = document.createElement("select");
    select.id = select.name = "raci-" + id;
    Array.prototype.forEach.call(letter.options, function (o) { select.add(new Option(o.text, o.value)); });
    select.add(new Option(box.getAttribute("data-remove-label"), ""));
    select.value = letter.value;
    cell.appendChild(select);
    row.appendChild(head);
    row.appendChild(cell);
    body.appendChild(row);
    table.hidden = false;
    var empty = box.querySelector(".pl-raci-empty");
    if (empty) empty.remove();
    var group = option.parentNode;
    option.remove();
    if (group.tagName === "OPTGROUP" && !group.children.length) group.remove();
    picker.value = "";
    letter.value = "R";
    refreshAdvice();
    select.focus();
  }

  box.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-raci-add]")) addRow(event);
  });
  box.addEventListener("change", function (event) {
    if (event.target.closest && event.target.closest(".pl-raci-table")) refreshAdvice();
  });
})();
