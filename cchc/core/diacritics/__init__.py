"""Vietnamese diacritic restoration (syllable n-gram model) and detection of text that lost its marks."""

from __future__ import annotations

import re
import threading
import unicodedata
from pathlib import Path

import numpy as np

from cchc.core.diacritics.model import NUM, UNK, NgramModel, Normalizer, segments
from cchc.core.diacritics.syllables import fold, has_marks, is_folded_syllable, is_valid_syllable, letter_runs

__all__ = ["needs_restoration", "restore"]

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "diacritics.npz"
BEAM = 12
# Extra log10 score for the spelling the input already has (marks that survived, e.g. in OCR output).
INPUT_MARK_BONUS = 1.0
# Below this share of well-formed marked syllables a text is taken to have lost its marks.
MARKED_SHARE = 0.5
# Text where fewer words than this share have the shape of Vietnamese syllables is not Vietnamese.
SYLLABLE_SHARE = 0.6

_lock = threading.Lock()
_cache: dict[str, NgramModel] = {}
_normalize = Normalizer()


def get_model() -> NgramModel:
    """The shipped model, loaded once per process."""
    with _lock:
        model = _cache.get("model")
        if model is None:
            model = _cache["model"] = NgramModel(MODEL_PATH)
        return model


def _apply_case(original: str, restored: str) -> str:
    if len(original) != len(restored):
        return original
    return "".join(r.upper() if o.isupper() else r for o, r in zip(original, restored, strict=True))


# A list item letter at the start of a line: a) b) c) d) đ) e) ...
_LIST_MARKER = re.compile(r"^[ \t]*([^\W\d_])\)", re.MULTILINE)


def list_marker_letters(text: str) -> dict[int, str]:
    """The letter of each list marker that reads "d" without marks, by offset: "đ" when it follows a "d)"."""
    letters: dict[int, str] = {}
    previous = ""
    for match in _LIST_MARKER.finditer(text):
        letter = match.group(1).lower()
        if fold(letter) == "d":
            letter = "đ" if previous == "d" else "d"
            letters[match.start(1)] = letter
        previous = letter
    return letters


def restore(text: str) -> str:
    """The text with Vietnamese diacritics restored; case, punctuation, numbers and spacing are kept."""
    model = get_model()
    text = unicodedata.normalize("NFC", text)
    runs = list(segments(text, break_on_newline=False))
    markers = list_marker_letters(text)
    lattices: list[list[np.ndarray]] = []
    bonuses: list[list[np.ndarray]] = []
    for run in runs:
        lattice: list[np.ndarray] = []
        bonus: list[np.ndarray] = []
        for token in run:
            if token.is_number:
                candidates = np.array([NUM])
            elif token.start in markers:
                candidates = np.array([model.index.get(markers[token.start], UNK)])
            else:
                lower = _normalize(token.text)
                found = model.candidates.get(fold(lower))
                candidates = found if found is not None else np.array([model.index.get(lower, UNK)])
            extra = np.zeros(len(candidates), dtype=np.float32)
            if not token.is_number and has_marks(token.text):
                extra[candidates == model.index.get(_normalize(token.text), -1)] = INPUT_MARK_BONUS
            lattice.append(candidates)
            bonus.append(extra)
        lattices.append(lattice)
        bonuses.append(bonus)
    pieces: list[str] = []
    done = 0
    for run, path in zip(runs, model.decode(lattices, bonuses, BEAM), strict=True):
        for token, chosen in zip(run, path, strict=True):
            if token.is_number or chosen == UNK:
                continue
            pieces.append(text[done : token.start])
            pieces.append(_apply_case(token.text, model.vocab[chosen]))
            done = token.end
    pieces.append(text[done:])
    return "".join(pieces)


def needs_restoration(text: str) -> bool:
    """True when the text reads as Vietnamese written without (most of) its marks, e.g. OCR or unaccented typing."""
    text = unicodedata.normalize("NFC", text)
    words = [match.group() for match in letter_runs(text)]
    syllables = [word for word in words if is_folded_syllable(word)]
    if len(syllables) < 3 or len(syllables) < SYLLABLE_SHARE * len(words):
        return False
    well_marked = sum(1 for word in syllables if has_marks(word) and is_valid_syllable(word))
    return well_marked < MARKED_SHARE * len(syllables)
