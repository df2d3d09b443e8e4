// Console: keep the queue and the transcript fresh without reloading the page.
(function () {
  "use strict";
  var POLL_MS = 2000;

  function poll(el, onChange) {
    var src = el.getAttribute("data-src");
    var last = el.innerHTML;
    function tick() {
      fetch(src, { headers: { "X-Background": "1" }, credentials: "same-origin" })
        .then(function (r) {
          if (r.redirected || r.status === 401) {
            window.location.href = "/console/login?expired=1";
            return null;
          }
          return r.ok ? r.text() : null;
        })
        .then(function (html) {
          if (html !== null && html !== last) {
            last = html;
            onChange(html);
          }
        })
        .catch(function () { /* offline for a moment: try again next tick */ })
        .finally(function () { window.setTimeout(tick, POLL_MS); });
    }
    window.setTimeout(tick, POLL_MS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var poll_s = document.querySelector('meta[name="poll-seconds"]');
    if (poll_s) { POLL_MS = Math.max(250, parseFloat(poll_s.content) * 1000); }

    var rows = document.getElementById("queue-rows");
    if (rows) {
      poll(rows, function (html) { rows.innerHTML = html; });
    }

    var transcript = document.getElementById("transcript");
    if (transcript) {
      transcript.scrollTop = transcript.scrollHeight;
      poll(transcript, function (html) {
        var atBottom = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 40;
        transcript.innerHTML = html;
        if (atBottom) { transcript.scrollTop = transcript.scrollHeight; }
      });
    }

    var canned = document.getElementById("canned");
    var text = document.getElementById("reply-text");
    if (canned && text) {
      canned.addEventListener("change", function () {
        if (canned.value) { text.value = canned.value; text.focus(); }
      });
    }
  });
})();
