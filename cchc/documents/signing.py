"""Who signs and how: the authority lines above the signer's position (Nghị định 30/2020/NĐ-CP, Phụ lục I, II.7.b).

- TM. (thay mặt): a collective body signs through its head — "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH";
- KT. (ký thay): a deputy signs for the head — "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC"; in a collective body under the TM.
  line — "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH";
- Q. (quyền): an acting head — "Q. GIÁM ĐỐC";
- TL. (thừa lệnh) and TUQ. (thừa ủy quyền): a head of division signs by order or authorisation of the head —
  "TL. CHỦ TỊCH" / "CHÁNH VĂN PHÒNG"; the signer's own position is then required.
With no authority chosen, a signer whose position begins with "Phó" signs KT. (a deputy never signs as the head).
"""

from __future__ import annotations

from dataclasses import dataclass

from cchc.documents import formatting as fmt

HEAD, TM, KT, Q, TL, TUQ = "", "TM.", "KT.", "Q.", "TL.", "TUQ."
AUTHORITY_LABELS = {
    HEAD: "Người đứng đầu ký",
    TM: "TM. — thay mặt tập thể",
    KT: "KT. — cấp phó ký thay",
    Q: "Q. — quyền người đứng đầu",
    TL: "TL. — thừa lệnh",
    TUQ: "TUQ. — thừa ủy quyền",
}


class SigningError(ValueError):
    """A signature that cannot be printed as chosen; the message is Vietnamese and names what is missing."""


@dataclass(frozen=True)
class SigningBody:
    """The body a document is signed for: its head's title and, for a collective body, its name in caps."""

    head_title: str
    """ "CHỦ TỊCH", "GIÁM ĐỐC", "TRƯỞNG PHÒNG" …"""
    collective: str | None = None
    """ "ỦY BAN NHÂN DÂN" for a body run by its collective (chế độ tập thể); None under a single head."""


def authority_code(text: str | None) -> str:
    """The authority prefix a stored value starts with ("KT. CHỦ TỊCH" → "KT."), "" when none."""
    words = fmt.clean(text).upper().split()
    first = words[0] if words else ""
    return first if first in (TM, KT, Q, TL, TUQ) else HEAD


def signature_lines(body: SigningBody, authority: str, position: str = "") -> tuple[tuple[str, ...], str]:
    """(authority lines, position line) for the chosen authority and the signer's position."""
    head = fmt.clean(body.head_title).upper()
    position = fmt.clean(position).upper()
    code = authority_code(authority)
    if code == HEAD and position.startswith("PHÓ "):
        code = KT
    top: tuple[str, ...] = (f"TM. {body.collective}",) if body.collective else ()
    if code == TM and not body.collective:
        raise SigningError("«TM.» (thay mặt) chỉ dùng cho cơ quan làm việc theo chế độ tập thể (Ủy ban nhân dân).")
    if code in (HEAD, TM):
        return top, position or head
    if code == KT:
        return (*top, f"KT. {head}"), position or f"PHÓ {head}"
    if code == Q:
        return top, f"Q. {head}"
    if not position or position == head:
        raise SigningError(f"Ký «{code}» cần chức vụ của người ký (ví dụ: CHÁNH VĂN PHÒNG), khác chức vụ {head}.")
    return (f"{code} {head}",), position
