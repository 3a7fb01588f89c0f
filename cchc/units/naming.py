"""How documents name units: abbreviations, separators and filler folded into one matching key (pure)."""

from __future__ import annotations

import re

from cchc.core.text import fold

# Abbreviations as plans write them, folded, mapped to their folded long form.
ABBREVIATIONS: dict[str, str] = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "ub": "uy ban",
    "mttq": "mat tran to quoc",
    "mttqvn": "mat tran to quoc viet nam",
    "tt&tt": "thong tin va truyen thong",
    "tttt": "thong tin va truyen thong",
    "vh&tt": "van hoa va thong tin",
    "vhtt": "van hoa va thong tin",
    "vh,tt&dl": "van hoa the thao va du lich",
    "vhttdl": "van hoa the thao va du lich",
    "khcn": "khoa hoc va cong nghe",
    "kh&cn": "khoa hoc va cong nghe",
    "gd&dt": "giao duc va dao tao",
    "gddt": "giao duc va dao tao",
    "ldtbxh": "lao dong thuong binh va xa hoi",
    "ld-tb&xh": "lao dong thuong binh va xa hoi",
    "tn&mt": "tai nguyen va moi truong",
    "tnmt": "tai nguyen va moi truong",
    "nn&ptnt": "nong nghiep va phat trien nong thon",
    "kh&dt": "ke hoach va dau tu",
    "tc-kh": "tai chinh ke hoach",
    "pt-th": "phat thanh truyen hinh",
    "ptth": "phat thanh truyen hinh",
    "pt&th": "phat thanh truyen hinh",
    "ttvh": "trung tam van hoa",
    "tt": "trung tam",
    "cchc": "cai cach hanh chinh",
    "tthc": "thu tuc hanh chinh",
    "cbccvc": "can bo cong chuc vien chuc",
    "lhpn": "lien hiep phu nu",
    "hlhpn": "hoi lien hiep phu nu",
    "tncs": "thanh nien cong san",
    "cchc-ubnd": "cai cach hanh chinh uy ban nhan dan",
    "bch": "ban chap hanh",
    "btv": "ban thuong vu",
    "ldld": "lien doan lao dong",
    "vpubnd": "van phong uy ban nhan dan",
    "qd": "quyet dinh",
}

_FILLER = {"va", "cac", "cua", "thuoc", "truc"}
_SPLIT = re.compile(r"[\s,;:()/.]+")


def mention_key(text: str) -> str:
    """A key on which two ways of writing the same unit agree: 'Sở TT&TT' ~ 'Sở Thông tin và Truyền thông'."""
    folded = fold(text)
    words: list[str] = []
    for token in _SPLIT.split(folded):
        if not token:
            continue
        expansion = ABBREVIATIONS.get(token)
        if expansion is None and ("&" in token or "-" in token):
            # "hdnd&ubnd", "hdnd-ubnd": expand each side of a joined abbreviation.
            parts = [p for p in re.split(r"[&-]+", token) if p]
            expansion = " ".join(ABBREVIATIONS.get(p, p) for p in parts)
        words.extend((expansion or token).replace("&", " ").replace("-", " ").split())
    return " ".join(w for w in words if w not in _FILLER)


_LEVEL_WORDS = ("thanh pho", "thi xa", "thi tran", "tinh", "huyen", "quan", "xa", "phuong", "cap tinh", "cap huyen")


def core_key(text: str, locality: str = "") -> str:
    """mention_key without a trailing level word or locality name: 'Phòng Nội vụ thành phố' ~ 'Phòng Nội vụ'."""
    words = mention_key(text)
    tails = [mention_key(locality)] if locality else []
    tails += list(_LEVEL_WORDS)
    changed = True
    while changed:
        changed = False
        for tail in tails:
            if tail and words.endswith(" " + tail):
                words = words[: -len(tail) - 1]
                changed = True
    return words


# Collective mentions and the kinds of unit they stand for. Order matters: first match wins.
COLLECTIVE_PATTERNS: list[tuple[re.Pattern[str], tuple[str, ...], bool]] = [
    # (pattern on the folded mention, member kinds, direct children only)
    (re.compile(r"\b(uy ban nhan dan|ubnd) (cap xa|cac xa|cac phuong|cac xa, phuong|xa, phuong)"), ("commune",), False),
    (re.compile(r"\b(uy ban nhan dan|ubnd) (cap huyen|cac huyen)"), ("district",), True),
    (re.compile(r"\bcac so, ban, nganh, doan the"), ("department", "front", "mass_organisation"), True),
    (re.compile(r"\bcac so, ban, nganh"), ("department",), True),
    (re.compile(r"\bcac phong, ban, nganh"), ("office",), True),
    (re.compile(r"\bcac to chuc chinh tri - xa hoi|\bcac doan the"), ("front", "mass_organisation"), True),
    (re.compile(r"\bcac co quan bao chi"), ("press",), True),
    (
        re.compile(r"^cac (co quan|don vi)|^co quan, don vi$|co quan, don vi lien quan"),
        ("department", "office", "agency", "press"),
        True,
    ),
]


def collective_kinds(text: str) -> tuple[tuple[str, ...], bool] | None:
    """The member kinds a collective mention names ("UBND cấp xã" → communes), or None for a single unit."""
    folded = fold(text)
    for pattern, kinds, direct in COLLECTIVE_PATTERNS:
        if pattern.search(folded):
            return kinds, direct
    if folded.startswith("cac "):
        # "Các Trung tâm Chính trị cấp huyện": the kind of the singular, anywhere under the issuer.
        return (guess_kind(text.strip()[4:], ""),), False
    return None


def names_a_body(text: str) -> bool:
    """False for mentions of people rather than bodies ("Tổ chức, cá nhân"): they never become units."""
    return "ca nhan" not in fold(text)


_KIND_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(ban .*(tinh|huyen|thanh|quan|thi) uy|(tinh|huyen|thanh|quan|thi|dang) uy|dang uy)"), "party"),
    (re.compile(r"mat tran to quoc|mttq"), "front"),
    (
        re.compile(r"^(hoi |lien doan|tinh doan|huyen doan|thanh doan|doan thanh nien|hoi lien hiep)"),
        "mass_organisation",
    ),
    (re.compile(r"^(bao |dai |dai phat|tap chi)"), "press"),
    (re.compile(r"^(truong chinh tri|trung tam chinh tri)"), "school"),
    (re.compile(r"^so "), "department"),
    (re.compile(r"^(phong |van phong hdnd|van phong hoi dong|van phong ubnd|van phong uy ban)"), "office"),
    (re.compile(r"^bo "), "ministry"),
]


def guess_kind(text: str, issuer_level: str) -> str:
    """The kind of a single unit from its name; 'office' vs 'department' follows the issuer's level."""
    folded = fold(text)
    for pattern, kind in _KIND_RULES:
        if pattern.search(folded):
            if kind == "office" and issuer_level == "province" and folded.startswith("van phong"):
                return "department"
            return kind
    return "agency"


# --- heads and registered symbols ---------------------------------------------------------------------------------

# The head's title by how a body's name begins (folded), first match wins; territorial bodies are collective.
_HEADS: tuple[tuple[str, str], ...] = (
    ("van phong", "CHÁNH VĂN PHÒNG"),
    ("thanh tra", "CHÁNH THANH TRA"),
    ("chi cuc", "CHI CỤC TRƯỞNG"),
    ("cuc ", "CỤC TRƯỞNG"),
    ("bo ", "BỘ TRƯỞNG"),
    ("so ", "GIÁM ĐỐC"),
    ("cong an", "GIÁM ĐỐC"),
    ("kho bac", "GIÁM ĐỐC"),
    ("trung tam", "GIÁM ĐỐC"),
    ("dai ", "GIÁM ĐỐC"),
    ("bao ", "TỔNG BIÊN TẬP"),
    ("phong ", "TRƯỞNG PHÒNG"),
    ("ban ", "TRƯỞNG BAN"),
    ("truong ", "HIỆU TRƯỞNG"),
    ("tinh doan", "BÍ THƯ"),
    ("huyen doan", "BÍ THƯ"),
    ("thanh doan", "BÍ THƯ"),
    ("hoi ", "CHỦ TỊCH"),
    ("lien doan", "CHỦ TỊCH"),
)
_COLLECTIVE_KINDS = ("province", "district", "commune")
_SYMBOL_FILLER = frozenset(["va", "cac", "cua", "tinh", "huyen", "xa", "phuong", "quan"])
_PLACE_PAIRS = {("thanh", "pho"), ("thi", "tran"), ("thi", "xa"), ("dac", "khu")}
_WHOLE_TOKENS = {"ubnd": "UBND", "hdnd": "HĐND", "mttq": "MTTQ"}


def head_of(name: str, kind: str) -> tuple[str, str | None]:
    """(the head's title, the collective body in caps or None) of a unit: UBND → ("CHỦ TỊCH", "ỦY BAN NHÂN DÂN");
    "Sở Tư pháp" → ("GIÁM ĐỐC", None); "Ủy ban MTTQ" → ("CHỦ TỊCH", "BAN THƯỜNG TRỰC")."""
    if kind in _COLLECTIVE_KINDS:
        return "CHỦ TỊCH", "ỦY BAN NHÂN DÂN"
    if kind == "front":
        return "CHỦ TỊCH", "BAN THƯỜNG TRỰC"
    key = fold(name).strip() + " "
    return next((title for prefix, title in _HEADS if key.startswith(prefix)), "THỦ TRƯỞNG CƠ QUAN"), None


def propose_symbol(name: str, kind: str, locality: str = "") -> str:
    """The symbol a body's register most likely uses, proposed from its name for the clerk to confirm (never
    printed unconfirmed): UBND for people's committees, else the initials without the place and filler words —
    "Sở Tư pháp" → "STP", "Văn phòng UBND tỉnh" → "VPUBND", "Báo và Phát thanh, Truyền hình Tuyên Quang" → "BPTTH"."""
    if kind in _COLLECTIVE_KINDS:
        return "UBND"
    place = set(fold(locality).split())
    letters = []
    words = re.findall(r"[^\s,;.()\-–/&]+", name)
    keys = [fold(w) for w in words]
    skip = {i + d for i in range(len(keys) - 1) if (keys[i], keys[i + 1]) in _PLACE_PAIRS for d in (0, 1)}
    for index, (word, key) in enumerate(zip(words, keys, strict=True)):
        if index in skip:
            continue
        if key in _WHOLE_TOKENS:
            letters.append(_WHOLE_TOKENS[key])
        elif key not in _SYMBOL_FILLER and key not in place and word[0].isalpha():
            letters.append("Đ" if word[0] in "Đđ" else key[0].upper())
    return "".join(letters)[:20]
