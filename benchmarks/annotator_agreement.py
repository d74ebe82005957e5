"""How well one expert agrees with the others, beside how well the coder does, on the AnnoMI
transcripts that ten experts annotated each (tune part only: the held-out ones are skipped).

    python benchmarks/annotator_agreement.py

For every utterance, each expert's label is compared with the majority of the other nine (ties
to the first of them), and the coder's label with the majority of all ten, the same way
`eval annomi` compares it. The figures say how high a target can sensibly be: where experts
reach 0.80 against their peers, a coder cannot be expected to reach 0.90.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coder_eval import DATA  # noqa: E402

from live_assist.annomi import (CLIENT_LABELS, CLIENT_OF_CODE, MAIN_LABELS, QUESTION_TYPE_OF_CODE,  # noqa: E402
                                REFLECTION_TYPE_OF_CODE, _clean, _first, _majority, main_label)
from live_assist.coder import Coder  # noqa: E402
from live_assist.events import Utterance  # noqa: E402
from live_assist.metrics import classification_report  # noqa: E402

# (name, CSV column, labels, speaker, the coder's label from its codes)
FAMILIES = (
    ("main behaviour", "main_therapist_behaviour", MAIN_LABELS, "therapist", main_label),
    ("open vs closed", "question_subtype", ("open", "closed"), "therapist",
     lambda codes: _first(codes, QUESTION_TYPE_OF_CODE)),
    ("simple vs complex", "reflection_subtype", ("simple", "complex"), "therapist",
     lambda codes: _first(codes, REFLECTION_TYPE_OF_CODE)),
    ("client talk", "client_talk_type", CLIENT_LABELS, "client",
     lambda codes: CLIENT_OF_CODE.get(codes[0], "neutral")),
)


def main() -> None:
    with (DATA / "AnnoMI-full.dev.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    annotators: dict[int, set[str]] = defaultdict(set)
    for row in rows:
        annotators[int(row["transcript_id"])].add(row["annotator_id"])
    chosen = sorted(t for t, a in annotators.items() if len(a) > 1 and t % 5 != 0)
    by_utterance: dict[tuple[int, int], list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        if int(row["transcript_id"]) in chosen:
            by_utterance[(int(row["transcript_id"]), int(row["utterance_id"]))].append(row)

    coder = Coder()
    codes: dict[tuple[int, int], list[str]] = {}
    context: dict[int, list[Utterance]] = defaultdict(list)
    for key in sorted(by_utterance):
        first = by_utterance[key][0]
        turn = Utterance("counselor" if first["interlocutor"] == "therapist" else "client", first["utterance_text"])
        codes[key] = coder.code(turn, context[key[0]]).codes
        context[key[0]].append(turn)

    print(f"transcripts {chosen}, {len(annotators[chosen[0]])} experts each")
    print(f"{'':20} {'an expert vs the other experts':>32} {'the coder vs all experts':>27}")
    for name, column, labels, speaker, coder_label in FAMILIES:
        expert_gold, expert_said, coder_gold, coder_said = [], [], [], []
        for key, group in by_utterance.items():
            if group[0]["interlocutor"] != speaker:
                continue
            said = [_clean(r[column]) for r in group]
            if sum(label in labels for label in said) < 2:
                continue
            for i, label in enumerate(said):
                others = [x for j, x in enumerate(said) if j != i and x in labels]
                if label in labels and others:
                    expert_gold.append(_majority(others))
                    expert_said.append(label)
            coder_gold.append(_majority([x for x in said if x in labels]))
            coder_said.append(coder_label(codes[key]))
        expert = classification_report(expert_gold, expert_said, labels)
        machine = classification_report(coder_gold, coder_said, labels)
        print(f"{name:20} acc {expert['accuracy']:.3f} macro-F1 {expert['macro_f1']:.3f} (n={expert['n']:5})"
              f"   acc {machine['accuracy']:.3f} macro-F1 {machine['macro_f1']:.3f} (n={machine['n']})")


if __name__ == "__main__":
    main()
