"""Offline: train the assistant's reranker (a linear model over each candidate's features, softmax over the first
candidates of a question) and compare it with the rules by cross-validation within the tuning questions.

Training questions: the team's tuning set (bench/data/assistant_questions.tsv), part A of the team's citizens' set
and the TUNE half of the real citizens' questions. Never the held-out sets or the real TEST half, which measure it.
Cross-validation: the real tune half in FOLDS seeded folds; each fold is ranked by a model trained on the team's
questions and the other folds, and by the rules; recall@1, recall@3 and MRR of both are printed. The reranker is
written (cchc/assistant/data/reranker.json, which the assistant then uses) only when it beats the rules on the folds'
MRR by MIN_GAIN without losing recall@1, unless --force; otherwise the rules keep ranking.

Usage: python tools/train_reranker.py [--force]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

import numpy as np

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from assistant import Item, load_questions, load_real  # noqa: E402

from cchc.assistant import retrieval  # noqa: E402
from cchc.assistant.parsing import SHIPPED_CORPUS, parse_record, read_records  # noqa: E402
from cchc.assistant.retrieval import FEATURES, RERANK_DEPTH, RESERVED_LOGIT, Index, doc_for_record  # noqa: E402

OUT = ROOT / "cchc" / "assistant" / "data" / "reranker.json"
DATA = ROOT / "bench" / "data"
FOLDS = 5
SEED = 20261204
# Real citizens' questions are few and unlike the team's: each counts this many times in the fit.
WEIGHT_OF_A_REAL_QUESTION = 1.0
L2 = 0.03
STEPS = 1500
# A smaller gain in MRR is within one or two of the ~60 real tune questions: noise, not a better ranking.
MIN_GAIN = 0.02
RATE = 0.3


class Group:
    """One question's candidates: their features (rows), their fixed logit offset (the audience rule) and which of
    them answer it."""

    def __init__(self, x: np.ndarray, offset: np.ndarray, relevant: np.ndarray, weight: float, missing: bool) -> None:
        self.x, self.offset, self.relevant, self.weight, self.missing = x, offset, relevant, weight, missing


def groups_for(index: Index, items: list[Item], weight: float) -> list[Group]:
    out = []
    for item in items:
        if not item.codes:
            continue
        candidates = index.candidates(item.question)[:RERANK_DEPTH]
        x = np.array([[c.features[name] for name in FEATURES] for c in candidates]) if candidates else np.zeros((0, 0))
        offset = np.array([RESERVED_LOGIT * c.reserved for c in candidates])
        relevant = np.array([c.hit.code in item.codes for c in candidates], dtype=float)
        out.append(Group(x, offset, relevant, weight, missing=not relevant.any()))
    return out


def fit(groups: list[Group], l2: float) -> np.ndarray:
    """Weights (on raw features) maximising the softmax probability of the answering candidates (padded to one
    array: questions × candidates × features, a mask for the missing candidates)."""
    usable = [g for g in groups if not g.missing]
    rows = np.vstack([g.x for g in usable])
    mean, std = rows.mean(axis=0), rows.std(axis=0) + 1e-9
    depth = max(len(g.relevant) for g in usable)
    z = np.zeros((len(usable), depth, rows.shape[1]))
    mask = np.zeros((len(usable), depth), dtype=bool)
    offset = np.zeros((len(usable), depth))
    target = np.zeros((len(usable), depth))
    for n, g in enumerate(usable):
        z[n, : len(g.relevant)] = (g.x - mean) / std
        mask[n, : len(g.relevant)] = True
        offset[n, : len(g.relevant)] = g.offset
        target[n, : len(g.relevant)] = g.relevant / g.relevant.sum()
    weight = np.array([g.weight for g in usable])
    weight /= weight.sum()
    w = np.zeros(rows.shape[1])
    for _ in range(STEPS):
        logits = np.where(mask, z @ w + offset, -np.inf)
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        w -= RATE * (np.einsum("q,qc,qcf->f", weight, p - target, z) + l2 * w)
    return w / std


def ranks(groups: list[Group], w: np.ndarray | None) -> list[int | None]:
    """Rank (1-based) of the first answering candidate, by the model or (None) by the rules' order."""
    out: list[int | None] = []
    for g in groups:
        if g.missing:
            out.append(None)
            continue
        order = np.arange(len(g.relevant)) if w is None else np.argsort(-(g.x @ w + g.offset), kind="stable")
        out.append(int(np.flatnonzero(g.relevant[order])[0]) + 1)
    return out


def summary(found: list[int | None]) -> tuple[float, float, float]:
    n = len(found) or 1
    return (
        sum(r == 1 for r in found) / n,
        sum(r is not None and r <= 3 for r in found) / n,
        sum(1 / r for r in found if r) / n,
    )


def corpus_index() -> Index:
    """The assistant's index over the shipped procedure corpus."""
    return Index([doc_for_record(parse_record(raw).as_dict()) for raw in read_records(SHIPPED_CORPUS)])


def team_questions() -> list[Item]:
    """The team-written questions the models may learn from (the tuning set and citizens' half A)."""
    return load_questions(DATA / "assistant_questions.tsv") + load_questions(
        DATA / "assistant_questions_citizens_heldout_a.tsv"
    )


def real_tune_questions() -> list[Item]:
    """The tune half of the real citizens' questions (the test half is never learned from)."""
    return load_real(DATA / "assistant_real_questions.tsv", "tune")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--force", action="store_true", help="write the model even when it does not beat the rules")
    args = parser.parse_args()
    retrieval.RERANKER = None  # features and the rules' order come from the rules alone
    index = corpus_index()
    team = groups_for(index, team_questions(), 1.0)
    real = groups_for(index, real_tune_questions(), WEIGHT_OF_A_REAL_QUESTION)
    order = list(range(len(real)))
    random.Random(SEED).shuffle(order)
    folds = [order[f::FOLDS] for f in range(FOLDS)]
    model_ranks: list[int | None] = []
    rule_ranks: list[int | None] = []
    for held in folds:
        train = team + [g for n, g in enumerate(real) if n not in held]
        w = fit(train, L2)
        test = [real[n] for n in held]
        model_ranks += ranks(test, w)
        rule_ranks += ranks(test, None)
    r_rules, r_model = summary(rule_ranks), summary(model_ranks)
    print(f"real tune half, {len(real)} answerable, {FOLDS}-fold cross-validation (recall@1, recall@3, MRR):")
    print(f"  rules    {r_rules[0]:.3f} {r_rules[1]:.3f} {r_rules[2]:.3f}")
    print(f"  reranker {r_model[0]:.3f} {r_model[1]:.3f} {r_model[2]:.3f}")
    print(f"  (right procedure beyond the first {RERANK_DEPTH} candidates: {sum(g.missing for g in real)})")
    w = fit(team + real, L2)
    print(f"team sets, trained on: rules {summary(ranks(team, None))}, reranker {summary(ranks(team, w))}")
    if (r_model[2] < r_rules[2] + MIN_GAIN or r_model[0] < r_rules[0]) and not args.force:
        print(f"the reranker does not beat the rules by {MIN_GAIN} MRR: not written (the rules keep ranking)")
        return
    OUT.write_text(
        json.dumps({"weights": {name: round(float(v), 4) for name, v in zip(FEATURES, w, strict=True)}}, indent=1)
        + "\n",
        encoding="utf-8",
    )
    print(f"→ {OUT.name}")


if __name__ == "__main__":
    main()
