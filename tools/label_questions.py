"""Offline helper for labelling the real question set: shows the corpus's best candidates for each question.

Usage:
  python tools/label_questions.py "câu hỏi ..."            # candidates for one question
  python tools/label_questions.py --file raw.tsv            # candidates for every line (url <TAB> question)
  python tools/label_questions.py --find "trích lục" ...    # procedures whose name holds every given phrase
The person labelling decides each label; this tool only saves looking codes up by hand.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cchc.assistant.parsing import SHIPPED_CORPUS, parse_record, read_records
from cchc.assistant.query import syllables
from cchc.assistant.retrieval import Index, PlainBM25, doc_for_record


def describe(record: dict) -> str:
    return (
        f"{record['code']:<10} {record['name'][:110]} | {record['levels']} | {record['ministry']}"
        f" | {record['audience'][:50]}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("question", nargs="?")
    parser.add_argument("--file", type=Path)
    parser.add_argument("--find", nargs="+")
    parser.add_argument("-k", type=int, default=8)
    args = parser.parse_args()
    records = {r.code: r.as_dict() for r in (parse_record(raw) for raw in read_records(SHIPPED_CORPUS))}
    if args.find:
        wanted = [" ".join(syllables(p)) for p in args.find]
        for record in records.values():
            name = f" {' '.join(syllables(record['name']))} "
            if all(f" {w} " in name for w in wanted):
                print(describe(record))
        return
    docs = [doc_for_record(r) for r in records.values()]
    index, baseline = Index(docs), PlainBM25(docs)
    lines = args.file.read_text(encoding="utf-8").splitlines() if args.file else [f"-\t{args.question}"]
    for n, line in enumerate(lines, start=1):
        question = line.split("\t")[-1]
        print(f"\n[{n}] {question[:300]}")
        seen = []
        for code in [h.code for h in index.search(question, k=args.k).hits] + baseline.search(question, k=4):
            if code not in seen:
                seen.append(code)
                print("   ", describe(records[code]))


if __name__ == "__main__":
    main()
