"""Radio bulletins as the commune loudspeakers would play them, measured since no one here can listen.

    .venv/bin/python bench/bulletin.py [--keep DIR]

The text of each bulletin is real: the opening section (objectives and requirements) of each seed plan, as its
issuing body wrote it, cut at a sentence end after about 900 characters — a one-minute bulletin. Each is read out by
the radio channel's own steps: `publishing.speech.for_speech` (numbers, dates, document numbers, phone numbers and
abbreviations written out) and the configured speech command (espeak-ng's Vietnamese voice by default) into WAV,
then measured with sox:

- seconds of audio and syllables per minute (a broadcast announcer reads about 200-250);
- the share of spoken words that are Vietnamese syllables (what the voice reads with Vietnamese rules; the rest it
  spells or reads by English rules), with the words that are not;
- the longest silence inside the bulletin, the peak and RMS amplitude (clipping at 1.0, inaudible below 0.02);
- espeak-ng's own phonemes for the words that are not syllables, so a reader sees how they come out.

`--keep DIR` keeps each bulletin as OGG for anyone who can listen.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from cchc.core.diacritics.syllables import is_valid_syllable  # noqa: E402
from cchc.publishing import speech  # noqa: E402
from cchc.publishing.channels import RADIO_EFFECTS  # noqa: E402

SEEDS = ROOT / "cchc" / "plans" / "seed_data"
OPENING = re.compile(r"(?im)^.*m[ụu]c\s+(?:đ[íi]ch|ti[êe]u).*$")


def bulletin(path: Path, size: int = 900) -> str:
    """The plan's opening section as running text (from its heading «Mục đích/Mục tiêu»), cut at the first sentence
    end after `size` characters."""
    source = path.read_text(encoding="utf-8")
    found = OPENING.search(source)
    text = " ".join(source[found.end() if found else 0 :].split())
    end = text.find(". ", size)
    return text[: end + 1] if end > 0 else text


def sox_stats(wav: Path) -> dict[str, float]:
    out = subprocess.run(["sox", str(wav), "-n", "stat"], capture_output=True, text=True).stderr
    values = dict(re.findall(r"^(.+?):\s+(-?[\d.]+)\s*$", out, re.M))
    return {key.strip(): float(value) for key, value in values.items()}


def longest_silence(wav: Path, threshold: float = 0.02) -> float:
    """Seconds of the longest stretch under the threshold, leading and trailing silence left out."""
    raw = subprocess.run(["sox", str(wav), "-t", "dat", "-"], capture_output=True, text=True).stdout
    samples = [(float(t), abs(float(v))) for t, v in (line.split()[:2] for line in raw.splitlines()[2:])]
    loud = [t for t, v in samples if v >= threshold]
    longest, previous = 0.0, loud[0] if loud else 0.0
    for t in loud:
        longest, previous = max(longest, t - previous), t
    return longest


def measure(name: str, text: str, keep: Path | None) -> None:
    spoken = speech.for_speech(text)
    words = re.findall(r"[^\W\d_]+", spoken)
    foreign = sorted({w for w in words if not is_valid_syllable(w.lower())})
    with tempfile.TemporaryDirectory() as folder:
        streamed, wav = Path(folder) / "streamed.wav", Path(folder) / "bulletin.wav"
        streamed.write_bytes(subprocess.run(settings.SPEECH_COMMAND, input=spoken.encode(), capture_output=True,
                                            check=True).stdout)  # fmt: skip
        # The channel's own encoding (levels, padding), back to WAV to measure (a streamed WAV's header has no length).
        ogg = Path(folder) / "bulletin.ogg"
        subprocess.run(["sox", str(streamed), "-C", "3", str(ogg), *RADIO_EFFECTS], check=True)
        subprocess.run(["sox", str(ogg), str(wav)], check=True)
        seconds = float(subprocess.run(["soxi", "-D", str(wav)], capture_output=True, text=True).stdout)
        stats = sox_stats(wav)
        gap = longest_silence(wav)
        if keep:
            keep.mkdir(parents=True, exist_ok=True)
            (keep / f"{name}.ogg").write_bytes(ogg.read_bytes())
    share = 1 - sum(words.count(w) for w in foreign) / max(1, len(words))
    print(f"{name}: {len(text)} characters → {len(words)} spoken syllables, {seconds:.1f} s, "
          f"{len(words) / seconds * 60:.0f} syllables/min; Vietnamese syllables {share:.1%}; "
          f"longest pause {gap:.2f} s; peak {stats.get('Maximum amplitude', 0):.2f}, "
          f"RMS {stats.get('RMS     amplitude', stats.get('RMS amplitude', 0)):.3f}")  # fmt: skip
    for word in foreign:
        phonemes = subprocess.run(["espeak-ng", "-v", "vi", "-q", "-x", word], capture_output=True, text=True).stdout
        print(f"    not a syllable: {word!r} → {phonemes.strip()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    print(f"speech command: {' '.join(settings.SPEECH_COMMAND)}")
    sources = sorted((SEEDS / "documents").glob("*.txt"))
    reviewed = {p.name[:3]: p for p in (SEEDS / "reviewed").glob("*.txt")}
    for path in sources:
        source = reviewed.get(path.name[:3], path)  # the OCR seed as a clerk reviewed it
        measure(path.name[:3], bulletin(source), args.keep)


if __name__ == "__main__":
    main()
