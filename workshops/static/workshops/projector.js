/* The projector: large type, live, readable from the back of the room. It never
   receives hidden ideas, nor results before the facilitator reveals them.

   A projector cannot scroll, so whatever the stage shows is fitted to the screen: first
   side-by-side columns, then smaller type (never below a floor readable across a room),
   and if it still does not fit, pages that turn by themselves every few seconds. */
(function () {
  "use strict";
  var el = WS.el;
  var S = WS.readJSON("ws-strings");
  var config = WS.readJSON("ws-config");
  var store = new WS.Store();
  var timer = new WS.Timer(document.getElementById("timer"), S);
  var stage = document.getElementById("stage");
  var title = document.getElementById("item-title");
  var session = document.querySelector(".ws-proj-session");
  var join = document.getElementById("join");
  var joinShow = document.getElementById("join-show");
  var joinUrl = document.getElementById("join-url");
  var qr = document.getElementById("qr");
  var count = document.getElementById("count");
  var connection = document.getElementById("connection");

  var PAGE_SECONDS = 8;
  var SCALES = [1, 0.9, 0.8, 0.7];       // type sizes tried, largest first
  var FLOOR = 0.6;                        // never smaller than this, even when paging
  var localJoin = null;                   // the J key's choice, until the console decides
  var pages = [];                         // [[unit, ...] per page] of the current fit
  var page = 0;
  var lastKey = "";

  WS.connect({ workshop: config.workshop, as: "screen" }, store, {
    status: function (up) { connection.textContent = up ? "" : S.connection_lost; },
  });

  function board(item) {
    var ideas = store.ideasOf(item.id).filter(function (i) { return !i.merged_into; });
    var columns = item.columns || [];
    // Many ideas: smaller cards, so the whole board still fits the wall.
    var density = ideas.length > 60 ? " ws-lots" : ideas.length > 20 ? " ws-many" : "";
    var grid = el("div", { class: "ws-proj-board ws-cols-" + columns.length + density });
    columns.forEach(function (c) {
      var inColumn = ideas.filter(function (i) { return i.column === c.key; });
      var clusters = {};
      inColumn.forEach(function (i) { (clusters[i.cluster || ""] = clusters[i.cluster || ""] || []).push(i); });
      var col = el("section", { class: "ws-proj-col ws-col-" + c.key },
        el("h2", null, c.label, el("span", { class: "ws-proj-n" }, String(inColumn.length))));
      Object.keys(clusters).sort().forEach(function (name) {
        if (name) col.appendChild(el("h3", { class: "ws-cluster-name", "data-fit-unit": "" }, name));
        clusters[name].forEach(function (i) {
          col.appendChild(el("div", { class: "ws-proj-card", "data-idea": String(i.id), "data-fit-unit": "" }, i.text));
        });
      });
      grid.appendChild(col);
    });
    return grid;
  }

  function lobby() {
    var box = el("div", { class: "ws-proj-lobby" },
      el("img", { src: store.workshop.qr_url || qr.getAttribute("src"), alt: "" }),
      el("div", null,
        el("p", { class: "ws-proj-lobby-url" }, store.workshop.join_url || joinUrl.textContent),
        el("p", { class: "ws-proj-lobby-code" }, S.code, el("strong", null, store.workshop.code || config.code)),
        el("p", { class: "ws-proj-message" }, S.waiting),
        el("p", { class: "ws-proj-lobby-count" }, el("strong", { id: "lobby-count" }, String(store.participants)), " " + S.participants)));
    return box;
  }

  function drawJoin(isLobby) {
    var w = store.workshop;
    if (w.join_url && joinUrl.textContent !== w.join_url) joinUrl.textContent = w.join_url;
    if (w.qr_url && qr.getAttribute("src") !== w.qr_url) qr.setAttribute("src", w.qr_url);
    var shown = localJoin !== null ? localJoin : w.show_join_bar !== false;
    join.hidden = isLobby || !shown;
    joinShow.hidden = isLobby || shown;
  }

  function draw() {
    timer.set(store.timer);
    count.textContent = String(store.participants);
    var item = store.current();
    var isLobby = !item && store.workshop.status !== "closed";
    drawJoin(isLobby);
    title.textContent = item ? item.title : store.workshop.title;
    session.hidden = !item;  // the lobby's title is the session's own: say it once
    stage.textContent = "";
    if (store.workshop.status === "closed") { stage.appendChild(el("p", { class: "ws-proj-message" }, S.session_closed)); fit(); return; }
    if (isLobby) { stage.appendChild(lobby()); fit(); return; }
    if (item.kind === "brainstorm") { stage.appendChild(board(item)); fit(); return; }
    if (item.kind === "agreement") stage.appendChild(el("blockquote", { class: "ws-statement ws-proj-statement" }, item.statement));
    var results = store.results[String(item.id)];
    if (results) {
      var drawn = WS.renderResults(item, results, S);
      Array.prototype.forEach.call(drawn.querySelectorAll(".ws-bar, tbody tr"), function (unit) {
        unit.setAttribute("data-fit-unit", "");
      });
      stage.appendChild(drawn);
    } else if (item.kind !== "discussion") {
      if (item.choices && item.kind !== "scoring") {
        stage.appendChild(el("ol", { class: "ws-proj-choices" }, item.choices.map(function (c) {
          return el("li", { "data-fit-unit": "" }, c.label);
        })));
      }
      stage.appendChild(el("p", { class: "ws-proj-message ws-proj-small" },
        item.state === "closed" ? S.closed : S.results_hidden));
    }
    fit();
  }

  // --- fitting the stage to the screen ----------------------------------------------------

  function overflows() {
    return stage.scrollHeight > stage.clientHeight + 1 || stage.scrollWidth > stage.clientWidth + 1;
  }

  function setFit(scale, cols) {
    stage.style.setProperty("--fit", String(scale));
    stage.style.setProperty("--cols", String(cols));
  }

  function fit() {
    stopPaging();
    var units = Array.prototype.slice.call(stage.querySelectorAll("[data-fit-unit]"));
    units.forEach(function (u) { u.classList.remove("ws-fit-off"); });
    // Wide screens take more columns of choices before the type gets smaller.
    var maxCols = stage.clientWidth > 1500 ? 3 : 2;
    var listy = stage.querySelector(".ws-proj-choices, .ws-results .ws-bar");
    var colChoices = listy ? [1, 2, 3].filter(function (c) { return c <= maxCols; }) : [1];
    for (var s = 0; s < SCALES.length; s++) {
      for (var c = 0; c < colChoices.length; c++) {
        setFit(SCALES[s], colChoices[c]);
        if (!overflows()) return;
      }
    }
    // Still too much: page through it at the largest type that shows a fair share.
    setFit(Math.max(FLOOR, SCALES[SCALES.length - 1]), colChoices[colChoices.length - 1]);
    if (!units.length) { setFit(FLOOR, colChoices[colChoices.length - 1]); return; }
    paginate(units);
  }

  /* Split the units into pages that each fit: show units one by one until the stage
     overflows. Units of different board columns page together, column by column. */
  function paginate(units) {
    var groups = {};
    units.forEach(function (u) {
      var key = u.closest(".ws-proj-col") ? u.closest(".ws-proj-col").className : "all";
      (groups[key] = groups[key] || []).push(u);
    });
    var perGroup = Object.keys(groups).map(function (key) { return pagesOf(groups[key], units); });
    var total = Math.max.apply(null, perGroup.map(function (p) { return p.length; }));
    pages = [];
    for (var i = 0; i < total; i++) {
      pages.push([].concat.apply([], perGroup.map(function (p) { return p[i] || []; })));
    }
    var key = stage.textContent.length + ":" + units.length;
    page = key === lastKey ? page % pages.length : 0;
    lastKey = key;
    showPage();
  }

  function pagesOf(group, all) {
    var result = [];
    var start = 0;
    while (start < group.length) {
      all.forEach(function (u) { u.classList.add("ws-fit-off"); });
      var end = start;
      while (end < group.length) {
        group[end].classList.remove("ws-fit-off");
        if (overflows() && end > start) { group[end].classList.add("ws-fit-off"); break; }
        end++;
      }
      result.push(group.slice(start, end));
      start = end;
    }
    return result;
  }

  function showPage() {
    var shown = pages[page] || [];
    Array.prototype.forEach.call(stage.querySelectorAll("[data-fit-unit]"), function (u) {
      u.classList.toggle("ws-fit-off", shown.indexOf(u) < 0);
    });
    var marker = stage.querySelector(".ws-proj-page");
    if (pages.length > 1) {
      if (!marker) { marker = el("p", { class: "ws-proj-page", "aria-hidden": "true" }); stage.appendChild(marker); }
      marker.textContent = S.page.replace("%(page)s", String(page + 1)).replace("%(pages)s", String(pages.length));
    } else if (marker) marker.remove();
  }

  function stopPaging() {
    pages = [];
    var marker = stage.querySelector(".ws-proj-page");
    if (marker) marker.remove();
  }

  // --- the join bar: the console shows or hides it; J or the buttons do it here ---------

  function toggleJoin(shown) { localJoin = shown; draw(); }
  document.getElementById("join-hide").addEventListener("click", function () { toggleJoin(false); });
  joinShow.addEventListener("click", function () { toggleJoin(true); });
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === "j" || ev.key === "J") toggleJoin(join.hidden);
    // A presenter's clicker sends PageDown/PageUp: turn the pages by hand too.
    var step = { PageDown: 1, ArrowRight: 1, PageUp: -1, ArrowLeft: -1 }[ev.key];
    if (step && pages.length > 1) {
      ev.preventDefault();
      page = (page + step + pages.length) % pages.length;
      showPage();
    }
  });
  var lastShown = null;
  store.listeners.push(function () {
    // A decision made on the console wins over the last key press here.
    if (store.workshop.show_join_bar !== lastShown) { localJoin = null; lastShown = store.workshop.show_join_bar; }
  });
  store.listeners.push(draw);
  // The stage changes size when the window does, the join bar comes or goes, or a web
  // font arrives: fit again whenever it does.
  var lastSize = "";
  new ResizeObserver(function () {
    var size = stage.clientWidth + "x" + stage.clientHeight;
    if (size !== lastSize) { lastSize = size; draw(); }
  }).observe(stage);
  // One clock turns the pages, so redraws (a participant joins) do not hold a page back.
  window.setInterval(function () {
    if (pages.length > 1) { page = (page + 1) % pages.length; showPage(); }
  }, PAGE_SECONDS * 1000);
})();
