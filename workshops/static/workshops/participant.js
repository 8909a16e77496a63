/* The participant's phone: the open activity, big tap targets, small payloads. */
(function () {
  "use strict";
  var el = WS.el;
  var S = WS.readJSON("ws-strings");
  var config = WS.readJSON("ws-config");
  try { window.localStorage.setItem(config.storage_key, config.token); } catch (e) { /* ignore */ }

  var store = new WS.Store();
  var timer = new WS.Timer(document.getElementById("timer"), S);
  var root = document.getElementById("activity");
  var notice = document.getElementById("notice");
  var connection = document.getElementById("connection");
  var statusLine = document.getElementById("phone-status");
  var drafts = {};  // unsent local answers per item, kept across redraws
  var shownItem = null;

  function say(message, ok) {
    notice.hidden = !message;
    notice.textContent = message || "";
    notice.className = "ws-notice " + (ok ? "ws-notice-ok" : "ws-notice-error");
    if (ok) window.setTimeout(function () { if (notice.textContent === message) say(""); }, 2500);
  }

  var socket = WS.connect({ workshop: config.workshop, token: config.token }, store, {
    refused: function (data) { say(data.error, false); },
    status: function (up) { connection.textContent = up ? "" : S.connection_lost; },
  });

  function resync() {
    socket.emit("sync", {}, function (answer) { if (answer && answer.ok) store.load(answer.state); });
  }

  function send(event, payload, onOk, onDone) {
    socket.timeout(8000).emit(event, payload, function (err, answer) {
      if (onDone) onDone();
      if (err) { say(S.connection_lost, false); return; }
      if (answer && answer.ok) { if (onOk) onOk(answer); } else if (answer) { say(answer.error, false); resync(); }
    });
  }

  /* Dots change on every tap: the screen shows the new allocation at once, and the
     whole allocation is sent with at most one message in flight (the latest wins), so
     quick taps can never arrive out of order. */
  var queues = {};
  function sendLatest(event, payload, onOk) {
    var key = event + ":" + payload.item;
    var queue = queues[key] = queues[key] || { busy: false, next: null };
    if (queue.busy) { queue.next = [payload, onOk]; return; }
    queue.busy = true;
    send(event, payload, onOk, function () {
      queue.busy = false;
      if (queue.next) { var next = queue.next; queue.next = null; sendLatest(event, next[0], next[1]); }
    });
  }

  function answers(item) {
    return (store.me && store.me.answers && store.me.answers[String(item.id)]) || null;
  }
  function setAnswer(item, value) {
    if (store.me) { store.me.answers = store.me.answers || {}; store.me.answers[String(item.id)] = value; }
  }

  // --- activities ------------------------------------------------------------------

  function brainstorm(item) {
    var box = el("div");
    var form = el("form", { class: "ws-idea-form", novalidate: true });
    var columns = item.columns || [];
    var chosen = drafts["col" + item.id] || (columns.length === 1 ? columns[0].key : "");
    if (columns.length > 1) {
      var group = el("fieldset", { class: "ws-columns" }, el("legend", null, S.column));
      columns.forEach(function (c) {
        var input = el("input", { type: "radio", name: "column", value: c.key, checked: chosen === c.key,
          onchange: function () { drafts["col" + item.id] = c.key; } });
        group.appendChild(el("label", { class: "ws-column-choice ws-col-" + c.key }, input, c.label));
      });
      form.appendChild(group);
    }
    var area = el("textarea", { name: "text", id: "idea-text", rows: "3", maxlength: "280", required: true,
      "aria-describedby": "idea-left" });
    form.appendChild(el("label", { for: "idea-text", class: "ws-idea-label" }, S.your_idea));
    area.value = drafts["text" + item.id] || "";
    var counter = el("span", { class: "hint", id: "idea-left" }, (280 - area.value.length) + " " + S.characters_left);
    area.addEventListener("input", function () {
      drafts["text" + item.id] = area.value;
      counter.textContent = (280 - area.value.length) + " " + S.characters_left;
    });
    form.appendChild(area);
    form.appendChild(el("div", { class: "ws-row" }, counter,
      el("button", { type: "submit", class: "button primary ws-big" }, S.send)));
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var checked = form.querySelector("input[name=column]:checked");
      var column = checked ? checked.value : chosen;
      send("idea", { item: item.id, text: area.value, column: column }, function (answer) {
        drafts["text" + item.id] = "";
        if (store.me) store.me.ideas.push(answer.id);
        say(S.sent, true);
        area.value = "";
        store.changed();
      });
    });
    box.appendChild(form);
    var mine = store.me ? store.me.ideas : [];
    var ideas = store.ideasOf(item.id).filter(function (i) { return !i.merged_into; });
    var own = ideas.filter(function (i) { return mine.indexOf(i.id) >= 0; });
    if (own.length) {
      box.appendChild(el("h3", null, S.your_ideas));
      box.appendChild(el("ul", { class: "ws-my-ideas" }, own.map(function (i) { return el("li", null, i.text); })));
    }
    var details = el("details", { class: "ws-board-phone" }, el("summary", null, S.board + " (" + ideas.length + ")"));
    details.appendChild(el("ul", null, ideas.map(function (i) { return el("li", null, i.text); })));
    box.appendChild(details);
    return box;
  }

  function dotVote(item) {
    var allocation = Object.assign({}, answers(item) || {});
    var used = Object.keys(allocation).reduce(function (n, k) { return n + allocation[k]; }, 0);
    var box = el("div");
    status(S.dots_status.replace("%(left)s", String(item.dots - used)).replace("%(total)s", String(item.dots)));
    var list = el("ul", { class: "ws-choices ws-compact" });
    item.choices.forEach(function (choice) {
      var n = allocation[choice.key] || 0;
      function change(delta) {
        var next = Object.assign({}, allocation);
        next[choice.key] = Math.max(0, n + delta);
        if (!next[choice.key]) delete next[choice.key];
        setAnswer(item, next);
        store.changed();
        sendLatest("dots", { item: item.id, allocation: next });
      }
      list.appendChild(el("li", { class: "ws-choice" },
        el("span", { class: "ws-choice-label" }, choice.label),
        el("span", { class: "ws-stepper" },
          el("button", { type: "button", class: "button", "aria-label": S.remove_dot + ": " + choice.label,
            "data-focus": "less-" + choice.key, disabled: n === 0, onclick: function () { change(-1); } }, "−"),
          el("span", { class: "ws-dot-count" }, "●".repeat(n) || "0"),
          el("button", { type: "button", class: "button", "aria-label": S.add_dot + ": " + choice.label,
            "data-focus": "more-" + choice.key, disabled: used >= item.dots || n >= item.max_per_choice,
            onclick: function () { change(1); } }, "+"))));
    });
    box.appendChild(list);
    box.appendChild(el("p", { class: "hint" }, S.save_dots));
    return box;
  }

  function ranking(item) {
    var order = drafts["rank" + item.id] || answers(item) || item.choices.map(function (c) { return c.key; });
    var labels = {};
    item.choices.forEach(function (c) { labels[c.key] = c.label; });
    item.choices.forEach(function (c) { if (order.indexOf(c.key) < 0) order.push(c.key); });
    var box = el("div");
    var list = el("ol", { class: "ws-ranking" });
    order.forEach(function (key, i) {
      function move(delta) {
        var next = order.slice(); var j = i + delta;
        next[i] = next[j]; next[j] = key;
        drafts["rank" + item.id] = next; store.changed();
      }
      list.appendChild(el("li", { class: "ws-rank-row" },
        el("span", { class: "ws-choice-label" }, labels[key]),
        el("span", { class: "ws-stepper" },
          el("button", { type: "button", class: "button", disabled: i === 0, "aria-label": S.up + ": " + labels[key], "data-focus": "up-" + key, onclick: function () { move(-1); } }, "↑"),
          el("button", { type: "button", class: "button", disabled: i === order.length - 1, "aria-label": S.down + ": " + labels[key], "data-focus": "down-" + key, onclick: function () { move(1); } }, "↓"))));
    });
    box.appendChild(list);
    box.appendChild(el("button", { type: "button", class: "button primary ws-big", onclick: function () {
      send("rank", { item: item.id, order: order }, function (answer) {
        delete drafts["rank" + item.id]; setAnswer(item, answer.order); say(S.saved, true); store.changed();
      });
    } }, S.save_ranking));
    return box;
  }

  function scoring(item) {
    var scores = drafts["score" + item.id] || Object.assign({}, answers(item) || {});
    var box = el("div");
    item.choices.forEach(function (choice) {
      var optionId = choice.key.split(":")[1];
      var card = el("fieldset", { class: "ws-score-card" }, el("legend", null, choice.label));
      item.criteria.forEach(function (c) {
        var key = optionId + ":" + c.id;
        var select = el("select", { "aria-label": choice.label + " – " + c.name, onchange: function () {
          if (select.value === "") delete scores[key]; else scores[key] = parseInt(select.value, 10);
          drafts["score" + item.id] = scores;
        } }, el("option", { value: "" }, "–"));
        for (var v = -3; v <= 3; v++) {
          select.appendChild(el("option", { value: String(v), selected: scores[key] === v }, (v > 0 ? "+" : "") + v));
        }
        card.appendChild(el("label", { class: "ws-score-line" }, el("span", null, c.name), select));
      });
      box.appendChild(card);
    });
    box.appendChild(el("button", { type: "button", class: "button primary ws-big", onclick: function () {
      send("score", { item: item.id, scores: scores }, function (answer) {
        delete drafts["score" + item.id]; setAnswer(item, answer.scores); say(S.saved, true); store.changed();
      });
    } }, S.save_scores));
    return box;
  }

  function agreement(item) {
    var current = answers(item);
    var box = el("div");
    box.appendChild(el("blockquote", { class: "ws-statement" }, item.statement));
    var list = el("div", { class: "ws-gradient", role: "radiogroup", "aria-label": item.title });
    for (var level = 1; level <= 8; level++) {
      (function (lvl) {
        list.appendChild(el("button", { type: "button", role: "radio", "aria-checked": current === lvl ? "true" : "false",
          class: "ws-gradient-step ws-level-" + lvl + (current === lvl ? " ws-chosen" : ""),
          onclick: function () {
            setAnswer(item, lvl); store.changed();
            sendLatest("agree", { item: item.id, level: lvl }, function () { say(S.saved, true); });
          } }, lvl + ". " + S.agreement[String(lvl)]));
      })(level);
    }
    box.appendChild(list);
    return box;
  }

  function evaluation() {
    return el("p", null, el("a", { class: "button primary ws-big", href: config.evaluation_url }, S.evaluate));
  }

  var DRAW = { brainstorm: brainstorm, dot_vote: dotVote, ranking: ranking, scoring: scoring,
    agreement: agreement, evaluation: evaluation };

  function draw() {
    timer.set(store.timer);
    // Never redraw under a participant who is typing.
    var next = store.current();
    if (root.contains(document.activeElement) && document.activeElement.tagName === "TEXTAREA" &&
        shownItem && next && next.id === shownItem.id && next.state === "open") {
      return;
    }
    var focused = document.activeElement && document.activeElement.getAttribute("data-focus");
    nextStatus = "";
    root.textContent = "";
    drawActivity();
    statusLine.hidden = !nextStatus;
    if (statusLine.textContent !== nextStatus) statusLine.textContent = nextStatus;
    // Keep focus on the control just used (a moved row's button moves with it; a button
    // that became disabled hands focus to its row's other button).
    if (focused) {
      var again = root.querySelector('[data-focus="' + focused + '"]');
      if (again && again.disabled) again = again.parentNode.querySelector("button:not([disabled])");
      if (again) again.focus();
    }
  }

  // The sticky line's text for this drawing; only a change is announced.
  var nextStatus = "";
  function status(text) { nextStatus = text; }

  function drawActivity() {
    if (store.workshop.status === "closed") {
      root.appendChild(el("p", { class: "ws-waiting" }, S.session_closed));
      var evalItem = store.items.filter(function (i) { return i.kind === "evaluation" && i.state === "open"; })[0];
      if (evalItem) root.appendChild(evaluation());
      return;
    }
    var item = store.current();
    shownItem = item;
    if (!item) { root.appendChild(el("p", { class: "ws-waiting" }, S.waiting)); return; }
    root.appendChild(el("p", { class: "ws-kind" }, item.kind_label));
    root.appendChild(el("h1", { class: "ws-item-title" }, item.title));
    var results = store.results[String(item.id)];
    if (item.state === "open" && DRAW[item.kind]) {
      root.appendChild(DRAW[item.kind](item));
    } else if (item.state !== "open" && item.kind !== "discussion") {
      root.appendChild(el("p", { class: "ws-closed" }, item.state === "closed" ? S.closed : S.not_open));
    }
    if (results && item.kind !== "brainstorm") {
      root.appendChild(el("h2", null, S.results));
      root.appendChild(WS.renderResults(item, results, S));
    }
  }
  store.listeners.push(draw);
})();
