/* Shared by the three live screens of a workshop: the socket connection, the session
   state kept in step with the server's events, the countdown timer and the drawing of
   results. User text only ever goes into the page as text nodes (never as HTML). */
(function () {
  "use strict";

  function el(tag, attrs) {
    var node = document.createElement(tag);
    var children = Array.prototype.slice.call(arguments, 2);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) return;
        if (key === "class") node.className = value;
        else if (key === "text") node.textContent = value;
        else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value === true ? "" : value);
      });
    }
    function add(child) {
      if (child === null || child === undefined || child === false) return;
      if (Array.isArray(child)) { child.forEach(add); return; }
      node.appendChild(typeof child === "string" || typeof child === "number"
        ? document.createTextNode(String(child)) : child);
    }
    children.forEach(add);
    return node;
  }

  function readJSON(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : {};
  }

  /* The session as this screen may see it, updated by the server's events. */
  function Store() {
    this.workshop = {}; this.items = []; this.ideas = {}; this.results = {};
    this.timer = {}; this.participants = 0; this.me = null; this.attendance = [];
    this.listeners = [];
  }
  Store.prototype.load = function (state) {
    this.workshop = state.workshop; this.items = state.items; this.results = state.results || {};
    this.timer = state.timer || {}; this.participants = state.participants || 0;
    this.me = state.me || null; this.attendance = state.attendance || [];
    this.targets = state.targets || [];
    this.ideas = {};
    var self = this;
    state.ideas.forEach(function (idea) { self.ideas[idea.id] = idea; });
    this.changed();
  };
  Store.prototype.item = function (id) {
    for (var i = 0; i < this.items.length; i++) if (this.items[i].id === id) return this.items[i];
    return null;
  };
  Store.prototype.current = function () {
    var current = this.item(this.workshop.current_item_id);
    if (current) return current;
    for (var i = 0; i < this.items.length; i++) if (this.items[i].state === "open") return this.items[i];
    return null;
  };
  Store.prototype.ideasOf = function (itemId) {
    var self = this;
    return Object.keys(this.ideas).map(function (k) { return self.ideas[k]; })
      .filter(function (idea) { return idea.item_id === itemId; })
      .sort(function (a, b) { return a.id - b.id; });
  };
  Store.prototype.changed = function () {
    var self = this;
    if (this._pending) return;
    this._pending = true;
    window.requestAnimationFrame(function () {
      self._pending = false;
      self.listeners.forEach(function (fn) { fn(self); });
    });
  };

  function connect(auth, store, hooks) {
    hooks = hooks || {};
    var socket = window.io("/workshop", {
      auth: auth, transports: ["websocket", "polling"], reconnectionDelayMax: 4000,
    });
    socket.on("state", function (state) { store.load(state); });
    socket.on("item", function (item) {
      var found = false;
      store.items = store.items.map(function (each) {
        if (each.id === item.id) { found = true; return item; } return each;
      });
      if (!found) store.items.push(item);
      store.changed();
    });
    function apply(event, data) {
      if (event === "idea") store.ideas[data.id] = data;
      else if (event === "idea_removed") delete store.ideas[data.id];
    }
    socket.on("idea", function (idea) { apply("idea", idea); store.changed(); });
    socket.on("idea_removed", function (data) { apply("idea_removed", data); store.changed(); });
    // Phones receive board changes in ordered batches.
    socket.on("batch", function (ops) {
      ops.forEach(function (op) { apply(op[0], op[1]); });
      store.changed();
    });
    socket.on("results", function (data) { store.results[String(data.item_id)] = data; store.changed(); });
    socket.on("results_hidden", function (data) { delete store.results[String(data.item_id)]; store.changed(); });
    socket.on("session", function (data) {
      Object.keys(data).forEach(function (k) { store.workshop[k] = data[k]; });
      store.changed();
    });
    socket.on("timer", function (data) { store.timer = data; store.changed(); });
    socket.on("participants", function (data) { store.participants = data.count; store.changed(); });
    socket.on("participant", function (entry) { store.attendance.push(entry); store.changed(); });
    socket.on("refused", function (data) { if (hooks.refused) hooks.refused(data); });
    socket.on("connect", function () {
      if (hooks.status) hooks.status(true);
      socket.emit("sync", {}, function (answer) { if (answer && answer.ok) store.load(answer.state); });
    });
    socket.on("disconnect", function () { if (hooks.status) hooks.status(false); });
    socket.on("connect_error", function () { if (hooks.status) hooks.status(false); });
    return socket;
  }

  /* A countdown shown on every screen; the server's clock is the reference. */
  function Timer(node, strings) {
    this.node = node; this.strings = strings; this.data = {}; this.offset = 0;
    var self = this;
    window.setInterval(function () { self.draw(); }, 250);
  }
  Timer.prototype.set = function (data) {
    if (!data || data === this.data) return;
    this.data = data;
    this.offset = data.server_now ? data.server_now - Date.now() : 0;
    this.draw();
  };
  Timer.prototype.draw = function () {
    var ends = this.data.ends_at;
    if (!ends) { this.node.hidden = true; return; }
    this.node.hidden = false;
    var left = Math.max(0, Math.round((ends - (Date.now() + this.offset)) / 1000));
    var text = Math.floor(left / 60) + ":" + ("0" + (left % 60)).slice(-2);
    this.node.textContent = (this.data.label ? this.data.label + " " : "") + (left ? text : this.strings.time_up);
    this.node.classList.toggle("ws-timer-ending", left > 0 && left <= 30);
    this.node.classList.toggle("ws-timer-over", left === 0);
  };

  function bar(label, value, max, caption) {
    var pct = max > 0 ? Math.round((100 * value) / max) : 0;
    return el("div", { class: "ws-bar" },
      el("div", { class: "ws-bar-label" }, label),
      el("div", { class: "ws-bar-track" }, el("div", { class: "ws-bar-fill", style: "width:" + pct + "%" })),
      el("div", { class: "ws-bar-value" }, caption));
  }

  /* Draw the results of an activity (dot vote, ranking, scoring, agreement, evaluation). */
  function renderResults(item, results, strings) {
    var box = el("div", { class: "ws-results" });
    if (!results) return box;
    var answered = results.voters !== undefined ? results.voters : results.responses;
    box.appendChild(el("p", { class: "ws-results-count" }, answered + " " + strings.answered));
    if (results.kind === "dot_vote") {
      var maxDots = Math.max.apply(null, [1].concat(results.totals.map(function (r) { return r.dots; })));
      results.totals.forEach(function (r) { box.appendChild(bar(r.label, r.dots, maxDots, r.dots + " " + (r.dots === 1 ? strings.dot : strings.dots))); });
    } else if (results.kind === "ranking") {
      var maxPts = Math.max.apply(null, [1].concat(results.ranking.map(function (r) { return r.points; })));
      results.ranking.forEach(function (r, i) { box.appendChild(bar((i + 1) + ". " + r.label, r.points, maxPts, r.points + " " + (r.points === 1 ? strings.point : strings.points))); });
    } else if (results.kind === "scoring") {
      var table = el("table", { class: "table ws-score-table" });
      var head = el("tr", null, el("th", null, strings.option));
      results.criteria.forEach(function (c) { head.appendChild(el("th", { class: "num" }, c.name)); });
      head.appendChild(el("th", { class: "num" }, strings.weighted));
      table.appendChild(el("thead", null, head));
      var body = el("tbody");
      results.options.forEach(function (o) {
        var row = el("tr", null, el("td", null, o.label));
        results.criteria.forEach(function (c) {
          var v = o.means[String(c.id)];
          row.appendChild(el("td", { class: "num" }, v === undefined ? "–" : (v > 0 ? "+" : "") + v.toFixed(1)));
        });
        row.appendChild(el("td", { class: "num" }, el("strong", null, (o.weighted > 0 ? "+" : "") + o.weighted.toFixed(2))));
        body.appendChild(row);
      });
      table.appendChild(body);
      box.appendChild(el("div", { class: "table-wrap" }, table));
    } else if (results.kind === "agreement") {
      var maxCount = Math.max.apply(null, [1].concat(results.levels.map(function (l) { return l.count; })));
      var spread = el("div", { class: "ws-spread" });
      results.levels.forEach(function (l) {
        spread.appendChild(el("div", { class: "ws-spread-col ws-level-" + l.level },
          el("div", { class: "ws-spread-count" }, String(l.count)),
          el("div", { class: "ws-spread-bar", style: "height:" + Math.round(100 * l.count / maxCount) + "%" }),
          el("div", { class: "ws-spread-label" }, l.level + ". " + strings.agreement[String(l.level)])));
      });
      box.appendChild(spread);
      box.appendChild(el("p", { class: "ws-verdict ws-verdict-" + results.verdict },
        strings.verdicts[results.verdict] + " · " + Math.round(100 * results.support_share) + "% " +
        strings.support + " · " + results.blocks + " " + strings.blocks));
    } else if (results.kind === "evaluation") {
      Object.keys(results.dimensions).forEach(function (key) {
        var dim = results.dimensions[key];
        box.appendChild(bar(strings.dimensions[key], dim.mean || 0, 5, dim.mean === null ? "–" : dim.mean.toFixed(1) + " / 5"));
      });
    }
    return box;
  }

  window.WS = { el: el, readJSON: readJSON, Store: Store, connect: connect, Timer: Timer, renderResults: renderResults };
})();
