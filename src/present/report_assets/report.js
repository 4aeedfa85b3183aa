/* synfin report: the connection table (sort, narrow, pages) and the
 * segment detail (tree and bytes, a field's bytes highlighted). The page
 * is whole without it: the table and the ladders are plain HTML and SVG. */
(function () {
  "use strict";
  var doc = document;
  var PAGE = 100;   /* REPORT_PAGE_ROWS in report.h */

  /* ---- the connection table ---- */
  function setupTable() {
    var table = doc.getElementById("conns");
    if (!table) return;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var shown = rows, page = 0, sortCol = -1, sortDir = 1;
    var filter = doc.getElementById("conn-filter");
    var pager = doc.getElementById("pager");

    function cellKey(row, col, numeric) {
      var c = row.cells[col];
      var v = c.getAttribute("data-v") || c.textContent;
      return numeric ? parseFloat(v) || 0 : v.toLowerCase();
    }
    function render() {
      var pages = Math.max(1, Math.ceil(shown.length / PAGE));
      if (page >= pages) page = pages - 1;
      var lo = page * PAGE, hi = Math.min(shown.length, lo + PAGE);
      /* The rows of this page, in order, first; the others hidden after them. */
      var frag = doc.createDocumentFragment(), onPage = shown.slice(lo, hi);
      rows.forEach(function (r) { r.hidden = true; r.classList.remove("paged"); });
      onPage.forEach(function (r) { r.hidden = false; r.classList.add("paged"); frag.appendChild(r); });
      body.insertBefore(frag, body.firstChild);
      if (pager) {
        pager.querySelector(".range").textContent = shown.length
          ? (lo + 1) + "\u2013" + hi + " of " + shown.length : "none of " + rows.length;
        pager.querySelector(".prev").disabled = page === 0;
        pager.querySelector(".next").disabled = page >= pages - 1;
      }
    }
    function narrow() {
      var terms = filter ? filter.value.toLowerCase().split(/\s+/).filter(Boolean) : [];
      shown = rows.filter(function (r) {
        var text = r.textContent.toLowerCase();
        return terms.every(function (t) { return text.indexOf(t) >= 0; });
      });
      if (sortCol >= 0) sortShown();
      page = 0;
      render();
    }
    function sortShown() {
      var th = table.tHead.rows[0].cells[sortCol], numeric = th.getAttribute("data-k") === "num";
      shown.sort(function (a, b) {
        var x = cellKey(a, sortCol, numeric), y = cellKey(b, sortCol, numeric);
        return (x < y ? -1 : x > y ? 1 : 0) * sortDir;
      });
    }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      th.addEventListener("click", function () {
        sortDir = sortCol === col ? -sortDir : 1;
        sortCol = col;
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.className = ""; });
        th.className = sortDir > 0 ? "asc" : "desc";
        sortShown();
        render();
      });
    });
    if (filter) filter.addEventListener("input", narrow);
    if (pager) {
      pager.hidden = false;
      pager.querySelector(".prev").addEventListener("click", function () { page--; render(); });
      pager.querySelector(".next").addEventListener("click", function () { page++; render(); });
    }
    render();
  }

  /* ---- a segment's detail ---- */
  /* The details are one JSON object, gzip-compressed and base64-encoded
   * (a tenth of the size): decoded once, on the first use. */
  var frames = null;
  function decode(text) {
    if (!text) return Promise.resolve({});
    if (typeof DecompressionStream === "undefined")
      return Promise.reject(new Error("this browser cannot unpack the details (no DecompressionStream)"));
    var bin = atob(text), u8 = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) u8[i] = bin.charCodeAt(i);
    var stream = new Blob([u8]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse);
  }
  function allFrames() {
    if (!frames) {
      var el = doc.getElementById("frames");
      try {
        frames = decode(el ? el.textContent.trim() : "");
      } catch (e) {
        frames = Promise.reject(e);
      }
    }
    return frames;
  }
  function bytesOf(b64) {
    var s = atob(b64), a = new Array(s.length);
    for (var i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
    return a;
  }
  function hex2(v) { return (v < 16 ? "0" : "") + v.toString(16); }

  /* The bytes as Wireshark's byte view: offset, 16 bytes in hex, the same as text. */
  function hexView(pre, bytes, caplen) {
    pre.textContent = "";
    for (var off = 0; off < bytes.length; off += 16) {
      var line = doc.createDocumentFragment();
      line.appendChild(doc.createTextNode(("000" + off.toString(16)).slice(-4) + "  "));
      var text = [];
      for (var i = 0; i < 16; i++) {
        var k = off + i;
        if (k < bytes.length) {
          var s = doc.createElement("span");
          s.textContent = hex2(bytes[k]);
          s.setAttribute("data-b", k);
          line.appendChild(s);
          var c = bytes[k];
          text.push([k, c >= 32 && c < 127 ? String.fromCharCode(c) : "."]);
        } else {
          line.appendChild(doc.createTextNode("  "));
        }
        line.appendChild(doc.createTextNode(i === 7 ? "  " : " "));
      }
      line.appendChild(doc.createTextNode(" "));
      text.forEach(function (t) {
        var s = doc.createElement("span");
        s.textContent = t[1];
        s.setAttribute("data-b", t[0]);
        line.appendChild(s);
      });
      line.appendChild(doc.createTextNode("\n"));
      pre.appendChild(line);
    }
    if (caplen > bytes.length)
      pre.appendChild(doc.createTextNode("(the first " + bytes.length + " of " + caplen + " bytes)\n"));
  }

  function highlight(aside, off, len, line) {
    Array.prototype.forEach.call(aside.querySelectorAll(".on"), function (e) { e.classList.remove("on"); });
    if (line) line.classList.add("on");
    Array.prototype.forEach.call(aside.querySelectorAll("pre.hex span[data-b]"), function (s) {
      var b = +s.getAttribute("data-b");
      if (b >= off && b < off + len) s.classList.add("on");
    });
  }

  /* Show frame g's detail; the promise resolves once it is drawn. */
  function showFrame(g) {
    var aside = doc.getElementById("detail");
    if (!aside) return Promise.resolve();
    var n = g.getAttribute("data-frame");
    Array.prototype.forEach.call(doc.querySelectorAll("g.seg.sel"), function (e) { e.classList.remove("sel"); });
    g.classList.add("sel");
    aside.querySelector(".title").textContent = "Frame " + n;
    aside.hidden = false;
    var tree = aside.querySelector(".tree"), pre = aside.querySelector("pre.hex");
    tree.textContent = "";
    pre.textContent = "";
    return allFrames().then(function (all) {
      var d = all[n];
      if (!d) {
        tree.textContent = aside.getAttribute("data-none") || "";
        return;
      }
      d[2].forEach(function (l) {
        var div = doc.createElement("div");
        div.textContent = l[0];
        if (l.length > 2) {
          div.setAttribute("data-off", l[1]);
          div.setAttribute("data-len", l[2]);
        }
        tree.appendChild(div);
      });
      hexView(pre, bytesOf(d[1]), d[0]);
    }, function (e) {
      tree.textContent = "The details could not be read: " + e.message;
      throw e;
    });
  }

  function setupDetail() {
    var aside = doc.getElementById("detail");
    if (!aside) return;
    doc.addEventListener("click", function (e) {
      var t = e.target;
      var g = t.closest ? t.closest("g.seg") : null;
      if (g) { showFrame(g).catch(function () {}); return; }   /* the panel says why */
      var line = t.closest ? t.closest(".tree div[data-len]") : null;
      if (line) highlight(aside, +line.getAttribute("data-off"), +line.getAttribute("data-len"), line);
    });
    aside.querySelector("button.close").addEventListener("click", function () { aside.hidden = true; });
    doc.addEventListener("keydown", function (e) { if (e.key === "Escape") aside.hidden = true; });
  }

  /* A link to a segment: #frame-N opens its detail, #frame-N@OFF also
   * highlights the field whose bytes start at OFF (for notes and tests). */
  function openFromHash() {
    var m = /^#frame-(\d+)(?:@(\d+))?$/.exec(location.hash);
    if (!m) return Promise.resolve();
    var g = doc.querySelector('g.seg[data-frame="' + m[1] + '"]');
    if (!g) return Promise.resolve();
    g.scrollIntoView({ block: "center" });
    return showFrame(g).then(function () {
      if (m[2] === undefined) return;
      var aside = doc.getElementById("detail");
      var line = aside.querySelector('.tree div[data-off="' + m[2] + '"]');
      if (line) highlight(aside, +m[2], +line.getAttribute("data-len"), line);
    });
  }

  setupTable();
  setupDetail();
  window.addEventListener("hashchange", function () { openFromHash().catch(function () {}); });
  /* The page's last script marks it ready once this is done. */
  window.synfinReport = { ready: openFromHash() };
})();
