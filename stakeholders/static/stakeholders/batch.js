// The organisation grid, made to behave like a spreadsheet when rows are pasted into
// it: a block copied from Excel, LibreOffice or a web table (tab-separated lines) fills
// the cells from the one pasted into, adding rows as needed. Without script the paste
// box above the grid does the same on the server; the server checks every row anyway.
(function () {
  "use strict";
  var form = document.querySelector("form[data-batch-grid]");
  if (!form) return;
  var body = form.querySelector(".sh-batch-grid tbody");
  var maxRows = parseInt(form.getAttribute("data-max-rows"), 10) || 100;
  var yes = ["yes", "y", "true", "1", "x", "oui", "sí", "si", "sim"];
  var headerWords = ["name", "organisation", "organization", "institution"];

  function cells(row) {
    return Array.prototype.slice.call(row.querySelectorAll("input, select"));
  }

  function addRow() {
    var rows = body.querySelectorAll("tr");
    if (rows.length >= maxRows) return null;
    var last = rows[rows.length - 1];
    var index = rows.length;
    var row = last.cloneNode(true);
    row.className = "sh-batch-row";
    row.setAttribute("data-row", String(index));
    row.querySelector("th").textContent = String(index + 1);
    Array.prototype.forEach.call(row.querySelectorAll(".error"), function (p) { p.remove(); });
    Array.prototype.forEach.call(row.querySelectorAll("td"), function (td) { td.classList.remove("has-error"); });
    cells(row).forEach(function (cell) {
      var key = cell.name.replace(/^r-\d+-/, "");
      cell.name = cell.id = "r-" + index + "-" + key;
      cell.removeAttribute("aria-invalid");
      cell.removeAttribute("aria-describedby");
      var label = cell.getAttribute("aria-label") || "";
      cell.setAttribute("aria-label", label.replace(/\d+/, String(index + 1)));
      if (cell.type === "checkbox") cell.checked = false;
      else cell.value = "";
    });
    body.appendChild(row);
    return row;
  }

  function put(cell, text) {
    text = text.trim();
    if (cell.type === "checkbox") {
      cell.checked = yes.indexOf(text.toLowerCase()) >= 0;
    } else if (cell.tagName === "SELECT") {
      var wanted = text.toLowerCase().replace(/ /g, "_");
      var match = Array.prototype.find.call(cell.options, function (o) {
        return o.value && (o.value === wanted || o.text.trim().toLowerCase() === text.toLowerCase());
      });
      if (!match && text) {  // kept as typed: the check names what is wrong with it
        match = new Option(text, text);
        cell.add(match);
      }
      cell.value = match ? match.value : "";
    } else {
      cell.value = text;
    }
  }

  form.addEventListener("paste", function (event) {
    var target = event.target;
    var row = target.closest && target.closest("tr.sh-batch-row");
    if (!row || !event.clipboardData) return;
    var text = event.clipboardData.getData("text/plain") || "";
    if (text.indexOf("\t") < 0 && text.replace(/\r?\n$/, "").indexOf("\n") < 0) return;
    event.preventDefault();
    var lines = text.replace(/\r\n?/g, "\n").replace(/\n+$/, "").split("\n");
    var column = cells(row).indexOf(target);
    var first = (lines[0] || "").split("\t")[0].trim().toLowerCase();
    if (column === 0 && headerWords.indexOf(first) >= 0) lines.shift();
    var filledRows = 0;
    lines.forEach(function (line) {
      if (!line.trim()) return;
      if (!row) row = addRow();
      if (!row) return;
      var targets = cells(row);
      line.split("\t").forEach(function (value, offset) {
        var cell = targets[column + offset];
        if (cell) put(cell, value);
      });
      filledRows += 1;
      row = row.nextElementSibling;
    });
    var status = document.getElementById("batch-pasted-status");
    if (status) status.textContent = status.getAttribute("data-template").replace("%d", String(filledRows));
  });
})();
