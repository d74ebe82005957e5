"""Agreement figures between gold labels and predictions: accuracy, per-class precision /
recall / F1, macro-F1 and the confusion matrix, as plain dicts ready for JSON."""

from __future__ import annotations

from collections import Counter
from typing import Sequence


def _safe(num: float, den: float) -> float:
    return num / den if den else 0.0


def classification_report(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict:
    """Macro-F1 averages over `labels` (the gold classes), so a prediction outside them (for
    example "none" when the coder saw no question) only ever counts against recall."""
    pairs = Counter(zip(gold, pred))
    per_class = {}
    for label in labels:
        tp = pairs[(label, label)]
        n_pred = sum(v for (g, p), v in pairs.items() if p == label)
        n_gold = sum(v for (g, p), v in pairs.items() if g == label)
        precision, recall = _safe(tp, n_pred), _safe(tp, n_gold)
        per_class[label] = {
            "precision": precision,
            "recall": recall,
            "f1": _safe(2 * precision * recall, precision + recall),
            "support": n_gold,
        }
    pred_labels = list(labels) + sorted({p for p in pred if p not in labels})
    return {
        "n": len(gold),
        "accuracy": _safe(sum(pairs[(l, l)] for l in labels), len(gold)),
        "macro_f1": _safe(sum(c["f1"] for c in per_class.values()), len(labels)),
        "per_class": per_class,
        "confusion": {g: {p: pairs[(g, p)] for p in pred_labels} for g in labels},
    }
