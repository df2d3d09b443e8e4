// Web chat: post debtor messages (each with its own id, so a retry is processed once)
// and poll for replies, including an agent's later ones.
(function () {
  "use strict";
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var pollMs = Math.max(250, parseFloat(document.querySelector('meta[name="poll-seconds"]').content) * 1000);
  var root, log, form, input, labels, status;
  var lastId = 0;
  var seen = {};
  // A notice (too fast, link used) stays until a message sent after it goes through:
  // neither a poll nor the late answer to an earlier message takes it away.
  var sent = 0, noticeAt = -1;

  function newId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function send(url, body, attempt) {
    attempt = attempt || 0;
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body)
    }).then(function (r) {
      if (r.status >= 500) { throw new Error("server " + r.status); }
      if (r.status === 429) { return { messages: [], problem: labels.dataset.slow }; }
      if (r.status === 400 || r.status === 410) { return { messages: [], problem: labels.dataset.link }; }
      return r.json();
    }).catch(function (err) {
      if (attempt >= 4) { throw err; }
      status.textContent = labels.dataset.retry;
      return new Promise(function (ok) { window.setTimeout(ok, 800 * (attempt + 1)); })
        .then(function () { return send(url, body, attempt + 1); });
    });
  }

  function bubble(m) {
    if (seen[m.id]) { return; }
    seen[m.id] = true;
    lastId = Math.max(lastId, m.id);
    var div = document.createElement("div");
    div.className = "bubble " + (m.direction === "in" ? "in" : "out") + " " + m.sender;
    div.dataset.id = m.id;
    if (m.direction !== "in" && m.sender === "agent") {
      var who = document.createElement("span");
      who.className = "who";
      who.textContent = labels.dataset.agent;
      div.appendChild(who);
    }
    var text = document.createElement("span");
    text.className = "text";
    text.textContent = m.text;
    div.appendChild(text);
    if (m.buttons && m.buttons.length) {
      // Only the newest choices can be pressed: older ones answer questions already gone.
      log.querySelectorAll(".buttons button").forEach(function (x) { x.disabled = true; });
      var row = document.createElement("div");
      row.className = "buttons";
      m.buttons.forEach(function (b) {
        var btn = document.createElement("button");
        btn.type = "button";
        btn.textContent = b.label;
        btn.addEventListener("click", function () {
          row.querySelectorAll("button").forEach(function (x) { x.disabled = true; });
          post({ text: b.label, payload: b.payload });
        });
        row.appendChild(btn);
      });
      div.appendChild(row);
    }
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
  }

  function show(data, seq) {
    if (data.problem) {
      noticeAt = Math.max(noticeAt, seq === undefined ? sent : seq);
      status.textContent = data.problem;
      status.classList.add("error");
    } else if (seq !== undefined && seq > noticeAt) {
      status.textContent = status.dataset.idle;
      status.classList.remove("error");
    }
    (data.messages || []).forEach(bubble);
  }

  function post(msg) {
    var seq = ++sent;
    msg.message_id = newId();
    return send("/chat/messages?after=" + lastId, msg).then(function (data) { show(data, seq); });
  }

  function poll() {
    fetch("/chat/messages?after=" + lastId, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { messages: [] }; })
      .then(show)
      .catch(function () { /* try again next time */ })
      .finally(function () { window.setTimeout(poll, pollMs); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    root = document.getElementById("chat");
    log = document.getElementById("log");
    form = document.getElementById("composer");
    input = document.getElementById("text");
    labels = document.getElementById("labels");
    status = document.getElementById("chat-status");
    status.dataset.idle = status.textContent;
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var text = input.value.trim();
      if (!text) { return; }
      input.value = "";
      post({ text: text });
    });
    send("/chat/start", {
      account: root.dataset.account || null,
      lang: root.dataset.lang || null,
      link: root.dataset.link || null
    })
      .then(show)
      .finally(function () { window.setTimeout(poll, pollMs); input.focus(); });
  });
})();
