"""Offline: train the assistant's answer-or-decline decision (a logistic model) on the tuning questions.

Training questions: the team's tuning set (bench/data/assistant_questions.tsv), part A of the team's citizens' set
and the TUNE half of the real citizens' questions. Never the held-out sets or the real TEST half, which measure it.
The target is "the first procedure is one of the acceptable codes" (always 0 for a question no procedure answers).
The threshold is the one that maximises right answers minus COST_OF_A_WRONG_ANSWER × wrong answers on the training
questions. Writes cchc/assistant/data/decision.json.

Usage: python tools/train_decision.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from assistant import load_questions, load_real  # noqa: E402

from cchc.assistant.parsing import SHIPPED_CORPUS, parse_record, read_records  # noqa: E402
from cchc.assistant.retrieval import Index, doc_for_record  # noqa: E402

OUT = ROOT / "cchc" / "assistant" / "data" / "decision.json"
DATA = ROOT / "bench" / "data"
COST_OF_A_WRONG_ANSWER = 3.0
# Real citizens' questions are few and unlike the team's: each counts this many times in the fit and the threshold.
WEIGHT_OF_A_REAL_QUESTION = 4.0
L2 = 0.01
STEPS = 4000
RATE = 0.1


def training_set(index: Index) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    team = load_questions(DATA / "assistant_questions.tsv") + load_questions(
        DATA / "assistant_questions_citizens_heldout_a.tsv"
    )
    real = load_real(DATA / "assistant_real_questions.tsv", "tune")
    rows, targets, weights = [], [], []
    for item, weight in [(i, 1.0) for i in team] + [(i, WEIGHT_OF_A_REAL_QUESTION) for i in real]:
        result = index.search(item.question)
        if not result.features or result.vague:
            continue
        rows.append(result.features)
        targets.append(float(bool(item.codes) and result.hits[0].code in item.codes))
        weights.append(weight)
    return np.array(rows), np.array(targets), np.array(weights)


def fit(x: np.ndarray, y: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = (x - mean) / std
    w, b = np.zeros(z.shape[1]), 0.0
    for _ in range(STEPS):
        error = weight * (1 / (1 + np.exp(-(z @ w + b))) - y)
        w -= RATE * (z.T @ error / weight.sum() + L2 * w)
        b -= RATE * float(error.sum() / weight.sum())
    return w, b, mean, std


def main() -> None:
    records = [parse_record(raw) for raw in read_records(SHIPPED_CORPUS)]
    index = Index([doc_for_record(r.as_dict()) for r in records])
    x, y, weight = training_set(index)
    w, b, mean, std = fit(x, y, weight)
    weights = w / std
    bias = b - float(np.sum(w * mean / std))
    probability = 1 / (1 + np.exp(-(x @ weights + bias)))
    best = max(
        (float(np.sum(weight * (probability >= t) * (y - COST_OF_A_WRONG_ANSWER * (1 - y)))), t)
        for t in np.linspace(0.05, 0.95, 91)
    )
    threshold = round(float(best[1]), 2)
    answered = probability >= threshold
    OUT.write_text(
        json.dumps({"bias": round(bias, 4), "weights": [round(float(v), 4) for v in weights], "threshold": threshold})
        + "\n",
        encoding="utf-8",
    )
    print(
        f"{len(y)} training questions ({int(y.sum())} with the right first procedure); threshold {threshold}: "
        f"answers {int(answered.sum())}, of which right {int((answered * y).sum())} → {OUT.name}"
    )


if __name__ == "__main__":
    main()
