/* Progressive enhancement only: every page works without it.
   1. Each table cell learns its column's name (data-label), shown above it when tables become cards on phones.
   2. A form is sent once: a second click (or Enter) while it is being sent does nothing.
   3. Forms marked data-autosave keep what is typed in this browser until the server has saved it, so a session
      that expired, a closed tab or a lost connection loses nothing: the page offers the text back; with
      data-autosave-url the text is also saved on the server in the background.
   4. An error summary takes the focus, so keyboard and screen-reader users hear it first. */
(function () {
  "use strict";
  function labelTables(root) {
    root.querySelectorAll("table").forEach(function (table) {
      var heads = table.querySelectorAll("thead th");
      if (!heads.length) return;
      var names = Array.prototype.map.call(heads, function (th) { return th.textContent.trim(); });
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        var col = 0;
        Array.prototype.forEach.call(tr.children, function (cell) {
          if (!cell.hasAttribute("data-label") && names[col]) cell.setAttribute("data-label", names[col]);
          col += cell.colSpan || 1;
        });
      });
    });
  }

  function sendOnce(form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sending) { event.preventDefault(); return; }
      form.dataset.sending = "1";
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.setAttribute("aria-disabled", "true"); });
      setTimeout(function () { delete form.dataset.sending; }, 15000);  // let a stalled request be retried
    });
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && /^(TEXTAREA|INPUT|SELECT)$/.test(el.tagName) &&
        !/^(hidden|submit|button|file|password)$/.test(el.type || "");
    });
  }

  function autosave(form) {
    var key = "cchc:nhap:" + form.dataset.autosave;
    var savedAt = Number(form.dataset.savedAt || 0) * 1000;
    var stored = null;
    try { stored = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { stored = null; }
    if (stored && stored.at <= savedAt) { localStorage.removeItem(key); stored = null; }
    if (stored) {
      var changed = fields(form).some(function (el) { return el.name in stored.values && stored.values[el.name] !== el.value; });
      if (changed) {
        var before = {};
        fields(form).forEach(function (el) { before[el.name] = el.value; if (el.name in stored.values) el.value = stored.values[el.name]; });
        var note = document.createElement("div");
        note.className = "draft-notice"; note.setAttribute("role", "status");
        note.innerHTML = "Đã khôi phục nội dung bạn gõ lúc " + new Date(stored.at).toLocaleString("vi-VN") +
          " nhưng chưa được lưu. Hãy bấm lưu để giữ lại. <button type=\"button\" class=\"link\">Bỏ nội dung khôi phục</button>";
        note.querySelector("button").addEventListener("click", function () {
          fields(form).forEach(function (el) { if (el.name in before) el.value = before[el.name]; });
          localStorage.removeItem(key); note.remove();
        });
        form.insertBefore(note, form.firstChild);
      }
    }
    form.addEventListener("input", function () {
      var values = {};
      fields(form).forEach(function (el) { values[el.name] = el.value; });
      try { localStorage.setItem(key, JSON.stringify({ at: Date.now(), values: values })); } catch (e) { /* full or private mode */ }
    });
    if (form.dataset.autosaveUrl) serverAutosave(form);
  }

  /* A form with data-autosave-url also sends what is typed to the server a few seconds after the last keystroke.
     A session that expired answers with the login redirect: the page says so and links to logging in again in a
     new tab; the text stays here and in the server's last copy. */
  function serverAutosave(form) {
    var status = form.querySelector("[data-autosave-status]");
    var timer = null;
    function say(html) { if (status) status.innerHTML = html; }
    function send() {
      var body = new FormData(form);
      body.delete("then");
      fetch(form.dataset.autosaveUrl, {
        method: "POST", body: body, credentials: "same-origin", redirect: "manual",
        headers: { "Accept": "application/json", "X-CSRFToken": body.get("csrfmiddlewaretoken") || "" }
      }).then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 403) {
          say("Phiên đăng nhập đã hết hạn: nội dung vẫn được giữ trên máy này. <a href=\"" + form.dataset.loginUrl +
            "\" target=\"_blank\" rel=\"noopener\">Đăng nhập lại (mở thẻ mới)</a> rồi quay lại đây bấm lưu.");
          return null;
        }
        return response.json().then(function (data) {
          say(data.saved_at ? "Đã tự lưu lúc " + data.saved_at + "." : (data.error || ""));
        });
      }).catch(function () { say("Mất kết nối: nội dung vẫn được giữ trên máy này, sẽ tự lưu lại khi có mạng."); });
    }
    form.addEventListener("input", function () {
      if (timer) clearTimeout(timer);
      timer = setTimeout(send, 4000);
    });
  }

  function enhance(root) {
    labelTables(root);
    root.querySelectorAll("form[method=post]:not([hx-post]), form[method=POST]:not([hx-post])").forEach(sendOnce);
    root.querySelectorAll("form[data-autosave]").forEach(autosave);
    var summary = root.querySelector("[data-focus]");
    if (summary) summary.focus();
  }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSwap", function (e) { labelTables(e.target); });
})();
