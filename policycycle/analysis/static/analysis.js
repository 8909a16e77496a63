// Analysis diagrams: open wide trees centred on their focal node, and let the reader
// shrink a tree to the width of the page. Works without it: the tree then scrolls.
(function () {
  "use strict";
  document.querySelectorAll(".an-tree-scroll[data-focus-x]").forEach(function (box) {
    var x = parseFloat(box.dataset.focusX);
    if (!isNaN(x)) { box.scrollLeft = Math.max(0, x - box.clientWidth / 2); }
  });
  document.querySelectorAll("[data-tree-fit]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var box = document.getElementById(button.dataset.treeFit);
      var fitted = box.classList.toggle("fit");
      button.setAttribute("aria-pressed", fitted ? "true" : "false");
    });
  });
})();
