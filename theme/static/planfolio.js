/* planfolio built-in theme: progressive enhancements.
   - search over the sharded index in search-index.js and search/*.js,
     loaded in parts when the reader searches (scripts, so file:// works too)
   - sortable tables (table[data-sortable] th[data-sort])
   - plan page: section highlighting, compact section list on narrow screens
   - print: expand collapsed details
   - filters of the dashboard and attention page, over filter-data.js
     (loaded when first used or when the address carries a filter)
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

    // The index is sharded (docs/theme.md, "Search index"): search-index.js
    // names the shards, a query loads the token shards its words need, then
    // the entry shards of the results it shows. Nothing loads with the page,
    // and every part is a script, so the search works from file:// too.
    var index = null;
    var keyAt = {};
    var flat = {};
    var seq = 0;
    var busy = 0;
    function store() { return window.PLANFOLIO_SEARCH || {}; }
    var pendingParts = {};
    function part(name, then) {
      if (store()[name]) { then(true); return; }
      if (pendingParts[name]) { pendingParts[name].push(then); return; }
      pendingParts[name] = [then];
      busy += 1;
      box.setAttribute("aria-busy", "true");
      function done(ok) {
        var waiting = pendingParts[name];
        delete pendingParts[name];
        busy -= 1;
        if (!busy) box.removeAttribute("aria-busy");
        waiting.forEach(function (w) { w(ok && !!store()[name]); });
      }
      var script = document.createElement("script");
      script.src = root + (name === "index" ? "search-index.js" : "search/" + name + ".js");
      script.onload = function () { done(true); };
      script.onerror = function () { done(false); };
      document.head.appendChild(script);
    }
    function parts(names, then) {
      var left = names.length, ok = true;
      if (!left) { then(true); return; }
      names.forEach(function (n) {
        part(n, function (o) { ok = ok && o; left -= 1; if (!left) then(ok); });
      });
    }
    function unavailable() {
      if (status) status.textContent = "Search is not available";
    }
    function load(then) {
      if (index) { then(); return; }
      part("index", function (ok) {
        var i = store().index;
        if (!ok || !i || !Array.isArray(i.tokens) || !Array.isArray(i.entries)) { unavailable(); return; }
        index = i;
        index.tokens.forEach(function (k, n) { keyAt[k] = n; });
        then();
      });
    }

    // Words as the index holds them: runs of letters and digits.
    var splitter;
    try { splitter = new RegExp("[^\\p{Alphabetic}\\p{N}]+", "u"); } catch (e) { splitter = /[^a-z0-9\u00c0-\uffff]+/; }
    function words(q) {
      var all = norm(q).split(splitter).filter(Boolean);
      var long = all.filter(function (w) { return Array.from(w).length > 1; });
      return long.length ? long : all;
    }
    // The token shards that can hold words starting with `w`: the one its
    // longest key names, and any split off below `w`.
    function shardsFor(w) {
      var cs = Array.from(w), out = [];
      if (cs.length < 2) { if (keyAt[w] != null) out.push(keyAt[w]); return out; }
      for (var n = cs.length; n >= 2; n--) {
        var k = keyAt[cs.slice(0, n).join("")];
        if (k != null) { out.push(k); break; }
      }
      index.tokens.forEach(function (key, i) {
        if (key.length > w.length && key.lastIndexOf(w, 0) === 0) out.push(i);
      });
      return out;
    }
    // Scores of the entries holding a word that starts with `w` (a
    // one-letter `w` only as a whole word), in the way the old search did:
    // first word of the title 10, a word of the title 7, the text 2.
    var WEIGHT = [2, 7, 10];
    function matches(w) {
      var found = new Map();
      var one = Array.from(w).length < 2;
      shardsFor(w).forEach(function (n) {
        var shard = store()["t" + n] || {};
        Object.keys(shard).forEach(function (token) {
          if (one ? token !== w : token.lastIndexOf(w, 0) !== 0) return;
          var bonus = token === w ? 1 : 0;
          var id = 0, list = shard[token];
          for (var i = 0; i < list.length; i++) {
            var v = list[i];
            id += Math.floor(v / 3);
            var s = WEIGHT[v % 3] + bonus;
            var had = found.get(id);
            if (had === undefined || had < s) found.set(id, s);
          }
        });
      });
      return found;
    }
    function shardOf(id) {
      var starts = index.entries, lo = 0, hi = starts.length - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= id) lo = mid; else hi = mid - 1;
      }
      return lo;
    }
    // The entry `id` once its shard is loaded: {page, account, e}.
    function entry(id) {
      var n = shardOf(id);
      if (!flat[n]) {
        var list = [];
        (store()["e" + n] || []).forEach(function (g) {
          for (var i = 2; i < g.length; i++) list.push({ page: g[0], account: g[1], e: g[i] });
        });
        flat[n] = list;
      }
      var it = flat[n][id - index.entries[n]];
      if (!it) return null;
      var e = it.e, href = String(e[2] || "");
      return {
        title: String(e[1]),
        kind: (index.kinds && index.kinds[e[0]]) || "",
        url: !href || href.charAt(0) === "#" ? it.page + href : href,
        text: it.page && e[0] !== "a" ? it.account + (e[3] ? " · " + e[3] : "") : (e[3] || ""),
        body: e[4] || ""
      };
    }
    // About 160 characters of `text` around the first of `terms` in it.
    function snippet(text, terms) {
      var low = norm(text);
      if (low.length !== text.length) return "";
      var at = -1;
      terms.forEach(function (t) {
        var re = new RegExp("(^|[^\\w])" + t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
        var m = re.exec(low);
        var i = m ? m.index + m[1].length : low.indexOf(t);
        if (i >= 0 && (at < 0 || i < at)) at = i;
      });
      if (at < 0) return "";
      var from = Math.max(0, at - 60), to = Math.min(text.length, at + 100);
      if (from > 0) { var sp = text.indexOf(" ", from); if (sp >= 0 && sp < at) from = sp + 1; }
      if (to < text.length) { var end = text.lastIndexOf(" ", to); if (end > at) to = end; }
      return (from > 0 ? "…" : "") + text.slice(from, to) + (to < text.length ? "…" : "");
    }
    var results = [];
    var active = -1;

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
      if (!index) { load(update); return; }
      var q = input.value.trim();
      var terms = words(q);
      var mine = ++seq;
      if (!terms.length) { show([], [], q); return; }
      var need = {};
      terms.forEach(function (w) { shardsFor(w).forEach(function (n) { need["t" + n] = 1; }); });
      parts(Object.keys(need), function (ok) {
        if (mine !== seq) return;
        if (!ok) { unavailable(); return; }
        // Entries holding every word, best first, then in index order.
        var sets = terms.map(matches).sort(function (a, b) { return a.size - b.size; });
        var found = [];
        sets[0].forEach(function (s, id) {
          for (var i = 1; i < sets.length; i++) {
            var o = sets[i].get(id);
            if (o === undefined) return;
            s += o;
          }
          found.push([id, s]);
        });
        // One letter finds only one-letter words of titles: with none, ask for more.
        if (!found.length && terms.every(function (w) { return Array.from(w).length < 2; })) {
          list.textContent = "";
          results = [];
          close();
          if (status) status.textContent = "Type two letters or more to search";
          return;
        }
        found.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
        var top = found.slice(0, 12);
        var shards = {};
        top.forEach(function (f) { shards["e" + shardOf(f[0])] = 1; });
        parts(Object.keys(shards), function (ok2) {
          if (mine !== seq) return;
          if (!ok2) { unavailable(); return; }
          var shown = top.map(function (f) { return { d: entry(f[0]) }; }).filter(function (r) { return r.d; });
          show(shown, terms, q);
        });
      });
    }

    function show(shown, terms, q) {
      list.textContent = "";
      results = shown;
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (!q) { close(); if (status) status.textContent = ""; return; }
      if (!shown.length) {
        var none = el("li", "sr-empty", "No matches for “" + q + "”");
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
        li.setAttribute("data-url", r.d.url);
        var t = el("span", "sr-title");
        highlight(t, r.d.title, terms);
        li.appendChild(t);
        li.appendChild(el("span", "sr-kind", r.d.kind));
        if (r.d.text) li.appendChild(el("span", "sr-text", r.d.text));
        var near = r.d.body ? snippet(r.d.body, terms) : "";
        if (near) {
          var sn = el("span", "sr-snippet");
          highlight(sn, near, terms);
          li.appendChild(sn);
        }
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
        li.addEventListener("click", function () { go(i); });
        list.appendChild(li);
      });
      list.hidden = false;
      // Anchored to the box's right edge; when the header wraps and the box
      // sits at the left, that would open the list off the screen.
      list.classList.toggle("search-results-left", box.getBoundingClientRect().right < list.offsetWidth);
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

  /* ───────────── Filters (dashboard, attention page) ─────────────
     form[data-filters] holds the choices; the page address holds the filter
     (?owner=…&segment=…). The data (window.PLANFOLIO_FILTER) loads from
     filter-data.js only when the reader uses the filter or arrives with one.
     Amounts in it are the ones the build added into its totals; this only
     sums them, and puts the page back as built when the filter is cleared. */
  var FILTER_KEYS = ["owner", "manager", "industry", "segment", "currency", "key"];

  // Loads a generated data script once (a script, so file:// works too);
  // callers waiting for the same one are all called back.
  var pendingScripts = {};
  function loadScript(name, global, then, fail) {
    if (window[global]) { then(); return; }
    if (pendingScripts[name]) { pendingScripts[name].push([then, fail]); return; }
    pendingScripts[name] = [[then, fail]];
    function done(ok) {
      var waiting = pendingScripts[name];
      delete pendingScripts[name];
      waiting.forEach(function (w) { (ok ? w[0] : w[1])(); });
    }
    var script = document.createElement("script");
    script.src = root + name;
    script.onload = function () { done(!!window[global]); };
    script.onerror = function () { done(false); };
    document.head.appendChild(script);
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : (many || one + "s")); }

  function initFilters() {
    var form = document.querySelector("form[data-filters]");
    if (!form || !window.history || !window.URLSearchParams) return;
    form.hidden = false;
    var status = form.querySelector("[data-filter-status]");
    var initialStatus = status ? status.textContent : "";
    var data = null;
    var kept = [];
    // Counts filters applied, so a slow rows file never fills in an old one.
    var applied = 0;

    // Every element the filter changes keeps its built content, to restore.
    function keep(e) {
      if (!e.hasAttribute("data-kept")) {
        e.setAttribute("data-kept", "");
        kept.push([e, e.innerHTML, e.hidden]);
      }
      return e;
    }
    function restore() {
      kept.forEach(function (k) { k[0].innerHTML = k[1]; k[0].hidden = k[2]; k[0].removeAttribute("data-kept"); });
      kept = [];
      Array.prototype.forEach.call(document.querySelectorAll("[data-out]"), function (e) { e.removeAttribute("data-out"); });
      if (status) status.textContent = initialStatus;
    }

    function load(then) {
      if (data) { then(); return; }
      form.setAttribute("aria-busy", "true");
      loadScript("filter-data.js", "PLANFOLIO_FILTER", function () {
        form.removeAttribute("aria-busy");
        if (!data) data = prepare(window.PLANFOLIO_FILTER);
        then();
      }, function () {
        form.removeAttribute("aria-busy");
        if (status) status.textContent = "The filter is not available";
      });
    }

    function prepare(d) {
      var people = d.people.map(function (p) { return { id: p[0], name: p[1], chain: p[2] }; });
      var accounts = d.accounts.map(function (a) {
        var owner = a[1] >= 0 ? people[a[1]] : null;
        return {
          id: a[0], owner: owner ? owner.id : "",
          managers: owner ? owner.chain.map(function (i) { return people[i].id; }) : [],
          segment: d.segments[a[2]], industry: d.industries[a[3]][0], currency: d.currencies[a[4]],
          converted: a[5] === 1, set: a[6], amounts: a[7], deals: a[8], stale: a[9], overdue: a[10],
          findings: a[11].map(function (c) { return d.codes[c]; }),
          stages: a[12], weightedStages: a[13]
        };
      });
      var members = d.members.map(function (m) {
        var p = people[m[0]];
        return { id: p.id, managers: p.chain.map(function (i) { return people[i].id; }), code: d.codes[m[1]] };
      });
      return { raw: d, accounts: accounts, members: members };
    }

    function fromAddress() {
      var q = new URLSearchParams(window.location.search), f = {};
      FILTER_KEYS.forEach(function (k) { var v = q.get(k); if (v) f[k] = v; });
      return f;
    }
    function fromForm() {
      var f = {};
      FILTER_KEYS.forEach(function (k) {
        var c = form.elements[k];
        if (!c) return;
        var v = c.type === "checkbox" ? (c.checked ? "1" : "") : c.value;
        if (v) f[k] = v;
      });
      return f;
    }
    function toForm(f) {
      FILTER_KEYS.forEach(function (k) {
        var c = form.elements[k];
        if (!c) return;
        if (c.type === "checkbox") c.checked = !!f[k];
        else c.value = f[k] || "";
      });
    }
    function address(f) {
      var q = new URLSearchParams();
      FILTER_KEYS.forEach(function (k) { if (f[k]) q.set(k, f[k]); });
      var s = q.toString();
      return window.location.pathname + (s ? "?" + s : "") + window.location.hash;
    }
    function empty(f) { return Object.keys(f).length === 0; }

    function matches(f, a) {
      return (!f.owner || a.owner === f.owner) &&
        (!f.manager || a.managers.indexOf(f.manager) >= 0) &&
        (!f.industry || a.industry === f.industry) &&
        (!f.segment || a.segment === f.segment) &&
        (!f.currency || a.currency === f.currency) &&
        (!f.key || a.segment === "key");
    }
    // A team member's own finding (owner overload): only owner and manager apply.
    function memberMatches(f, m) {
      if (f.industry || f.segment || f.currency || f.key) return false;
      return (!f.owner || m.id === f.owner) && (!f.manager || m.managers.indexOf(f.manager) >= 0);
    }

    /* Sums, as derive's Total: converted amounts apart from each currency without a rate. */
    function total(accounts) {
      var n = data.raw.fields.length;
      function blank() { return { sums: new Array(n).fill(0), set: 0, deals: [0, 0, 0, 0, 0], accounts: 0, key: 0, stale: 0, overdue: 0 }; }
      var t = blank(), un = {}, order = [];
      accounts.forEach(function (a) {
        t.accounts += 1;
        if (a.segment === "key") t.key += 1;
        t.stale += a.stale;
        t.overdue += a.overdue;
        t.set |= a.set;
        var into = t;
        if (!a.converted) {
          if (!un[a.currency]) { un[a.currency] = blank(); order.push(a.currency); }
          into = un[a.currency];
          into.set |= a.set;
        }
        for (var i = 0; i < n; i++) into.sums[i] += a.amounts[i];
        for (var s = 0; s < 5; s++) into.deals[s] += a.deals[s];
      });
      order.sort();
      t.unconverted = order.map(function (c) { un[c].currency = c; return un[c]; });
      return t;
    }
    var SET_OF = { prior_year_actual: 1, annual_target: 2, revenue_goal_minimum: 4, revenue_goal_just_right: 4, revenue_goal_aspirational: 4 };
    function amount(t, field) {
      var i = data.raw.fields.indexOf(field);
      var bit = SET_OF[field];
      return bit && !(t.set & bit) ? null : t.sums[i];
    }
    // `v` with `d` decimals as the build writes it: an exact tie rounds to
    // even there, where toFixed rounds it up.
    function fixed(v, d) {
      var m = Math.pow(10, d), scaled = Math.abs(v) * m, down = Math.floor(scaled);
      if (scaled - down === 0.5 && down % 2 === 0) return (v < 0 ? "-" : "") + (down / m).toFixed(d);
      return v.toFixed(d);
    }
    function short(x, cur) {
      if (x == null) return "not set";
      var a = Math.abs(x), v = x, unit = "";
      if (a >= 1e9) { v = x / 1e9; unit = "B"; } else if (a >= 1e6) { v = x / 1e6; unit = "M"; } else if (a >= 1e3) { v = x / 1e3; unit = "K"; }
      var text;
      if (!unit || Math.abs(v) >= 100) text = fixed(v, 0);
      else if (Math.abs(v) >= 10) text = fixed(v, 1).replace(/\.0$/, "");
      else text = fixed(v, 2).replace(/0+$/, "").replace(/\.$/, "");
      var prefix = data.raw.prefixes[cur];
      if (prefix == null) prefix = cur + " ";
      return (x < 0 && /[1-9]/.test(text) ? "-" : "") + prefix + text.replace(/^-/, "") + unit;
    }
    function open(t) { return t.deals[0] + t.deals[1] + t.deals[2]; }
    function pct(x) { return Math.round(x * 1000) / 10 + 0; }
    function attainment(t) {
      var target = t.sums[data.raw.fields.indexOf("annual_target")];
      return target > 0 ? pct(t.sums[data.raw.fields.indexOf("secured")] / target) : null;
    }
    function unconvertedSpans(target, t, field, deals) {
      t.unconverted.forEach(function (u) {
        var x = amount(u, field);
        if (x == null) return;
        var text = "+ " + short(x, u.currency) + " not converted";
        if (deals) text += " · " + plural(deals(u), "deal");
        target.appendChild(document.createTextNode(" "));
        target.appendChild(el("span", "unconverted", text));
      });
    }
    function meterInto(target, p, label) {
      var wrap = el("span", "meter-wrap");
      var bar = el("span", "meter" + (p >= 100 ? " meter-full" : p < 50 ? " meter-low" : ""));
      bar.setAttribute("aria-hidden", "true");
      var fill = el("span", "meter-fill");
      fill.style.width = Math.round(p) + "%";
      bar.appendChild(fill);
      var num = el("span", "meter-num", Math.round(p) + "%");
      num.appendChild(el("span", "visually-hidden", " " + label));
      wrap.appendChild(bar);
      wrap.appendChild(num);
      target.appendChild(wrap);
    }
    function setText(sel, text) {
      var e = document.querySelector(sel);
      if (e) keep(e).textContent = text;
      return e;
    }

    function kpis(t) {
      var box = document.querySelector("[data-kpis]");
      if (!box) return;
      var cur = data.raw.currency;
      data.raw.fields.forEach(function (f) { setText("[data-kpis] [data-t=" + f + "]", short(amount(t, f), cur)); });
      var py = amount(t, "prior_year_actual"), tg = amount(t, "annual_target");
      var growth = setText("[data-kpis] [data-t=target_growth]", tg == null ? "not set" : "");
      if (growth && tg != null) growth.textContent = py != null && py > 0 ? (tg / py - 1 >= 0 ? "+" : "") + pct(tg / py - 1) + "% on prior year" : short(tg, cur);
      var att = attainment(t);
      var ae = document.querySelector("[data-kpis] [data-t=attainment]");
      if (ae) {
        keep(ae).textContent = "";
        if (att == null) ae.textContent = "no annual target set";
        else { ae.appendChild(el("strong", null, att + "%")); ae.appendChild(document.createTextNode(" of annual target")); }
      }
      var me = document.querySelector("[data-kpis] [data-t=attainment_meter]");
      if (me) { keep(me).textContent = ""; if (att != null) meterInto(me, att, "of annual target secured"); }
      setText("[data-kpis] [data-t=secured_deals]", plural(t.deals[3], "deal"));
      setText("[data-kpis] [data-t=open_deals]", plural(open(t), "open opportunity", "open opportunities"));
      Array.prototype.forEach.call(box.querySelectorAll("[data-u]"), function (u) {
        keep(u).textContent = "";
        var d = u.getAttribute("data-deals");
        unconvertedSpans(u, t, u.getAttribute("data-u"), d === "secured_deals" ? function (x) { return x.deals[3]; } : d === "open_deals" ? open : null);
      });
      var note = box.querySelector("[data-t=unconverted_note]");
      if (note) {
        keep(note).hidden = t.unconverted.length === 0;
        var strong = note.querySelector("strong");
        var lead = note.firstChild && note.childNodes.length > 1 ? note.childNodes[1].textContent : "";
        note.textContent = "";
        note.appendChild(strong ? strong.cloneNode(true) : el("strong", null, "Not converted."));
        note.appendChild(document.createTextNode(lead.replace(/\s*$/, "")));
        t.unconverted.forEach(function (u, i) {
          var c = u.currency;
          note.appendChild(document.createTextNode(" "));
          note.appendChild(el("span", "unconverted-set", c + ": prior year " + short(amount(u, "prior_year_actual"), c) +
            ", annual target " + short(amount(u, "annual_target"), c) +
            ", secured " + short(amount(u, "secured"), c) + " (" + plural(u.deals[3], "deal") + ")" +
            ", open pipeline " + short(amount(u, "open_pipeline"), c) + " (" + plural(open(u), "deal") + ")" +
            ", weighted pipeline " + short(amount(u, "weighted_pipeline"), c)));
          note.appendChild(document.createTextNode(i === t.unconverted.length - 1 ? "." : ";"));
        });
      }
    }

    // "Opportunities by stage": converted values only, as the build shows it.
    function stages(shown) {
      var rows = document.querySelectorAll("tr[data-stage]");
      if (!rows.length) return;
      var value = [0, 0, 0, 0, 0], weighted = [0, 0, 0, 0, 0], count = [0, 0, 0, 0, 0];
      shown.forEach(function (a) {
        if (!a.converted) return;
        for (var i = 0; i < 5; i++) { value[i] += a.stages[i]; weighted[i] += a.weightedStages[i]; count[i] += a.deals[i]; }
      });
      var max = Math.max.apply(null, value), cur = data.raw.currency;
      Array.prototype.forEach.call(rows, function (tr, i) {
        var c = tr.querySelector("[data-f=count]"), v = tr.querySelector("[data-f=value]"), w = tr.querySelector("[data-f=weighted]");
        var fill = tr.querySelector(".hbar-fill");
        if (c) keep(c).textContent = "(" + count[i] + ")";
        if (v) keep(v).textContent = short(value[i], cur);
        if (w && tr.getAttribute("data-stage") !== "lost") keep(w).textContent = short(weighted[i], cur);
        if (fill) {
          keep(fill.parentNode);
          fill.style.width = (max > 0 ? Math.round(10000 * value[i] / max) / 100 : 0) + "%";
        }
      });
    }

    var GROUP_OF = {
      owner: function (a) { return a.owner ? [a.owner] : []; },
      manager: function (a) { return a.managers; },
      segment: function (a) { return [a.segment]; },
      industry: function (a) { return [a.industry]; }
    };
    function rollups(shown) {
      Array.prototype.forEach.call(document.querySelectorAll("table[data-rollup]"), function (table) {
        var keyOf = GROUP_OF[table.getAttribute("data-rollup")];
        if (!keyOf) return;
        var groups = {};
        shown.forEach(function (a) {
          keyOf(a).forEach(function (k) { (groups[k] = groups[k] || []).push(a); });
        });
        Array.prototype.forEach.call(table.querySelectorAll("tbody tr[data-key]"), function (tr) {
          var list = groups[tr.getAttribute("data-key")];
          keep(tr).hidden = !list;
          if (!list) return;
          var t = total(list), cur = data.raw.currency;
          Array.prototype.forEach.call(tr.querySelectorAll("[data-f]"), function (td) {
            var f = td.getAttribute("data-f");
            keep(td).textContent = "";
            if (f === "accounts") {
              td.textContent = t.accounts;
              if (t.key) { td.appendChild(document.createTextNode(" ")); td.appendChild(el("span", "sub-inline", "(" + t.key + " key)")); }
            } else if (f === "attainment") {
              var att = attainment(t);
              if (att == null) td.appendChild(el("span", "muted", "no target"));
              else meterInto(td, att, "of annual target secured");
            } else {
              td.textContent = short(amount(t, f), cur);
              unconvertedSpans(td, t, f, null);
            }
          });
          // The group's stale plans and overdue actions, among those shown.
          var th = tr.querySelector("th");
          if (!th) return;
          var flags = th.querySelector(".sub");
          if (flags) keep(th).removeChild(flags);
          if (!t.stale && !t.overdue) return;
          flags = el("span", "sub");
          if (t.stale) { flags.appendChild(el("span", "flag flag-stale", t.stale + " stale")); flags.appendChild(document.createTextNode(" ")); }
          if (t.overdue) flags.appendChild(el("span", "flag flag-overdue", t.overdue + " overdue"));
          keep(th).appendChild(flags);
        });
      });
    }

    function accountTable(f, shown) {
      var body = document.querySelector(".accounts-table tbody");
      if (!body) return;
      var ids = {};
      shown.forEach(function (a) { ids[a.id] = true; });
      var note = document.querySelector("[data-more-note]");
      if (!form.hasAttribute("data-rows-file")) {
        Array.prototype.forEach.call(body.rows, function (tr) {
          if (!ids[tr.getAttribute("data-id")]) tr.setAttribute("data-out", "");
        });
        return;
      }
      // A large portfolio: the page lists some accounts; the rows of those
      // the filter matches come from filter-rows.js.
      if (note) keep(note).hidden = true;
      var mine = applied;
      loadScript("filter-rows.js", "PLANFOLIO_ROWS", function () {
        if (mine !== applied) return;
        keep(body);
        var html = shown.map(function (a) { return window.PLANFOLIO_ROWS[a.id] || ""; }).join("");
        body.innerHTML = html;
        Array.prototype.forEach.call(body.rows, function (r, i) { r.setAttribute("data-order", i); });
      }, function () { if (status) status.textContent += " (the account list is not available)"; });
    }

    function attention(f, shown) {
      var ids = {};
      shown.forEach(function (a) { ids[a.id] = true; });
      var counts = {};
      shown.forEach(function (a) { a.findings.forEach(function (c) { counts[c] = (counts[c] || 0) + 1; }); });
      data.members.forEach(function (m) { if (memberMatches(f, m)) counts[m.code] = (counts[m.code] || 0) + 1; });
      Array.prototype.forEach.call(document.querySelectorAll("li.finding"), function (li) {
        var acc = li.getAttribute("data-account"), mem = li.getAttribute("data-member");
        var ok = acc ? !!ids[acc] : mem ? data.members.some(function (m) { return m.id === mem && memberMatches(f, m); }) : true;
        if (ok) li.removeAttribute("data-out"); else li.setAttribute("data-out", "");
      });
      Array.prototype.forEach.call(document.querySelectorAll("section.attention-section"), function (sec) {
        var code = sec.id, n;
        if (code === "changed-since-approval") n = sec.querySelectorAll("li.finding:not([data-out])").length;
        else n = counts[code] || 0;
        keep(sec).hidden = n === 0;
        var badge = sec.querySelector("h2 .count-badge");
        if (badge) badge.textContent = n;
      });
      var totalEl = document.querySelector("[data-findings-total]");
      if (totalEl) {
        var sum = 0;
        Array.prototype.forEach.call(document.querySelectorAll("section.attention-section[id]"), function (sec) {
          if (sec.id !== "changed-since-approval") sum += counts[sec.id] || 0;
        });
        keep(totalEl).textContent = plural(sum, "finding") + " of the accounts shown";
      }
      Array.prototype.forEach.call(document.querySelectorAll(".attention-index a[href^='#']"), function (a) {
        var n = counts[a.getAttribute("href").slice(1)] || 0;
        var li = a.parentNode;
        keep(li).hidden = n === 0;
        var badge = a.querySelector(".count-badge");
        if (badge) badge.textContent = n;
      });
    }

    function apply(f) {
      applied += 1;
      if (empty(f)) { restore(); return; }
      if (!data) { load(function () { apply(fromForm()); }); return; }
      restore();
      var shown = data.accounts.filter(function (a) { return matches(f, a); });
      if (status) status.textContent = "Showing " + shown.length + " of " + data.accounts.length + " accounts";
      var ids = {};
      shown.forEach(function (a) { ids[a.id] = true; });
      // A matrix dot is a link to its plan: the id is in the address.
      Array.prototype.forEach.call(document.querySelectorAll("svg.matrix a[href]"), function (a) {
        var id = /(?:^|\/)accounts\/([^\/]+)\/index\.html$/.exec(a.getAttribute("href"));
        if (id && !ids[id[1]]) a.setAttribute("data-out", "");
      });
      kpis(total(shown));
      stages(shown);
      rollups(shown);
      accountTable(f, shown);
      attention(f, shown);
    }

    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    form.addEventListener("focusin", function () { load(function () {}); });
    form.addEventListener("change", function () {
      var f = fromForm();
      window.history.pushState(f, "", address(f));
      apply(f);
    });
    var clear = form.querySelector("[data-filter-clear]");
    if (clear) clear.addEventListener("click", function (ev) {
      ev.preventDefault();
      toForm({});
      window.history.pushState({}, "", address({}));
      apply({});
    });
    window.addEventListener("popstate", function () {
      var f = fromAddress();
      toForm(f);
      apply(f);
    });
    var start = fromAddress();
    if (!empty(start)) { toForm(start); apply(start); }
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

  /* A print button on the one-page plan and the review pack. */
  function initPrintButtons() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (b) {
      b.hidden = false;
      b.addEventListener("click", function () { window.print(); });
    });
  }

  function init() {
    initSearch();
    initPrintButtons();
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), initSortable);
    collapseNarrow();
    initPlanNav();
    initPrint();
    initFilters();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
