/* Embeddable assistant: <script src="https://HOST/static/assistant/widget.js" async></script> adds a button
   that opens the assistant (served by HOST) in an iframe. No cookies or data of the host page are read. */
(function () {
  var script = document.currentScript;
  if (!script || window.__cchcAssistant) { return; }
  window.__cchcAssistant = true;
  var origin = new URL(script.src).origin;
  var button = document.createElement("button");
  button.type = "button";
  button.textContent = "Hỏi đáp thủ tục";
  button.setAttribute("aria-expanded", "false");
  button.style.cssText = "position:fixed;right:16px;bottom:16px;z-index:2147483000;background:#0b4f8a;color:#fff;" +
    "border:0;border-radius:24px;padding:12px 18px;font:600 15px/1.2 Arial,sans-serif;cursor:pointer;" +
    "box-shadow:0 2px 8px rgba(0,0,0,.25)";
  var frame = null;
  button.addEventListener("click", function () {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.src = origin + "/tro-ly-ao/nhung/";
      frame.title = "Trợ lý ảo thủ tục hành chính";
      frame.style.cssText = "position:fixed;right:16px;bottom:72px;z-index:2147483000;width:380px;" +
        "max-width:calc(100vw - 32px);height:560px;max-height:calc(100vh - 100px);border:1px solid #ccc;" +
        "border-radius:10px;background:#fff;box-shadow:0 4px 16px rgba(0,0,0,.25)";
      document.body.appendChild(frame);
    } else {
      frame.style.display = frame.style.display === "none" ? "block" : "none";
    }
    button.setAttribute("aria-expanded", frame.style.display === "none" ? "false" : "true");
  });
  document.body.appendChild(button);
})();
