"""Offline: train the assistant's answer-or-decline decision (a logistic model), its features and threshold chosen
by cross-validation within the tuning questions.

Training questions: the team's tuning set (bench/data/assistant_questions.tsv), part A of the team's citizens' set
and the TUNE half of the real citizens' questions. Never the held-out sets or the real TEST half, which measure it.
The target is "the first procedure is one of the acceptable codes" (always 0 for a question no procedure answers).

Honest features: the reranker was trained on the real tune half, so on those questions its probabilities are
in-sample and surer than on a new question. Each real tune question is therefore searched with a reranker trained
without its fold (FOLDS seeded folds, stratified by answerable/none): out-of-fold features, the kind the shipped
reranker gives an unseen question. The decision is fit on them (and on the team's questions as the shipped reranker
sees them).

Choice: for each candidate setting (a set of the features of `retrieval.decision_features`, the weight of a real
question), the decision is cross-validated on the same folds; the threshold is the one maximising the out-of-fold
utility on the real tune half (a right answer +1, a wrong one −COST_OF_A_WRONG_ANSWER, a decline 0) among those that
decline at least MIN_DECLINED of the questions no procedure answers. The utility counts the team's questions too, a
real one REAL_IN_UTILITY times. Settings within one real wrong answer of the best utility are equal (noise on about
50 real questions a fold): the one answering most of the team's clear questions right wins.
It is refit on all the training questions and written, with that threshold, to cchc/assistant/data/decision.json.

Usage: python tools/train_decision.py [--dry-run]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tools"))

import train_reranker  # noqa: E402
from assistant import Item  # noqa: E402

from cchc.assistant import retrieval  # noqa: E402
from cchc.assistant.retrieval import FEATURES, MIN_CONFIDENCE, Index  # noqa: E402

OUT = ROOT / "cchc" / "assistant" / "data" / "decision.json"
FOLDS = train_reranker.FOLDS
SEED = train_reranker.SEED
# "An answer given only when it is right": a wrong answer costs three right ones.
COST_OF_A_WRONG_ANSWER = 3.0
# The target is 0.70 of the questions no procedure answers declined; out of fold, keep a margin over it.
MIN_DECLINED = 0.75
# The utility counts a real question this many times beside a team-written one (as the fit weighs it).
REAL_IN_UTILITY = 4.0
THRESHOLDS = np.round(np.linspace(0.05, 0.95, 91), 2)
L2 = 0.01
STEPS = 4000
RATE = 0.1
# The settings tried: the features read (names of `retrieval.decision_features`), the weight of a real question in
# the fit (they are few and unlike the team's) and that of a team-written one (0: real questions only). "previous" is
# the decision shipped before cross-validation.
PREVIOUS = ("coverage", "coverage_lead", "lead", "concepts", "weight_ratio", "probability")
ALL = (*PREVIOUS, "margin", "asked")
SETTINGS: dict[str, tuple[tuple[str, ...], float, float]] = {
    "previous": (PREVIOUS, 4.0, 1.0),
    "previous, real ×1": (PREVIOUS, 1.0, 1.0),
    "previous, real only": (PREVIOUS, 1.0, 0.0),
    "probability": (("probability",), 4.0, 1.0),
    "probability, real only": (("probability",), 1.0, 0.0),
    "probability, margin": (("probability", "margin"), 4.0, 1.0),
    "probability, margin, coverage": (("probability", "margin", "coverage"), 4.0, 1.0),
    "probability, margin, coverage, real only": (("probability", "margin", "coverage"), 1.0, 0.0),
    "probability, margin, coverage, weight": (("probability", "margin", "coverage", "weight_ratio"), 4.0, 1.0),
    "all": (ALL, 4.0, 1.0),
    "all, real ×1": (ALL, 1.0, 1.0),
    "all, real only": (ALL, 1.0, 0.0),
}


@dataclass
class Observation:
    """One question as the decision sees it: its features, whether the first procedure is right, whether no
    procedure answers it, whether the rules decline it whatever the model says (vague, or too poor a match), and
    whether a citizen wrote it (the real tune half) or the team."""

    features: dict[str, float]
    right: bool
    none: bool
    gated: bool
    real: bool


def observe(index: Index, item: Item, real: bool) -> Observation:
    result = index.search(item.question)
    gated = result.vague or not result.features or result.features["coverage"] < MIN_CONFIDENCE
    right = bool(item.codes) and bool(result.hits) and result.hits[0].code in item.codes
    return Observation(result.features, right, not item.codes, gated, real)


def stratified_folds(items: list[tuple[Item, bool]]) -> list[list[int]]:
    """FOLDS seeded folds of the items' positions, each of (team, real) × (answerable, none) dealt out separately."""
    folds: list[list[int]] = [[] for _ in range(FOLDS)]
    rng = random.Random(SEED)
    for real in (False, True):
        for none in (False, True):
            group = [n for n, (item, r) in enumerate(items) if r == real and (not item.codes) == none]
            rng.shuffle(group)
            for k, n in enumerate(group):
                folds[k % FOLDS].append(n)
    return folds


def out_of_fold_observations(index: Index, items: list[tuple[Item, bool]], folds: list[list[int]]) -> list:
    """Each question searched with a reranker trained on the other folds."""
    retrieval.RERANKER, shipped = None, retrieval.RERANKER  # the reranker's features come from the rules alone
    groups = {
        n: train_reranker.groups_for(index, [item], 1.0 if not real else train_reranker.WEIGHT_OF_A_REAL_QUESTION)[0]
        for n, (item, real) in enumerate(items)
        if item.codes
    }
    out: list[Observation | None] = [None] * len(items)
    for held in folds:
        kept = [g for n, g in groups.items() if n not in set(held)]
        w = train_reranker.fit(kept, train_reranker.L2)
        retrieval.RERANKER = {"weights": dict(zip(FEATURES, (float(v) for v in w), strict=True))}
        for n in held:
            out[n] = observe(index, *items[n])
    retrieval.RERANKER = shipped
    return out


def fit(x: np.ndarray, y: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, float]:
    """A weighted, L2-regularised logistic regression (on standardised features); weights on the raw features."""
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = (x - mean) / std
    w, b = np.zeros(z.shape[1]), 0.0
    for _ in range(STEPS):
        error = weight * (1 / (1 + np.exp(-(z @ w + b))) - y)
        w -= RATE * (z.T @ error / weight.sum() + L2 * w)
        b -= RATE * float(error.sum() / weight.sum())
    return w / std, b - float(np.sum(w * mean / std))


def model_for(observations: list[tuple[Observation, float]], names: tuple[str, ...]) -> dict:
    usable = [(o, wt) for o, wt in observations if not o.gated and wt > 0]
    x = np.array([[o.features[name] for name in names] for o, _ in usable])
    y = np.array([float(o.right) for o, _ in usable])
    weights, bias = fit(x, y, np.array([wt for _, wt in usable]))
    return {"bias": round(bias, 4), "weights": {n: round(float(v), 4) for n, v in zip(names, weights, strict=True)}}


@dataclass
class Outcome:
    threshold: float
    utility: float  # on all the questions, a real one counting REAL_IN_UTILITY times
    real_utility: float
    answered_right: float  # share of the real answerable questions answered with the right first procedure
    answered_wrong: int  # real questions answered wrongly
    declined: float  # share of the real "none" questions declined
    team_answered_right: float


def outcome(observations: list[Observation], probability: list[float], threshold: float) -> Outcome:
    def figures(real: bool) -> tuple[int, int, int, float]:
        pairs = [(o, p) for o, p in zip(observations, probability, strict=True) if o.real == real]
        answered = [not o.gated and p >= threshold for o, p in pairs]
        right = sum(a and o.right for a, (o, _) in zip(answered, pairs, strict=True))
        wrong = sum(a and not o.right for a, (o, _) in zip(answered, pairs, strict=True))
        nones = [a for a, (o, _) in zip(answered, pairs, strict=True) if o.none]
        answerable = sum(not o.none for o, _ in pairs) or 1
        return right, wrong, answerable, sum(not a for a in nones) / max(len(nones), 1)

    right, wrong, answerable, declined = figures(True)
    team_right, team_wrong, team_answerable, _ = figures(False)
    real_utility = right - COST_OF_A_WRONG_ANSWER * wrong
    return Outcome(
        threshold,
        REAL_IN_UTILITY * real_utility + team_right - COST_OF_A_WRONG_ANSWER * team_wrong,
        real_utility,
        right / answerable,
        wrong,
        declined,
        team_right / team_answerable,
    )


def best_outcome(observations: list[Observation], probability: list[float]) -> Outcome | None:
    """The threshold with the best utility among those declining at least MIN_DECLINED of the real "none"
    questions."""
    allowed = [
        o for o in (outcome(observations, probability, float(t)) for t in THRESHOLDS) if o.declined >= MIN_DECLINED
    ]
    return max(allowed, key=lambda o: (o.utility, -o.threshold), default=None)


def show(label: str, o: Outcome | None) -> None:
    if o is None:
        print(f"  {label:40} no threshold declines {MIN_DECLINED} of the 'none' questions")
        return
    print(
        f"  {label:40} t {o.threshold:.2f}  utility {o.utility:+6.1f}  real: utility {o.real_utility:+5.1f} "
        f"answered-and-right {o.answered_right:.3f} wrong {o.answered_wrong:2d} declined-when-none {o.declined:.3f}"
        f"  team: answered-and-right {o.team_answered_right:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dry-run", action="store_true", help="print the cross-validation, write nothing")
    args = parser.parse_args()
    index = train_reranker.corpus_index()
    items = [(item, False) for item in train_reranker.team_questions()] + [
        (item, True) for item in train_reranker.real_tune_questions()
    ]
    folds = stratified_folds(items)
    in_sample = [observe(index, *pair) for pair in items]
    oof = out_of_fold_observations(index, items, folds)
    print(
        f"{len(items)} tuning questions, {sum(o.real for o in oof)} of them real; right procedure first on the real "
        f"ones: {sum(o.right for o in in_sample if o.real)} with the shipped reranker (in-sample), "
        f"{sum(o.right for o in oof if o.real)} out of fold"
    )
    shipped = json.loads(OUT.read_text(encoding="utf-8"))
    print("the shipped decision.json, its own threshold:")
    for label, obs in (("on in-sample features", in_sample), ("on out-of-fold features", oof)):
        probability = [0.0 if o.gated else retrieval.answer_probability(o.features, shipped) for o in obs]
        show(label, outcome(obs, probability, shipped["threshold"]))
    print(f"{FOLDS}-fold cross-validation on out-of-fold features, threshold chosen out of fold:")
    results: dict[str, Outcome | None] = {}
    curves: dict[str, list[float]] = {}
    for label, (names, real_weight, team_weight) in SETTINGS.items():
        probability = [0.0] * len(oof)
        for held in folds:
            out = set(held)
            train = [(o, real_weight if o.real else team_weight) for n, o in enumerate(oof) if n not in out]
            model = model_for(train, names)
            for n in held:
                probability[n] = 0.0 if oof[n].gated else retrieval.answer_probability(oof[n].features, model)
        results[label] = best_outcome(oof, probability)
        curves[label] = probability
        show(label, results[label])
    scored = {k: v for k, v in results.items() if v is not None}
    best = max(v.utility for v in scored.values())
    # Within one real wrong answer of the best utility, settings are equal (about 50 real questions a fold): the one
    # answering the most of the team's clear questions right wins, then the one reading fewer features.
    label = max(
        (k for k, v in scored.items() if v.utility >= best - REAL_IN_UTILITY * COST_OF_A_WRONG_ANSWER),
        key=lambda k: (scored[k].team_answered_right, -len(SETTINGS[k][0])),
    )
    chosen = results[label]
    assert chosen is not None
    print(f"chosen: {label}; out of fold around its threshold (how sharp the optimum is):")
    for t in (chosen.threshold + d for d in (-0.1, -0.05, -0.02, 0.02, 0.05, 0.1)):
        show(f"threshold {t:.2f}", outcome(oof, curves[label], t))
    names, real_weight, team_weight = SETTINGS[label]
    model = model_for([(o, real_weight if o.real else team_weight) for o in oof], names)
    model["threshold"] = chosen.threshold
    print(f"refit on all the training questions → {json.dumps(model)}")
    if not args.dry_run:
        OUT.write_text(json.dumps(model) + "\n", encoding="utf-8")
        print(f"→ {OUT.name}")


if __name__ == "__main__":
    main()
