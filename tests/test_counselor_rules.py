"""Counsellor rules added in the second round of rule tuning, each on the behaviour a
counsellor would see in the codes: the main code first, and what the turn must not be coded."""

from __future__ import annotations

import pytest

from live_assist.coder import Coder
from live_assist.events import Utterance
from turns import C, T


def codes(coder: Coder, text: str, *context: Utterance) -> list[str]:
    return coder.code(T(text), list(context)).codes


@pytest.mark.parametrize("text", [
    "So you're drinking a lot?",
    "You said the forms were confusing?",
    "Okay. So it began about four years ago?",
])
def test_short_statement_with_rising_tone_is_a_question_offering_a_reflection(coder: Coder, text: str) -> None:
    got = codes(coder, text, C("I drink most nights, the forms were confusing, it began four years ago."))
    assert got[0] == "closed_question"
    assert "simple_reflection" in got or "complex_reflection" in got


def test_rising_tone_does_not_turn_an_open_question_closed(coder: Coder) -> None:
    assert codes(coder, "Okay. Tell me about how you've been feeling?")[0] == "open_question"


def test_a_meaning_said_with_rising_tone_stays_a_reflection(coder: Coder) -> None:
    got = codes(coder, "So it sounds like drinking changes how you think in those moments?",
                C("When I've had a few I just stop thinking straight."))
    assert got[0] in ("simple_reflection", "complex_reflection")


@pytest.mark.parametrize("text", ["Yeah?", "Okay?", "Mm-hmm. Right?"])
def test_a_questioning_backchannel_is_other(coder: Coder, text: str) -> None:
    assert codes(coder, text, C("It was a long week."))[0] == "other"


@pytest.mark.parametrize("text", ["I think it is.", "Yes, it is.", "They certainly do.",
                                  "That makes a bit of sense.", "Okay, here you go.", "That's fine."])
def test_short_answers_and_agreement_are_other(coder: Coder, text: str) -> None:
    assert codes(coder, text, C("Is it normal to feel like that after stopping?"))[0] == "other"


def test_a_pure_question_is_not_also_a_reflection(coder: Coder) -> None:
    got = codes(coder, "What happened last month?",
                C("Not really. But after what happened last month I suppose she has a point."))
    assert got == ["open_question"]


def test_how_much_would_you_say_asks_for_a_number(coder: Coder) -> None:
    assert codes(coder, "How much would you say you drink in a typical week?")[0] == "closed_question"


@pytest.mark.parametrize("text", [
    "So what do you think you need to do next?",
    "What time would you have to go to bed to be up by six?",
    "So part of you feels like you need to do something different.",
    "Oh, you must be a doctor.",
])
def test_asking_or_reflecting_what_the_client_needs_to_do_is_not_persuading(coder: Coder, text: str) -> None:
    assert codes(coder, text, C("I have to be at work by seven."))[0] != "persuade"


def test_telling_the_client_what_to_do_is_still_persuading(coder: Coder) -> None:
    assert codes(coder, "What you should do is join a walking group, that's what works.")[0] == "persuade"
    assert codes(coder, "You really need to stop drinking before it damages your liver.")[0] == "persuade"


@pytest.mark.parametrize("text", [
    "We know that when people cut down gradually they are more likely to stick with it.",
    "The guideline is no more than two drinks a day, and at least two days a week without.",
    "I'd like to check your blood pressure again, and we'll see how things look next week.",
    "There are several programs in town, and my role is to help you find one.",
])
def test_explaining_facts_or_the_plan_is_giving_information(coder: Coder, text: str) -> None:
    assert codes(coder, text, C("I'm not sure what the options are."))[0] == "giving_information"


def test_a_long_explanation_stays_information_when_it_ends_by_asking(coder: Coder) -> None:
    text = ("Alcohol is a depressant, so it can make low moods worse over the following days, and "
            "people who drink most nights often find their sleep gets lighter too, which is one "
            "reason the guideline suggests a few days a week without any. What do you make of that?")
    got = codes(coder, text, C("I drink to help me sleep."))
    assert got[0] == "giving_information"
    assert "open_question" in got


def test_a_session_closing_with_next_week_is_housekeeping(coder: Coder) -> None:
    assert codes(coder, "Okay, see you same time next week.", C("Thanks."))[0] == "other"


@pytest.mark.parametrize("text", [
    "So let me ask you this, Bob, what are some of your wife's concerns about your smoking?",
    "Okay, so when she's at work, what happens then?",
    "yeah so then it's right now tell me a little bit about why it's so important to quit",
])
def test_open_questions_that_do_not_start_the_turn(coder: Coder, text: str) -> None:
    got = codes(coder, text, C("She works nights."))
    assert "open_question" in got and "closed_question" not in got


def test_an_embedded_what_in_a_tag_question_is_not_open(coder: Coder) -> None:
    assert "open_question" not in codes(coder, "Absolutely, and that's what you want from friends, isn't it?",
                                        C("I just want people I can trust."))


@pytest.mark.parametrize("text", ["Meaningful.", "Okay, so money.", "The gym."])
def test_a_word_or_two_picked_up_from_the_client_is_a_reflection(coder: Coder, text: str) -> None:
    assert codes(coder, text, C("Finances are a problem, and going to the gym matters to me."))[0] == "simple_reflection"


@pytest.mark.parametrize("text", ["Mh-hmm.", "Oh, nice.", "Yup, absolutely.", "Oh dear."])
def test_exclamations_and_backchannels_are_other(coder: Coder, text: str) -> None:
    assert codes(coder, text, C("I went to the gym twice this week."))[0] == "other"


def test_it_sounds_like_alone_does_not_make_a_reflection_complex(coder: Coder) -> None:
    got = codes(coder, "It sounds like you go to the pub most nights after work.",
                C("I go to the pub most nights after work."))
    assert got[0] == "simple_reflection"


@pytest.mark.parametrize("text", [
    "So on the one hand you enjoy it, and on the other hand you don't want your kids to see it.",
    "Part of you is ready to let it go.",
    "It's really hard to imagine your life without it.",
])
def test_meaning_making_reflections_are_complex(coder: Coder, text: str) -> None:
    assert codes(coder, text, C("I like a drink but I don't want the kids seeing me like that."))[0] == "complex_reflection"


def test_i_think_you_should_is_advice(coder: Coder) -> None:
    assert codes(coder, "And I think you should probably stop as soon as possible, like this weekend.",
                 C("I had a bit of a binge last weekend."))[0] == "persuade"


@pytest.mark.parametrize("text", ["Uh-uh.", "Um.", "No, no, I get that. I get that.", "I remember that."])
def test_empty_or_acknowledging_turns_are_other(coder: Coder, text: str) -> None:
    assert codes(coder, text, C("It was hard when she left."))[0] == "other"


def test_the_counsellors_plan_with_we_is_information(coder: Coder) -> None:
    assert codes(coder, "We can work with your case manager to set that up for next month.",
                 C("I don't know where to start with the housing stuff."))[0] == "giving_information"


@pytest.mark.parametrize("text", [
    "mm hmm okay so when she's at work what happens then",
    "i noticed she's been in the emergency room five times this year what's that been like for you",
    "okay so that gives you a good reason not to drink okay anything else",
    "so when you think about these things are there any things you would like to change",
])
def test_unpunctuated_questions_in_the_middle_or_at_the_end_of_a_turn(coder: Coder, text: str) -> None:
    assert codes(coder, text, C("she works nights and i'm home with the kids"))[0] == "open_question"


def test_a_question_mid_turn_stops_a_long_turn_being_a_summary(coder: Coder) -> None:
    context = [C("my friends all drink"), C("work is stressful"), C("my wife worries about me")]
    got = codes(coder, "so your friends drink and work is stressful and your wife worries "
                       "what would it take for you to feel ready to cut down", *context)
    assert got[0] == "open_question"
    assert "summary" not in got


@pytest.mark.parametrize("text", [
    "Okay, what made you choose seven as opposed to a five?",
    "Uh, why didn't you pick a six?",
    "Well, you-you know what? I'm not gonna start any medications today.",
    "So why don't you start by telling me a little bit about yourself?",
])
def test_no_autonomy_or_confrontation_read_into_ordinary_phrases(coder: Coder, text: str) -> None:
    assert codes(coder, text, C("I'd say about a seven."))[0] not in ("emphasize_autonomy", "confront")


def test_autonomy_is_still_heard(coder: Coder) -> None:
    assert codes(coder, "You know your own body best, so it's up to you which you choose.")[0] == "emphasize_autonomy"


def test_a_recommendation_with_the_choice_left_open_is_persuading_with_permission(coder: Coder) -> None:
    assert codes(coder, "Well, I recommend that you not use it at all, but what you do is up to you.",
                 C("I only use on weekends."))[0] == "persuade_with_permission"


@pytest.mark.parametrize("text", [
    "Okay, well, I'd be happy to give you some tips about where you can get support with quitting.",
    "Okay, so I'm just gonna ask you a couple more background questions.",
])
def test_offers_and_structuring_are_information(coder: Coder, text: str) -> None:
    assert codes(coder, text, C("Okay."))[0] == "giving_information"


def test_a_yes_no_question_after_a_lead_in_clause(coder: Coder) -> None:
    got = codes(coder, "Mm-hmm. And those friends that were not hanging around with you, did they come back?",
                C("They stopped calling me for a while."))
    assert got[0] == "closed_question"


@pytest.mark.parametrize("text", ["That sounds like a great plan.", "[crosstalk] Same type of situation.",
                                  "And it's not one that you're gonna make in a hurry."])
def test_no_confrontation_or_housekeeping_read_into_plain_statements(coder: Coder, text: str) -> None:
    assert codes(coder, text, C("I'm going to walk to work twice a week."))[0] not in ("confront", "other")


@pytest.mark.parametrize("text", [
    "I'm wondering whether now it would be a good idea to look at the form.",
    "All right, so if you were in a good job, what would be different?",
    "It's scary, to be quite honest with you.",
])
def test_praise_words_that_praise_nobody_are_no_affirmation(coder: Coder, text: str) -> None:
    assert codes(coder, text, C("I lost my job last year."))[0] != "affirmation"


def test_real_praise_is_still_an_affirmation(coder: Coder) -> None:
    assert codes(coder, "You've been really honest with me today, and that took courage.",
                 C("I told you everything, even the bad stuff."))[0] == "affirmation"


def test_a_statement_answering_the_clients_question_is_information(coder: Coder) -> None:
    got = codes(coder, "Most people find the first two weeks the hardest, then it eases off.",
                C("Is it normal to crave this much?"))
    assert got[0] == "giving_information"


@pytest.mark.parametrize("text", ["Okay. That sounds good.", "Yeah, sounds like a good idea.",
                                  "It does make sense, yeah.", "You're welcome."])
def test_agreeing_or_being_polite_is_other_even_when_it_repeats_the_client(coder: Coder, text: str) -> None:
    assert codes(coder, text, C("That sounds good, maybe I could try the patch, thank you."))[0] == "other"


def test_a_trailing_yeah_is_not_a_question(coder: Coder) -> None:
    got = codes(coder, "So the evenings are the hardest part, yeah.", C("Evenings are the worst."))
    assert "closed_question" not in got


@pytest.mark.parametrize("text", [
    "Okay. And then when you do drink alcohol, you typically have five or six drinks.",
    "What a great plan, and you said you're going to start tomorrow.",
    "So what I'm hearing you say is that you want to quit but you're not confident yet.",
])
def test_statements_that_only_look_like_questions(coder: Coder, text: str) -> None:
    got = codes(coder, text, C("I'll start tomorrow, but I'm not confident."))
    assert got[0] not in ("open_question", "closed_question")


def test_is_that_mid_turn_still_asks(coder: Coder) -> None:
    assert "closed_question" in codes(coder, "okay so you'd cut down to weekends is that something you'd be willing to try",
                                      C("maybe just weekends"))


@pytest.mark.parametrize("text, code", [
    ("No rush at all, the choice here is entirely yours.", "emphasize_autonomy"),
    ("Honestly, you know better than anybody what your evenings are like.", "emphasize_autonomy"),
    ("I'd really welcome your thoughts on where we go with this.", "seeking_collaboration"),
    ("My advice is to leave the car keys at home on Fridays.", "persuade"),
    ("If you'd like my opinion, a walk after dinner might take the edge off.", "persuade_with_permission"),
    ("You've stuck at it for three weeks now, that's real persistence.", "affirmation"),
])
def test_miti_behaviours_named_in_everyday_words(coder: Coder, text: str, code: str) -> None:
    assert codes(coder, text, C("I don't know, I've tried a few times."))[0] == code


@pytest.mark.parametrize("text", [
    "That's not what the scan showed, though.",
    "The trouble isn't your boss, it's your drinking.",
    "You're not too busy. You just don't want to do it.",
    "Skipping the tablets is frankly irresponsible.",
    "You're a heavy drinker whether you like it or not.",
])
def test_contradicting_or_labelling_the_client_is_confront(coder: Coder, text: str) -> None:
    assert codes(coder, text, C("I'm fine, I've just been too busy."))[0] == "confront"


def test_knowing_better_than_that_is_still_a_reproach(coder: Coder) -> None:
    assert codes(coder, "You know better than that by now.", C("I had a few more."))[0] == "confront"


@pytest.mark.parametrize("text", ["You're starting to think it might not be worth the hassle.",
                                  "Smoking has been a way of coping with the stress at work."])
def test_a_dawning_thought_or_what_a_habit_does_for_the_client_is_complex(coder: Coder, text: str) -> None:
    assert codes(coder, text, C("Work has been crazy and I keep lighting up."))[0] == "complex_reflection"


@pytest.mark.parametrize("text", ["When did you last have a drink?", "How often do you go to the pub?",
                                  "how old were you when you started"])
def test_asking_for_a_time_or_a_frequency_is_closed(coder: Coder, text: str) -> None:
    assert codes(coder, text, C("I drink a bit at weekends."))[0] == "closed_question"


@pytest.mark.parametrize("text", ["Tell us a bit about your brother.", "Say something more about that.",
                                  "I'm just wondering how your wife sees it.", "i was wondering what got you here"])
def test_invitations_and_wondering_aloud_are_open_questions(coder: Coder, text: str) -> None:
    assert codes(coder, text, C("My brother stopped last year."))[0] == "open_question"


@pytest.mark.parametrize("text", ["You were surprised?", "So, they're important to you?"])
def test_a_short_feeling_said_with_rising_tone_is_checked_as_a_question(coder: Coder, text: str) -> None:
    got = codes(coder, text, C("Yeah, which was a bit of a shock, and I've known them since school."))
    assert got[0] == "closed_question"


@pytest.mark.parametrize("text", ["Yeah, that's a lot going on for you at the moment.",
                                  "So it's a really big decision."])
def test_weighing_up_what_the_client_lives_with_is_a_complex_reflection(coder: Coder, text: str) -> None:
    got = codes(coder, text, C("The kids, the move, my mum in hospital, and now the job as well."))
    assert got[0] == "complex_reflection"


@pytest.mark.parametrize("text", ["Okay. You don't sound too sure about that plan.",
                                  "I get the sense that you're carrying this on your own.",
                                  "So you've got this dream by the sounds of it."])
def test_what_the_counsellor_senses_in_the_client_is_a_complex_reflection(coder: Coder, text: str) -> None:
    got = codes(coder, text, C("I suppose I could try the plan, a house and a car one day, I don't know."))
    assert got[0] == "complex_reflection"


@pytest.mark.parametrize("text, code", [
    ("Why don't you just get some nicotine gum?", "persuade"),
    ("Your liver results this time were a bit higher.", "giving_information"),
    ("Oh sure, as if that's ever going to happen.", "confront"),
    ("So smoking has turned into your way of unwinding.", "complex_reflection"),
    ("You've been really open with me about all this.", "affirmation"),
])
def test_everyday_forms_of_miti_behaviours(coder: Coder, text: str, code: str) -> None:
    assert codes(coder, text, C("I'll cut down next month, I promise, smoking is how I relax."))[0] == code


def test_the_only_thing_that_is_the_clients_own_is_no_argument(coder: Coder) -> None:
    got = codes(coder, "It's like the evening glass is the only thing that's just for you.",
                C("It's the one bit of the day that's mine."))
    assert got[0] != "persuade"


@pytest.mark.parametrize("text, code", [
    ("A whole month without a bet, that's no mean feat.", "affirmation"),
    ("You've come up with some great ideas today.", "affirmation"),
    ("Drinking like that is going to destroy your liver.", "persuade"),
    ("You'd feel so much better if you got some sleep.", "persuade"),
    ("Your cholesterol reading last month was 6.2.", "giving_information"),
    ("You don't even want to stop, do you?", "confront"),
    ("You feel trapped between the two of them.", "complex_reflection"),
])
def test_more_everyday_forms_of_miti_behaviours(coder: Coder, text: str, code: str) -> None:
    assert codes(coder, text, C("My wife and my mum both go on at me about it."))[0] == code


def test_not_wanting_something_said_back_is_no_challenge(coder: Coder) -> None:
    got = codes(coder, "So she'd help you, but you don't really want to ask her.",
                C("She'd help, I just don't want to ask."))
    assert got[0] != "confront"


@pytest.mark.parametrize("text, code", [
    ("How can we make this fit around your shifts?", "seeking_collaboration"),
])
def test_asking_how_we_can_work_it_out_is_collaboration(coder: Coder, text: str, code: str) -> None:
    assert codes(coder, text, C("The wedding was hard, and my shifts change every week."))[0] == code


def test_flatly_contradicting_the_client_is_confront(coder: Coder) -> None:
    assert codes(coder, "It does, though. You were late twice last week.", C("It doesn't affect my work."))[0] == "confront"


@pytest.mark.parametrize("text, code", [
    ("Your family matters more to you than the test results.", "complex_reflection"),
    ("Your job isn't the problem, you are.", "confront"),
    ("You've clearly thought this through.", "affirmation"),
])
def test_values_blame_and_credit(coder: Coder, text: str, code: str) -> None:
    assert codes(coder, text, C("I'm scared, my job and the test results and my family, it's all too much."))[0] == code


def test_a_long_statement_about_the_client_is_a_complex_reflection(coder: Coder) -> None:
    text = ("So you've cut down to weekends only, your wife noticed the change, and you'd "
            "like to keep it going through the summer.")
    assert codes(coder, text, C("I only drink on Saturdays now and my wife is pleased."))[0] == "complex_reflection"
    short = "So you've cut down to weekends."
    assert codes(coder, short, C("I only drink on Saturdays now."))[0] == "simple_reflection"


@pytest.mark.parametrize("text", ["M M.", "M-hm.", "Mm hmm.", "mm mm", "Hmm hmm."])
def test_a_hum_as_a_recogniser_spells_it_is_a_backchannel(coder, text):
    # Whisper writes a counsellor's "mm-hmm" as bare letters; after a client statement the
    # one-word pick-up rule would otherwise call it a reflection and inflate the R:Q ratio.
    assert codes(coder, text, C("i drink every night")) == ["other"]


@pytest.mark.parametrize("text", [
    "So I guess I'm wondering if you've given any thought to other ways you could cope with stress.",
    "i was wondering if you'd thought about what might help",
])
def test_i_wonder_if_you_invites_the_client_to_explore(coder: Coder, text: str) -> None:
    assert codes(coder, text, C("Drinking is how I deal with stress."))[0] == "open_question"


def test_i_wonder_if_we_could_asks_leave_with_a_closed_question(coder: Coder) -> None:
    got = codes(coder, "I wonder if we could spend a couple of minutes talking about your weight.")
    assert "closed_question" in got and "open_question" not in got


@pytest.mark.parametrize("text", [
    "And so you mentioned quite a few reasons to cut down. Have you thought at all about how you might go about it?",
    "have you ever considered what life would look like without it",
])
def test_have_you_thought_about_invites_more_than_yes_or_no(coder: Coder, text: str) -> None:
    got = codes(coder, text, C("I want to cut down, it costs too much."))
    assert "open_question" in got and "closed_question" not in got


@pytest.mark.parametrize("text, code", [
    ("well you just take it once a day did he tell you what side effects to expect", "closed_question"),
    ("okay wow so there's a lot happening right now anything else that's concerning you", "open_question"),
    ("wow that's a long time what other instruments", "open_question"),
    ("well that's halfway there what kept you from giving it a lower number", "open_question"),
])
def test_unpunctuated_questions_after_a_statement_in_the_same_turn(coder: Coder, text: str, code: str) -> None:
    got = codes(coder, text, C("I've played the sax for six years, and I'm a five out of ten."))
    assert code in got and ({"open_question", "closed_question"} - {code}).isdisjoint(got)


@pytest.mark.parametrize("text", [
    "So smoking has become a big part of your social life. When you go out, you're smoking, and even at work you're smoking.",
    "So when you say mostly, it leaves a little room for some trouble.",
])
def test_a_when_clause_about_the_client_is_no_question(coder: Coder, text: str) -> None:
    got = codes(coder, text, C("Now that you mention it, I smoke when I go out and on my breaks at work, mostly."))
    assert got[0] in ("simple_reflection", "complex_reflection")


@pytest.mark.parametrize("text", ["Right. That's interesting.", "That'd be great.", "That's right.",
                                  "[inaudible 00:06:01]", "Yeah. [unintelligible 00:01:40]"])
def test_an_evaluation_or_a_transcribers_note_is_other(coder: Coder, text: str) -> None:
    assert codes(coder, text, C("So I put my family first, and then my health."))[0] == "other"


def test_a_long_restatement_of_the_client_is_still_a_reflection(coder: Coder) -> None:
    got = codes(coder, "Mm. The sister in Leeds since March, the job gone part time, the long evenings, the pub "
                       "most nights, the wife fed up with it, and all of it landing at once, one thing after "
                       "another, month after month, the evenings the longest part of it, and the pub always there.",
                C("My sister moved to Leeds in March and then the job went part time, and now the evenings "
                  "are long and I end up at the pub most nights, and my wife is fed up with it."))
    assert got[0] in ("simple_reflection", "complex_reflection")


@pytest.mark.parametrize("text", [
    "It helps to have something else to do with your hands.",
    "We could go over some of that on Thursday.",
    "It might be a good idea to keep a diary.",
])
def test_talk_in_the_general_voice_is_information_not_a_reflection(coder: Coder, text: str) -> None:
    assert codes(coder, text, C("I stopped last Monday and the urges come and go."))[0] == "giving_information"


@pytest.mark.parametrize("text", ["So you're worried it might not work.",
                                  "It seems like it could be hard to say no to them."])
def test_a_reflection_about_what_might_happen_stays_a_reflection(coder: Coder, text: str) -> None:
    got = codes(coder, text, C("I'm not sure this will work, my mates always buy the first round."))
    assert got[0] in ("simple_reflection", "complex_reflection") and "giving_information" not in got


@pytest.mark.parametrize(("text", "main"), [
    ("i wondered if we could spend a couple of minutes talking about your weight", "closed_question"),
    ("So thanks for coming in Sandra, we'll see you next week.", "other"),
])
def test_asking_leave_and_saying_goodbye_are_not_information(coder: Coder, text: str, main: str) -> None:
    got = codes(coder, text, C("Okay."))
    assert got[0] == main and "giving_information" not in got
