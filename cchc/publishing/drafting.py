"""Starting points for a piece: a skeleton per genre, or a text handed over by another page (the assistant's
procedure page offers a question-and-answer piece quoting the procedure record)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cchc.core.handover import BODY, GENRE, LINK, TITLE
from cchc.publishing.models import ChannelKind, Genre

SKELETONS = {
    Genre.NEWS: "Ngày …, [đơn vị] đã tổ chức …\n\nKết quả: …\n\nThời gian tới, [đơn vị] tiếp tục …",
    Genre.PROCEDURE_QA: "Hỏi: …\n\nTrả lời: Theo thủ tục mã … (công bố tại Quyết định số …):\n- Hồ sơ gồm: …\n"
    "- Nơi nộp: …\n- Thời hạn giải quyết: …\n- Phí, lệ phí: …\n\nNguồn: Cơ sở dữ liệu quốc gia về thủ tục hành chính.",
    Genre.ANNOUNCEMENT: "Nhằm …, [đơn vị] tổ chức …\n\n- Thời gian: từ ngày … đến ngày …\n- Đối tượng: …\n"
    "- Cách tham gia: quét mã QR hoặc truy cập …\n\nMọi thắc mắc xin liên hệ: …",
    Genre.BULLETIN: "Kính thưa bà con nhân dân!\n\n…\n\nĐài truyền thanh xã vừa thông tin về … Kính đề nghị bà con "
    "quan tâm, thực hiện.",
    Genre.POSTER: "Một câu kêu gọi ngắn.\nĐiều người dân cần biết, cần làm.\nQuét mã QR để xem chi tiết.",
}
# The channels each genre usually goes to.
CHANNELS = {
    Genre.NEWS: [ChannelKind.PORTAL],
    Genre.PROCEDURE_QA: [ChannelKind.PORTAL],
    Genre.ANNOUNCEMENT: [ChannelKind.PORTAL, ChannelKind.POSTER],
    Genre.BULLETIN: [ChannelKind.RADIO],
    Genre.POSTER: [ChannelKind.POSTER],
}


def prefill(query: Mapping[str, str]) -> dict[str, Any]:
    """The new-piece form's initial values from its address (?the-loai=…&tieu-de=…&noi-dung=…&duong-dan=…),
    bounded; a genre without a text gets its skeleton."""
    genre = query.get(GENRE, "")
    if genre not in Genre.values:
        return {}
    values: dict[str, Any] = {"genre": genre, "channels": list(CHANNELS[Genre(genre)])}
    values["body"] = query.get(BODY, "")[:3000] or SKELETONS[Genre(genre)]
    if title := query.get(TITLE, "")[:300]:
        values["title"] = title
    if (link := query.get(LINK, "")[:500]).startswith(("https://", "http://")):
        values["link"] = link
    return values
