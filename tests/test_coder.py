"""The rule coder, one code family at a time, on the kind of text a recogniser produces:
lower case, no punctuation, fillers left in."""

from __future__ import annotations

import pytest

from live_assist.codes import CLIENT_CODES, COUNSELOR_CODES
from live_assist.coder import Coder, Coding
from live_assist.events import Utterance
from turns import C, T


def main(coder: Coder, turn: Utterance, *context: Utterance) -> str:
    return coder.code(turn, list(context)).codes[0]


def test_every_code_has_one_explanation_naming_it(coder: Coder) -> None:
    coding = coder.code(T("so you want to cut down what would help you do that"),
                        [C("i want to cut down on drinking")])
    assert isinstance(coding, Coding)
    assert [e.code for e in coding.explanations] == coding.codes
    assert len(set(coding.codes)) == len(coding.codes)
    assert all(e.rule for e in coding.explanations)


def test_codes_are_valid_for_the_speaker(coder: Coder) -> None:
    assert set(coder.code(T("mm hmm")).codes) <= set(COUNSELOR_CODES)
    assert set(coder.code(C("i don't know")).codes) <= set(CLIENT_CODES)


@pytest.mark.parametrize("text", [
    "what brings you in today",
    "okay so how has that been for you",
    "um tell me more about what happens on a typical evening",
    "so with your friends what do you like to do",
    "can you tell me a little about that",
    "is there anything else that worries you about it",
])
def test_open_questions_without_question_marks(coder: Coder, text: str) -> None:
    assert main(coder, T(text)) == "open_question"


@pytest.mark.parametrize("text", [
    "do you drink every day",
    "okay and are you still working at the store",
    "have you ever tried to quit before",
    "is it okay if i ask you a few questions about that",
    "so you're still smoking is that right",
])
def test_closed_questions_without_question_marks(coder: Coder, text: str) -> None:
    assert main(coder, T(text)) == "closed_question"


def test_simple_reflection_restates_the_client(coder: Coder) -> None:
    client = C("i've been drinking more since i lost my job")
    assert main(coder, T("so you've been drinking more since losing the job"), client) == "simple_reflection"


def test_complex_reflection_adds_feeling_or_meaning(coder: Coder) -> None:
    client = C("my kids keep asking why i'm always tired")
    assert main(coder, T("it sounds like you're worried about what they see"), client) == "complex_reflection"
    assert main(coder, T("part of you wants to change and part of you isn't sure"), client) == "complex_reflection"


def test_reflection_then_question_gives_both_codes(coder: Coder) -> None:
    codes = coder.code(T("so you want to cut down what would help you do that"),
                       [C("i want to cut down on drinking")]).codes
    assert codes[0] == "open_question"
    assert "simple_reflection" in codes


def test_summary_gathers_several_client_turns(coder: Coder) -> None:
    context = [
        C("i've been smoking since i was fifteen"), T("that's a long time"),
        C("my daughter hates the smell and keeps asking me to stop"), T("she worries"),
        C("and the money adds up every month it's crazy"), T("mm hmm"),
        C("but honestly it's the only thing that calms me down at work"),
    ]
    text = ("so let me see if i've got this you've been smoking since you were fifteen your "
            "daughter hates the smell and wants you to stop the money adds up every month and "
            "at the same time it's what calms you down at work")
    assert main(coder, T(text), *context) == "summary"


def test_giving_information(coder: Coder) -> None:
    assert main(coder, T("the guidelines say no more than fourteen drinks a week and the risk of "
                         "liver damage increases above that")) == "giving_information"


def test_persuade_and_persuade_with_permission(coder: Coder) -> None:
    assert main(coder, T("you really need to stop drinking before it ruins your liver")) == "persuade"
    assert main(coder, T("would it be okay if i shared what some people have found helpful")) == "persuade_with_permission"


def test_mi_adherent_codes(coder: Coder) -> None:
    assert main(coder, T("that took a lot of courage to come in today")) == "affirmation"
    assert main(coder, T("it's really up to you whether you want to change anything")) == "emphasize_autonomy"
    assert main(coder, T("how does that sound to you")) == "seeking_collaboration"


def test_confront(coder: Coder) -> None:
    assert main(coder, T("come on you're just making excuses again")) == "confront"


@pytest.mark.parametrize("text", ["mm hmm", "okay", "yeah yeah", "right"])
def test_backchannels_are_other(coder: Coder, text: str) -> None:
    assert coder.code(T(text)).codes == ["other"]


@pytest.mark.parametrize("text", [
    "i really want to cut down for my kids",
    "i think i could walk to work a couple of days a week",
    "i've already stopped buying it at the store",
    "i'm gonna give it a try",
    "i don't want to keep drinking like this",
    "so i thought well this is my first step",
    "i've cut it down a bit",
    "my goal is to be able to play with my kids again",
    "i haven't felt well for a while",
    "okay what should i do first",
    "it's fun but i know i need to stop",
    "i used to drink four at night now i'm down to three",
    "well now that i think about it maybe it's gone beyond that",
    "i can't go on like this",
    "i'd really like to get back into shape",
])
def test_change_talk(coder: Coder, text: str) -> None:
    assert main(coder, C(text)) == "change_talk"


@pytest.mark.parametrize("text", [
    "i don't want to quit it's the only thing that helps me relax",
    "it's not a big deal everybody drinks at those parties",
    "i can't stop i've tried everything",
    "i'm not so sure i'm even gonna take the medicine",
    "well i just don't feel like it",
    "i feel absolutely fine",
    "i just don't have the time like i used to",
    "i don't think i need to quit",
    "i mean i'm not a heavy drinker like my friends",
    "well i don't consider my drinking binge drinking",
    "i was craving my cigarette",
    "no i don't have that much courage",
    "you know it's not really like a habit",
    "the thought of quitting is a pretty daunting aspect",
    "i know i should cut down but i really enjoy it",
    "no i don't want to because i don't feel that i need to",
    "it's really difficult",
    "yeah well the only reason i'm here is cause my wife thinks i've got a problem",
])
def test_sustain_talk(coder: Coder, text: str) -> None:
    assert main(coder, C(text)) == "sustain_talk"


@pytest.mark.parametrize("text", [
    "smoking calms me down after work",
    "drinking is how i cope with the stress",
    "i'm not going to give up drinking",
    "i don't need to lose weight",
    "i can stop whenever i want",
    "i've quit three times and always went back",
    "i can handle it",
    "i've tried to quit before and it never works",
    "the patches didn't work for me",
    "i'd be so bored",
    "i don't want to take those pills",
    "well it didn't stop me from smoking though",
    "when i'm not drinking i just don't fit in with them",
])
def test_sustain_talk_in_its_general_kinds(coder: Coder, text: str) -> None:
    """Sustain talk by its MI kind, not by phrases seen in AnnoMI: the behaviour's benefits
    said beside it, refusing or not needing the change, claiming control, past failures."""
    assert main(coder, C(text)) == "sustain_talk"


@pytest.mark.parametrize("text", ["my drinking is getting out of hand", "my kids hate it when i smoke",
                                  "i'd feel so much better if i lost some weight"])
def test_change_talk_names_the_cost_of_the_behaviour(coder: Coder, text: str) -> None:
    assert main(coder, C(text)) == "change_talk"


@pytest.mark.parametrize("text", ["yeah", "i work at the hospital", "mm hmm", "about three years",
                                  "i started playing the saxophone about ten years ago",
                                  "it's good to know", "it was fun but i don't know what she thinks",
                                  "the doc said i've got to take pills",
                                  "it was too late to operate", "i don't smoke cigarettes"])
def test_neutral_client_talk(coder: Coder, text: str) -> None:
    assert main(coder, C(text)) == "neutral"


def test_cannot_is_not_talk_of_doing(coder: Coder) -> None:
    """A longer turn saying what the client can do leans to change; "can't" says the opposite."""
    can = "i have known these guys since high school and they are my friends so i can"
    assert main(coder, C(can)) == "change_talk"
    assert main(coder, C(can + "'t")) != "change_talk"


def test_context_decides_what_a_yes_means(coder: Coder) -> None:
    """The same "yeah" agrees with change after a change reflection, and is neutral otherwise."""
    assert main(coder, C("yeah"), T("so you'd like to cut down a bit")) == "change_talk"
    assert main(coder, C("yeah"), T("and you work nights")) == "neutral"
    double_sided = T("on one hand you like how it relaxes you but on the other hand you hate forgetting things")
    assert main(coder, C("yeah"), double_sided) != "sustain_talk"


def test_capitals_and_punctuation_do_not_change_the_codes(coder: Coder) -> None:
    context = [C("My doctor said my blood pressure is too high.")]
    for text in ("So you're worried about your blood pressure", "What do you make of that?",
                 "Do you drink every day?"):
        assert coder.code(T(text), context).codes == coder.code(T(text.lower().rstrip("?")), context).codes
