/* The stakeholder map: reads compact JSON (see stakeholders/network.py map_data) with the
   positions computed on the server (stakeholders/map_layout.py: connected groups apart,
   largest first, unconnected organisations in a band below), draws it with Cytoscape.js,
   filters by tie type, category, core group and consultation stage, sizes nodes by a chosen
   figure, finds an organisation by name and shows only the labels that do not collide.
   Panels are built with textContent: names are escaped. */
(function () {
  "use strict";
  var box = document.getElementById("cy");
  if (!box) return;
  var status = document.getElementById("map-status");
  var panel = document.getElementById("map-panel");
  var controls = document.getElementById("map-controls");
  var sizeHint = document.getElementById("size-hint");
  var searchInput = document.getElementById("map-search");
  var searchResults = document.getElementById("search-results");
  var searchStatus = document.getElementById("search-status");
  var colours = JSON.parse(box.dataset.colours);
  var categoryLabels = JSON.parse(box.dataset.categoryLabels);
  var sentences = JSON.parse(box.dataset.sentences);
  var metricKeys = JSON.parse(box.dataset.metricKeys);
  var text = JSON.parse(box.dataset.text);
  var lang = document.documentElement.lang || "en";
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  var numbers = window.Intl ? new Intl.NumberFormat(lang) : null;
  var LABEL_PX = 12; // labels keep this size on screen whatever the zoom
  var LABEL_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  var MAX_LABELS = 160;
  var cy = null;
  var data = null;
  var metrics = null;
  var orgs = null; // the organisation nodes (the band's title is a node too)
  var focused = null;

  function count(forms, n) {
    var form = plural && plural.select(n) === "one" ? forms.one : forms.other;
    return form.replace("{n}", numbers ? numbers.format(n) : String(n));
  }

  // Accent- and case-insensitive: "camara" finds "Câmara".
  function fold(value) {
    return String(value || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function shortLabel(name, acronym) {
    if (acronym) return acronym;
    return name.length <= 24 ? name : name.slice(0, 22) + "…";
  }

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
        classes: "org",
        position: { x: map.positions[i][0], y: map.positions[i][1] },
        data: {
          id: String(n[0]), label: shortLabel(n[1], n[2]), name: n[1], acronym: n[2] || "",
          folded: fold(n[1]) + " " + fold(n[2]), category: map.categories[n[3]],
          colour: colours[n[3]] || "#888888", categoryLabel: categoryLabels[n[3]],
          core: n[4], degree: n[5], stages: n[6], size: 18
        }
      };
    });
    if (map.band) {
      nodes.push({
        group: "nodes", classes: "band-title", selectable: false, grabbable: false,
        position: { x: map.band.left, y: map.band.top },
        data: { id: "band-title", label: count(text.band, map.band.count) }
      });
    }
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
    orgs.forEach(function (node) {
      var value = key === "degree" ? node.data("degree")
        : ((metrics.metrics[node.id()] || [0, 0, 0])[metricIndex] || 0);
      values[node.id()] = value;
      if (value > top) top = value;
    });
    cy.batch(function () {
      orgs.forEach(function (node) {
        var value = values[node.id()];
        node.data({ value: value, size: 18 + 42 * (top ? value / top : 0) });
      });
    });
    scheduleLabels();
  }

  function applyFilters() {
    var types = checked("type");
    var categories = checked("category");
    var stage = document.getElementById("stage-filter").value;
    var core = document.getElementById("core-filter").value;
    var bit = stage ? 1 << data.stages.indexOf(stage) : 0;
    var visible = {};
    var shownNodes = 0;
    var shownEdges = 0;
    // Work out visibility in plain JS, then toggle one class per collection in a batch:
    // only the elements whose visibility changes are touched.
    var hide = [];
    var show = [];
    orgs.forEach(function (node) {
      var d = node.data();
      var on = !!categories[d.category] && (!bit || !!(d.stages & bit)) &&
        (!core || (core === "core") === !!d.core);
      if (on) { visible[node.id()] = true; shownNodes += 1; }
      if (on === node.hasClass("hidden")) (on ? show : hide).push(node);
    });
    cy.edges().forEach(function (edge) {
      var d = edge.data();
      var on = !!(types[d.type] && visible[d.source] && visible[d.target]);
      if (on) shownEdges += 1;
      if (on === edge.hasClass("hidden")) (on ? show : hide).push(edge);
    });
    cy.batch(function () {
      cy.collection(hide).addClass("hidden");
      cy.collection(show).removeClass("hidden");
    });
    if (focused && focused.hasClass("hidden")) clearFocus();
    status.textContent = shownNodes ? text.shown.replace("{orgs}", count(text.orgs, shownNodes))
      .replace("{ties}", count(text.ties_count, shownEdges)) : text.empty;
    scheduleLabels();
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

  // --- Labels: the most important first, none drawn over another -----------------------
  var measure = document.createElement("canvas").getContext("2d");
  var widths = {};
  var labelTimer = null;
  var labelZoom = null; // the zoom the shown labels' font size was set for
  var labelSide = {}; // node id -> "below", "above", "right" or "left"

  function labelWidth(label) {
    if (!(label in widths)) {
      measure.font = LABEL_PX + "px " + LABEL_FONT;
      widths[label] = measure.measureText(label).width + 6;
    }
    return widths[label];
  }

  function scheduleLabels() {
    if (labelTimer) clearTimeout(labelTimer);
    labelTimer = setTimeout(placeLabels, 90);
  }

  function priority(node) {
    if (node === focused) return 1e9;
    if (node.hasClass("neighbour")) return 1e8 + node.data("size");
    return (node.data("core") ? 1e6 : 0) + node.data("size") * 1000 + node.data("degree");
  }

  // Greedy placement on a grid of screen cells: a label is shown only if its box meets no
  // box already placed. Runs when the view settles, on the nodes inside the view.
  function placeLabels() {
    labelTimer = null;
    var zoom = cy.zoom();
    var pan = cy.pan();
    var width = cy.width();
    var height = cy.height();
    var cell = 64;
    var grid = {};
    var lineHeight = LABEL_PX + 4;

    function overlaps(b) {
      for (var gx = Math.floor(b.x1 / cell); gx <= Math.floor(b.x2 / cell); gx++) {
        for (var gy = Math.floor(b.y1 / cell); gy <= Math.floor(b.y2 / cell); gy++) {
          var list = grid[gx + ":" + gy];
          if (!list) continue;
          for (var i = 0; i < list.length; i++) {
            var o = list[i];
            if (b.x1 < o.x2 && o.x1 < b.x2 && b.y1 < o.y2 && o.y1 < b.y2) return true;
          }
        }
      }
      return false;
    }
    function add(b) {
      for (var gx = Math.floor(b.x1 / cell); gx <= Math.floor(b.x2 / cell); gx++) {
        for (var gy = Math.floor(b.y1 / cell); gy <= Math.floor(b.y2 / cell); gy++) {
          (grid[gx + ":" + gy] = grid[gx + ":" + gy] || []).push(b);
        }
      }
    }

    var title = cy.getElementById("band-title");
    if (title.nonempty()) {
      var tp = title.position();
      var tx = tp.x * zoom + pan.x;
      var ty = tp.y * zoom + pan.y;
      add({ x1: tx, y1: ty - lineHeight, x2: tx + labelWidth(title.data("label")) * 1.2,
        y2: ty + lineHeight });
    }
    var candidates = [];
    orgs.forEach(function (node) {
      if (node.hasClass("hidden")) return;
      var p = node.position();
      var x = p.x * zoom + pan.x;
      var y = p.y * zoom + pan.y;
      if (x < -100 || y < -100 || x > width + 100 || y > height + 100) return;
      var r = (node.data("size") * zoom) / 2 + 1;
      // Every node body is an obstacle: no label is drawn across another organisation.
      add({ x1: x - r, y1: y - r, x2: x + r, y2: y + r });
      candidates.push({ node: node, x: x, y: y, r: r, rank: priority(node) });
    });
    candidates.sort(function (a, b) { return b.rank - a.rank; });
    var show = [];
    var sides = {};
    for (var i = 0; i < candidates.length && show.length < MAX_LABELS; i++) {
      var c = candidates[i];
      var w = labelWidth(c.node.data("label"));
      // Below the node first, then above, right and left.
      var options = [
        ["below", c.x - w / 2, c.y + c.r + 1],
        ["above", c.x - w / 2, c.y - c.r - 1 - lineHeight],
        ["right", c.x + c.r + 2, c.y - lineHeight / 2],
        ["left", c.x - c.r - 2 - w, c.y - lineHeight / 2]
      ];
      for (var k = 0; k < options.length; k++) {
        var o = options[k];
        var b = { x1: o[1], y1: o[2], x2: o[1] + w, y2: o[2] + lineHeight };
        // A label cut by the canvas edge is not drawn there: it would read as another name.
        if (b.x1 < 0 || b.y1 < 0 || b.x2 > width || b.y2 > height || overlaps(b)) continue;
        add(b);
        show.push(c.node);
        sides[c.node.id()] = o[0];
        break;
      }
    }
    // Touch only the nodes whose label changes: restyling 2,000 nodes is what costs.
    var keep = cy.collection(show);
    var before = orgs.filter(".labelled");
    cy.batch(function () {
      before.difference(keep).removeClass("labelled");
      keep.difference(before).addClass("labelled");
      show.forEach(function (node) {
        var side = sides[node.id()];
        if (labelSide[node.id()] === side) return;
        node.removeClass("above right left");
        if (side !== "below") node.addClass(side);
        labelSide[node.id()] = side;
      });
      if (zoom !== labelZoom) {
        keep.style("font-size", LABEL_PX / zoom);
        title.style("font-size", (LABEL_PX * 1.15) / zoom);
      } else {
        keep.difference(before).style("font-size", LABEL_PX / zoom);
      }
    });
    labelZoom = zoom;
    box.dataset.labels = String(show.length);
  }

  // --- Search and focus -----------------------------------------------------------------
  function clearFocus() {
    focused = null;
    cy.batch(function () {
      cy.$(".faded, .neighbour, .focus").removeClass("faded neighbour focus");
    });
    delete box.dataset.focused;
    scheduleLabels();
  }

  function focusOn(node) {
    if (node.hasClass("hidden")) {
      searchStatus.textContent = text.hidden.replace("{name}", node.data("name"));
      return;
    }
    focused = node;
    var around = node.closedNeighborhood().filter(function (el) { return !el.hasClass("hidden"); });
    cy.batch(function () {
      cy.$(".neighbour, .focus").removeClass("neighbour focus");
      around.removeClass("faded");
      cy.elements().not(around).not(".faded").addClass("faded");
      around.nodes().not(node).addClass("neighbour");
      around.edges().addClass("neighbour");
      node.addClass("focus");
    });
    cy.$(":selected").unselect();
    node.select();
    showPanel(node);
    var neighbours = around.nodes().length - 1;
    searchStatus.textContent = text.focused.replace("{name}", node.data("name"))
      .replace("{neighbours}", count(text.neighbours, neighbours));
    // Zoom so that the neighbours fit around the centred organisation (within limits).
    var p = node.position();
    var bb = around.nodes().boundingBox();
    var dx = Math.max(p.x - bb.x1, bb.x2 - p.x, 60);
    var dy = Math.max(p.y - bb.y1, bb.y2 - p.y, 60);
    var zoom = Math.min(cy.width() / (2 * dx + 80), cy.height() / (2 * dy + 80), 1.6);
    zoom = Math.max(zoom, Math.min(cy.minZoom() * 4, 0.3));
    cy.stop();
    // The node's own centre (Cytoscape's "center" would centre its label too).
    var target = { x: cy.width() / 2 - p.x * zoom, y: cy.height() / 2 - p.y * zoom };
    cy.animate({ zoom: zoom, pan: target }, {
      duration: 250,
      complete: function () {
        box.dataset.focused = node.id();
        placeLabels();
      }
    });
  }

  // Every word typed must appear in the name or acronym; names starting with the first
  // word come first.
  function matches(query) {
    var words = fold(query).trim().split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    var starts = [];
    var inside = [];
    orgs.forEach(function (node) {
      var f = node.data("folded");
      for (var i = 0; i < words.length; i++) if (f.indexOf(words[i]) < 0) return;
      if (f.indexOf(words[0]) === 0 || fold(node.data("acronym")) === words[0]) starts.push(node);
      else inside.push(node);
    });
    function byName(a, b) { return a.data("folded").localeCompare(b.data("folded")); }
    return starts.sort(byName).concat(inside.sort(byName));
  }

  function showMatches() {
    var found = matches(searchInput.value);
    searchResults.replaceChildren();
    found.slice(0, 8).forEach(function (node) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "link-button";
      button.textContent = node.data("name") + (node.data("acronym") ? " (" + node.data("acronym") + ")" : "");
      button.addEventListener("click", function () {
        focusOn(node);
        searchResults.replaceChildren();
      });
      item.append(button);
      searchResults.append(item);
    });
    searchStatus.textContent = searchInput.value.trim()
      ? (found.length ? count(text.matches, found.length) : text.no_match) : "";
    return found;
  }

  function wireSearch() {
    searchInput.addEventListener("input", showMatches);
    searchInput.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        var found = showMatches();
        if (found.length) { focusOn(found[0]); searchResults.replaceChildren(); }
      } else if (event.key === "Escape") {
        searchInput.value = "";
        searchResults.replaceChildren();
        searchStatus.textContent = "";
        clearFocus();
      }
    });
    document.getElementById("search-clear").addEventListener("click", function () {
      searchInput.value = "";
      searchResults.replaceChildren();
      searchStatus.textContent = "";
      clearFocus();
    });
  }

  function loadMetrics() {
    return fetch(box.dataset.metricsUrl, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (json) { metrics = json; });
  }

  function draw(json) {
    data = json;
    var big = json.nodes.length > 300;
    cy = cytoscape({
      container: box,
      elements: elements(json),
      hideEdgesOnViewport: big,
      textureOnViewport: big,
      pixelRatio: big ? 1 : "auto",
      minZoom: 0.02,
      maxZoom: 4,
      layout: { name: "preset", fit: true, padding: 30 },
      style: [
        { selector: "node", style: {
          "background-color": "data(colour)", width: "data(size)", height: "data(size)",
          "font-size": 10, "font-family": LABEL_FONT, "text-valign": "bottom",
          "text-margin-y": 1, "border-width": 1, "border-color": "#ffffff", color: "#1f2328",
          "text-background-color": "#ffffff", "text-background-opacity": 0.8,
          "text-background-padding": 1, label: "" } },
        { selector: "node.labelled", style: { label: "data(label)" } },
        { selector: "node.above", style: { "text-valign": "top", "text-margin-y": -1 } },
        { selector: "node.right", style: { "text-valign": "center", "text-halign": "right",
          "text-margin-y": 0, "text-margin-x": 2 } },
        { selector: "node.left", style: { "text-valign": "center", "text-halign": "left",
          "text-margin-y": 0, "text-margin-x": -2 } },
        { selector: "node.band-title", style: {
          label: "data(label)", width: 1, height: 1, "background-opacity": 0,
          "border-width": 0, "text-valign": "center", "text-halign": "right",
          "font-weight": "bold", color: "#444444", events: "no", "text-background-opacity": 0 } },
        { selector: ".hidden", style: { display: "none" } },
        { selector: "node[core = 1]", style: { "border-width": 3, "border-color": "#111111" } },
        { selector: "node:selected", style: { "border-width": 4, "border-color": "#f1c232" } },
        { selector: "edge", style: {
          width: "mapData(strength, 1, 3, 1, 3.5)", "line-color": "#9aa5b1",
          "target-arrow-color": "#9aa5b1", "target-arrow-shape": "triangle",
          "curve-style": big ? "haystack" : "bezier", opacity: big ? 0.3 : 0.75 } },
        { selector: "edge[mutual = 1]", style: { "source-arrow-shape": "triangle",
          "source-arrow-color": "#9aa5b1" } },
        { selector: 'edge[type = "conflict"]', style: { "line-color": "#c00000",
          "line-style": "dashed", "target-arrow-color": "#c00000",
          "source-arrow-color": "#c00000" } },
        { selector: 'edge[type = "funds"]', style: { "line-color": "#6aa84f",
          "target-arrow-color": "#6aa84f" } },
        { selector: 'edge[type = "hierarchy"], edge[type = "legal_authority_over"]',
          style: { "line-color": "#1f4e79", "target-arrow-color": "#1f4e79" } },
        { selector: 'edge[type = "shares_data_with"]', style: { "line-style": "dotted" } },
        { selector: ".faded", style: { opacity: 0.15 } },
        { selector: "edge.neighbour", style: { opacity: 1, width: 3 } },
        { selector: "node.focus", style: { "border-width": 5, "border-color": "#f1c232",
          "z-index": 10 } }
      ]
    });
    orgs = cy.nodes(".org");
    box.cytoscape = cy; // for keyboard-free checks in browser tests
    cy.on("tap", "node.org", function (event) { showPanel(event.target); });
    cy.on("tap", function (event) { if (event.target === cy && focused) clearFocus(); });
    cy.on("dbltap", "node.org", function (event) {
      window.location.href = box.dataset.orgUrl.replace(/0$/, event.target.id());
    });
    cy.on("viewport dragfree", scheduleLabels);
    controls.addEventListener("change", function (event) {
      if (event.target.id === "size-by") applySize();
      else if (event.target.id !== "map-search") applyFilters();
    });
    controls.querySelectorAll("[data-categories]").forEach(function (button) {
      button.addEventListener("click", function () {
        var on = button.dataset.categories === "all";
        controls.querySelectorAll('input[name="category"]').forEach(function (input) {
          input.checked = on;
        });
        applyFilters();
      });
    });
    wireSearch();
    applySize();
    applyFilters();
    placeLabels();
    cy.one("render", function () {
      box.dataset.ready = "1";
      box.dataset.renderedAt = String(Math.round(performance.now()));
    });
  }

  // The drawing library (430 KB) is asked for only now, from this async script, so that
  // reading, compiling and running it never holds up the page (DOMContentLoaded); the
  // map's data is fetched meanwhile. Its URL is fingerprinted: a repeat visit takes it
  // from the browser's cache without asking the server.
  function loadLibrary(url) {
    if (typeof cytoscape !== "undefined") return Promise.resolve();
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("could not load " + url)); };
      document.head.appendChild(script);
    });
  }

  var mapData = fetch(box.dataset.mapUrl, { credentials: "same-origin" })
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  Promise.all([mapData, loadLibrary(box.dataset.library)])
    .then(function (loaded) { draw(loaded[0]); })
    .catch(function (error) {
      status.textContent = text.error;
      if (window.console) console.error(error);
    });
})();
