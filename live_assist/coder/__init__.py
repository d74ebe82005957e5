"""The rule coder: OARS/MITI codes for one turn, given the conversation before it.

Contract used by the pipeline, `tag` and `eval`: `Coder().code(utterance, context)` returns a
`Coding` whose `codes` are ordered with the main behaviour first, and one `Explanation` per
code. The rules are data in `models/rules/`; this package is the small engine that reads them.

How a turn is coded: every rule for the speaker whose conditions hold and whose pattern matches
fires and adds its weight to its code. Within an exclusive group (open vs closed question; simple vs complex reflection vs summary) the code
with the single strongest cue survives and takes the whole group's cues: all question cues say
"question", the strongest says which kind. The best-scoring code is the main behaviour, unless
a rule marked `lead` fired: its code names the behaviour so precisely ("it's your choice") that
it comes first whatever else scored. Other codes scoring at least `secondary_min` follow the
main one (never the fallback code: "other" beside a real behaviour says nothing). A code's
explanation is its strongest rule and the words that rule matched. With no rule firing, the
speaker's fallback code (`other` or `neutral`) is given.

Speed: each pattern knows the words a match can start with (`firstwords`), so a turn only
runs the patterns its own words allow, and only at the offsets where those words stand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from live_assist.codes import CLIENT, COUNSELOR, codes_for
from live_assist.coder.firstwords import START
from live_assist.coder.rules import Rule, RuleError, RuleSet, Search, load_rules
from live_assist.coder.text import normalize, words
from live_assist.events import Explanation, Utterance

__all__ = ["Coder", "Coding", "RuleError"]

_CACHE_LIMIT = 8192


@dataclass(frozen=True)
class Coding:
    codes: list[str]
    explanations: list[Explanation] = field(default_factory=list)


@dataclass(frozen=True)
class _Features:
    norm: str
    n_words: int
    content: frozenset[str]
    # Where each word starts in `norm` (a word with an apostrophe also under its first part:
    # "you've" under "you", since "\\byou\\b" matches there).
    offsets: dict[str, list[int]]
    # What each condition search found in this text, once asked: a turn is searched again as
    # context for the turns after it, and many rules ask the same.
    found: dict[Search, bool] = field(default_factory=dict)


@dataclass
class _Context:
    """What the rules may know about the conversation before the turn."""

    previous: _Features  # the other speaker's last turn
    own_previous: _Features  # the same speaker's last turn
    overlap: float = 0.0
    shared: tuple[str, ...] = ()
    echoes: tuple[int, ...] = ()  # content words shared with each recent client turn


def _offsets(norm: str) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {START: [0]}
    pos = 0
    for token in norm.split(" "):
        found = out.get(token)
        if found is None:
            out[token] = [pos]
        else:
            found.append(pos)
        if "'" in token:
            out.setdefault(token.split("'", 1)[0], []).append(pos)
        pos += len(token) + 1
    return out


class Coder:
    def __init__(self, rules_dir: Path | None = None) -> None:
        self.rules: RuleSet = load_rules(rules_dir)
        for speaker in (COUNSELOR, CLIENT):
            spec = self.rules.by_speaker.get(speaker)
            if spec is None:
                raise RuleError(f"no rule file for speaker {speaker!r}")
            known = codes_for(speaker)
            for rule in spec.rules:
                if rule.code not in known:
                    raise RuleError(f"rule {rule.name!r}: {rule.code!r} is not a {speaker} code")
        self._cache: dict[str, _Features] = {}
        # Per speaker: which rules' patterns a word can start a match of, and the rules whose
        # patterns must always run. A turn then runs only the patterns its own words allow.
        self._by_word: dict[str, dict[str, list[int]]] = {}
        self._always: dict[str, frozenset[int]] = {}
        for speaker, spec in self.rules.by_speaker.items():
            by_word: dict[str, list[int]] = {}
            for r, rule in enumerate(spec.rules):
                for word in rule.starts or ():
                    by_word.setdefault(word, []).append(r)
            self._by_word[speaker] = by_word
            # Rules without patterns fire on conditions alone; patterns with no known first
            # words could match anywhere.
            self._always[speaker] = frozenset(
                r for r, rule in enumerate(spec.rules) if rule.pattern is None or rule.starts is None)

    def _features(self, text: str) -> _Features:
        feats = self._cache.get(text)
        if feats is None:
            norm = normalize(text)
            ws = words(norm)
            stop = self.rules.stopwords
            # A five-letter prefix is a cheap stem: "drinking", "drinks" and "drinker" meet.
            content = frozenset(w[:5] for w in ws if len(w) > 2 and w not in stop)
            feats = _Features(norm, len(ws), content, _offsets(norm))
            if len(self._cache) >= _CACHE_LIMIT:  # forget the oldest half, keep recent context
                for key in list(self._cache)[: _CACHE_LIMIT // 2]:
                    del self._cache[key]
            self._cache[text] = feats
        return feats

    def _context(self, speaker: str, feats: _Features, context: Sequence[Utterance]) -> _Context:
        nothing = self._features("")
        ctx = _Context(nothing, nothing)
        rs = self.rules
        recent_client: list[frozenset[str]] = []
        own_seen = False
        for prior in reversed(context):
            if prior.speaker != speaker and not ctx.previous.norm:
                ctx.previous = self._features(prior.text)
            if prior.speaker == speaker and not own_seen:
                own_seen = True
                ctx.own_previous = self._features(prior.text)
            if prior.speaker == CLIENT:
                recent_client.append(self._features(prior.text).content)
                if len(recent_client) >= rs.summary_window:
                    break
        if speaker == COUNSELOR and feats.content and recent_client:
            near = frozenset().union(*recent_client[: rs.overlap_window])
            shared = feats.content & near
            ctx.overlap = len(shared) / len(feats.content)
            ctx.shared = tuple(sorted(shared))
            ctx.echoes = tuple(len(feats.content & c) for c in recent_client)
        return ctx

    def _candidates(self, speaker: str, feats: _Features) -> dict[int, list[int]]:
        """The rules whose pattern can match this turn, each with the offsets a match can start
        at (where one of its possible first words stands)."""
        by_word = self._by_word[speaker]
        out: dict[int, list[int]] = {}
        for token, offsets in feats.offsets.items():
            for r in by_word.get(token, ()):
                found = out.get(r)
                if found is None:
                    out[r] = list(offsets)
                else:
                    found.extend(offsets)
        return out

    def _fires(self, rule: Rule, feats: _Features, ctx: _Context, offsets: list[int] | None = None) -> str | None:
        """The evidence if the rule fires, else None. `offsets`: the only places its pattern can
        start matching (None: anywhere)."""
        if not rule.min_words <= feats.n_words <= rule.max_words:
            return None
        if not (rule.min_overlap <= ctx.overlap <= rule.max_overlap) or len(ctx.shared) < rule.min_shared:
            return None
        if rule.min_echoed:
            need = rule.echo_words or self.rules.echo_min_shared
            if sum(n >= need for n in ctx.echoes) < rule.min_echoed:
                return None
        # Conditions on earlier turns before the cue: their answers are remembered per turn, and
        # they rule most turns out. The asking-permission-first one is rarest, so it goes first.
        if rule.after_own and not self._finds(rule.after_own, ctx.own_previous):
            return None
        if rule.after and not self._finds(rule.after, ctx.previous):
            return None
        evidence = " ".join(ctx.shared) if rule.pattern is None else self._match(rule.pattern, feats.norm, offsets)
        if evidence is None:
            return None
        if rule.unless and self._finds(rule.unless, feats):
            return None
        return evidence

    @staticmethod
    def _finds(searches: tuple[Search, ...], feats: _Features) -> bool:
        """Whether any of the searches finds something in the text, each worked out once per
        text and only where its first words stand."""
        found = feats.found
        for search in searches:
            hit = found.get(search)
            if hit is None:
                if search.starts is None:
                    hit = search.regex.search(feats.norm) is not None
                else:
                    match, norm, offsets = search.regex.match, feats.norm, feats.offsets
                    hit = any(match(norm, o) is not None
                              for word in search.starts & offsets.keys() for o in offsets[word])
                found[search] = hit
            if hit:
                return True
        return False

    @staticmethod
    def _match(pattern: re.Pattern[str], norm: str, offsets: list[int] | None) -> str | None:
        if offsets is None:
            m = pattern.search(norm)
        else:
            m = None
            for offset in offsets:
                m = pattern.match(norm, offset)
                if m is not None:
                    break
        return None if m is None else m.group(0).replace(" | ", " ").strip(" |")

    def code(self, utterance: Utterance, context: Sequence[Utterance] = ()) -> Coding:
        spec = self.rules.by_speaker[utterance.speaker]
        feats = self._features(utterance.text)
        ctx = self._context(utterance.speaker, feats, context)
        weights: dict[str, list[float]] = {}
        leads: set[str] = set()
        best: dict[str, tuple[float, int, Explanation]] = {}
        candidates = self._candidates(utterance.speaker, feats)
        rules = spec.rules
        for order in sorted(self._always[utterance.speaker].union(candidates)):
            rule = rules[order]
            evidence = self._fires(rule, feats, ctx, candidates.get(order))
            if evidence is None:
                continue
            weights.setdefault(rule.code, []).append(rule.weight)
            if rule.lead:
                leads.add(rule.code)
            if rule.code not in best or rule.weight > best[rule.code][0]:
                first = best[rule.code][1] if rule.code in best else order
                best[rule.code] = (rule.weight, first, Explanation(rule.code, rule.name, evidence))
        for group in spec.exclusive:
            present = [c for c in group if c in best]
            if len(present) > 1:
                keep = max(present, key=lambda c: (best[c][0], sum(weights[c]), -best[c][1]))
                weights[keep] = [w for c in present for w in weights[c]]
                for c in present:
                    if c != keep:
                        del best[c]
        total = {c: sum(weights[c]) for c in best}
        ranked = sorted((c for c in best if total[c] > 0),
                        key=lambda c: (c not in leads, -total[c], best[c][1]))
        if not ranked:
            return Coding([spec.fallback], [Explanation(spec.fallback, "fallback", "")])
        chosen = ranked[:1] + [c for c in ranked[1:]
                               if total[c] >= spec.secondary_min and c != spec.fallback]
        return Coding(chosen, [best[c][2] for c in chosen])
