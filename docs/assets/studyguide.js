/* The guide's small scripts: glossary previews, timeline and glossary filters.
   Vanilla JavaScript, no dependencies; every page stays readable without it.
   Material's instant navigation swaps pages without reloading, so setup runs on
   each page through its document$ observable when present. */
(function () {
  "use strict";

  /* Previews: hover, keyboard focus, or a first tap on touch screens shows a
     glossary entry's summary; a second tap follows the link. Opened from disk
     (file://), Material shows no footnote tooltips, so notes get the same preview. */
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

  var fromDisk = window.location.protocol === "file:";

  function previewText(link) {
    if (link.hasAttribute("data-summary")) { return link.getAttribute("data-summary"); }
    var note = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    return note ? note.textContent.replace(/\u21a9\ufe0e?/g, "").trim() : "";
  }

  function previewLink(target) {
    if (!target || !target.closest) { return null; }
    return target.closest("a.glossary-link[data-summary]") || (fromDisk ? target.closest("a.footnote-ref") : null);
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

  /* A row of toggle buttons that shows only the items whose data attribute
     holds the chosen value. */
  function filterBar(host, values, labels, items, attr, legend) {
    if (!host || host.dataset.ready) { return; }
    host.dataset.ready = "1";
    host.hidden = false;
    host.setAttribute("role", "group");
    host.setAttribute("aria-label", legend);
    var active = "all";
    function apply() {
      items.forEach(function (item) {
        var has = (item.getAttribute(attr) || "").split(" ");
        item.hidden = active !== "all" && has.indexOf(active) < 0;
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
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { hide(); setup(); });
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
