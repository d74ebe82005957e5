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

Speed (`benchmarks/coder_speed.py`): the time goes to
Python's own work per rule and per place and to the regular expressions the rules need, so
the engine runs as few patterns at as few places as it can tell could match, and keeps the
Python between them short:
- Each pattern knows the words a match can start with, and the word after them where that
  is known ("you should"; `firstwords`): a turn's candidate rules are those whose first
  words it holds (bit masks, `_Plan`), and a pattern runs only where they stand and the text
  there reads one of its starts, found with one dict lookup of the two words there.
- Most rules may match where a clause opens, at the start of a turn or after a sentence end,
  past any fillers ("okay so what...", "... | so what"); there the words after the fillers,
  and the word after those, say which can (`_Opening`, `firstwords.start_words`).
- A pattern whose first words cannot be known is searched for through the whole text, but
  only after a part every match contains, which is cheap to find, has been found there
  (`firstwords.required_part`).
- Conditions on earlier turns are worked out before the patterns (they rule most rules out),
  the numeric ones once per combination of numbers; condition searches, like patterns, run
  only where their first words stand and their starts are read.
- What a turn's text gives (normal form, where the rules' words stand, what each condition
  search found, which rules of its own words fired) is worked out once and remembered,
  because the turn comes back as context for the turns after it.
Where a match starts and which place counts first are exactly what running every pattern at
every place of its first words, word by word in the order they appear, would give.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from live_assist.codes import CLIENT, COUNSELOR, codes_for
from live_assist.coder.firstwords import START, by_first_word, required_part, start_words
from live_assist.coder.rules import Rule, RuleError, RuleSet, Search, SpeakerRules, load_rules
from live_assist.coder.text import CLAUSE_MARK, normalize
from live_assist.events import Explanation, Utterance

__all__ = ["Coder", "Coding", "RuleError"]

_CACHE_LIMIT = 8192
# Rules to run at a place: (bit, rule number, its pattern's `match`) each.
_Runs = tuple[tuple[int, int, Callable[..., re.Match[str] | None]], ...]


@dataclass(frozen=True)
class Coding:
    codes: list[str]
    explanations: list[Explanation] = field(default_factory=list)


@dataclass(slots=True)
class _Features:
    """What the rules use of one text, worked out once per text. Thousands are cached, so
    they hold as few containers the garbage collector must keep looking through as they can:
    tuples and dicts of plain values it soon stops tracking."""

    norm: str
    n_words: int
    content: frozenset[str]
    # Where each word a rule or condition can start with stands in `norm`, words in order of
    # first appearance (a word with an apostrophe also under its first part: "you've" under
    # "you", since "\\byou\\b" matches there; and its apostrophe under the rest: "'s" of
    # "that's", since "\\b's" matches there).
    offsets: dict[str, tuple[int, ...]]
    # What each condition search found in this text (by `Search.key`), once asked: a turn is
    # searched again as context for the turns after it, and many rules ask the same.
    found: dict[int, bool] = field(default_factory=dict)
    # The main code the text gets from its own words alone, and for which speaker ("": not
    # worked out yet): what `after_own_code` asks of a speaker's previous turn. Coding the
    # text as a turn leaves the rules of its own words that fired (`own_fired`), so the
    # code is decided from them, without running the patterns again ("": not decided yet).
    # Rule numbers and evidence only: tuples of plain values the garbage collector forgets.
    own_code_of: str = ""
    own_fired: tuple[tuple[int, str], ...] = ()
    own_code: str = ""


@dataclass(slots=True)
class _Context:
    """What the rules may know about the conversation before the turn."""

    speaker: str
    previous: _Features  # the other speaker's last turn
    own_previous: _Features  # the same speaker's last turn
    overlap: float = 0.0
    shared: tuple[str, ...] = ()
    echoes: tuple[int, ...] = ()  # content words shared with each recent client turn


@dataclass(frozen=True)
class _Plan:
    """One speaker's rules, arranged so a turn finds the few that can fire. Bit `r` of a mask
    stands for rule `r`: a turn's candidates are one OR per word it holds and one AND for its
    length; then a pattern runs only where its first words stand and the text there reads
    what a match can start with."""

    spec: SpeakerRules
    masks: dict[str, int]  # word -> the rules whose pattern a match can start with it
    # What `matches` needs of a word (but the start of the text), in one lookup: its mask, and
    # the rules to run where it stands, by what the text must read there ("you should", or
    # "you're" under "you") and, for any reading, those a match may start with the word alone.
    # A place looks up what it reads (see `_more_runs`): one dict lookup instead of a
    # `str.startswith` per rule, and most places run nothing.
    places: dict[str, tuple[int, dict[str, _Runs], _Runs]]
    words: frozenset[str]
    # Rules without patterns fire on conditions alone (`bare`); patterns with no known first
    # words could match anywhere (`searched`): both are always candidates.
    bare: int
    searched: int
    # For searched rules, a part every match contains, far cheaper to search for (see
    # `firstwords.required_part`): rule number -> its regex's `search`.
    parts: dict[int, Callable[[str], re.Match[str] | None]]
    # Rules with conditions on the numbers of the context (overlap, words shared, turns
    # echoed), and rules with conditions on what the turns before say: (bit, rule) each.
    counting: tuple[tuple[int, Rule], ...]
    asking: tuple[tuple[int, Rule], ...]
    free: int  # rules with no conditions on the turns before: what `after_own_code` runs
    at_start: _AtStart
    clause: _Opening  # which rules starting at a clause mark the clause after it allows
    by_length: dict[int, int] = field(default_factory=dict)  # words in a turn -> rules allowing it
    # What the context's numbers allow, as a mask of rules: a few combinations come back
    # again and again (every client turn has none).
    by_numbers: dict[tuple[float, int, tuple[int, ...]], int] = field(default_factory=dict)

    @classmethod
    def of(cls, spec: SpeakerRules) -> _Plan:
        masks: dict[str, int] = {}
        bare = searched = 0
        places = [by_first_word(rule.starts or frozenset()) for rule in spec.rules]
        for r, rule in enumerate(spec.rules):
            if rule.pattern is None:
                bare |= 1 << r
            elif rule.starts is None:
                searched |= 1 << r
            for word in places[r]:
                masks[word] = masks.get(word, 0) | 1 << r
        by_start: dict[str, dict[str, _Runs]] = {}
        anywhere: dict[str, _Runs] = {}
        for word, mask in masks.items():
            runs = {r: (1 << r, r, spec.rules[r].pattern.match) for r in _bits(mask)}
            anywhere[word] = tuple(run for r, run in runs.items() if places[r][word] is None)
            keyed = by_start[word] = {}
            for r, run in runs.items():
                for start in places[r][word] or ():
                    keyed[start] = keyed.get(start, anywhere[word]) + (run,)
        counting = tuple((1 << r, rule) for r, rule in enumerate(spec.rules)
                         if not (rule.min_overlap <= 0 and rule.max_overlap >= 1)
                         or rule.min_shared or rule.min_echoed)
        asking = tuple((1 << r, rule) for r, rule in enumerate(spec.rules)
                       if rule.after or rule.after_own or rule.after_own_code)
        free = sum(1 << r for r in range(len(spec.rules))) & ~sum(bit for bit, _ in counting + asking)
        parts = {r: part.search for r in _bits(searched)
                 if (part := required_part(spec.rules[r].pattern.pattern, spec.rules[r].pattern.flags))}
        lookup = {word: (masks[word], by_start[word], anywhere[word]) for word in masks if word != START}
        return cls(spec, masks, lookup, frozenset(masks), bare, searched, parts, counting,
                   asking, free, _AtStart.of(spec, anywhere.get(START, ())),
                   _Opening.of(spec, masks.get(CLAUSE_MARK, 0), clause=True))

    def candidates(self, offsets: dict[str, tuple[int, ...]], n_words: int) -> int:
        """The rules whose pattern can match a text with these words (`offsets`) and whose
        length limits allow `n_words`, as a mask."""
        mask = self.bare | self.searched
        masks = self.masks
        for word in self.words.intersection(offsets):
            mask |= masks[word]
        allowed = self.by_length.get(n_words)
        if allowed is None:
            allowed = self.by_length[n_words] = sum(
                1 << r for r, rule in enumerate(self.spec.rules) if rule.min_words <= n_words <= rule.max_words)
        return mask & allowed

    def matches(self, feats: _Features, pending: int) -> dict[int, str]:
        """The words matched by the pattern of each rule in `pending` that matches the text,
        by rule number. A pattern with known first words runs only where they stand: word
        by word in the order the words first appear in the text (the start of the text
        first, see `_AtStart`), each at its offsets in turn, and the first place it matches
        gives the evidence."""
        rules, norm = self.spec.rules, feats.norm
        found: dict[int, str] = {}
        if pending & self.searched:
            for r in _bits(pending & self.searched):
                part = self.parts.get(r)
                m = rules[r].pattern.search(norm) if part is None or part(norm) else None
                if m is not None:
                    found[r] = _evidence(m)
        waiting = self.at_start.run(norm, pending & ~(self.bare | self.searched), found)
        find, places = norm.find, self.places
        for word, offsets in feats.offsets.items():
            place = places.get(word)
            if place is None or not waiting & place[0]:
                continue
            mask, keyed, anywhere = place
            clause = self.clause if word == CLAUSE_MARK else None
            for offset in offsets:
                # At a clause mark, only the rules the clause after it allows.
                live = waiting if clause is None else waiting & clause.allowed(norm, offset + 2)
                runs = anywhere
                if keyed:
                    # What the text reads there: the word and the next ("you should").
                    end = find(" ", find(" ", offset) + 1)
                    reads = norm[offset:end] if end > offset else norm[offset:]
                    runs = keyed.get(reads, runs)
                    if "'" in reads:
                        runs += _more_runs(keyed, word, reads)
                for bit, r, match in runs:
                    if live & bit:
                        m = match(norm, offset)
                        if m is not None:
                            found[r] = _evidence(m)
                            waiting ^= bit
                            live ^= bit
                if not waiting & mask:  # all this word's rules have matched
                    break
        return found


@dataclass(frozen=True)
class _Opening:
    """Which rules can match where a clause opens, at the text's start (`START`) or at a
    clause mark: what the clause opens with says, past the fillers a match may skip there
    (`firstwords.start_words`), and where a rule's first word is a common one ("you", "i"),
    the word after it too. Most turns give most rules a place to run at the start, and the
    rules that start clauses one at every clause mark."""

    rules: int  # the rules read here, as a mask
    skipped: frozenset[str]  # the words a match may skip first ("okay", "so")
    # Past any skipped words, the rules whose match can begin with a word (`by_first`) or
    # with a word and the next (`by_pair`, "you should"), as masks.
    by_first: dict[str, int]
    by_pair: dict[str, int]
    unknown: int  # rules for which that cannot be told: always allowed

    @classmethod
    def of(cls, spec: SpeakerRules, rules: int, clause: bool) -> _Opening:
        skipped: set[str] = set()
        by_first: dict[str, int] = {}
        by_pair: dict[str, int] = {}
        unknown = 0
        for r in _bits(rules):
            words = start_words(spec.rules[r].pattern.pattern, pairs=True, clause=clause)
            if words is None:
                unknown |= 1 << r
                continue
            skipped |= words[0]
            for start in words[1]:
                keyed = by_pair if " " in start else by_first
                keyed[start] = keyed.get(start, 0) | 1 << r
        return cls(rules, frozenset(skipped), by_first, by_pair, unknown)

    def allowed(self, norm: str, at: int) -> int:
        """The rules (a mask; those not read here all in it) that can match at a clause
        whose first word starts at `at`: looked up are its words up to and including the
        first not in `skipped`, each alone, with the next word ("you should": or, where
        that has an apostrophe, its part before it, "you should" of "you shouldn't"), and
        where it has an apostrophe its part before it ("you" of "you're", where `\\byou\\b`
        matches too)."""
        allowed = self.unknown | ~self.rules
        by_first, by_pair, skipped, find = self.by_first, self.by_pair, self.skipped, norm.find
        while True:
            end = find(" ", at)
            word = norm[at:end] if end >= 0 else norm[at:]
            allowed |= by_first.get(word, 0)
            if "'" in word:
                allowed |= by_first.get(word.split("'", 1)[0], 0)
            if end < 0:
                return allowed
            after = find(" ", end + 1)
            reads = norm[at:after] if after >= 0 else norm[at:]
            allowed |= by_pair.get(reads, 0)
            if "'" in reads:
                first, _, second = reads.partition(" ")
                allowed |= by_pair.get(first + " " + second.split("'", 1)[0], 0)
            if word not in skipped:
                return allowed
            at = end + 1


@dataclass(frozen=True)
class _AtStart:
    """The rules a match may start at the start of the text (`START`), run there if what the
    text opens with allows them (`_Opening`)."""

    runs: _Runs
    opening: _Opening

    @classmethod
    def of(cls, spec: SpeakerRules, runs: _Runs) -> _AtStart:
        return cls(runs, _Opening.of(spec, sum(bit for bit, _, _ in runs), clause=False))

    def run(self, norm: str, waiting: int, found: dict[int, str]) -> int:
        """Runs the rules in `waiting` that can match at the start of `norm`, adding what they
        match to `found`; returns `waiting` without those that matched."""
        if not waiting & self.opening.rules:
            return waiting
        todo = waiting & self.opening.allowed(norm, 0)
        for bit, r, match in self.runs:
            if todo & bit:
                m = match(norm, 0)
                if m is not None:
                    found[r] = _evidence(m)
                    waiting ^= bit
        return waiting


def _more_runs(keyed: dict[str, _Runs], word: str, reads: str) -> _Runs:
    """The rules to run where the text reads `reads`, a word with an apostrophe and the next
    word, besides those under `reads` itself. A start is what a match begins with up to a
    space or a word boundary, and inside a word only an apostrophe makes one; so a start is
    the word there ("you're") or its first part ("you"), or it and the next word ("you're
    right"), or it and that word's first part ("you don" in "you don't")."""
    first, _, second = reads.partition(" ")
    runs: _Runs = ()
    if second and first != word:  # at the last word `reads` is `first`, already looked up
        runs += keyed.get(first, ())
    head = first.split("'", 1)[0]
    if head != first and head != word:
        runs += keyed.get(head, ())
    if "'" in second:
        runs += keyed.get(first + " " + second.split("'", 1)[0], ())
    return runs


def _evidence(m: re.Match[str]) -> str:
    return m.group(0).replace(" | ", " ").strip(" |")


def _bits(mask: int) -> tuple[int, ...]:
    """The positions of the bits set in `mask`, lowest first."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return tuple(out)


def _offsets(tokens: list[str], vocab: frozenset[str]) -> dict[str, tuple[int, ...]]:
    """`_Features.offsets` of a text split into `tokens`, for the words in `vocab` (the words
    any pattern or condition of the rule set can start with: the others are never looked up)."""
    # Tuples, not lists: once the garbage collector has seen that they hold only numbers it
    # stops tracking them (and then the dict), so a cache of thousands of texts costs it nothing.
    out: dict[str, tuple[int, ...]] = {START: (0,)}
    pos = 0
    for token in tokens:
        if token in vocab:
            out[token] = out.get(token, ()) + (pos,)
        if "'" in token:
            cut = token.index("'")
            head, tail = token[:cut], token[cut:]
            if head in vocab:
                out[head] = out.get(head, ()) + (pos,)
            if tail in vocab:  # "\b'" holds inside the word: a match may start at "'s"
                out[tail] = out.get(tail, ()) + (pos + cut,)
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
                strange = sorted(c for c in rule.after_own_code if c not in known)
                if strange:
                    raise RuleError(f"rule {rule.name!r}: after_own_code {strange[0]!r} is not a {speaker} code")
        self._cache: dict[str, _Features] = {}
        # Explanations are frozen, so one object can serve every turn with the same code, rule
        # and evidence: looking it up costs a fraction of making a new one.
        self._explanation = functools.lru_cache(maxsize=_CACHE_LIMIT)(Explanation)
        self._plans = {speaker: _Plan.of(spec) for speaker, spec in self.rules.by_speaker.items()}
        searches = {s for spec in self.rules.by_speaker.values() for rule in spec.rules
                    for s in rule.unless + rule.after + rule.after_own}
        self._vocab = frozenset().union(*(plan.words for plan in self._plans.values()),
                                        *(s.starts for s in searches if s.starts))

    def _features(self, text: str) -> _Features:
        feats = self._cache.get(text)
        if feats is None:
            norm = normalize(text)
            tokens = norm.split(" ")
            n_words = len(tokens) - tokens.count(CLAUSE_MARK) - tokens.count("?") if norm else 0
            # A five-letter prefix is a cheap stem: "drinking", "drinks" and "drinker" meet.
            content = frozenset([w[:5] for w in set(tokens).difference(self.rules.stopwords) if len(w) > 2])
            feats = _Features(norm, n_words, content, _offsets(tokens, self._vocab))
            if len(self._cache) >= _CACHE_LIMIT:  # forget the oldest half, keep recent context
                for key in list(self._cache)[: _CACHE_LIMIT // 2]:
                    del self._cache[key]
            self._cache[text] = feats
        return feats

    def _context(self, speaker: str, feats: _Features, context: Sequence[Utterance]) -> _Context:
        """Walks back from the turn until it has what the rules use: the last turn of each
        speaker, and (for a counsellor turn with content words) the recent client turns, at
        most `summary_window` of them (the walk never goes further back than that)."""
        rs = self.rules
        nothing = self._features("")
        previous, own = nothing, None
        # Only a counsellor turn with content words is compared with the client's turns.
        compare = speaker == COUNSELOR and bool(feats.content)
        recent_client: list[frozenset[str]] = []
        n_client = 0
        cached, window = self._cache.get, rs.summary_window
        for prior in reversed(context):
            if prior.speaker == speaker:
                if own is None:
                    own = cached(prior.text) or self._features(prior.text)
            elif not previous.norm:
                previous = cached(prior.text) or self._features(prior.text)
            if prior.speaker == CLIENT:
                n_client += 1
                if compare:
                    recent_client.append((cached(prior.text) or self._features(prior.text)).content)
                if n_client >= window:
                    break
            if not compare and own is not None and previous.norm:
                break
        ctx = _Context(speaker, previous, nothing if own is None else own)
        if compare and recent_client:
            near = frozenset().union(*recent_client[: rs.overlap_window])
            shared = feats.content & near
            ctx.overlap = len(shared) / len(feats.content)
            ctx.shared = tuple(sorted(shared))
            ctx.echoes = tuple([len(feats.content & c) for c in recent_client])
        return ctx

    def _context_allows(self, plan: _Plan, pending: int, ctx: _Context) -> int:
        """The rules in `pending` whose conditions on the conversation so far hold."""
        key = (ctx.overlap, len(ctx.shared), ctx.echoes)
        allowed = plan.by_numbers.get(key)
        if allowed is None:
            if len(plan.by_numbers) >= _CACHE_LIMIT:
                plan.by_numbers.clear()
            allowed = plan.by_numbers[key] = ~sum(bit for bit, rule in plan.counting
                                                  if not self._numbers_allow(rule, ctx))
        pending &= allowed
        for bit, rule in plan.asking:
            # The asking-permission-first condition is the rarest, so it goes first.
            if pending & bit and ((rule.after_own and not _finds(rule.after_own, ctx.own_previous))
                                  or (rule.after and not _finds(rule.after, ctx.previous))
                                  or (rule.after_own_code and (not ctx.own_previous.norm  # no turn yet
                                                               or self._own_code(ctx.speaker, ctx.own_previous)
                                                               not in rule.after_own_code))):
                pending ^= bit
        return pending

    def _own_code(self, speaker: str, feats: _Features) -> str:
        """The main code a text gets from `speaker`'s rules that need no context, worked out
        once per text: never the full coding of that turn, which would need the turns before
        it and so on back to the start of the session."""
        plan = self._plans[speaker]
        if feats.own_code_of != speaker:
            rules = plan.spec.rules
            found = plan.matches(feats, plan.candidates(feats.offsets, feats.n_words) & plan.free)
            feats.own_code_of, feats.own_fired = speaker, tuple(
                (r, evidence) for r, evidence in sorted(found.items())
                if not (rules[r].unless and _finds(rules[r].unless, feats)))
            feats.own_code = ""
        if not feats.own_code:
            fired = [(r, plan.spec.rules[r], evidence) for r, evidence in feats.own_fired]
            feats.own_code = _decide(plan.spec, fired, self._explanation).codes[0]
        return feats.own_code

    def _numbers_allow(self, rule: Rule, ctx: _Context) -> bool:
        """Whether the context's overlap, shared words and echoed turns meet the rule's limits."""
        if not (rule.min_overlap <= ctx.overlap <= rule.max_overlap) or len(ctx.shared) < rule.min_shared:
            return False
        need = rule.echo_words or self.rules.echo_min_shared
        return sum(n >= need for n in ctx.echoes[: rule.echo_window]) >= rule.min_echoed

    def code(self, utterance: Utterance, context: Sequence[Utterance] = ()) -> Coding:
        spec, fired = self._fire(utterance, context)
        return _decide(spec, fired, self._explanation)

    def fired_rules(self, utterance: Utterance, context: Sequence[Utterance] = ()) -> list[str]:
        """Every rule that fires on a turn, not only the one each code's explanation names:
        what a rule author needs to judge a rule's precision."""
        return [rule.name for _, rule, _ in self._fire(utterance, context)[1]]

    def _fire(
        self, utterance: Utterance, context: Sequence[Utterance]
    ) -> tuple[SpeakerRules, list[tuple[int, Rule, str]]]:
        """The rules that fire on a turn, in file order, with the words each matched."""
        plan = self._plans[utterance.speaker]
        feats = self._features(utterance.text)
        ctx = self._context(utterance.speaker, feats, context)
        rules = plan.spec.rules
        # Conditions on earlier turns before the cues: their answers are remembered per turn,
        # and they rule most turns out.
        pending = self._context_allows(plan, plan.candidates(feats.offsets, feats.n_words), ctx)
        found = plan.matches(feats, pending)
        for r in _bits(pending & plan.bare):
            found[r] = " ".join(ctx.shared)
        fired = []
        for r in sorted(found):
            rule = rules[r]
            if not (rule.unless and _finds(rule.unless, feats)):
                fired.append((r, rule, found[r]))
        if feats.own_code_of != utterance.speaker:
            # Its rules free of conditions on the turns before ran here as they would alone.
            own = plan.free & ~plan.bare
            feats.own_code_of, feats.own_code = utterance.speaker, ""
            feats.own_fired = tuple([(r, evidence) for r, _, evidence in fired if own >> r & 1])
        return plan.spec, fired


def _finds(searches: tuple[Search, ...], feats: _Features) -> bool:
    """Whether any of the searches finds something in the text, each worked out once per
    text and only where its first words stand."""
    found = feats.found
    for search in searches:
        hit = found.get(search.key)
        if hit is None:
            hit = found[search.key] = _search(search, feats)
        if hit:
            return True
    return False


def _search(search: Search, feats: _Features) -> bool:
    if search.starts is None:
        return search.regex.search(feats.norm) is not None
    match, norm, offsets, here = search.regex.match, feats.norm, feats.offsets, feats.norm.startswith
    for word in search.starts.intersection(offsets):
        tests = search.tests[word]
        for offset in offsets[word]:
            if (tests is None or here(tests, offset)) and match(norm, offset) is not None:
                return True
    return False


def _fallback(spec: SpeakerRules, explanation: Callable[[str, str, str], Explanation]) -> Coding:
    """The coding of a turn no rule coded."""
    return Coding([spec.fallback], [explanation(spec.fallback, "fallback", "")])


def _decide(spec: SpeakerRules, fired: list[tuple[int, Rule, str]],
            explanation: Callable[[str, str, str], Explanation]) -> Coding:
    """The codes of a turn from the rules that fired (in file order) and their evidence."""
    if not fired:
        return _fallback(spec, explanation)
    weights: dict[str, list[float]] = {}
    leads: set[str] = set()
    # Per code: its strongest rule's weight, the file position of its first rule, and the
    # strongest rule with its evidence (explanations are made only for the codes given).
    best: dict[str, tuple[float, int, Rule, str]] = {}
    for order, rule, evidence in fired:
        code = rule.code
        if code in best:
            weights[code].append(rule.weight)
            if rule.weight > best[code][0]:
                best[code] = (rule.weight, best[code][1], rule, evidence)
        else:
            weights[code] = [rule.weight]
            best[code] = (rule.weight, order, rule, evidence)
        if rule.lead:
            leads.add(code)
    if len(best) == 1:  # one code: what follows would give it, if its weights count
        [(code, (_, _, rule, evidence))] = best.items()
        if sum(weights[code]) > 0:
            return Coding([code], [explanation(code, rule.name, evidence)])
        return _fallback(spec, explanation)
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
        return _fallback(spec, explanation)
    chosen = ranked[:1] + [c for c in ranked[1:]
                           if total[c] >= spec.secondary_min and c != spec.fallback]
    return Coding(chosen, [explanation(c, best[c][2].name, best[c][3]) for c in chosen])
