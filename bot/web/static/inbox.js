// Console: live inbox over Server-Sent Events, actions without page reloads, alerts.
(function () {
  "use strict";
  var BASE_TITLE = document.title;
  var lastUnassigned = null;

  function $(id) { return document.getElementById(id); }

  function fetchText(url) {
    return fetch(url, { headers: { "X-Background": "1" }, credentials: "same-origin" })
      .then(function (r) {
        if (r.redirected && r.url.indexOf("/console/login") !== -1) {
          window.location.href = "/console/login?expired=1";
          return null;
        }
        return r.ok ? r.text() : null;
      });
  }

  // ---- alerts: title count, optional sound, desktop notifications ----
  function soundOn() { return window.localStorage.getItem("repaybot.sound") === "1"; }

  function beep() {
    if (!soundOn()) { return; }
    try {
      var ctx = new (window.AudioContext || window.webkitAudioContext)();
      var osc = ctx.createOscillator();
      osc.frequency.value = 880;
      osc.connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.15);
    } catch (e) { /* no audio here */ }
  }

  function notify(text) {
    if (window.Notification && Notification.permission === "granted") {
      try { new Notification("repaybot", { body: text, tag: "repaybot-inbox" }); } catch (e) { /* ignore */ }
    }
  }

  function setTitle(count) {
    document.title = count > 0 ? "(" + count + ") " + BASE_TITLE : BASE_TITLE;
  }

  function takeCounts(container) {
    var row = container.querySelector("tr[data-counts]");
    if (!row) { return; }
    var counts = JSON.parse(row.getAttribute("data-counts"));
    Object.keys(counts).forEach(function (tab) {
      var el = $("count-" + tab);
      if (el) { el.textContent = counts[tab]; }
    });
    var unassigned = counts.unassigned || 0;
    if (lastUnassigned !== null && unassigned > lastUnassigned) {
      beep();
      notify(row.getAttribute("data-new-text") || "");
    }
    lastUnassigned = unassigned;
    setTitle(unassigned);
  }

  function refreshRows() {
    var rows = $("queue-rows");
    if (!rows) { return Promise.resolve(); }
    return fetchText(rows.getAttribute("data-src")).then(function (html) {
      if (html !== null) { rows.innerHTML = html; takeCounts(rows); }
    });
  }

  function refreshTranscript() {
    var t = $("transcript");
    if (!t) { return Promise.resolve(); }
    return fetchText(t.getAttribute("data-src")).then(function (html) {
      if (html === null) { return; }
      var atBottom = t.scrollHeight - t.scrollTop - t.clientHeight < 40;
      t.innerHTML = html;
      if (atBottom) { t.scrollTop = t.scrollHeight; }
    });
  }

  function refreshCounts() {
    return fetchText("/console/queue/counts").then(function (html) {
      if (html === null) { return; }
      var box = document.createElement("tbody");
      box.innerHTML = html;
      takeCounts(box);
    });
  }

  // ---- live events ----
  function listen() {
    if (!window.EventSource) { return; }
    var here = document.querySelector(".conversation[data-conversation]");
    var convId = here ? parseInt(here.getAttribute("data-conversation"), 10) : null;
    var source = new EventSource("/console/events");
    function onEvent(e) {
      var data = {};
      try { data = JSON.parse(e.data); } catch (err) { /* keep {} */ }
      if ($("queue-rows")) { refreshRows(); } else { refreshCounts(); }
      if (convId !== null && data.conversation_id === convId) {
        if (e.type === "assignee.changed" || e.type === "conversation.status_changed") {
          var mine = here.getAttribute("data-acting") === "1";
          // load the conversation afresh (GET): reloading a page that answered a refused
          // form would post that form again, now perhaps allowed
          if (!mine) { window.location.replace("/console/c/" + convId); return; }
        }
        refreshTranscript();
      }
      if (e.type === "conversation.created" && data.priority === 0) {
        var texts = $("alert-texts");
        notify(texts ? texts.getAttribute("data-top-priority") : "");
      }
    }
    ["conversation.created", "message.created", "message.updated",
     "conversation.status_changed", "assignee.changed"].forEach(function (name) {
      source.addEventListener(name, onEvent);
    });
    source.addEventListener("ready", function () { document.body.setAttribute("data-live", "1"); });
  }

  // ---- actions without reloads ----
  function showError(form, html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var err = doc.getElementById("action-error") || doc.querySelector(".error[role=alert]");
    var box = $("action-error-live");
    if (box) {
      box.textContent = err ? err.textContent : "";
      box.hidden = !err;
    }
  }

  function ajaxSubmit(form) {
    var here = window.location.pathname;
    var body = new FormData(form);
    return fetch(form.action, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) {
        var target = new URL(r.url).pathname;
        if (r.ok && target !== here) { window.location.href = r.url; return; }
        return r.text().then(function (html) {
          showError(form, r.ok ? "" : html);
          if (r.ok) {
            var text = form.querySelector("textarea");
            if (text) { text.value = ""; text.focus(); }
          }
          refreshTranscript();
          refreshRows();
        });
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    // Only for a signed-in user (the sign-in page uses this layout too).
    if (!document.querySelector('form[action="/console/logout"]')) { return; }
    setTitle(0);
    var rows = $("queue-rows");
    if (rows) { takeCounts(rows); } else { refreshCounts(); }
    var transcript = $("transcript");
    if (transcript) { transcript.scrollTop = transcript.scrollHeight; }
    listen();
    // a slow safety net in case the stream is blocked by a proxy
    window.setInterval(function () { refreshRows(); refreshTranscript(); }, 30000);

    Array.prototype.forEach.call(document.querySelectorAll("form[data-ajax]"), function (form) {
      form.addEventListener("submit", function (e) { e.preventDefault(); ajaxSubmit(form); });
    });

    var text = $("reply-text");
    if (text) {
      text.addEventListener("keydown", function (e) {
        if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
          e.preventDefault();
          if (text.value.trim()) { ajaxSubmit(text.form); }
        }
      });
    }
    var canned = $("canned");
    if (canned && text) {
      canned.addEventListener("change", function () {
        if (canned.value) { text.value = canned.value; text.focus(); }
      });
    }

    var presence = $("presence");
    if (presence) {
      presence.addEventListener("change", function () {
        var body = new FormData(presence.form);
        fetch(presence.form.action, { method: "POST", body: body, credentials: "same-origin" });
      });
    }
    var sound = $("alert-sound");
    if (sound) {
      sound.checked = soundOn();
      sound.addEventListener("change", function () {
        window.localStorage.setItem("repaybot.sound", sound.checked ? "1" : "0");
      });
    }
    var desktop = $("alert-desktop");
    if (desktop && window.Notification) {
      desktop.hidden = Notification.permission === "granted";
      desktop.addEventListener("click", function () {
        Notification.requestPermission().then(function () {
          desktop.hidden = Notification.permission === "granted";
        });
      });
    }
  });
})();
