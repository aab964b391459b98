// rungs: progressive enhancement only. Every page works without this script; it adds search on
// the static site (from the embedded index in search-index.js), the compare form's jump to a
// pre-rendered page, arrow keys between rungs, examples opened for printing, and a sign that the
// matrix grid scrolls sideways when it is wider than the window.
(function () {
  "use strict";

  function fold(text) {
    return text.toLowerCase()
      .replace(/[\u2018\u2019]/g, "'")
      .replace(/[\u201c\u201d]/g, '"');
  }

  // `text` into `parent`, with the places where `words` (folded) occur in a <mark>, as the
  // server marks them. Folded one UTF-16 unit at a time, so positions line up with `text`.
  function appendMarked(parent, text, words) {
    var folded = "";
    for (var i = 0; i < text.length; i++) {
      var one = fold(text[i]);
      folded += one.length === 1 ? one : text[i];
    }
    var marked = new Array(text.length).fill(false);
    words.forEach(function (word) {
      for (var at = folded.indexOf(word); at >= 0; at = folded.indexOf(word, at + 1)) {
        for (var k = at; k < at + word.length; k++) marked[k] = true;
      }
    });
    var start = 0;
    for (var j = 1; j <= text.length; j++) {
      if (j < text.length && marked[j] === marked[start]) continue;
      var piece = text.slice(start, j);
      if (marked[start]) {
        var mark = document.createElement("mark");
        mark.textContent = piece;
        parent.appendChild(mark);
      } else {
        parent.appendChild(document.createTextNode(piece));
      }
      start = j;
    }
  }

  function rootOf(script) {
    // The script's own URL tells where the site root is, on a server and on file:// alike.
    var src = script.getAttribute("src") || "";
    return src.replace(/assets\/app\.js$/, "");
  }

  function runSearch(root) {
    var results = document.getElementById("results");
    if (!results || results.children.length > 0 || !window.RUNGS_SEARCH) return;
    var params = new URLSearchParams(window.location.search);
    var query = (params.get("q") || "").trim();
    var input = document.getElementById("search-q");
    if (input && query) input.value = query;
    render(query);
    if (input) {
      input.addEventListener("input", function () { render(input.value.trim()); });
    }

    function render(q) {
      results.textContent = "";
      if (!q) return;
      var words = fold(q).split(/\s+/).filter(Boolean);
      var hits = [];
      var total = 0;
      window.RUNGS_SEARCH.forEach(function (entry) {
        var haystack = entry[5];
        for (var i = 0; i < words.length; i++) {
          if (haystack.indexOf(words[i]) < 0) return;
        }
        total++;
        if (hits.length < 200) hits.push(entry);
      });
      var summary = document.createElement("p");
      summary.className = "summary";
      summary.textContent = total === 0 ? "No criteria match." :
        total === hits.length ? total + (total === 1 ? " match" : " matches") :
        total + " matches; the first " + hits.length + " are shown";
      results.appendChild(summary);
      var list = document.createElement("ol");
      list.className = "hits";
      hits.forEach(function (entry) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = root + entry[3];
        appendMarked(link, entry[4], words);
        var where = document.createElement("span");
        where.className = "where";
        where.textContent = entry[0] + " \u00b7 " + entry[1] + " \u00b7 " + entry[2];
        item.appendChild(link);
        item.appendChild(where);
        list.appendChild(item);
      });
      results.appendChild(list);
    }
  }

  function enhanceCompare() {
    var form = document.querySelector("form[data-compare]");
    if (!form) return;
    form.addEventListener("submit", function (event) {
      var from = form.elements.from, to = form.elements.to;
      event.preventDefault();
      var old = form.querySelector(".error");
      if (old) old.remove();
      if (from.selectedIndex >= to.selectedIndex) {
        var error = document.createElement("p");
        error.className = "error";
        error.setAttribute("role", "alert");
        error.textContent = "Pick a lower rung for From than for To.";
        form.appendChild(error);
        return;
      }
      // The pair's page is in compare/ beside the compare.html the form asks, from the picker
      // and from a compare page alike.
      window.location.href = new URL("compare/" + encodeURIComponent(from.value) + ".." +
        encodeURIComponent(to.value) + ".html", form.action).href;
    });
  }

  function arrowKeysBetweenRungs() {
    var links = Array.prototype.slice.call(document.querySelectorAll(".rungs a"));
    var current = links.findIndex(function (a) { return a.getAttribute("aria-current") === "page"; });
    if (current < 0) return;
    document.addEventListener("keydown", function (event) {
      var tag = (event.target && event.target.tagName) || "";
      if (/^(INPUT|SELECT|TEXTAREA)$/.test(tag) || event.altKey || event.ctrlKey || event.metaKey) return;
      var next = event.key === "ArrowRight" ? current + 1 : event.key === "ArrowLeft" ? current - 1 : -1;
      if (next < 0 || next >= links.length) return;
      window.location.href = links[next].href + window.location.hash;
    });
  }

  // A grid wider than its column scrolls by itself: its hint shows, and the edge with more of
  // the grid beyond it is shaded.
  function showScrolling() {
    document.querySelectorAll(".matrix-scroll").forEach(function (outer) {
      var wrap = outer.querySelector(".matrix-wrap");
      if (!wrap) return;
      var hint = document.getElementById(wrap.getAttribute("aria-describedby") || "");
      function update() {
        var max = wrap.scrollWidth - wrap.clientWidth;
        var scrolls = max > 1;
        outer.classList.toggle("more-left", scrolls && wrap.scrollLeft > 1);
        outer.classList.toggle("more-right", scrolls && wrap.scrollLeft < max - 1);
        if (hint) hint.hidden = !scrolls;
      }
      wrap.addEventListener("scroll", update, { passive: true });
      window.addEventListener("resize", update);
      update();
    });
  }

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    var li = document.createElement("li");
    li.appendChild(a);
    return li;
  }

  // On framework pages served by rungs: "Sign in" for visitors, the navigation of the people
  // pages for someone signed in, and their own rung marked. A static copy has no /api/me and
  // keeps the bare header.
  function showAccount() {
    var nav = document.querySelector("nav[data-account]");
    if (!nav || !/^https?:$/.test(location.protocol) || !window.fetch) return;
    fetch("/api/me", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (res) {
        if (res.status === 401) return null;
        if (!res.ok) throw new Error("no account API");
        return res.json();
      })
      .then(function (me) {
        var list = document.createElement("ul");
        if (me === null) {
          list.appendChild(link("/login?next=" + encodeURIComponent(location.pathname), "Sign in"));
          nav.appendChild(list);
          nav.hidden = false;
          return;
        }
        list.appendChild(link("/me", "My progress"));
        if (me.role !== "member") list.appendChild(link("/team", "Team"));
        if (me.role === "admin") list.appendChild(link("/admin", "Admin"));
        nav.appendChild(list);
        var who = document.createElement("span");
        who.className = "who";
        who.textContent = me.name;
        nav.appendChild(who);
        nav.hidden = false;
        markOwnRung(me);
      })
      .catch(function () {});
  }

  function markOwnRung(me) {
    if (!me.framework_id || !me.assigned_rung) return;
    var here = "/f/" + me.framework_id + "/";
    if (location.pathname.indexOf(here) !== 0) return;
    document.querySelectorAll("nav.rungs a").forEach(function (a) {
      var path = new URL(a.href, location.href).pathname;
      if (path !== here + me.assigned_rung + ".html") return;
      var tag = document.createElement("span");
      tag.className = "tag yours";
      tag.textContent = "your rung";
      a.appendChild(document.createTextNode(" "));
      a.appendChild(tag);
    });
  }

  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });

  var script = document.querySelector("script[src$='assets/app.js']");
  var root = script ? rootOf(script) : "";
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  function start() {
    runSearch(root);
    enhanceCompare();
    arrowKeysBetweenRungs();
    showScrolling();
    showAccount();
  }
})();
