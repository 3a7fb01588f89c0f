"""Offline: build the assistant's abbreviation resource from the shipped procedure corpus.

Procedure names often use abbreviations ("Giải quyết hưởng chế độ TNLĐ, BNN") that citizens write out ("tai nạn lao
động"). For every upper-case abbreviation in a procedure name, this finds the run of words whose initials spell it
("tai nạn lao động" for TNLĐ) in the records that use the abbreviation, and keeps the most frequent run when it clearly
dominates and every word of it is a word the corpus uses on its own.

Usage: python tools/build_abbreviations.py   (writes cchc/assistant/data/abbreviations.json)
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cchc.assistant.parsing import SHIPPED_CORPUS, read_records
from cchc.core.text import key

OUT = Path(__file__).resolve().parent.parent / "cchc" / "assistant" / "data" / "abbreviations.json"
ABBREVIATION = re.compile(r"\b[A-ZĐ]{2,7}\b")
MIN_COUNT = 3
DOMINANCE = 2.0


def initials(words: list[str]) -> str:
    return "".join(w[0] for w in words)


def main() -> None:
    raws = list(read_records(SHIPPED_CORPUS))
    wanted = {key(a).replace(" ", "") for raw in raws for a in ABBREVIATION.findall(str(raw.get("ten_thu_tuc") or ""))}
    wanted = {a for a in wanted if len(a) >= 3}
    vocabulary: Counter[str] = Counter()
    texts = []
    for raw in raws:
        text = " ".join(str(v) for v in raw.values() if isinstance(v, str))
        texts.append((set(key(a).replace(" ", "") for a in ABBREVIATION.findall(text)) & wanted, text))
        vocabulary.update(key(text).split())
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for used, text in texts:
        lengths = {len(a) for a in used}
        for chunk in re.split(r"[^\w\s]+", text):
            words = key(chunk).split()
            for n in lengths:
                for i in range(len(words) - n + 1):
                    run = words[i : i + n]
                    abbreviation = initials(run)
                    if abbreviation in used and all(vocabulary[w] >= MIN_COUNT for w in run):
                        found[abbreviation][" ".join(run)] += 1
    resource = {}
    for abbreviation, runs in sorted(found.items()):
        (best, count), *rest = [*runs.most_common(2), ("", 0)]
        runner_up = rest[0][1] if rest else 0
        if count >= MIN_COUNT and count >= DOMINANCE * runner_up:
            resource[abbreviation] = best
    OUT.write_text(json.dumps(resource, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(resource)} abbreviations → {OUT}")
    for a, e in resource.items():
        print(f"  {a}: {e}")


if __name__ == "__main__":
    main()
