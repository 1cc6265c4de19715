/* The guide's small scripts: note and glossary previews, the timeline and glossary filters, the quizzes,
   the documents register's sorting and filters, and a label for the search dialog.
   Vanilla JavaScript, no dependencies; every page stays readable without it.
   Material's instant navigation swaps pages without reloading, so setup runs on
   each page through its document$ observable when present. */
(function () {
  "use strict";

  /* Previews: hover, keyboard focus, or a first tap on touch screens shows a
     glossary entry's summary or a citation's note; a second tap follows the link.
     One listener on the document serves every link, so a chapter with a hundred
     notes costs nothing at load; Material's tooltips, mounted per link, blocked
     the main thread for about half a second on a chapter (Lighthouse, mobile). */
  var tip = null;
  var current = null;

  function hide() {
    if (tip) { tip.hidden = true; }
    if (current) { current.removeAttribute("aria-describedby"); current = null; }
  }

  function show(link) {
    if (!tip) {
      tip = document.createElement("div");
      tip.id = "glossary-preview";
      tip.className = "glossary-preview";
      tip.setAttribute("role", "tooltip");
      document.body.appendChild(tip);
    }
    tip.textContent = previewText(link);
    tip.hidden = false;
    var r = link.getBoundingClientRect();
    var top = window.scrollY + r.bottom + 6;
    var left = Math.max(8, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8));
    tip.style.top = top + "px";
    tip.style.left = left + "px";
    link.setAttribute("aria-describedby", tip.id);
    current = link;
  }

  function previewText(link) {
    if (link.hasAttribute("data-summary")) { return link.getAttribute("data-summary"); }
    var note = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    return note ? note.textContent.replace(/\u21a9\ufe0e?/g, "").trim() : "";
  }

  function previewLink(target) {
    if (!target || !target.closest) { return null; }
    return target.closest("a.glossary-link[data-summary], a.footnote-ref");
  }

  document.addEventListener("mouseover", function (e) { var a = previewLink(e.target); if (a) { show(a); } });
  document.addEventListener("mouseout", function (e) { if (previewLink(e.target)) { hide(); } });
  document.addEventListener("focusin", function (e) { var a = previewLink(e.target); if (a) { show(a); } });
  document.addEventListener("focusout", function (e) { if (previewLink(e.target)) { hide(); } });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { hide(); } });
  document.addEventListener("touchstart", function (e) {
    var a = previewLink(e.target);
    if (!a) { hide(); return; }
    if (current !== a) { e.preventDefault(); show(a); }
  }, { passive: false });

  /* The items under each section heading (a year, a letter), so that a heading whose items
     are all filtered out can be hidden with its entry in the table of contents. */
  function sections(items) {
    var groups = [];
    items.forEach(function (item) {
      var el = item.closest("ul, ol") || item;
      while (el && el.tagName !== "H2") { el = el.previousElementSibling; }
      if (!el) { return; }
      var last = groups[groups.length - 1];
      if (last && last.heading === el) { last.items.push(item); } else { groups.push({ heading: el, items: [item] }); }
    });
    groups.forEach(function (g) {
      // Material writes the contents twice (sidebar, and the phone's menu) and its links as full
      // addresses: every copy, matched by the end of the address.
      var links = g.heading.id ? document.querySelectorAll('.md-nav--secondary a[href$="#' + g.heading.id + '"]') : [];
      g.toc = Array.prototype.map.call(links, function (a) { return a.closest("li"); });
    });
    return groups;
  }

  /* A row of toggle buttons that shows only the items whose data attribute
     holds the chosen value. */
  function filterBar(host, values, labels, items, attr, legend) {
    if (!host || host.dataset.ready) { return; }
    host.dataset.ready = "1";
    host.hidden = false;
    host.setAttribute("role", "group");
    host.setAttribute("aria-label", legend);
    var active = "all";
    var groups = sections(items);
    function apply() {
      items.forEach(function (item) {
        var has = (item.getAttribute(attr) || "").split(" ");
        item.hidden = active !== "all" && has.indexOf(active) < 0;
      });
      groups.forEach(function (g) {
        var empty = g.items.every(function (item) { return item.hidden; });
        g.heading.hidden = empty;
        g.toc.forEach(function (li) { li.hidden = empty; });
      });
      host.querySelectorAll("button").forEach(function (b) {
        b.setAttribute("aria-pressed", String(b.value === active));
      });
    }
    ["all"].concat(values).forEach(function (value) {
      var b = document.createElement("button");
      b.type = "button";
      b.value = value;
      b.className = "md-button";
      b.textContent = value === "all" ? "All" : (labels[value] || value);
      b.addEventListener("click", function () { active = value; apply(); });
      host.appendChild(b);
    });
    apply();
  }

  /* Self-test quizzes: check an answer, show the answer key's entry as feedback, keep
     progress in localStorage (this browser only). The HTML works without this script. */
  function storage(key, value) {
    try {
      if (value === undefined) { return JSON.parse(localStorage.getItem(key) || "{}"); }
      if (value === null) { localStorage.removeItem(key); } else { localStorage.setItem(key, JSON.stringify(value)); }
    } catch (err) { return {}; }  // storage blocked (private mode, file:// in some browsers): work without it
  }

  function quiz(form) {
    if (form.dataset.ready) { return; }
    form.dataset.ready = "1";
    var key = "studyguide-quiz:" + form.dataset.quiz;
    var state = storage(key);
    var questions = Array.prototype.slice.call(form.querySelectorAll(".quiz-q"));
    var progress = form.querySelector(".quiz-progress");
    form.addEventListener("submit", function (e) { e.preventDefault(); });

    function answer(q) {
      if (q.dataset.type === "order") {
        var values = Array.prototype.map.call(q.querySelectorAll("select"), function (s) { return s.value; });
        return values.indexOf("") < 0 ? values : null;
      }
      var checked = q.querySelector("input[type=radio]:checked");
      return checked ? checked.value : null;
    }
    function isRight(q) {
      if (q.dataset.type === "order") {
        return Array.prototype.every.call(q.querySelectorAll("select"), function (s) { return s.value === s.dataset.right; });
      }
      var checked = q.querySelector("input[type=radio]:checked");
      return !!checked && checked.hasAttribute("data-right");
    }
    function show(q, right) {
      var feedback = q.querySelector(".quiz-feedback");
      feedback.textContent = "";
      var verdict = document.createElement("p");
      verdict.className = "quiz-verdict";
      verdict.textContent = right ? "Right." : "Not quite.";
      feedback.appendChild(verdict);
      var entry = document.getElementById(q.dataset.key);
      if (entry) {
        var copy = entry.cloneNode(true);
        copy.removeAttribute("id");
        copy.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });  // ids stay unique
        feedback.appendChild(copy);
      }
      q.classList.toggle("quiz-right", right);
      q.classList.toggle("quiz-wrong", !right);
    }
    function report() {
      var answered = Object.keys(state).filter(function (k) { return state[k] && state[k].value; });
      var right = answered.filter(function (k) { return state[k].right; });
      progress.hidden = false;
      progress.textContent = answered.length + " of " + questions.length + " answered, " + right.length + " right.";
    }
    function check(q) {
      var value = answer(q);
      if (value === null) {
        q.querySelector(".quiz-feedback").textContent = q.dataset.type === "order" ?
          "Give every item a position first." : "Choose an answer first.";
        return;
      }
      var right = isRight(q);
      show(q, right);
      state[q.id] = Object.assign(state[q.id] || {}, { value: value, right: right });
      storage(key, state);
      report();
    }
    function restore(q) {
      var saved = state[q.id] || {};
      var why = q.querySelector("textarea");
      if (why) {
        why.value = saved.why || "";
        why.addEventListener("input", function () {
          state[q.id] = Object.assign(state[q.id] || {}, { why: why.value });
          storage(key, state);
        });
      }
      if (!saved.value) { return; }
      if (q.dataset.type === "order") {
        q.querySelectorAll("select").forEach(function (s, i) { s.value = saved.value[i] || ""; });
      } else {
        var input = q.querySelector("input[type=radio][value='" + saved.value + "']");
        if (input) { input.checked = true; }
      }
      show(q, isRight(q));
    }

    questions.forEach(function (q) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button quiz-check";
      button.textContent = "Check";
      button.addEventListener("click", function () { check(q); });
      q.insertBefore(button, q.querySelector(".quiz-feedback"));
      restore(q);
    });
    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "md-button quiz-reset";
    reset.textContent = "Reset";
    reset.addEventListener("click", function () {
      state = {};
      storage(key, null);
      form.reset();
      questions.forEach(function (q) {
        q.querySelector(".quiz-feedback").textContent = "";
        q.classList.remove("quiz-right", "quiz-wrong");
      });
      report();
    });
    progress.after(reset);
    report();
  }

  /* The documents register: sort by a column, filter by year, sender and source. */
  function register(table) {
    if (table.dataset.ready) { return; }
    table.dataset.ready = "1";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headers.forEach(function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "doc-sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var text = function (row) { var c = row.cells[col]; return c.dataset.sort || c.textContent.trim().toLowerCase(); };
        rows.sort(function (a, b) { return (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0) * (ascending ? 1 : -1); });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
    var host = document.querySelector(".doc-filter");
    if (!host) { return; }
    host.hidden = false;
    var filters = [["data-year", "Year", function (r) { return [r.dataset.year]; }],
                   ["data-from", "Sender", function (r) { return r.dataset.from.split(" "); }],
                   ["data-sources", "Source", function (r) { return r.dataset.sources.split(" "); }]];
    var names = { "data-from": {}, "data-sources": {} };
    rows.forEach(function (r) {  // readable names from the row's own links and the source column
      r.cells[2].querySelectorAll("a").forEach(function (a, i) { names["data-from"][r.dataset.from.split(" ")[i]] = a.textContent; });
      var labels = r.cells[5].firstChild ? r.cells[5].firstChild.textContent.split(";") : [];
      r.dataset.sources.split(" ").forEach(function (k, i) { if (labels[i]) { names["data-sources"][k] = labels[i].replace(/\u2060/g, "").trim(); } });
    });
    var order = (host.dataset.order || "").split(" ");  // the page's order; choices not in it (years) by value
    var rank = function (v) { var i = order.indexOf(v); return i < 0 ? order.length : i; };
    var selects = filters.map(function (f) {
      var label = document.createElement("label");
      label.textContent = f[1] + " ";
      var select = document.createElement("select");
      select.dataset.attr = f[0];
      var values = {};
      rows.forEach(function (r) { f[2](r).forEach(function (v) { if (v) { values[v] = 1; } }); });
      var sorted = Object.keys(values).sort(function (a, b) { return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0); });
      [""].concat(sorted).forEach(function (v) {
        var option = document.createElement("option");
        option.value = v;
        option.textContent = v === "" ? "All" : ((names[f[0]] || {})[v] || v);
        select.appendChild(option);
      });
      label.appendChild(select);
      host.appendChild(label);
      return [select, f[2]];
    });
    var count = document.createElement("p");
    count.setAttribute("aria-live", "polite");
    host.appendChild(count);
    function apply() {
      var shown = 0;
      rows.forEach(function (r) {
        var ok = selects.every(function (s) { return !s[0].value || s[1](r).indexOf(s[0].value) >= 0; });
        r.hidden = !ok;
        shown += ok ? 1 : 0;
      });
      count.textContent = shown + " of " + rows.length + " documents shown." +
        (shown ? "" : " No document matches every choice; set one of them back to All.");
    }
    selects.forEach(function (s) { s[0].addEventListener("change", apply); });
    apply();
  }

  function setup() {
    // Material's search dialog has no accessible name (axe/Lighthouse: aria-dialog-name).
    document.querySelectorAll("[role=dialog]:not([aria-label]):not([aria-labelledby])").forEach(function (d) {
      d.setAttribute("aria-label", "Search the guide");
    });
    var tl = document.querySelector(".tl-filter");
    if (tl) {
      var labels = {};
      document.querySelectorAll(".tl-source[data-key]").forEach(function (s) { labels[s.dataset.key] = s.textContent; });
      filterBar(tl, tl.dataset.sources.split(" "), labels, Array.prototype.slice.call(document.querySelectorAll(".tl-event")),
        "data-sources", "Show events given by one source");
    }
    var gi = document.querySelector(".glossary-filter");
    if (gi) {
      filterBar(gi, gi.dataset.kinds.split(" "), {}, Array.prototype.slice.call(document.querySelectorAll(".glossary-index li")),
        "data-kind", "Show entries of one kind");
    }
    document.querySelectorAll("form.quiz").forEach(quiz);
    document.querySelectorAll("table.doc-register").forEach(register);
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { hide(); setup(); });
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
