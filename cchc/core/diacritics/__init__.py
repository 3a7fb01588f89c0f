"""Vietnamese diacritic restoration (syllable n-gram model) and detection of text that lost its marks."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import chain
from pathlib import Path

import numpy as np

from cchc.core.diacritics import ocr
from cchc.core.diacritics.model import BOS, EOS, NUM, UNK, NgramModel, Token, normalize_word, pack, segments
from cchc.core.diacritics.syllables import fold, has_marks, is_folded_syllable, is_valid_syllable, letter_runs

__all__ = ["Correction", "needs_restoration", "restore", "restore_explained"]

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "diacritics.npz"
NAMES_PATH = MODEL_PATH.with_name("diacritics-names.txt")
# Hypotheses kept per run in decoding: text typed without marks, and OCR output. OCR output gives a word up to a
# few hundred readings, and the right one may trail until the next words are read («Bé nghi» is «Đề nghị»): at 12, the
# held-out pages printed and scanned had 2.2 words per 1 000 where the beam lost a reading the model scores higher
# (0.6 for the pages printed clean); at 32, 0.3.
BEAM = 12
OCR_BEAM = 32
# Runs decoded together. Memory grows with the runs decoded in step: all at once, 20 000 words of OCR text took
# 515 MB more at peak; 256 at a time, 53 MB (and 10.1 s of CPU instead of 12.5 s; 1 024 at a time: 197 MB).
DECODE_BATCH = 256
# Words whose other readings are scored together (review screen, the document's evidence): bounds memory likewise
# (a law read by OCR, 3 300 words: 4 096 at a time took 97 MB more at peak, 1 024 at a time 11 MB).
RANK_BATCH = 1024
# Extra log10 score for the spelling a word already has: marks that survived in OCR output or unaccented text,
# and (much more) the marks of a text that is written with them.
INPUT_MARK_BONUS = 2.0
MARKED_TEXT_BONUS = 5.0
# log10 score per misreading undone in text typed without marks (OCR output is scored by ocr.channel instead).
OCR_REPAIR_PENALTY = -2.0
# In OCR output, a word that is no syllable (sb, ctr: seen in training among other OCR output; an acronym the
# model lacks, HCC) is kept as read only if no repair fits the context.
NON_SYLLABLE_PENALTY = -2.5
# log10 score per word for reading a capitalised run of words as a name of the names list (Sở Khoa học và Công
# nghệ, Báo và Đài Phát thanh và Truyền hình): the model, trained on older text, may prefer «bão» or «số».
NAME_BONUS = 3.0
# The fewest first words of a listed name that count as the name cut short (see _favour_names).
NAME_PREFIX = 3
# log10 score for reading a word in capitals with no vowel (TT, VH, STT) as the abbreviation the model knows
# rather than as a word OCR broke (TỪ, VŨ, SỬ): in the pages read back, 1 700 such words were printed so and 17
# were words OCR broke (Sở read SG, Bộ read BG): odds of 10^2.
ACRONYM_BONUS = 2.0
# The shares of the OCR channels that best explain a document are learned from a reading of this many of its words
# (spread over it), by this many rounds of EM (see _read_with_the_channels).
CHANNEL_SAMPLE = 1000
CHANNEL_EM_ROUNDS = 20
# Text in which at least this share of the words are damaged (not syllables, stray marks) is OCR output.
DAMAGED_SHARE = 0.03
# The document's own readings of a word beside the same neighbour (see _document_evidence): their weight against
# the model (1: the document's share is one more probability of the reading) and the pseudo-count each reading
# starts with. Only readings the first pass chose with at least DOUBT_MARGIN count as the document's evidence.
DISCOURSE_WEIGHT = 1.0
DISCOURSE_PRIOR = 0.5
# A word chosen by less than this log10 margin over another reading is doubtful (shown for review, with
# SUGGESTIONS other readings).
DOUBT_MARGIN = 1.5
SUGGESTIONS = 3
# Below this share of well-formed marked syllables a text is taken to have lost its marks.
MARKED_SHARE = 0.5
# Text where fewer words than this share have the shape of Vietnamese syllables is not Vietnamese.
SYLLABLE_SHARE = 0.6

_lock = threading.Lock()
_cache: dict[str, NgramModel] = {}
_names_cache: dict[str, dict[int, list[np.ndarray]]] = {}


def get_model() -> NgramModel:
    """The shipped model, loaded once per process."""
    with _lock:
        model = _cache.get("model")
        if model is None:
            model = _cache["model"] = NgramModel(MODEL_PATH)
        return model


def use_files(model: Path, channel: Path) -> None:
    """Restore with this model and OCR channel from now on instead of the shipped ones (benches measuring files
    built without the texts they restore)."""
    global MODEL_PATH
    with _lock:
        MODEL_PATH = model
        _cache.clear()
        _names_cache.clear()
    ocr.use_channel(channel)
    _damaged_candidates.cache_clear()


def get_names() -> dict[int, list[np.ndarray]]:
    """The names list as model ids per word, by the id of their first word (names with a word the model lacks are
    left out), loaded once."""
    model = get_model()
    with _lock:
        names = _names_cache.get("names")
        if names is None:
            names = {}
            for line in NAMES_PATH.read_text(encoding="utf-8").splitlines():
                if line.strip() and not line.startswith("#"):
                    ids = [model.index.get(normalize_word(m.group()), UNK) for m in letter_runs(line)]
                    if UNK not in ids:
                        names.setdefault(ids[0], []).append(np.array(ids, dtype=np.int64))
            _names_cache["names"] = names
        return names


def _favour_names(run: list[Token], lattice: list[np.ndarray], bonus: list[np.ndarray]) -> None:
    """Where a capitalised word starts a run of words that can each be read as the words of a listed name, those
    readings earn NAME_BONUS (OCR's «Bao va Dai Phat thanh» is «Báo và Đài Phát thanh», not «bão»). A name cut
    short counts too when its first NAME_PREFIX words or more end the run or meet an abbreviation that goes on with
    it («Báo và Đài PT-TH tỉnh», «Báo và Đài» before a dash)."""
    for t, token in enumerate(run):
        if not token.text[:1].isupper():
            continue
        names = get_names()
        for name in (name for first in dict.fromkeys(lattice[t].tolist()) for name in names.get(first, ())):
            matched = 0
            for k, word in zip(range(t, len(run)), name, strict=False):
                if run[k].is_number or word not in lattice[k]:
                    break
                matched += 1
            whole = matched == len(name)
            cut = matched >= NAME_PREFIX and (t + matched == len(run) or _abbreviation(run[t + matched].text))
            if whole or cut:
                for k, word in zip(range(t, t + matched), name, strict=False):
                    bonus[k] = bonus[k] + np.where(lattice[k] == word, np.float32(NAME_BONUS), np.float32(0))


def _abbreviation(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def _apply_case(original: str, restored: str) -> str:
    repaired = len(original) != len(restored) or fold(original).lower() != fold(restored).lower()
    mixed = any(ch.isupper() for ch in original[1:]) and not original.isupper()
    if repaired or (mixed and original.lower() != restored):
        # an OCR repair, or marks put on a word OCR printed in mixed case: the case of most of its letters ("CHiNH"
        # is "CHÍNH"), else of its first letter, not of the letters OCR broke ("CQng" is "Công", "sO" is "số");
        # "iOffice" as written stays as written. A capital I that was an l is the same glyph ("I6p" is "lớp").
        letters = [ch for ch in original if ch.isalpha()]
        if len(letters) > 1 and 2 * sum(ch.isupper() for ch in letters) > len(letters):
            return restored.upper()
        capital = original[:1].isupper() and not (original[:1] == "I" and restored[:1] == "l")
        return restored[:1].upper() + restored[1:] if capital else restored
    return "".join(r.upper() if o.isupper() else r for o, r in zip(original, restored, strict=True))


# A list item letter at the start of a line: a) b) c) d) đ) e) ...
_LIST_MARKER = re.compile(r"^[ \t]*([^\W\d_])\)", re.MULTILINE)
# A short form of two letters with a slash (V/v: về việc, t/h: thực hiện, đ/c: đồng chí): its letters stay as
# written, a d may be đ («Vợ/và» and «(a/h)» were read for them).
_SHORT_FORM = re.compile(r"(?<![^\W_/])([^\W\d_])/([^\W\d_])(?![^\W_/])")
# A section's Roman number at the start of a line, as OCR may print it (II., Ill., I1.): not read as a word («V.» is
# no «Vợ»), its l and 1 read for I put right («Ill.» is «III.»).
_SECTION_NUMBER = re.compile(r"^[ \t]*([IVX][IVXl1]*)\.", re.MULTILINE)


def list_marker_letters(text: str) -> dict[int, str]:
    """The letter of each list marker, by offset, kept as written ("g)" is not a misread "o"); one that reads "d"
    without marks is "đ" when it follows a "d)"."""
    letters: dict[int, str] = {}
    previous = ""
    for match in _LIST_MARKER.finditer(text):
        letter = match.group(1).lower()
        if fold(letter) == "d":
            letter = "đ" if previous == "d" else "d"
        letters[match.start(1)] = letter
        previous = letter
    return letters


def _word_candidates(
    model: NgramModel, word: str, marked_text: bool, damaged: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Accented candidates of a word and their extra scores (OCR repairs pay, marks the input has earn).

    In a text written with marks, words are trusted and unknown ones left as written (UNK). In a text that
    lost its marks, a word the model does not know is read as an OCR misreading where it can be, and left as
    written only if it is a marked abbreviation (LĐ). OCR output (`damaged`) is read by `_damaged_candidates`.
    """
    if damaged:
        return _damaged_candidates(model, word)
    lower = normalize_word(word)
    key = fold(lower)
    marked = has_marks(word)
    bonus = np.float32(MARKED_TEXT_BONUS if marked_text else INPUT_MARK_BONUS)
    found = model.candidates.get(key)
    own = model.index.get(lower, UNK)
    groups: list[np.ndarray] = []
    extras: list[np.ndarray] = []
    if found is not None:
        groups.append(found)
        extras.append(np.where(marked & (found == own), bonus, np.float32(0)))
    if (found is None or own not in found) and (marked_text or (marked and word.isupper())):
        groups.append(np.array([UNK]))
        extras.append(np.array([bonus if marked else 0], dtype=np.float32))
    known = partial(_known, model)
    if not marked_text and ocr.needs_repair(key, known):
        for variant, changes in ocr.repairs(key, known).items():
            groups.append(model.candidates[variant])
            extras.append(np.full(len(groups[-1]), OCR_REPAIR_PENALTY * changes, dtype=np.float32))
    if not groups:
        return np.array([UNK]), np.zeros(1, dtype=np.float32)
    return np.concatenate(groups), np.concatenate(extras).astype(np.float32)


def _known(model: NgramModel, variant: str) -> bool:
    return variant in model.candidates and is_folded_syllable(variant)


# An acronym has no vowel after its first letter (UBND, CBCC, HCC); a heading word OCR broke has (POI, TUQNG).
_VOWEL = re.compile("[aeiouy]")


@lru_cache(maxsize=1 << 15)
def _damaged_candidates(model: NgramModel, word: str) -> tuple[np.ndarray, np.ndarray]:
    """Readings of a word of OCR output, each scored by how likely OCR reads it as the word (a row per channel of
    ocr.channels, mixed per document by _read_with_the_channels): its own accented forms and the known syllables a
    few misreadings away. A word in capitals the model lacks may be an acronym (CBCC, HCC: kept as read at the price
    of a non-syllable, HĐND freely) or a heading word OCR broke (POI TUQNG is ĐỐI TƯỢNG, never kept as read): only
    known misreadings are tried for it; one with no vowel that the model knows (TT, VH) is read as that abbreviation
    unless the context wants a word. A reading that is no syllable (sb, ctr: OCR output seen in training) is kept
    only if no repair fits. Memoised per word (words repeat): the arrays are read-only."""
    key = fold(normalize_word(word))
    found = model.candidates.get(key)
    acronym = word.isupper() and sum(ch.isalpha() for ch in word) > 1  # UBND, not T6 (Tổ)
    abbreviation = acronym and not _VOWEL.search(key)  # no vowel at all: TT, VH, STT
    known = partial(_known, model)
    groups = [] if found is None else [found]
    if acronym and found is None:
        readings = sorted(ocr.repairs(key, known))
        if has_marks(word) or not _VOWEL.search(key[1:]):
            groups.append(np.array([UNK]))
    else:
        readings = ocr.damaged_readings(key, known)
    groups.extend(model.candidates[variant] for variant in readings)
    if not groups:
        return np.array([UNK]), np.zeros(1, dtype=np.float32)
    candidates = np.concatenate(groups)
    read = word.lower()
    extra = np.array(
        [
            (0.0 if has_marks(word) else NON_SYLLABLE_PENALTY)
            if i == UNK
            else (NON_SYLLABLE_PENALTY if not acronym and not known(fold(model.vocab[i])) else 0.0)
            + (ACRONYM_BONUS if abbreviation and model.vocab[i] == key else 0.0)
            for i in candidates
        ]
    )
    scores = (extra + _channel_scores(read, [model.vocab[i] if i != UNK else None for i in candidates])).astype(
        np.float32
    )
    candidates.flags.writeable = scores.flags.writeable = False
    return candidates, scores


# In OCR output a short number may be a word whose l and marked vowel OCR read as digits ("10 trình" and "16 trình"
# are "lộ trình", "CCHC 12 CBCCVC" is "là", "6 địa phương" is "ở"): the word is a candidate beside the number,
# unless the number numbers an item ("6." or "6)").
_DIGIT_WORD = re.compile(r"1[0246]|6")
_DIGIT_LETTERS = str.maketrans({"1": "l", "0": "o", "2": "a", "4": "a", "6": "o"})


def _number_candidates(model: NgramModel, number: str, word_like: bool) -> tuple[np.ndarray, np.ndarray]:
    """A number as <num>; where it may be a word (`_DIGIT_WORD` in OCR output), also the words it may be, scored by
    each of ocr.channels."""
    found = (
        model.candidates.get(number.translate(_DIGIT_LETTERS)) if word_like and _DIGIT_WORD.fullmatch(number) else None
    )
    if found is None:
        return np.array([NUM]), np.zeros(1, dtype=np.float32)
    words = [None, *(model.vocab[i] for i in found)]
    return np.concatenate([[NUM], found]), _channel_scores(number, words).astype(np.float32)


def _channel_scores(read: str, meant: list[str | None]) -> np.ndarray:
    """log10 P(read | word) under each channel (a row each) for each word meant; 0 where none is (kept as read)."""
    return np.array(
        [[0.0 if word is None else channel.score(read, word) for word in meant] for channel in ocr.channels()]
    )


def _mixed(extra: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """A lattice entry's scores with its channels' rows mixed with these weights: log10 of the weighted sum of their
    probabilities (an entry with one row is its own score)."""
    if extra.ndim == 1:
        return extra
    if len(extra) == 1:
        return extra[0]
    top = extra.max(axis=0)
    return (top + np.log10(weights @ np.power(10.0, extra - top))).astype(np.float32)


def _in_document_code(text: str, start: int, end: int) -> bool:
    """An upper-case word written against "/" or "-": part of a code such as 57-NQ/TU or 1814/QĐ-UBND."""
    word = text[start:end]
    touches = (start > 0 and text[start - 1] in "/-") or (end < len(text) and text[end] in "/-")
    return touches and len(word) > 1 and word.isupper()


def _only_d_with_stroke(
    model: NgramModel, word: str, candidates: np.ndarray, extra: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Candidates that differ from the word only by đ (QD→QĐ, ND→NĐ; TU stays TU); the word itself if none."""
    lower = word.lower()
    keep = np.array([model.vocab[i].replace("đ", "d") == lower.replace("đ", "d") for i in candidates], dtype=bool)
    if not keep.any():
        return np.array([UNK]), np.zeros(1, dtype=np.float32)
    return candidates[keep], extra[..., keep]


@dataclass(frozen=True)
class Correction:
    """A word of a restored text that the officer should look at: its letters were changed (an OCR repair), or the
    model chose it with little margin over another reading (doubtful). Offsets are in the restored text."""

    start: int
    end: int
    read: str
    chosen: str
    suggestions: tuple[str, ...]
    repaired: bool
    doubtful: bool


def restore(text: str) -> str:
    """The text with Vietnamese diacritics restored; case, punctuation, numbers and spacing are kept.

    Text that lost its marks (typed without them, or OCR output) is restored in full, OCR misreadings of marked
    letters included (ctia→của); in text written with marks, the marks it has are kept.
    """
    return _restore(text, explain=False)[0]


def restore_explained(text: str) -> tuple[str, list[Correction]]:
    """restore(text), and the words of the result that were repaired or are doubtful, with other readings."""
    return _restore(text, explain=True)


def _restore(text: str, explain: bool) -> tuple[str, list[Correction]]:
    model = get_model()
    text = unicodedata.normalize("NFC", text)
    marked_text = _is_marked_text(text)
    damaged = not marked_text and _is_damaged(text)
    if not marked_text:
        text = ocr.clean_symbols(text)
    if damaged:
        text = ocr.split_joined(text, is_folded_syllable, has_marks)
    text = _SECTION_NUMBER.sub(lambda match: match.group().replace("l", "I").replace("1", "I"), text)
    runs = list(segments(text, break_on_newline=False, through_quotes=True))
    markers = list_marker_letters(text)
    section_numbers = {match.start(1) for match in _SECTION_NUMBER.finditer(text)}
    short_forms = {match.start(k) for match in _SHORT_FORM.finditer(text) for k in (1, 2)}
    lattices: list[list[np.ndarray]] = []
    bonuses: list[list[np.ndarray]] = []
    for run in runs:
        lattice: list[np.ndarray] = []
        bonus: list[np.ndarray] = []
        for token in run:
            if token.is_number:
                numbering = text[token.end : token.end + 1] in (".", ")")
                candidates, extra = _number_candidates(model, token.text, damaged and not numbering)
            elif token.start in section_numbers:
                candidates, extra = np.array([UNK]), np.zeros(1, dtype=np.float32)
            elif token.start in markers:
                candidates = np.array([model.index.get(markers[token.start], UNK)])
                extra = np.zeros(1, dtype=np.float32)
            else:
                candidates, extra = _word_candidates(model, token.text, marked_text, damaged)
                if token.start in short_forms or _in_document_code(text, token.start, token.end):
                    candidates, extra = _only_d_with_stroke(model, token.text, candidates, extra)
            lattice.append(candidates)
            bonus.append(extra)
        if not marked_text:
            _favour_names(run, lattice, bonus)
        lattices.append(lattice)
        bonuses.append(bonus)
    beam = OCR_BEAM if damaged else BEAM
    paths, bonuses = _read_with_the_channels(model, lattices, bonuses, beam)
    if not marked_text:
        bonuses, paths = _read_again_with_the_document(model, lattices, bonuses, paths, beam)
    ranked = _ranked_alternatives(model, lattices, bonuses, paths) if explain else {}
    pieces: list[str] = []
    corrections: list[Correction] = []
    done = length = 0
    for j, (run, path) in enumerate(zip(runs, paths, strict=True)):
        for t, (token, chosen) in enumerate(zip(run, path, strict=True)):
            if chosen in (NUM, UNK):
                continue
            word = _apply_case(token.text, model.vocab[chosen])
            pieces.append(text[done : token.start])
            length += token.start - done
            alternatives, margin = ranked.get((j, t), ((), np.inf))
            repaired = fold(word).lower() != fold(token.text).lower()
            if explain and (repaired or margin < DOUBT_MARGIN):
                others = tuple(
                    dict.fromkeys(_apply_case(token.text, w) for w in alternatives if w != model.vocab[chosen])
                )
                corrections.append(
                    Correction(length, length + len(word), token.text, word, others, repaired, margin < DOUBT_MARGIN)
                )
            pieces.append(word)
            length += len(word)
            done = token.end
    pieces.append(text[done:])
    return "".join(pieces), corrections


def _decode(
    model: NgramModel, lattices: list[list[np.ndarray]], bonuses: list[list[np.ndarray]], beam: int
) -> list[list[int]]:
    batch = max(1, DECODE_BATCH * BEAM // beam)  # as many hypotheses in step whatever the beam (memory)
    return [
        path
        for start in range(0, len(lattices), batch)
        for path in model.decode(lattices[start : start + batch], bonuses[start : start + batch], beam)
    ]


def _read_with_the_channels(
    model: NgramModel, lattices: list[list[np.ndarray]], bonuses: list[list[np.ndarray]], beam: int
) -> tuple[list[list[int]], list[list[np.ndarray]]]:
    """The best paths, and the bonuses with the channels' rows mixed. Pages printed clean and pages printed and
    scanned are damaged differently (ocr.channels): where OCR output is scored by several channels, a sample of its
    runs (CHANNEL_SAMPLE words, spread over the document) is read with the first channel, the shares of the
    channels that best explain what that reading chose are learned from it, and the document is read with them."""
    kinds = max((bonus.shape[0] for bonus in chain.from_iterable(bonuses) if bonus.ndim == 2), default=1)
    weights = np.ones(1)
    if kinds > 1:
        step = -(-sum(map(len, lattices)) // CHANNEL_SAMPLE)
        sampled, scored = lattices[::step], bonuses[::step]
        first = np.eye(kinds)[0]
        paths = _decode(model, sampled, [[_mixed(bonus, first) for bonus in run] for run in scored], beam)
        weights = _channel_weights(sampled, scored, paths, np.full(kinds, 1 / kinds))
    mixed = [[_mixed(bonus, weights) for bonus in run] for run in bonuses]
    return _decode(model, lattices, mixed, beam), mixed


def _channel_weights(
    lattices: list[list[np.ndarray]], bonuses: list[list[np.ndarray]], paths: list[list[int]], weights: np.ndarray
) -> np.ndarray:
    """The channels' shares that make what was read most likely given the words the reading chose (EM from
    `weights`): a document printed clean leans on the first channel, a scan on the second."""
    chosen = [
        bonus[:, np.flatnonzero(lattice == word)[0]]
        for lattice_run, bonus_run, path in zip(lattices, bonuses, paths, strict=True)
        for lattice, bonus, word in zip(lattice_run, bonus_run, path, strict=True)
        if bonus.ndim == 2 and word not in (UNK, NUM)
    ]
    if not chosen:
        return weights
    scores = np.array(chosen)
    likely = np.power(10.0, scores - scores.max(axis=1, keepdims=True))
    for _ in range(CHANNEL_EM_ROUNDS):
        share = likely * weights
        share /= share.sum(axis=1, keepdims=True)
        weights = share.mean(axis=0)
    return weights


def _read_again_with_the_document(
    model: NgramModel,
    lattices: list[list[np.ndarray]],
    bonuses: list[list[np.ndarray]],
    paths: list[list[int]],
    beam: int,
) -> tuple[list[list[np.ndarray]], list[list[int]]]:
    """The bonuses with the document's own evidence added (a cache model, one reading per discourse), and the runs
    the evidence could change read again with them."""
    bonuses, again = _document_evidence(model, lattices, bonuses, paths)
    paths = list(paths)
    runs = sorted(again)
    again_read = _decode(model, [lattices[j] for j in runs], [bonuses[j] for j in runs], beam)
    for j, path in zip(runs, again_read, strict=True):
        paths[j] = path
    return bonuses, paths


def _document_evidence(
    model: NgramModel, lattices: list[list[np.ndarray]], bonuses: list[list[np.ndarray]], paths: list[list[int]]
) -> tuple[list[list[np.ndarray]], set[int]]:
    """The bonuses with the document's own evidence added, and the runs where it favours another reading than the
    first reading chose. Where the first reading chose a word with a clear margin (DOUBT_MARGIN), the choice counts
    for the same word beside the same neighbour elsewhere in the document, its left and its right neighbour apart
    (a word, not a number, the run's edge or a word the model lacks); a place's own choice is not evidence for
    itself. A plan that reads «các phường» with a clear margin in some places then reads it so where the model alone
    would take «các phương» («UBND các phường chịu trách nhiệm», seed plan 003 read back by OCR)."""
    places = [(j, t) for j, lattice in enumerate(lattices) for t in range(len(lattice)) if len(lattice[t]) > 1]
    if not places:
        return bonuses, set()
    padded = [[BOS, *path, EOS] for path in paths]
    chosen = np.array([padded[j][t + 1] for j, t in places], dtype=np.int64)
    sides = [np.array([padded[j][t + k] for j, t in places], dtype=np.int64) for k in (0, 2)]  # left, right
    sizes = np.array([len(lattices[j][t]) for j, t in places])
    offsets = np.cumsum(sizes) - sizes
    context = [(side, np.isin(neighbour, (BOS, EOS, NUM, UNK), invert=True)) for side, neighbour in enumerate(sides)]

    def among(ids: np.ndarray, words: np.ndarray) -> np.ndarray:
        table = np.zeros(len(model.vocab), dtype=bool)
        table[words] = True
        return table[ids]

    def keys(side: int, at: np.ndarray, words: np.ndarray) -> np.ndarray:
        return pack([np.full(len(at), side), sides[side][at], words])

    def counted(keys_counted: np.ndarray, keys_wanted: np.ndarray) -> np.ndarray:
        found, counts = np.unique(keys_counted, return_counts=True)
        if not len(found):
            return np.zeros(len(keys_wanted), dtype=np.int64)
        where = np.minimum(np.searchsorted(found, keys_wanted), len(found) - 1)
        return np.where(found[where] == keys_wanted, counts[where], 0)

    # Only the readings chosen somewhere can be evidence or meet it (a word of OCR output may have a hundred
    # readings): each with its place (owner) and its index in the place's lattice.
    every = np.concatenate([lattices[j][t] for j, t in places])
    at = np.flatnonzero(among(every, chosen))
    candidates = every[at]
    del every
    owner = np.searchsorted(offsets, at, side="right") - 1
    within = at - offsets[owner]
    # A choice is evidence only where another place could read it beside the same neighbour: only those choices
    # need their margin.
    everywhere = np.arange(len(places))
    useful = np.zeros(len(places), dtype=bool)
    for side, valid in context:
        possible = keys(side, owner[valid[owner]], candidates[valid[owner]])
        useful |= valid & (counted(possible, keys(side, everywhere, chosen)) > 1)
    del at, possible
    margins = _ranked_alternatives(model, lattices, bonuses, paths, {places[i] for i in np.flatnonzero(useful)})
    confident = np.array([margins.get(place, ((), 0.0))[1] >= DOUBT_MARGIN for place in places], dtype=bool)
    own = np.where(confident, chosen, -1)
    kept = among(candidates, chosen[confident])
    candidates, owner, within = candidates[kept], owner[kept], within[kept]
    evidence = []  # per side: how often each reading was chosen beside the place's neighbour, and the sum per place
    for side, valid in context:
        sure = np.flatnonzero(confident & valid)
        counts = counted(keys(side, sure, chosen[sure]), keys(side, owner, candidates))
        seen = (counts - (candidates == own[owner])) * valid[owner]
        evidence.append((seen, np.bincount(owner, weights=seen, minlength=len(places))))
    bounds = np.searchsorted(owner, np.arange(len(places) + 1))
    bonuses = [list(bonus) for bonus in bonuses]
    again: set[int] = set()
    for i in np.flatnonzero(np.logical_or.reduce([total > 0 for _, total in evidence])):
        j, t = places[i]
        entries = slice(bounds[i], bounds[i + 1])
        extra = np.zeros(sizes[i], dtype=np.float32)
        for seen, total in evidence:
            if total[i] > 0:
                share = np.full(sizes[i], DISCOURSE_PRIOR)
                share[within[entries]] += seen[entries]
                extra += np.log10(share / (total[i] + DISCOURSE_PRIOR * sizes[i])).astype(np.float32)
        extra *= np.float32(DISCOURSE_WEIGHT)
        bonuses[j][t] = bonuses[j][t] + extra
        # Evidence that favours the reading already chosen cannot change the best path: only runs where it favours
        # another are read again.
        if extra.max() > extra[lattices[j][t] == chosen[i]].max():
            again.add(j)
    return bonuses, again


def _ranked_alternatives(
    model: NgramModel,
    lattices: list[list[np.ndarray]],
    bonuses: list[list[np.ndarray]],
    paths: list[list[int]],
    places: Collection[tuple[int, int]] | None = None,
) -> dict[tuple[int, int], tuple[tuple[str, ...], float]]:
    """Per word with a choice (run, position; only `places` where given): its readings ranked by the score of the
    chosen path with that reading put in its place (the n-grams that touch it), the best few, and the margin of the
    chosen one over the best other reading. Scored RANK_BATCH words at a time (memory)."""
    owners = [
        (j, t)
        for j, lattice in enumerate(lattices)
        for t in range(len(lattice))
        if len(lattice[t]) > 1 and (places is None or (j, t) in places)
    ]
    result: dict[tuple[int, int], tuple[tuple[str, ...], float]] = {}
    for first in range(0, len(owners), RANK_BATCH):
        result.update(_rank(model, lattices, bonuses, paths, owners[first : first + RANK_BATCH]))
    return result


def _rank(
    model: NgramModel,
    lattices: list[list[np.ndarray]],
    bonuses: list[list[np.ndarray]],
    paths: list[list[int]],
    owners: list[tuple[int, int]],
) -> Iterator[tuple[tuple[int, int], tuple[tuple[str, ...], float]]]:
    if not owners:
        return
    width = model.order - 1
    padded = {j: [BOS] * width + list(paths[j]) + [EOS] for j in dict.fromkeys(j for j, _ in owners)}
    # Per word, the n-grams that touch it (k: how far it is from the n-gram's last word), as on the chosen path;
    # each is repeated once per reading of the word, with the reading put in its place.
    windows, column, owner = [], [], []
    for i, (j, t) in enumerate(owners):
        for k in range(min(model.order, len(padded[j]) - width - t)):
            windows.append(padded[j][t + k : t + k + model.order])
            column.append(width - k)
            owner.append(i)
    sizes = np.array([len(lattices[j][t]) for j, t in owners])
    readings = np.concatenate([lattices[j][t] for j, t in owners])
    repeats = sizes[owner]
    grams = np.repeat(np.array(windows, dtype=np.int64), repeats, axis=0)
    within = np.arange(len(grams)) - np.repeat(np.cumsum(repeats) - repeats, repeats)  # the reading's index
    first = np.repeat((np.cumsum(sizes) - sizes)[owner], repeats)  # where the word's readings start in `readings`
    grams[np.arange(len(grams)), np.repeat(column, repeats)] = readings[first + within]
    scores = model.score(grams[:, :width], grams[:, width])
    ends = np.cumsum(np.bincount(np.repeat(owner, repeats), minlength=len(owners)))
    for (j, t), start, end in zip(owners, [0, *ends[:-1]], ends, strict=True):
        candidates = lattices[j][t]
        # Each n-gram's rows list the candidates in lattice order: sum them per candidate.
        mine = scores[start:end].reshape(-1, len(candidates)).sum(axis=0) + bonuses[j][t]
        order = np.argsort(-mine, kind="stable")
        chosen = int(np.flatnonzero(candidates == paths[j][t])[0])
        best_other = next((float(mine[i]) for i in order if i != chosen and candidates[i] != UNK), -np.inf)
        words = tuple(model.vocab[candidates[i]] for i in order[: SUGGESTIONS + 1] if candidates[i] != UNK)
        yield (j, t), (words, float(mine[chosen]) - best_other)


def _syllable_counts(text: str) -> tuple[int, int, int]:
    """Words, words shaped like Vietnamese syllables, and well-formed syllables that carry marks."""
    words = [match.group() for match in letter_runs(unicodedata.normalize("NFC", text))]
    syllables = [word for word in words if is_folded_syllable(word)]
    return len(words), len(syllables), sum(1 for word in syllables if has_marks(word) and is_valid_syllable(word))


def _is_damaged(text: str) -> bool:
    """OCR output rather than text typed without marks: words that are not syllables (acronyms aside), words with
    only some of their marks, stray symbols inside words."""
    words = [m.group() for m in letter_runs(unicodedata.normalize("NFC", text))]
    odd = sum(
        1
        for word in words
        if not (word.isupper() and len(word) > 1) and (not is_folded_syllable(word) or has_marks(word))
    )
    return bool(words) and odd >= DAMAGED_SHARE * len(words)


def _is_marked_text(text: str) -> bool:
    _, syllables, well_marked = _syllable_counts(text)
    return syllables > 0 and well_marked >= MARKED_SHARE * syllables


def needs_restoration(text: str) -> bool:
    """True when the text reads as Vietnamese written without (most of) its marks, e.g. OCR or unaccented typing."""
    words, syllables, well_marked = _syllable_counts(text)
    if syllables < 3 or syllables < SYLLABLE_SHARE * words:
        return False
    return well_marked < MARKED_SHARE * syllables
