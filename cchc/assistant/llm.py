"""Optional rephrasing of cited passages by an OpenAI-compatible endpoint (off unless ASSISTANT_LLM_URL is set)."""

from __future__ import annotations

import json
import logging
import urllib.request

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 8
INSTRUCTIONS = (
    "Bạn là trợ lý hành chính công. Viết lại câu trả lời dưới đây cho dễ hiểu với người dân, bằng tiếng Việt, "
    "CHỈ dùng thông tin trong các đoạn trích; không thêm thông tin mới; giữ nguyên mã thủ tục trong ngoặc."
)


def rephrase(url: str, question: str, cited_answer: str, codes: list[str], model: str = "default") -> str:
    """The endpoint's rephrasing of the cited answer, or '' when it fails or drops a procedure code."""
    payload = {
        "model": model,
        "temperature": 0,
        "messages": [
            {"role": "system", "content": INSTRUCTIONS},
            {"role": "user", "content": f"Câu hỏi: {question}\n\nĐoạn trích:\n{cited_answer}"},
        ],
    }
    request = urllib.request.Request(
        url.rstrip("/") + "/chat/completions",
        data=json.dumps(payload).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            body = json.loads(response.read().decode("utf-8"))
        text = str(body["choices"][0]["message"]["content"]).strip()
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        logger.warning("ASSISTANT_LLM_URL rephrasing failed: %s", exc)
        return ""
    if not text or any(code not in text for code in codes):
        return ""
    return text
