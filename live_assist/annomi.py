"""Read AnnoMI CSV files and score the coder against their expert labels.

AnnoMI (Wu et al., ICASSP 2022) labels each therapist utterance with one main behaviour and
each client utterance with a talk type. Its labels are coarser than MITI's, so the coder's codes
are mapped onto them:

    question         <- open_question, closed_question
    reflection       <- simple_reflection, complex_reflection, summary
    therapist_input  <- giving_information, persuade, persuade_with_permission
    other            <- affirmation, emphasize_autonomy, seeking_collaboration, confront, other
    change / neutral / sustain <- change_talk / neutral / sustain_talk

A therapist turn is compared by its first code AnnoMI has a label for. AnnoMI has none for
affirming, emphasising autonomy, seeking collaboration or confronting: these usually come as a
question or a reflection ("what ideas do you have?" seeks collaboration by asking), and where the
coder gives such a code first and a question, reflection or information code after it, AnnoMI's
experts rarely label the turn "other" (on the tune part of the dev split: 11 of 120 such turns;
75 carry exactly the second code's label). So those four codes are passed over for the next
code; a turn with none after them, or whose first code is `other`, is "other".

The full file also gives subtypes: open|closed is compared with the first question code the
coder gave (anywhere in the turn's codes; no question code counts as wrong), simple|complex with
the first reflection code (summary counts as complex; none counts as wrong).

Both files are accepted. The full file has several rows per utterance when several experts
annotated a transcript: each label is then the majority, ties going to the label of the
annotator whose row comes first.
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from live_assist.codes import CLIENT, COUNSELOR
from live_assist.coder import Coder
from live_assist.errors import UserError, reading_text
from live_assist.events import Utterance
from live_assist.metrics import classification_report

MAIN_LABELS = ("question", "reflection", "therapist_input", "other")
CLIENT_LABELS = ("change", "neutral", "sustain")
MAIN_OF_CODE = {
    "open_question": "question", "closed_question": "question",
    "simple_reflection": "reflection", "complex_reflection": "reflection", "summary": "reflection",
    "giving_information": "therapist_input", "persuade": "therapist_input",
    "persuade_with_permission": "therapist_input",
}
# The MITI codes AnnoMI has no label for, which ride on a question, reflection or information.
_UNLABELLED = frozenset({"affirmation", "emphasize_autonomy", "seeking_collaboration", "confront"})
CLIENT_OF_CODE = {"change_talk": "change", "neutral": "neutral", "sustain_talk": "sustain"}
QUESTION_TYPE_OF_CODE = {"open_question": "open", "closed_question": "closed"}
REFLECTION_TYPE_OF_CODE = {"simple_reflection": "simple", "complex_reflection": "complex", "summary": "complex"}

REQUIRED = ("transcript_id", "utterance_id", "interlocutor", "utterance_text",
            "main_therapist_behaviour", "client_talk_type")
_LABEL_FIELDS = ("main_therapist_behaviour", "client_talk_type", "question_subtype", "reflection_subtype")
_SPEAKER = {"therapist": COUNSELOR, "client": CLIENT}


@dataclass(frozen=True)
class Labelled:
    """One utterance with its (majority) expert labels; "" where the file has none."""

    utterance: Utterance
    main: str
    client_talk: str
    question_type: str
    reflection_type: str


@dataclass(frozen=True)
class Transcript:
    id: int
    utterances: tuple[Labelled, ...]


def _majority(values: list[str]) -> str:
    counts = Counter(values)
    top = max(counts.values())
    return next(v for v in values if counts[v] == top)


def _clean(value: str | None) -> str:
    value = (value or "").strip().lower()
    return "" if value in ("n/a", "nan", "none") else value


def read_annomi(path: Path) -> list[Transcript]:
    try:
        with reading_text(path, "a CSV file"), path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            columns = reader.fieldnames or []
            missing = [c for c in REQUIRED if c not in columns]
            if missing:
                raise UserError(f"{path}: not an AnnoMI CSV file: missing column(s) {', '.join(missing)}")
            rows = list(reader)
    except csv.Error as exc:
        raise UserError(f"{path}: not a readable CSV file: {exc}") from None
    if not rows:
        raise UserError(f"{path}: no utterance rows after the header")

    grouped: dict[tuple[int, int], list[dict[str, str]]] = {}
    for line, row in enumerate(rows, start=2):
        try:
            key = (int(row["transcript_id"]), int(row["utterance_id"]))
        except (TypeError, ValueError):
            raise UserError(f"{path}: row {line}: transcript_id and utterance_id must be whole numbers") from None
        if row["interlocutor"] not in _SPEAKER:
            raise UserError(f"{path}: row {line}: interlocutor must be therapist or client, not {row['interlocutor']!r}")
        grouped.setdefault(key, []).append(row)

    transcripts: dict[int, list[Labelled]] = {}
    for (tid, _uid), group in sorted(grouped.items()):
        first = group[0]
        labels = {f: _majority([_clean(r.get(f)) for r in group]) for f in _LABEL_FIELDS}
        transcripts.setdefault(tid, []).append(Labelled(
            Utterance(_SPEAKER[first["interlocutor"]], first["utterance_text"] or ""),
            labels["main_therapist_behaviour"], labels["client_talk_type"],
            labels["question_subtype"], labels["reflection_subtype"],
        ))
    return [Transcript(tid, tuple(us)) for tid, us in transcripts.items()]


def main_label(codes: list[str]) -> str:
    """The AnnoMI main behaviour a therapist turn's codes stand for (see the module docstring)."""
    for code in codes:
        if code not in _UNLABELLED:
            return MAIN_OF_CODE.get(code, "other")
    return "other"


def _first(codes: list[str], table: dict[str, str]) -> str:
    return next((table[c] for c in codes if c in table), "none")


def evaluate(transcripts: Iterable[Transcript], coder: Coder | None = None) -> dict:
    """Code every transcript in order with its own context and compare with the experts.
    `turns_per_second` times the coding loop only, not reading or scoring."""
    coder = coder or Coder()
    transcripts = list(transcripts)
    codings = []
    n_turns = 0
    started = time.perf_counter()
    for t in transcripts:
        context: list[Utterance] = []
        for item in t.utterances:
            codings.append(coder.code(item.utterance, context).codes)
            context.append(item.utterance)
        n_turns += len(t.utterances)
    elapsed = time.perf_counter() - started

    main_g, main_p, cl_g, cl_p, qt_g, qt_p, rt_g, rt_p = ([] for _ in range(8))
    items = [u for t in transcripts for u in t.utterances]
    for item, codes in zip(items, codings):
        if item.utterance.speaker == COUNSELOR:
            if item.main in MAIN_LABELS:
                main_g.append(item.main)
                main_p.append(main_label(codes))
            if item.question_type in ("open", "closed"):
                qt_g.append(item.question_type)
                qt_p.append(_first(codes, QUESTION_TYPE_OF_CODE))
            if item.reflection_type in ("simple", "complex"):
                rt_g.append(item.reflection_type)
                rt_p.append(_first(codes, REFLECTION_TYPE_OF_CODE))
        elif item.client_talk in CLIENT_LABELS:
            cl_g.append(item.client_talk)
            cl_p.append(CLIENT_OF_CODE.get(codes[0], "neutral"))

    main = classification_report(main_g, main_p, MAIN_LABELS)
    client = classification_report(cl_g, cl_p, CLIENT_LABELS)
    qt = classification_report(qt_g, qt_p, ("open", "closed"))
    rt = classification_report(rt_g, rt_p, ("simple", "complex"))
    return {
        "n_therapist": len(main_g),
        "main": {k: main[k] for k in ("accuracy", "macro_f1", "per_class", "confusion")},
        "question_type": {"n": qt["n"], "accuracy": qt["accuracy"], "confusion": qt["confusion"]},
        "reflection_type": {"n": rt["n"], "macro_f1": rt["macro_f1"], "accuracy": rt["accuracy"],
                            "confusion": rt["confusion"]},
        "client": {"n": client["n"], "accuracy": client["accuracy"], "macro_f1": client["macro_f1"],
                   "per_class": client["per_class"], "confusion": client["confusion"]},
        "turns_per_second": n_turns / elapsed if elapsed > 0 else 0.0,
    }
