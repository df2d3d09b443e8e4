// Admin script editor: keep the line gutter next to the text, jump to a problem's line.
(function () {
  "use strict";

  function lineCount(text) {
    var n = text.split("\n").length;
    return text.endsWith("\n") ? n - 1 : n;
  }

  function goToLine(area, line) {
    var lines = area.value.split("\n");
    var start = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) start += lines[i].length + 1;
    var end = start + (lines[line - 1] || "").length;
    area.focus();
    area.setSelectionRange(start, end);
    area.scrollTop = Math.max(0, (line - 5) * 18);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var area = document.getElementById("source");
    var gutter = document.getElementById("gutter");
    if (!area || !gutter) return;
    area.addEventListener("scroll", function () { gutter.scrollTop = area.scrollTop; });
    area.addEventListener("input", function () {
      var want = lineCount(area.value), have = gutter.children.length;
      for (var n = have + 1; n <= want; n++) {
        var div = document.createElement("div");
        div.className = "ln";
        div.setAttribute("data-line", String(n));
        div.textContent = String(n);
        gutter.appendChild(div);
      }
      while (gutter.children.length > Math.max(1, want)) gutter.removeChild(gutter.lastChild);
    });
    document.querySelectorAll("a.goto").forEach(function (a) {
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        goToLine(area, parseInt(a.getAttribute("data-line"), 10));
      });
    });
    var first = document.querySelector(".gutter .ln.bad");
    if (first) goToLine(area, parseInt(first.getAttribute("data-line"), 10));
    var message = document.getElementById("message");
    if (message && document.getElementById("preview-transcript")) {
      message.focus();
      var t = document.getElementById("preview-transcript");
      t.scrollTop = t.scrollHeight;
    }
  });
})();
