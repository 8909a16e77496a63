/* The stakeholder map: reads compact JSON (see stakeholders/network.py map_data), draws it
   with Cytoscape.js, filters by tie type, category and consultation stage, sizes nodes by
   a chosen figure and opens a small panel (built with textContent: labels are escaped). */
(function () {
  "use strict";
  var box = document.getElementById("cy");
  if (!box || typeof cytoscape === "undefined") return;
  var status = document.getElementById("map-status");
  var panel = document.getElementById("map-panel");
  var controls = document.getElementById("map-controls");
  var sizeHint = document.getElementById("size-hint");
  var colours = JSON.parse(box.dataset.colours);
  var categoryLabels = JSON.parse(box.dataset.categoryLabels);
  var sentences = JSON.parse(box.dataset.sentences);
  var metricKeys = JSON.parse(box.dataset.metricKeys);
  var text = JSON.parse(box.dataset.text);
  var cy = null;
  var data = null;
  var metrics = null;

  function checked(name) {
    var values = {};
    controls.querySelectorAll('input[name="' + name + '"]').forEach(function (input) {
      if (input.checked) values[input.value] = true;
    });
    return values;
  }

  function elements(map) {
    var nodes = map.nodes.map(function (n, i) {
      return {
        group: "nodes",
        position: map.positions ? { x: map.positions[i][0], y: map.positions[i][1] } : undefined,
        data: {
          id: String(n[0]), label: n[2] || n[1], name: n[1], category: map.categories[n[3]],
          colour: colours[n[3]] || "#888888", categoryLabel: categoryLabels[n[3]],
          core: n[4], degree: n[5], stages: n[6], size: 1
        }
      };
    });
    var edges = map.edges.map(function (e) {
      return {
        group: "edges",
        data: {
          id: "e" + e[0], source: String(e[1]), target: String(e[2]), type: map.types[e[3]],
          mutual: e[4], strength: e[5]
        }
      };
    });
    return nodes.concat(edges);
  }

  function applySize() {
    var key = document.getElementById("size-by").value;
    var index = metricKeys.indexOf(key);
    sizeHint.textContent = index >= 0 ? sentences[index] : "";
    if (key !== "degree" && !metrics) {
      loadMetrics().then(applySize);
      return;
    }
    var metricIndex = ["betweenness", "closeness", "eigenvector"].indexOf(key);
    var top = 0;
    var values = {};
    cy.nodes().forEach(function (node) {
      var value = key === "degree" ? node.data("degree")
        : ((metrics.metrics[node.id()] || [0, 0, 0])[metricIndex] || 0);
      values[node.id()] = value;
      if (value > top) top = value;
    });
    cy.batch(function () {
      cy.nodes().forEach(function (node) {
        var value = values[node.id()];
        node.data({ value: value, size: 18 + 42 * (top ? value / top : 0) });
      });
    });
  }

  function applyFilters() {
    var types = checked("type");
    var categories = checked("category");
    var stage = document.getElementById("stage-filter").value;
    var bit = stage ? 1 << data.stages.indexOf(stage) : 0;
    var visible = {};
    var shownNodes = 0;
    var shownEdges = 0;
    // Work out visibility in plain JS, then toggle one class per collection in a batch:
    // fast enough for thousands of ties.
    var hide = [];
    var show = [];
    cy.nodes().forEach(function (node) {
      var on = categories[node.data("category")] && (!bit || (node.data("stages") & bit));
      if (on) { visible[node.id()] = true; shownNodes += 1; }
      if (on === !!node.hasClass("hidden")) (on ? show : hide).push(node);
    });
    cy.edges().forEach(function (edge) {
      var d = edge.data();
      var on = types[d.type] && visible[d.source] && visible[d.target];
      if (on) shownEdges += 1;
      if (!!on === edge.hasClass("hidden")) (on ? show : hide).push(edge);
    });
    // Only the elements whose visibility changes are touched.
    cy.batch(function () {
      cy.collection(hide).addClass("hidden");
      cy.collection(show).removeClass("hidden");
    });
    status.textContent = shownNodes ? text.shown.replace("{n}", shownNodes)
      .replace("{t}", shownEdges) : text.empty;
  }

  function showPanel(node) {
    panel.replaceChildren();
    var title = document.createElement("h2");
    title.textContent = node.data("name");
    var meta = document.createElement("p");
    meta.textContent = node.data("categoryLabel") + (node.data("core") ? " · " + text.core : "") +
      " · " + text.ties + ": " + node.data("degree");
    var link = document.createElement("a");
    link.href = box.dataset.orgUrl.replace(/0$/, node.id());
    link.textContent = text.open;
    link.className = "button small";
    panel.append(title, meta, link);
    panel.hidden = false;
  }

  function communityLayout() {
    // Large maps: each community on its own disc, discs on a grid, largest first.
    var groups = {};
    cy.nodes().forEach(function (node) {
      var community = (metrics.metrics[node.id()] || [0, 0, 0, -1])[3];
      (groups[community] = groups[community] || []).push(node);
    });
    var keys = Object.keys(groups).sort(function (a, b) {
      return groups[b].length - groups[a].length;
    });
    var columns = Math.ceil(Math.sqrt(keys.length));
    var cell = 40 * Math.sqrt(groups[keys[0]].length) + 80;
    var positions = {};
    keys.forEach(function (key, k) {
      var members = groups[key];
      var cx = (k % columns) * cell;
      var cy0 = Math.floor(k / columns) * cell;
      members.forEach(function (node, i) {
        // Sunflower spiral: even spread inside the disc.
        var r = 18 * Math.sqrt(i);
        var angle = i * 2.39996;
        positions[node.id()] = { x: cx + r * Math.cos(angle), y: cy0 + r * Math.sin(angle) };
      });
    });
    cy.nodes().positions(function (node) { return positions[node.id()]; });
    cy.fit(undefined, 20);
  }

  function loadMetrics() {
    return fetch(box.dataset.metricsUrl, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (json) { metrics = json; });
  }

  fetch(box.dataset.mapUrl, { credentials: "same-origin" })
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(function (json) {
      data = json;
      var big = json.nodes.length > 300;
      cy = cytoscape({
        container: box,
        elements: elements(json),
        hideEdgesOnViewport: big,
        textureOnViewport: big,
        pixelRatio: big ? 1 : "auto",
        // Small maps come with a stable server-side layout; large ones are placed in rings
        // by number of ties (fast, and the same every time).
        layout: json.positions ? { name: "preset", fit: true, padding: 30 }
          : { name: "grid", animate: false },
        style: [
          { selector: "node", style: {
            "background-color": "data(colour)", label: "data(label)", width: "data(size)",
            height: "data(size)", "font-size": 10, "text-valign": "bottom", "text-margin-y": 3,
            "border-width": 1, "border-color": "#ffffff", color: "#222222",
            "text-background-color": "#ffffff", "text-background-opacity": 0.7,
            "text-background-padding": 1, "min-zoomed-font-size": big ? 9 : 0 } },
          { selector: ".hidden", style: { display: "none" } },
          { selector: "node[core = 1]", style: { "border-width": 3, "border-color": "#111111" } },
          { selector: "node:selected", style: { "border-width": 4, "border-color": "#f1c232" } },
          { selector: "edge", style: {
            width: "mapData(strength, 1, 3, 1, 3.5)", "line-color": "#9aa5b1",
            "target-arrow-color": "#9aa5b1", "target-arrow-shape": "triangle",
            "curve-style": big ? "haystack" : "bezier", opacity: big ? 0.25 : 0.75 } },
          { selector: "edge[mutual = 1]", style: { "source-arrow-shape": "triangle",
            "source-arrow-color": "#9aa5b1" } },
          { selector: 'edge[type = "conflict"]', style: { "line-color": "#c00000",
            "line-style": "dashed", "target-arrow-color": "#c00000",
            "source-arrow-color": "#c00000" } },
          { selector: 'edge[type = "funds"]', style: { "line-color": "#6aa84f",
            "target-arrow-color": "#6aa84f" } },
          { selector: 'edge[type = "hierarchy"], edge[type = "legal_authority_over"]',
            style: { "line-color": "#1f4e79", "target-arrow-color": "#1f4e79" } },
          { selector: 'edge[type = "shares_data_with"]', style: { "line-style": "dotted" } }
        ]
      });
      box.cytoscape = cy; // for keyboard-free checks in browser tests
      cy.on("tap", "node", function (event) { showPanel(event.target); });
      cy.on("dbltap", "node", function (event) {
        window.location.href = box.dataset.orgUrl.replace(/0$/, event.target.id());
      });
      controls.addEventListener("change", function (event) {
        if (event.target.id === "size-by") applySize(); else applyFilters();
      });
      applySize();
      applyFilters();
      if (!json.positions) loadMetrics().then(communityLayout);
    })
    .catch(function () { status.textContent = text.error; });
})();
