// Small page behaviours declared with data- attributes, so no page needs inline
// script or on...= handlers (the Content Security Policy forbids them).
//   <form data-confirm="Remove?">          asks before submitting
//   <select data-autosubmit>               submits its form when changed
//   <input data-select-on-click>           selects its text when clicked (copy fields)
//   <form data-no-submit>                  never submits (controls driven by script)
//   <form data-action-from="select-id">    submits to the URL chosen in that select
//   <input type="date">                    a half-typed date is sent as "unreadable"
// A table box that scrolls sideways becomes a named, focusable region so keyboard users
// can scroll it with the arrow keys (WCAG 2.1.1); one that fits stays out of the tab order.
// Work under way shows is under way (issue: "nothing looks as if nothing happened"):
//   - the button that submitted a form says it is working, and a second submit of the same
//     form is ignored until the answer comes (or 15 s pass, for answers that are downloads);
//   - an htmx request marks the element that made it busy;
//   - a click on a link to another page of the app shows a thin bar at the top if the next
//     page has not come within 300 ms.
// This script is async (docs/page-speed.md): it may run while the page is still being read,
// or after DOMContentLoaded. Listeners on document work either way; anything that looks
// for elements waits until the page has been read (whenRead). It also starts htmx.
(function () {
  "use strict";
  // Buttons that only matter without script (a select that submits itself) hide.
  document.documentElement.classList.add("js");
  function whenRead(work) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", work);
    else work();
  }
  startHtmx(document.currentScript && document.currentScript.getAttribute("data-htmx"));
  // htmx starts on DOMContentLoaded, or at once if the document is already "complete"
  // (htmx 2.0.11, ready()). Run after DOMContentLoaded but before "load" (an async script
  // coming later than the page), it would wait for an event that has already fired and
  // never process the page. So htmx is loaded from here, and if it runs after that event,
  // a DOMContentLoaded listener added while it runs is called at once (as jQuery's ready
  // does): exactly what a listener added that late is waiting for.
  function startHtmx(src) {
    if (!src || window.htmx) return;
    var script = document.createElement("script");
    var ran = false;
    script.src = src;
    function done() {
      ran = true;
      delete document.addEventListener;  // the prototype's again
    }
    script.addEventListener("load", done);
    script.addEventListener("error", done);
    function callLateReadyListeners() {
      if (ran || Object.prototype.hasOwnProperty.call(document, "addEventListener")) return;
      var add = document.addEventListener;
      document.addEventListener = function (type, listener, options) {
        if (type !== "DOMContentLoaded" || typeof listener !== "function") {
          return add.call(document, type, listener, options);
        }
        // After the script has finished (htmx is then defined), as the event would be.
        window.setTimeout(function () { listener.call(document, new Event(type)); }, 0);
      };
    }
    if (domContentLoadedStarted()) callLateReadyListeners();
    else document.addEventListener("DOMContentLoaded", callLateReadyListeners);
    document.head.appendChild(script);
  }
  function domContentLoadedStarted() {
    var timing = window.performance && performance.getEntriesByType &&
      performance.getEntriesByType("navigation")[0];
    if (timing) return timing.domContentLoadedEventStart > 0;
    return document.readyState === "complete";
  }
  // A browser without ::details-content cannot show the folded process menu's content
  // by CSS on a wide screen (app.css): open it there instead.
  whenRead(function () {
    var menu = document.querySelector(".sidenav-menu");
    if (menu && !(window.CSS && CSS.supports("selector(::details-content)")) &&
        window.matchMedia("(min-width: 821px)").matches) {
      menu.open = true;
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (form.hasAttribute("data-no-submit")) {
      event.preventDefault();
      return;
    }
    var copies = form.getAttribute("data-offline-copies");
    if (copies && !form.hasAttribute("data-copies-settled")) {
      event.preventDefault();
      settleOfflineCopies(form, copies, event.submitter);
      return;
    }
    var message = form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
      return;
    }
    var source = form.getAttribute("data-action-from");
    if (source) {
      var select = document.getElementById(source);
      if (select && select.value) form.action = select.value;
    }
    markUnreadableDates(form);
  }, true);
  // Sign-out: the drafts this browser keeps offline (the editor's IndexedDB copies) are
  // sent to the server and deleted first, so the next person at a shared computer cannot
  // read them (drafting/frontend/src/offline-copies.js, in the editor's bundle, loaded
  // only when there are copies). Nothing keeps anyone from signing out for long.
  function settleOfflineCopies(form, bundle, submitter) {
    var done = false;
    function signOut() {
      if (done) return;
      done = true;
      form.setAttribute("data-copies-settled", "");
      clearWorking(form);
      if (form.requestSubmit) form.requestSubmit(submitter || undefined);
      else form.submit();
    }
    if (!window.indexedDB || !indexedDB.databases || !window.Promise) return signOut();
    markWorking(form, submitter || form.querySelector("[type=submit]"));
    window.setTimeout(signOut, 20000);
    indexedDB.databases().then(function (all) {
      var anyCopy = all.some(function (db) {
        return db.name && db.name.indexOf("policycycle-draft-") === 0;
      });
      if (!anyCopy) return signOut();
      function settle() {
        window.policycycleOfflineCopies.settle().then(function (report) {
          var kept = report && report.kept ? report.kept.length : 0;
          if (kept) {
            var field = document.createElement("input");
            field.type = "hidden";
            field.name = "offline_copies_kept";
            field.value = String(kept);
            form.appendChild(field);
          }
          signOut();
        }, signOut);
      }
      if (window.policycycleOfflineCopies) return settle();
      var script = document.createElement("script");
      script.src = bundle;
      script.onload = settle;
      script.onerror = signOut;
      document.head.appendChild(script);
    }, signOut);
  }
  // A half-typed date in the browser's date picker is sent as empty: the date would be
  // lost without a word. Send "unreadable" instead, so the server answers with its date
  // message (facilitation/date_field.py) together with the form's other errors.
  function markUnreadableDates(form) {
    var inputs = form.querySelectorAll("input[type=date][name]");
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if (!input.validity || !input.validity.badInput) continue;
      var marker = document.createElement("input");
      marker.type = "hidden";
      marker.name = input.name;
      marker.value = "unreadable";
      marker.setAttribute("data-date-marker", input.name);
      input.setAttribute("data-name", input.name);
      input.removeAttribute("name");
      input.parentNode.insertBefore(marker, input);
    }
  }
  function unmarkDates() {
    var markers = document.querySelectorAll("[data-date-marker]");
    for (var i = 0; i < markers.length; i++) {
      var input = markers[i].nextElementSibling;
      if (input && input.hasAttribute("data-name")) input.name = input.getAttribute("data-name");
      markers[i].remove();
    }
  }
  // After every other listener (htmx, confirmations): a submit still going ahead is work.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (form.hasAttribute("data-working")) {
      event.preventDefault();
      return;
    }
    // Only a submit that leaves the page is "under way": a dialog's form, a form opened in
    // another tab, or one a script handles answers at once (and may be sent again).
    if (event.defaultPrevented || form.hasAttribute("hx-post") || form.hasAttribute("hx-get")) return;
    if ((form.getAttribute("method") || "").toLowerCase() === "dialog" || form.target) return;
    markWorking(form, event.submitter || form.querySelector("[type=submit]"));
  });
  function markWorking(form, button) {
    form.setAttribute("data-working", "");
    form.setAttribute("aria-busy", "true");
    // Not disabled: a disabled submitter would drop its name and value from the form data.
    if (button) button.classList.add("is-working");
    window.setTimeout(function () { clearWorking(form); }, 15000);
  }
  function clearWorking(form) {
    form.removeAttribute("data-working");
    form.removeAttribute("aria-busy");
    var buttons = form.querySelectorAll(".is-working");
    for (var i = 0; i < buttons.length; i++) buttons[i].classList.remove("is-working");
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var element = event.detail && event.detail.elt;
    if (element && element.setAttribute) element.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var element = event.detail && event.detail.elt;
    if (element && element.removeAttribute) element.removeAttribute("aria-busy");
  });
  var bar = null;
  var barTimer = null;
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    if (link.target || link.hasAttribute("download") || link.hasAttribute("hx-get")) return;
    if (link.origin !== window.location.origin || link.hash && link.pathname === window.location.pathname) return;
    window.clearTimeout(barTimer);
    barTimer = window.setTimeout(function () {
      if (!bar) {
        bar = document.createElement("div");
        bar.className = "page-loading";
        bar.setAttribute("role", "progressbar");
        bar.setAttribute("aria-label", document.body.getAttribute("data-loading-label") || "");
        document.body.appendChild(bar);
      }
      bar.hidden = false;
    }, 300);
  });
  // Back/forward restores a page from memory with its old state: clear it.
  window.addEventListener("pageshow", function () {
    window.clearTimeout(barTimer);
    if (bar) bar.hidden = true;
    var forms = document.querySelectorAll("form[data-working]");
    for (var i = 0; i < forms.length; i++) clearWorking(forms[i]);
    var settled = document.querySelectorAll("form[data-copies-settled]");
    for (var j = 0; j < settled.length; j++) settled[j].removeAttribute("data-copies-settled");
    unmarkDates();
  });
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.hasAttribute && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
  });
  document.addEventListener("click", function (event) {
    var field = event.target;
    if (field.hasAttribute && field.hasAttribute("data-select-on-click")) field.select();
  });

  function nameOf(box) {
    var caption = box.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    var node = box.previousElementSibling || box.parentElement;
    while (node && node !== document.body) {
      var heading = /^H[1-6]$/.test(node.tagName) ? node : node.querySelector("h1, h2, h3, h4");
      if (heading && heading.textContent.trim()) return heading.textContent.trim();
      node = node.previousElementSibling || node.parentElement;
    }
    return document.title;
  }
  function markScrollBoxes(scope) {
    var boxes = (scope || document).querySelectorAll(".table-wrap, [data-scroll-box]");
    // Read every box's size first, then write: an attribute written between two reads
    // would make the browser lay the page out again for the next read.
    var scrolls = [];
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      scrolls.push(box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1);
    }
    for (var j = 0; j < boxes.length; j++) {
      var scrollBox = boxes[j];
      if (scrolls[j]) {
        scrollBox.setAttribute("tabindex", "0");
        scrollBox.setAttribute("role", "region");
        if (!scrollBox.hasAttribute("aria-label")) scrollBox.setAttribute("aria-label", nameOf(scrollBox));
      } else if (scrollBox.getAttribute("tabindex") === "0" && !scrollBox.hasAttribute("data-scroll-box")) {
        scrollBox.removeAttribute("tabindex");
        scrollBox.removeAttribute("role");
      }
    }
  }
  // Reading a box's scroll size lays the page out. This script is deferred, so it runs
  // before DOMContentLoaded: reading the sizes here made every page with a table lay itself
  // out first (docs/page-speed.md). A ResizeObserver reports after the browser's own first
  // layout, when the sizes cost nothing to read. It starts watching once DOMContentLoaded
  // has been handled: a frame painted between this script and that event would otherwise
  // report before it.
  function markAfterFirstLayout() {
    if (!window.ResizeObserver) {
      if (document.readyState === "complete") markScrollBoxes();
      else window.addEventListener("load", function () { markScrollBoxes(); });
      return;
    }
    var firstLayout = new ResizeObserver(function () {
      firstLayout.disconnect();
      markScrollBoxes();
    });
    firstLayout.observe(document.documentElement);
  }
  if (domContentLoadedStarted()) markAfterFirstLayout();
  else window.addEventListener("DOMContentLoaded", markAfterFirstLayout);

  // After a failed submit: focus the error summary (scrolling it into view), and let its
  // links put the cursor in the field they name, as GOV.UK's error summary does.
  whenRead(function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.scrollIntoView({ block: "start" });
      summary.focus({ preventScroll: true });
    }
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    var input = field.matches("input, select, textarea") ? field : field.querySelector("input, select, textarea");
    if (!input) return;
    event.preventDefault();
    var label = document.querySelector("label[for='" + input.id + "']") || input;
    label.scrollIntoView({ block: "center" });
    input.focus({ preventScroll: true });
  });
  window.addEventListener("resize", function () { markScrollBoxes(); });
  document.addEventListener("htmx:afterSettle", function (event) { markScrollBoxes(event.target); });
})();
