/* The projector: large type, live, readable from the back of the room. It never
   receives hidden ideas, nor results before the facilitator reveals them. */
(function () {
  "use strict";
  var el = WS.el;
  var S = WS.readJSON("ws-strings");
  var config = WS.readJSON("ws-config");
  var store = new WS.Store();
  var timer = new WS.Timer(document.getElementById("timer"), S);
  var stage = document.getElementById("stage");
  var title = document.getElementById("item-title");
  var join = document.getElementById("join");
  var count = document.getElementById("count");
  var connection = document.getElementById("connection");

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
        if (name) col.appendChild(el("h3", { class: "ws-cluster-name" }, name));
        clusters[name].forEach(function (i) {
          col.appendChild(el("div", { class: "ws-proj-card", "data-idea": String(i.id) }, i.text));
        });
      });
      grid.appendChild(col);
    });
    return grid;
  }

  function draw() {
    timer.set(store.timer);
    count.textContent = String(store.participants);
    stage.textContent = "";
    var item = store.current();
    var lobby = !item;
    join.classList.toggle("ws-proj-join-big", lobby);
    title.textContent = item ? item.title : store.workshop.title;
    if (store.workshop.status === "closed") { stage.appendChild(el("p", { class: "ws-proj-message" }, S.session_closed)); return; }
    if (lobby) { stage.appendChild(el("p", { class: "ws-proj-message" }, S.waiting)); return; }
    if (item.kind === "brainstorm") { stage.appendChild(board(item)); return; }
    if (item.kind === "agreement") stage.appendChild(el("blockquote", { class: "ws-statement ws-proj-statement" }, item.statement));
    var results = store.results[String(item.id)];
    if (results) {
      stage.appendChild(WS.renderResults(item, results, S));
    } else if (item.kind !== "discussion") {
      if (item.choices && item.kind !== "scoring") {
        stage.appendChild(el("ol", { class: "ws-proj-choices" }, item.choices.map(function (c) { return el("li", null, c.label); })));
      }
      stage.appendChild(el("p", { class: "ws-proj-message ws-proj-small" },
        item.state === "closed" ? S.closed : S.results_hidden));
    }
  }
  store.listeners.push(draw);
})();
