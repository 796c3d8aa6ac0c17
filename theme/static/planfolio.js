/* planfolio built-in theme: progressive enhancements.
   - search over window.PLANFOLIO_SEARCH, loaded from search-index.js when the
     reader first searches (a script, so it works from file:// too)
   - sortable tables (table[data-sortable] th[data-sort])
   - plan page: section highlighting, compact section list on narrow screens
   - print: expand collapsed details
   Every page works without this script. */
(function () {
  "use strict";

  var root = document.documentElement.getAttribute("data-root") || "";

  function norm(s) {
    s = String(s == null ? "" : s).toLowerCase();
    return s.normalize ? s.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : s;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  /* ───────────── Search ───────────── */
  function initSearch() {
    var box = document.querySelector("[data-search]");
    if (!box) return;
    var input = box.querySelector("input");
    var list = box.querySelector("[role=listbox]");
    var status = box.querySelector("[data-search-status]");
    if (!input || !list) return;
    box.hidden = false;

    // The index can be large (every plan, objective and contact), so pages
    // do not load it up front: the first focus or keystroke fetches it.
    var entries = null;
    var loading = false;
    function load(then) {
      if (entries) { then(); return; }
      if (Array.isArray(window.PLANFOLIO_SEARCH)) {
        entries = window.PLANFOLIO_SEARCH.map(function (d) {
          return { d: d, title: norm(d.title), kind: norm(d.kind), text: norm(d.text) };
        });
        then();
        return;
      }
      if (loading) return;
      loading = true;
      box.setAttribute("aria-busy", "true");
      var script = document.createElement("script");
      script.src = root + "search-index.js";
      script.onload = function () {
        loading = false;
        box.removeAttribute("aria-busy");
        if (!Array.isArray(window.PLANFOLIO_SEARCH)) window.PLANFOLIO_SEARCH = [];
        load(then);
      };
      script.onerror = function () {
        loading = false;
        box.removeAttribute("aria-busy");
        if (status) status.textContent = "Search is not available";
      };
      document.head.appendChild(script);
    }
    var results = [];
    var active = -1;

    function score(e, terms) {
      var total = 0;
      for (var i = 0; i < terms.length; i++) {
        var t = terms[i];
        var p = e.title.indexOf(t);
        if (p === 0) total += 10;
        else if (p > 0 && /[\s\-(,.&]/.test(e.title.charAt(p - 1))) total += 7;
        else if (p > 0) total += 4;
        else if (e.text.indexOf(t) >= 0) total += 2;
        else if (e.kind.indexOf(t) >= 0) total += 1;
        else return 0;
      }
      if (e.kind === "account") total += 1.5;
      return total;
    }

    function highlight(target, text, terms) {
      var low = norm(text);
      var marks = [];
      terms.forEach(function (t) {
        var i = low.indexOf(t);
        if (t && i >= 0 && low.length === text.length) marks.push([i, i + t.length]);
      });
      marks.sort(function (a, b) { return a[0] - b[0]; });
      var pos = 0;
      marks.forEach(function (m) {
        if (m[0] < pos) return;
        target.appendChild(document.createTextNode(text.slice(pos, m[0])));
        target.appendChild(el("mark", null, text.slice(m[0], m[1])));
        pos = m[1];
      });
      target.appendChild(document.createTextNode(text.slice(pos)));
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function setActive(i) {
      var items = list.querySelectorAll("[role=option]");
      if (!items.length) return;
      active = (i + items.length) % items.length;
      for (var k = 0; k < items.length; k++) {
        items[k].setAttribute("aria-selected", k === active ? "true" : "false");
      }
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function go(i) {
      var r = results[i];
      if (r) window.location.href = root + r.d.url;
    }

    function update() {
      if (!entries) { load(update); return; }
      var q = norm(input.value).trim();
      list.textContent = "";
      results = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (!q) { close(); if (status) status.textContent = ""; return; }
      var terms = q.split(/\s+/).filter(Boolean);
      entries.forEach(function (e) {
        var s = score(e, terms);
        if (s > 0) results.push({ d: e.d, s: s });
      });
      results.sort(function (a, b) { return b.s - a.s || String(a.d.title).localeCompare(String(b.d.title)); });
      var shown = results.slice(0, 12);
      results = shown;
      if (!shown.length) {
        var none = el("li", "sr-empty", "No matches for “" + input.value.trim() + "”");
        none.setAttribute("role", "option");
        none.setAttribute("aria-disabled", "true");
        none.id = "sr-none";
        list.appendChild(none);
      }
      shown.forEach(function (r, i) {
        var li = el("li");
        li.id = "sr-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var t = el("span", "sr-title");
        highlight(t, String(r.d.title), terms);
        li.appendChild(t);
        li.appendChild(el("span", "sr-kind", r.d.kind));
        if (r.d.text) li.appendChild(el("span", "sr-text", r.d.text));
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
        li.addEventListener("click", function () { go(i); });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      if (status) {
        status.textContent = shown.length ? shown.length + " result" + (shown.length === 1 ? "" : "s") + ", use the arrow keys to choose" : "No matches";
      }
    }

    input.addEventListener("input", update);
    input.addEventListener("focus", function () { load(function () { if (input.value.trim()) update(); }); });
    input.addEventListener("blur", function () { setTimeout(close, 120); });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown") {
        ev.preventDefault();
        if (list.hidden) update();
        if (results.length) setActive(active + 1);
      } else if (ev.key === "ArrowUp") {
        ev.preventDefault();
        if (results.length) setActive(active - 1);
      } else if (ev.key === "Enter") {
        if (results.length) { ev.preventDefault(); go(active >= 0 ? active : 0); }
      } else if (ev.key === "Escape") {
        if (!list.hidden) { ev.preventDefault(); close(); }
        else if (input.value) { input.value = ""; }
      }
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
      var t = ev.target;
      if (t && (t.isContentEditable || /^(input|textarea|select)$/i.test(t.tagName))) return;
      ev.preventDefault();
      input.focus();
    });
  }

  /* ───────────── Sortable tables ───────────── */
  function cellValue(row, index) {
    var cell = row.children[index];
    if (!cell) return "";
    var v = cell.getAttribute("data-value");
    return v != null ? v : cell.textContent.trim();
  }

  function initSortable(table) {
    var head = table.tHead;
    var body = table.tBodies[0];
    if (!head || !body || body.rows.length < 2) return;
    var ths = head.querySelectorAll("th[data-sort]");
    Array.prototype.forEach.call(body.rows, function (r, i) { r.setAttribute("data-order", i); });
    Array.prototype.forEach.call(ths, function (th) {
      var btn = el("button", "sort-button");
      btn.type = "button";
      while (th.firstChild) btn.appendChild(th.firstChild);
      th.appendChild(btn);
      btn.addEventListener("click", function () {
        var type = th.getAttribute("data-sort");
        var current = th.getAttribute("aria-sort");
        var dir;
        if (current === "ascending") dir = "descending";
        else if (current === "descending") dir = "ascending";
        else dir = type === "num" ? "descending" : "ascending";
        Array.prototype.forEach.call(ths, function (o) { o.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir);
        var index = th.cellIndex;
        var sign = dir === "ascending" ? 1 : -1;
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index), c;
          if (type === "num") {
            var nx = parseFloat(x), ny = parseFloat(y);
            // A cell without a number (an amount with no exchange rate, a
            // figure not set) goes last whichever way the column sorts.
            var mx = isNaN(nx), my = isNaN(ny);
            if (mx || my) return (mx - my) || (+a.getAttribute("data-order") - +b.getAttribute("data-order"));
            c = nx === ny ? 0 : (nx < ny ? -1 : 1);
          } else {
            c = x.localeCompare(y, undefined, { numeric: true, sensitivity: "base" });
          }
          return c * sign || (+a.getAttribute("data-order") - +b.getAttribute("data-order"));
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  /* ───────────── Plan page navigation ───────────── */
  function collapseNarrow() {
    if (!window.matchMedia || !window.matchMedia("(max-width: 62rem)").matches) return;
    Array.prototype.forEach.call(document.querySelectorAll("details[data-collapse-narrow]"), function (d) {
      d.open = false;
    });
  }

  function initPlanNav() {
    var nav = document.querySelector(".plan-nav");
    if (!nav) return;
    var links = Array.prototype.slice.call(nav.querySelectorAll("a[href^='#']"));
    var targets = links.map(function (a) {
      return document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
    });
    var ticking = false;
    function spy() {
      ticking = false;
      var current = -1;
      for (var i = 0; i < targets.length; i++) {
        if (targets[i] && targets[i].getBoundingClientRect().top <= 140) current = i;
      }
      links.forEach(function (a, i) {
        if (i === current) { a.classList.add("is-current"); a.setAttribute("aria-current", "location"); }
        else { a.classList.remove("is-current"); a.removeAttribute("aria-current"); }
      });
    }
    window.addEventListener("scroll", function () {
      if (!ticking) { ticking = true; window.requestAnimationFrame(spy); }
    }, { passive: true });
    spy();
  }

  /* ───────────── Print: show everything ───────────── */
  function initPrint() {
    var opened = [];
    window.addEventListener("beforeprint", function () {
      opened = [];
      Array.prototype.forEach.call(document.querySelectorAll("details:not([open])"), function (d) {
        d.open = true;
        opened.push(d);
      });
    });
    window.addEventListener("afterprint", function () {
      opened.forEach(function (d) { d.open = false; });
      opened = [];
    });
  }

  function init() {
    initSearch();
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), initSortable);
    collapseNarrow();
    initPlanNav();
    initPrint();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
