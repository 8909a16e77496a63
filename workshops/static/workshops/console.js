/* The facilitator's console: runs the agenda, opens and closes activities, reveals
   results, moderates ideas and accepts them into the process. Observers watch it
   read-only (the server refuses their actions anyway). */
(function () {
  "use strict";
  var el = WS.el;
  var S = WS.readJSON("ws-strings");
  var config = WS.readJSON("ws-config");
  var W = config.words;
  var canRun = !!config.can_run;
  var store = new WS.Store();
  var timer = new WS.Timer(document.getElementById("timer"), S);
  var agenda = document.getElementById("agenda");
  var panel = document.getElementById("panel");
  var notice = document.getElementById("notice");
  var selected = null;

  function say(message, ok) {
    notice.hidden = !message;
    notice.textContent = message || "";
    notice.className = "ws-notice " + (ok ? "ws-notice-ok" : "ws-notice-error");
    if (ok) window.setTimeout(function () { if (notice.textContent === message) say(""); }, 3000);
  }

  var socket = WS.connect({ workshop: config.workshop, as: "console" }, store, {
    refused: function (data) { say(data.error, false); },
    status: function (up) { document.getElementById("connection").textContent = up ? "" : S.connection_lost; },
  });

  function act(event, payload, onOk) {
    socket.timeout(8000).emit(event, payload, function (err, answer) {
      if (err) { say(S.connection_lost, false); return; }
      if (answer && answer.ok) { say(""); if (onOk) onOk(answer); } else if (answer) say(answer.error, false);
    });
  }

  // --- the one dialog for edit, cluster, merge and accept --------------------------------

  var dialog = document.getElementById("dialog");
  var dialogFields = document.getElementById("dialog-fields");
  var dialogDone = null;
  document.getElementById("dialog-form").addEventListener("submit", function (ev) {
    if (ev.submitter && ev.submitter.value === "cancel") { dialogDone = null; return; }
    if (dialogDone) dialogDone();
  });
  function confirmDialog(titleText, message, okLabel, done) {
    openDialog(titleText, [el("p", null, message)], done, okLabel);
  }
  function openDialog(titleText, fields, done, okLabel) {
    var ok = document.getElementById("dialog-ok");
    ok.textContent = okLabel || ok.getAttribute("data-label");
    document.getElementById("dialog-title").textContent = titleText;
    dialogFields.textContent = "";
    fields.forEach(function (f) { dialogFields.appendChild(f); });
    dialogDone = done;
    dialog.showModal();
  }
  function field(label, control) {
    return el("div", { class: "field" }, el("label", null, label, control));
  }
  function select(name, options, value) {
    var node = el("select", { name: name });
    options.forEach(function (o) { node.appendChild(el("option", { value: String(o[0]), selected: String(o[0]) === String(value) }, o[1])); });
    return node;
  }

  function editIdea(idea) {
    var area = el("textarea", { rows: "4", maxlength: "280" }); area.value = idea.text;
    openDialog(S.edit, [field(W.text, area)], function () {
      act("moderate", { contribution_id: idea.id, action: "edit", text: area.value });
    });
  }
  function clusterIdea(idea) {
    var input = el("input", { type: "text", maxlength: "60", value: idea.cluster || "" });
    openDialog(S.cluster, [field(W.cluster_name, input)], function () {
      act("moderate", { contribution_id: idea.id, action: "cluster", cluster: input.value });
    });
  }
  function mergeIdea(idea) {
    var others = store.ideasOf(idea.item_id).filter(function (o) { return o.id !== idea.id && !o.hidden && !o.merged_into; });
    var into = select("into", others.map(function (o) { return [o.id, o.text.slice(0, 90)]; }));
    openDialog(S.merge, [field(W.into, into)], function () {
      act("moderate", { contribution_id: idea.id, action: "merge", into: parseInt(into.value, 10) });
    });
  }
  function acceptIdea(idea) {
    var guess = { S: "swot", W: "swot", O: "swot", T: "swot", issue: "issue", cause: "cause", objective: "objective", option: "option", comment: "comment" }[idea.column] || "swot";
    var target = select("target", store.targets, guess);
    var quadrant = select("quadrant", config.quadrants.map(function (q) { return [q.key, q.label]; }),
      config.quadrants.some(function (q) { return q.key === idea.column; }) ? idea.column : "S");
    var objectives = [["", W.none]].concat(config.objectives.map(function (id, i) {
      return [id, config.objective_titles[i].slice(0, 90) + " (" + config.objective_levels[i] + ")"];
    }));
    var objective = select("objective_id", objectives, "");
    var text = el("textarea", { rows: "3", maxlength: "2000" }); text.value = idea.text;
    var draft = select("draft_id", (config.drafts || []).map(function (d) { return [d.id, d.title]; }), "");
    var quadrantField = field(W.quadrant, quadrant);
    var objectiveField = field(W.objective, objective);
    var draftField = field(W.draft, draft);
    function toggle() {
      quadrantField.hidden = target.value !== "swot";
      objectiveField.hidden = ["option", "objective"].indexOf(target.value) < 0;
      draftField.hidden = target.value !== "comment";
    }
    target.addEventListener("change", toggle);
    toggle();
    openDialog(S.accept, [field(W.target, target), quadrantField, objectiveField, draftField, field(W.text, text)], function () {
      var payload = { contribution_id: idea.id, target: target.value, text: text.value };
      if (target.value === "comment" && draft.value) payload.draft_id = parseInt(draft.value, 10);
      if (target.value === "swot") payload.quadrant = quadrant.value;
      if (objective.value) payload.objective_id = parseInt(objective.value, 10);
      act("accept", payload, function () { say(S.accepted_done, true); });
    });
  }

  // --- drawing ------------------------------------------------------------------------------

  // Every control carries a stable key, so a redraw gives focus back to the same control
  // (a second key press must still work) and only what changed is announced.
  function button(label, onclick, cls, key) {
    return el("button", { type: "button", class: "button small " + (cls || ""), disabled: !canRun, onclick: onclick, "data-focus": key || null }, label);
  }

  // --- running the agenda in order -----------------------------------------------------

  function openItem() {
    for (var i = 0; i < store.items.length; i++) if (store.items[i].state === "open") return store.items[i];
    return null;
  }
  function nextItem() {
    var current = store.item(store.workshop.current_item_id);
    var index = current ? store.items.indexOf(current) : -1;
    return store.items[index + 1] || null;
  }
  /* Put an activity on every screen; opening it closes the open one, so ask first. */
  function run(item) {
    var open = openItem();
    var go = function () {
      selected = item.id;
      if (item.kind === "discussion") act("current", { item: item.id });
      else if (item.state === "open") act("current", { item: item.id });
      else act("open", { item: item.id });
    };
    if (open && open.id !== item.id && item.kind !== "discussion") {
      confirmDialog(W.confirm_title, S.confirm_close_open.replace("%(open)s", open.title).replace("%(next)s", item.title), W.close_and_open, go);
    } else go();
  }
  function showJoinScreen() {
    var open = openItem();
    if (open) act("close", { item: open.id });
    act("current", { item: null });
  }
  function drawRunButton() {
    var next = document.getElementById("run-next");
    if (!next) return;
    var upcoming = nextItem();
    if (store.workshop.status === "closed") { next.hidden = true; return; }
    next.hidden = false;
    next.disabled = !upcoming;
    next.textContent = upcoming ? S.next_activity.replace("%(title)s", upcoming.title) + " →" : S.last_done;
  }

  function drawAgenda() {
    agenda.textContent = "";
    var lobby = !store.workshop.current_item_id;
    agenda.appendChild(el("li", { class: "ws-agenda-entry ws-agenda-join" + (lobby ? " ws-current" : "") },
      el("button", { type: "button", class: "ws-agenda-pick", "data-focus": "agenda-join", disabled: !canRun,
        "aria-current": lobby ? "true" : null, onclick: showJoinScreen },
        el("span", { class: "ws-agenda-n" }, "0"),
        el("span", { class: "ws-agenda-title" }, S.join_screen),
        el("span", { class: "ws-agenda-meta" }, S.join_screen_hint),
        lobby ? el("span", { class: "badge badge-agreed" }, S.on_screen) : null)));
    store.items.forEach(function (item, n) {
      var isCurrent = store.workshop.current_item_id === item.id;
      var li = el("li", { class: "ws-agenda-entry" + (selected === item.id ? " ws-selected" : "") + (isCurrent ? " ws-current" : "") },
        el("button", { type: "button", class: "ws-agenda-pick", "data-focus": "agenda-" + item.id, "aria-current": selected === item.id ? "true" : null,
          onclick: function () { selected = item.id; draw(); } },
          el("span", { class: "ws-agenda-n" }, String(n + 1)),
          el("span", { class: "ws-agenda-title" }, item.title),
          el("span", { class: "ws-agenda-meta" }, item.kind_label + " · " + item.duration + "′"),
          el("span", { class: "badge ws-state-" + item.state }, item.state_label)));
      agenda.appendChild(li);
    });
  }

  function controls(item) {
    var bar = el("div", { class: "ws-controls" });
    if (item.kind !== "discussion") {
      if (item.state === "open") bar.appendChild(button(S.close, function () { act("close", { item: item.id }); }, "danger", "ctl-state"));
      else bar.appendChild(button(item.state === "closed" ? S.reopen : S.open, function () { run(item); }, "primary", "ctl-state"));
    }
    if (store.workshop.current_item_id !== item.id) bar.appendChild(button(S.show_on_screen, function () { act("current", { item: item.id }); }, "", "ctl-screen"));
    else bar.appendChild(el("span", { class: "badge badge-agreed" }, S.on_screen));
    if (["dot_vote", "ranking", "scoring", "agreement", "evaluation"].indexOf(item.kind) >= 0) {
      bar.appendChild(button(item.revealed ? S.unreveal : S.reveal, function () {
        act("reveal", { item: item.id, revealed: !item.revealed });
      }, "", "ctl-reveal"));
    }
    return bar;
  }

  function ideaCard(idea, item) {
    var classes = "ws-card" + (idea.hidden ? " ws-card-hidden" : "") + (idea.merged_into ? " ws-card-merged" : "") + (idea.accepted ? " ws-card-accepted" : "");
    var card = el("article", { class: classes, "data-idea": String(idea.id) },
      el("p", { class: "ws-card-text" }, idea.text),
      el("p", { class: "ws-card-meta" },
        idea.author || S.anonymous,
        idea.cluster ? " · " + idea.cluster : "",
        idea.hidden ? " · " + S.hidden : "",
        idea.merged_into ? " · " + S.merged_into + " #" + idea.merged_into : "",
        idea.accepted ? el("span", { class: "badge badge-agreed" }, S.accepted) : ""));
    var tools = el("div", { class: "ws-card-tools" });
    tools.appendChild(button(idea.hidden ? S.show : S.hide, function () {
      act("moderate", { contribution_id: idea.id, action: idea.hidden ? "show" : "hide" });
    }, "", "idea-" + idea.id + "-hide"));
    tools.appendChild(button(S.edit, function () { editIdea(idea); }));
    tools.appendChild(button(S.cluster, function () { clusterIdea(idea); }));
    if (idea.merged_into) tools.appendChild(button(S.unmerge, function () { act("moderate", { contribution_id: idea.id, action: "unmerge" }); }));
    else tools.appendChild(button(S.merge, function () { mergeIdea(idea); }));
    if (!idea.accepted && !idea.hidden && !idea.merged_into) tools.appendChild(button(S.accept, function () { acceptIdea(idea); }, "primary"));
    card.appendChild(tools);
    return card;
  }

  function boardOf(item) {
    var ideas = store.ideasOf(item.id);
    if (!ideas.length) return el("p", { class: "muted" }, S.no_ideas);
    var grid = el("div", { class: "ws-board ws-cols-" + item.columns.length });
    item.columns.forEach(function (c) {
      var col = el("section", { class: "ws-col ws-col-" + c.key }, el("h3", null, c.label));
      ideas.filter(function (i) { return i.column === c.key; }).forEach(function (i) { col.appendChild(ideaCard(i, item)); });
      grid.appendChild(col);
    });
    return grid;
  }

  function drawPanel() {
    panel.textContent = "";
    var item = store.item(selected) || store.current() || store.items[0];
    if (!item) return;
    selected = item.id;
    panel.appendChild(el("p", { class: "ws-kind" }, item.kind_label + (item.feeds !== "none" ? " → " + item.feeds_label : "")));
    panel.appendChild(el("h2", { class: "ws-panel-title" }, item.title));
    panel.appendChild(controls(item));
    if (item.statement) panel.appendChild(el("blockquote", { class: "ws-statement" }, item.statement));
    if (item.kind === "brainstorm") { panel.appendChild(boardOf(item)); return; }
    var results = store.results[String(item.id)];
    if (results) {
      panel.appendChild(el("h3", null, item.revealed ? S.results : S.live_results));
      panel.appendChild(WS.renderResults(item, results, S));
    }
  }

  function drawAttendance() {
    var list = document.getElementById("attendance");
    list.textContent = "";
    store.attendance.forEach(function (p) { list.appendChild(el("li", null, p.name + (p.institution ? " · " + p.institution : ""))); });
    document.getElementById("count").textContent = String(store.participants);
    document.getElementById("count2").textContent = String(store.participants);
  }

  function draw() {
    timer.set(store.timer);
    document.getElementById("status").textContent = store.workshop.status_label || "";
    var lock = document.getElementById("lock-joining");
    if (lock) lock.checked = !!store.workshop.join_locked;
    var end = document.getElementById("end-session");
    var resume = document.getElementById("resume-session");
    if (end) { end.hidden = store.workshop.status === "closed"; resume.hidden = !end.hidden; }
    var focused = document.activeElement && document.activeElement.getAttribute("data-focus");
    drawAgenda();
    drawPanel();
    drawAttendance();
    drawRunButton();
    var joinBar = document.getElementById("join-bar");
    if (joinBar) joinBar.checked = store.workshop.show_join_bar !== false;
    announce();
    if (focused) {
      var again = document.querySelector('[data-focus="' + focused + '"]');
      if (again && again !== document.activeElement) again.focus();
    }
  }

  /* Say what changed (the activity on screen, its state), not the whole panel again. */
  var lastSaid = "";
  function announce() {
    var item = store.current();
    var text = item ? item.title + " · " + item.state_label : S.join_screen;
    if (text !== lastSaid) {
      document.getElementById("announce").textContent = text;
      lastSaid = text;
    }
  }
  store.listeners.push(draw);

  if (canRun) {
    document.getElementById("timer-form").addEventListener("submit", function (ev) {
      ev.preventDefault();
      var minutes = parseFloat(document.getElementById("timer-minutes").value);
      act("timer", { seconds: Math.round(minutes * 60) });
    });
    document.getElementById("timer-stop").addEventListener("click", function () { act("timer", { stop: true }); });
    document.getElementById("lock-joining").addEventListener("change", function (ev) { act("lock", { locked: ev.target.checked }); });
    document.getElementById("end-session").addEventListener("click", function () {
      confirmDialog(W.end, W.confirm_end, W.end, function () { act("end", {}); });
    });
    document.getElementById("run-next").addEventListener("click", function () {
      var upcoming = nextItem();
      if (upcoming) run(upcoming);
    });
    document.getElementById("join-base").addEventListener("change", function (ev) { act("join_address", { base: ev.target.value }); });
    document.getElementById("join-bar").addEventListener("change", function (ev) { act("join_bar", { shown: ev.target.checked }); });
    document.getElementById("resume-session").addEventListener("click", function () { act("resume", {}); });
  }
})();
