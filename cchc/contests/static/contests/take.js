// The contest paper: a countdown from the server's remaining seconds (announced to screen readers at 10, 5 and 1
// minutes), autosave every 30 s and shortly after each change, and handing in the paper when time is up. The
// server keeps its own clock: this script only helps the taker.
(function () {
  "use strict";
  var form = document.getElementById("paper");
  var timer = document.getElementById("timer");
  if (!form || !timer) { return; }
  var status = document.getElementById("save-status");
  var announce = document.getElementById("timer-announce");
  var seq = parseInt(form.dataset.seq || "0", 10);
  var deadline = Date.now() + parseInt(timer.dataset.remaining || "0", 10) * 1000;
  var dirty = false, saving = false, submitted = false, changeTimer = null;
  var announced = {};

  function two(n) { return (n < 10 ? "0" : "") + n; }
  function label(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + " phút " + two(s) + " giây";
  }
  function tick() {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    timer.querySelector("strong").textContent = label(left);
    [600, 300, 60].forEach(function (mark) {
      if (left <= mark && left > mark - 5 && !announced[mark]) {
        announced[mark] = true;
        announce.textContent = "Còn " + (mark / 60) + " phút.";
      }
    });
    if (left <= 60) { timer.classList.add("ending"); }
    if (left === 0 && !submitted) {
      submitted = true;
      announce.textContent = "Hết giờ: bài đang được nộp.";
      var confirmed = document.createElement("input");  // time is up: no confirmation page (core.confirm)
      confirmed.type = "hidden"; confirmed.name = form.dataset.confirmField; confirmed.value = "1";
      form.appendChild(confirmed);
      form.submit();
    }
  }
  function save() {
    if (saving || submitted || !dirty) { return; }
    saving = true; dirty = false; seq += 1;
    var data = new FormData(form);
    data.set("seq", String(seq));
    fetch(form.dataset.saveUrl, {method: "POST", body: data, headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (body) {
        if (body.saved) { status.textContent = "Đã lưu lúc " + new Date().toLocaleTimeString("vi-VN"); }
        else { status.textContent = body.error || body.reason || "Chưa lưu được."; }
        if (typeof body.remaining === "number") { deadline = Date.now() + body.remaining * 1000; }
      })
      .catch(function () { dirty = true; status.textContent = "Mất kết nối: sẽ lưu lại khi có mạng."; })
      .finally(function () { saving = false; });
  }
  form.addEventListener("change", function () {
    dirty = true;
    clearTimeout(changeTimer);
    changeTimer = setTimeout(save, 2000);
  });
  form.addEventListener("submit", function () { submitted = true; });
  setInterval(tick, 1000);
  setInterval(save, 30000);
  tick();
})();
