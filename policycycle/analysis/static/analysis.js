// Analysis diagrams: open wide trees centred on their focal node, and let the reader
// shrink a tree to the width of the page. Works without it: the tree then scrolls.
// Async (docs/page-speed.md): it waits until the page has been read, and centres the trees
// in the next frame, where the browser lays the page out anyway (a box's width read any
// earlier would lay it out just for this script).
(function () {
  "use strict";
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  function start() {
    window.requestAnimationFrame(centreTrees);
    showFitButtons();
  }
  function centreTrees() {
    document.querySelectorAll(".an-tree-scroll[data-focus-x]").forEach(function (box) {
      var x = parseFloat(box.dataset.focusX);
      if (!isNaN(x)) { box.scrollLeft = Math.max(0, x - box.clientWidth / 2); }
    });
  }
  function showFitButtons() {
    document.querySelectorAll("[data-tree-fit]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var box = document.getElementById(button.dataset.treeFit);
        var fitted = box.classList.toggle("fit");
        button.setAttribute("aria-pressed", fitted ? "true" : "false");
      });
    });
  }
})();
