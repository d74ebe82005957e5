"""The rule files: a broken rule is reported by name, and the first-word shortcut never
changes what a pattern matches."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from live_assist.coder import Coder, RuleError, _finds
from live_assist.coder.firstwords import first_pairs, first_words, required_part, start_words
from live_assist.coder.rules import default_rules_dir
from live_assist.events import Utterance


def _copy_rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), target)
    return target


def _with_rule(tmp_path: Path, file: str, rule: str) -> Path:
    """A copy of the rules with one more `[[rule]]` (its TOML lines) at the end of `file`."""
    rules = _copy_rules(tmp_path)
    with (rules / file).open("a", encoding="utf-8") as fh:
        fh.write("\n[[rule]]\n" + rule)
    return rules


def test_default_rules_are_the_checkout_copy_without_a_wheel() -> None:
    assert (default_rules_dir() / "counselor.toml").exists()


def test_a_new_rule_file_entry_changes_the_coding(tmp_path: Path) -> None:
    rules = _copy_rules(tmp_path)
    turn = Utterance("counselor", "let us pray")
    assert Coder(rules).code(turn).codes == ["other"]
    with (rules / "counselor.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n[[rule]]\nname = \"test_rule\"\ncode = \"confront\"\nweight = 9\n"
                 "patterns = ['''\\bpray\\b''']\n")
    coding = Coder(rules).code(turn)
    assert coding.codes[0] == "confront"
    assert (coding.explanations[0].rule, coding.explanations[0].evidence) == ("test_rule", "pray")


def test_echo_window_counts_only_the_most_recent_client_turns(tmp_path: Path) -> None:
    # A short list gathers what the client just said, not words from far back in the session.
    coder = Coder(_with_rule(tmp_path, "counselor.toml",
                             "name = \"recent_pair\"\ncode = \"confront\"\nweight = 20\n"
                             "min_echoed = 2\necho_words = 1\necho_window = 2\n"))
    context = [Utterance("client", "the dogs bark all night"), Utterance("client", "the weather is cold"),
               Utterance("client", "and the trains are late")]
    recent = coder.code(Utterance("counselor", "cold weather late trains"), context)
    far_back = coder.code(Utterance("counselor", "barking dogs late trains"), context)
    assert recent.codes[0] == "confront"
    assert far_back.codes[0] != "confront"


def test_after_own_code_asks_what_the_speakers_last_turn_said_by_itself(tmp_path: Path) -> None:
    # A client going on after a counsellor's "mm-hmm" goes on with what they were saying.
    coder = Coder(_with_rule(tmp_path, "client.toml", "name = \"goes_on\"\ncode = \"sustain_talk\"\n"
                             "weight = 9\nafter_own_code = \"sustain_talk\"\n"))
    turn = Utterance("client", "and the weekends too")
    after_sustain = [Utterance("client", "i don't want to quit"), Utterance("counselor", "mm-hmm")]
    after_neutral = [Utterance("client", "i live with my sister"), Utterance("counselor", "mm-hmm")]
    coding = coder.code(turn, after_sustain)
    assert coding.codes == ["sustain_talk"]
    assert coding.explanations[0].rule == "goes_on"
    assert coder.code(turn, after_neutral).codes == ["neutral"]
    assert coder.code(turn).codes == ["neutral"]


def test_after_own_code_never_holds_on_the_speakers_first_turn(tmp_path: Path) -> None:
    # No previous turn is not a previous turn coded with the fallback code.
    coder = Coder(_with_rule(tmp_path, "client.toml", "name = \"after_neutral\"\ncode = \"change_talk\"\n"
                             "weight = 9\nafter_own_code = \"neutral\"\n"))
    turn = Utterance("client", "and the weekends too")
    assert coder.code(turn, [Utterance("counselor", "hello there")]).codes == ["neutral"]
    assert coder.code(turn, [Utterance("client", "i live with my sister")]).codes == ["change_talk"]


@pytest.mark.parametrize("extra, message", [
    ("name = \"x\"\ncode = \"hug\"\npatterns = ['''a''']\n", "'hug' is not a counselor code"),
    ("name = \"x\"\ncode = \"other\"\npatterns = ['''<nope>''']\n", "unknown macro <nope>"),
    ("name = \"x\"\ncode = \"other\"\npatterns = ['''(''']\n", "bad pattern"),
    ("name = \"x\"\ncode = \"other\"\nwieght = 2\n", "unknown keys ['wieght']"),
    ("name = \"x\"\ncode = \"other\"\nafter_own_code = \"hug\"\n", "after_own_code 'hug' is not a counselor code"),
    ("name = \"x\"\ncode = \"other\"\necho_window = \"2\"\n", "echo_window must be a whole number of at least 1"),
    ("name = \"x\"\ncode = \"other\"\necho_window = 0\n", "echo_window must be a whole number of at least 1"),
    ("name = \"x\"\ncode = \"other\"\nmax_words = 2.5\n", "max_words must be a whole number of at least 0"),
    ("name = \"x\"\ncode = \"other\"\nmin_overlap = 2\n", "min_overlap must be a number from 0 to 1"),
    ("name = \"x\"\ncode = \"other\"\nweight = \"heavy\"\n", "weight must be a number"),
    ("name = \"x\"\ncode = \"other\"\nlead = \"yes\"\n", "lead must be true or false"),
])
def test_broken_rules_are_named(tmp_path: Path, extra: str, message: str) -> None:
    rules = _with_rule(tmp_path, "counselor.toml", extra)
    with pytest.raises(RuleError, match=re.escape(message)):
        Coder(rules)


def test_first_words() -> None:
    assert first_words(r"\b(?:you|you've) (?:should|need to)\b") == {"you", "you've"}
    assert first_words(r"(?:^|\| )(?:(?:so|and) )*(?:what|how)\b") == {"^", "|"}  # only at the start or after a sentence end
    assert first_words(r"\bincreases?\b") == {"increase", "increases"}
    assert first_words(r"\w+ you") is None  # any word can start it
    assert first_words(r"what\b") is None  # not anchored: could start inside "somewhat"
    assert first_words(r"\bincrease") is None  # could end inside "increases"
    # A group repeated inside the first word: every number of passes it allows.
    assert first_words(r"\b(?:ab){1,2}c\b") == {"abc", "ababc"}
    assert first_words(r"\b(?:ab)*c\b") is None  # "c", "abc", "ababc", ...: no finite list


def test_first_pairs() -> None:
    assert first_pairs(r"\b(?:you|you've) (?:should|need to)\b") == {
        "you should", "you need", "you've should", "you've need"}
    assert first_pairs(r"\byou (?:really )?(?:want|can)\b") == {"you really", "you want", "you can"}
    assert first_pairs(r"\byou (?:\w+ ){0,6}but\b") == {"you", "you but"}  # any second word
    assert first_pairs(r"\byou are") == {"you"}  # could end inside "you aren't"
    assert first_pairs(r"\byou (?:ha)+ve\b") == {"you"}  # "you hahave" does not start "you have"
    assert first_pairs(r"\w+ you") is None


def test_start_words() -> None:
    # Fillers may open the turn: what follows them decides.
    # A normal form never opens with a clause mark, so the "| " branch cannot match there.
    assert start_words(r"(?:^|\| )(?:(?:okay|so|you know) )*(?:what|how)\b") == (
        {"okay", "so", "you", "know"}, {"what", "how"})
    assert start_words(r"^(?:okay )*\| so") == ({"okay"}, {"|"})  # after fillers it can
    assert start_words(r"^(?:so |and )?you\b|\bthat's it") == ({"so", "and"}, {"you", "that's"})
    assert start_words(r"^(?:\w+ )*what") is None  # any word may come first
    assert start_words(r"^(?:okay )*$") is None  # matches the empty text too
    # At a clause mark: past the mark and its space, the same reading; "^" and "\b" cannot
    # hold at the mark, so their branches cannot match there.
    assert start_words(r"(?:^|\| )(?:(?:okay|so) )*(?:what|how)\b|\byou\b", clause=True) == (
        {"okay", "so"}, {"what", "how"})
    assert start_words(r"\| you should\b", pairs=True, clause=True) == (set(), {"you should"})
    assert start_words(r"\| \w+", clause=True) is None


def test_required_part() -> None:
    part = required_part(r"\b(?:you|\w+ing)\b(?: \w+){0,6} (?:great|well done)\b")
    assert part is not None and part.search("you did so well done") and not part.search("doing fine")
    assert required_part(r"(\w+) (?:x|\1)") is None  # needs what a group matched elsewhere
    assert required_part(r"\w+ (?:a|b)|c d") is None  # either of two patterns may match


def test_shortcut_gives_the_same_codes_as_running_every_pattern() -> None:
    """Running a pattern only where its first words (and second words, where known) stand
    never changes whether it matches, nor what it matches (the match at the first word, in
    text order, where it matches)."""
    coder = Coder()
    texts = ["so you've been thinking about cutting down what would help",
             "it's really up to you", "you're not listening", "mm hmm okay",
             "Would it be okay if I shared some information?", "i've already stopped buying it",
             "Okay. So, what brings you in? Is it the drinking?",
             "your call, you decide: it's up to you and your family",
             "it strikes me that the way that we're talking about it it's like it's all or nothing",
             "you shouldn't have to do it alone, you should know better, that's your choice",
             "okay so what would help", "mm hmm so you're saying it's hard", "okay okay",
             "you've been working so hard on this", "trying it was brave",
             "three months, that's a long time", "oh that's not true, it's not my fault"]
    for text in texts:
        feats = coder._features(text)
        for speaker in ("counselor", "client"):
            plan = coder._plans[speaker]
            found = plan.matches(feats, (1 << len(plan.spec.rules)) - 1)
            for r, rule in enumerate(plan.spec.rules):
                if rule.pattern is None:
                    continue
                anywhere = rule.pattern.search(feats.norm)
                assert (r in found) == (anywhere is not None), (rule.name, text)
                if rule.starts is not None and anywhere is not None:
                    firsts = {start.split(" ", 1)[0] for start in rule.starts}
                    in_text_order = [o for w in feats.offsets if w in firsts for o in feats.offsets[w]]
                    first = next(m for m in (rule.pattern.match(feats.norm, o) for o in in_text_order) if m)
                    assert found[r] == first.group(0).replace(" | ", " ").strip(" |"), (rule.name, text)


def test_conditions_give_the_same_answer_as_searching_the_whole_text() -> None:
    """Condition searches are shared between rules, remembered per text and run only where
    their first words stand; none of that changes what they find."""
    coder = Coder()
    texts = ["what do you like about drinking", "would it be okay if i told you what i know",
             "sure go ahead", "no thanks", "so you want to cut down? and your wife agrees",
             "Research shows it increases the risk. Is that okay?", ""]
    searches = {s for rules in coder.rules.by_speaker.values() for rule in rules.rules
                for s in rule.unless + rule.after + rule.after_own}
    assert any(s.starts for s in searches) and len(searches) < sum(
        len(rule.unless + rule.after + rule.after_own)
        for rules in coder.rules.by_speaker.values() for rule in rules.rules)  # shared
    for text in texts:
        feats = coder._features(text)
        for search in searches:
            expected = search.regex.search(feats.norm) is not None
            assert _finds((search,), feats) == expected, (search.regex.pattern[:60], text)
            assert _finds((search,), feats) == expected  # remembered


def test_word_lists_match_exactly_what_a_longest_first_list_would() -> None:
    """Word lists compile to letter trees for speed; each must match the same text as the
    plain alternation, longest entry first, also when the rest of the pattern backtracks."""
    from live_assist.coder.rules import _alternation

    items = ["all", "all right", "alright", "a", "an", "and", "any", "anyone", "any one", "right"]
    flat = "(?:" + "|".join(re.escape(i) for i in sorted(set(items), key=len, reverse=True)) + ")"
    texts = ["all right then", "alright", "and anyone else", "any one of them", "an apple",
             "a", "allright", "right all right", "nothing"]
    for wrap in ("{}", r"\b{}\b", r"^{}(?: \w+)? then", r"{} one"):
        tree, plain = re.compile(wrap.format(_alternation(items))), re.compile(wrap.format(flat))
        for text in texts:
            got, want = tree.search(text), plain.search(text)
            assert (got and got.group(0)) == (want and want.group(0)), (wrap, text)


@pytest.mark.parametrize("file, extra, message", [
    # A list written after a table header lands inside that table: the bug that once left the
    # stopword set empty.
    ("extra.toml", "[macros]\nm = 'a'\nstopwords = ['a', 'b']\n", "extra.toml: macro 'stopwords' must be a string"),
    ("extra.toml", "[words]\nstray = 'a'\n", "extra.toml: word list 'stray' must be a list of strings"),
    ("extra.toml", "[words]\nstray = ['a', 2]\n", "extra.toml: word list 'stray' must be a list of strings"),
    ("extra.toml", "stopwords = 'the'\n", "extra.toml: 'stopwords' must be a list of strings"),
    ("extra.toml", "[stopword_list]\nx = 1\n", "extra.toml: unknown top-level key 'stopword_list'"),
    ("extra.toml", "[context]\noverlap_windw = 2\n", "extra.toml: unknown [context] key 'overlap_windw'"),
])
def test_misplaced_rule_file_entries_are_named(tmp_path: Path, file: str, extra: str,
                                               message: str) -> None:
    rules = _copy_rules(tmp_path)
    (rules / file).write_text(extra, encoding="utf-8")
    with pytest.raises(RuleError, match=re.escape(message)):
        Coder(rules)


def test_unknown_top_level_key_is_named(tmp_path: Path) -> None:
    rules = _copy_rules(tmp_path)
    path = rules / "client.toml"
    path.write_text("fallbak = 'neutral'\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(RuleError, match=re.escape("client.toml: unknown top-level key 'fallbak'")):
        Coder(rules)


def test_stopwords_are_loaded() -> None:
    """Overlap with the client counts content words only: "you" and "the" are not evidence that
    the counsellor is restating the client."""
    stop = Coder().rules.stopwords
    assert {"you", "the", "and", "that"} <= stop
    assert "drinking" not in stop


@pytest.mark.parametrize("text", ["you're the one who decides", "i don't buy that for a second",
                                  "you're in charge of this"])
def test_a_contraction_without_its_apostrophe_is_coded_the_same(text: str) -> None:
    """Recognisers and typists that drop apostrophes ("youre", "dont") must not lose the rules
    written with them; words that are also words without one ("its", "were") stay as they are."""
    coder = Coder()
    assert coder.code(Utterance("counselor", text.replace("'", ""))).codes == \
        coder.code(Utterance("counselor", text)).codes
    assert coder.code(Utterance("counselor", "were you there")).codes[0] == "closed_question"
