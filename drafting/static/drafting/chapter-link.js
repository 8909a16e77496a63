// A link from the readiness page ends in "#chapter-N": once the draft is in sync,
// scroll to its N-th chapter (level-1 or level-2 heading) and put the caret there.
(function () {
  "use strict";
  var match = /^#chapter-(\d+)$/.exec(window.location.hash);
  if (!match) return;
  var wanted = parseInt(match[1], 10);
  var tries = 0;
  var timer = window.setInterval(function () {
    tries += 1;
    var status = document.getElementById("draft-status");
    var body = document.querySelector(".draft-editor-body .ProseMirror");
    if (tries > 100) window.clearInterval(timer);
    if (!status || status.getAttribute("data-state") !== "synced" || !body) return;
    var headings = body.querySelectorAll("h1, h2");
    if (headings.length < wanted) return;
    window.clearInterval(timer);
    var heading = headings[wanted - 1];
    heading.style.scrollMarginTop = "10rem"; // below the sticky toolbar
    heading.scrollIntoView({ block: "start" });
    heading.classList.add("chapter-target");
  }, 200);
})();
