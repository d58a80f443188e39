"""Small talk: greetings, goodbyes, remarks about the last answer and navigation commands get a friendly reply and
never reach the matcher; thanks, the clock, asking for a person, questions about the assistant and the like get one
when the knowledge base has no answer of its own for them."""

from __future__ import annotations

import re
from typing import Callable, NamedTuple, Sequence

from .contact import EMAIL, PHONE, PHRASINGS, reached
from .text import words

HELP_REPLY = ("I answer questions from this site's articles: ask me one in your own words, and I'll reply "
              "with the part that answers it and a link to the whole section. Here are a few topics to start with.")

# How to use the chat: a knowledge base matched "what can I ask you" on "ask" ("What is your cancellation
# policy?" at 0.64). The reply comes with a few topics to start with (`SmallTalk.topics`).
_HELP = re.compile(r"^(help|help me|menu|options|what (questions )?can i ask( you)?|what (can|do) you (answer|know)"
                   r"|what (is|does) this( (do|chat|bot|thing))?|how does this (chat |bot )?work|how do i use (this|you)"
                   r"|i (have|ve got|got) (a |some )?(quick )?questions?|can i ask (you )?(a |some )?(quick )?(question|questions|something)"
                   r"|(is )?(any ?one|any ?body|some ?one) (there|here|around)|are you (there|here|around|awake)"
                   r"|test|testing|go back|start (over|again)|restart|main menu|back to (the )?(start|menu|main menu)"
                   # asking for help with nothing named: clinc150-intents answered "i need help" from "thank you"
                   r"|i (need|want|would like|d like) (some )?(help|assistance)|(can|could|would) (you|someone|anyone) help"
                   r"( me)?( out)?|please help( me)?|help me out)\b")

IDENTITY_REPLY = "I'm an assistant that answers questions from this site's articles."
DOUBT_REPLY = ("I can only go by this site's articles. The link under an answer opens its whole section, to check it "
               "there, or ask me in other words.")
TROUBLE_REPLY = ("Sorry to hear that. Tell me in your own words what you were trying to do or what went wrong, and "
                 "I'll look for the part of this site that answers it.")
DONE_REPLY = "Alright. If anything else comes up, just ask."
WAIT_REPLY = "Take your time: ask me whenever you're ready."
NOT_CLEAR_REPLY = ("Sorry if that wasn't clear. Try asking again in other words, or open the link under an answer to "
                   "read its whole section.")

_SMALLTALK = [
    (_HELP, HELP_REPLY),
    (re.compile(r"^(hi|hello|hey|hiya|howdy|good (morning|afternoon|evening)|greetings|yo)\b"),
     "Hello! What would you like to know? Ask me a question in your own words."),
    (re.compile(r"^(bye|goodbye|see you|see ya|good night|take care)\b"), "Goodbye, and thanks for stopping by!"),
    # Most often the answer to "Anything else you'd like to know?"; after an answer it may also mean "that's
    # not it", so the reply leaves the door open.
    (re.compile(r"^(no|nope|nah|no thanks|no thank you|that's all|that is all|all good|i'm good|im good"
                r"|i'm done|im done|whatever|who cares|i (don|do not|dont) (care|mind)|(it )?(doesn|does not|dont) matter)\b"),
     DONE_REPLY),
    (re.compile(r"^(yes please|sure thing|yes|yeah|yep|yup|sure|of course|absolutely|definitely)\b"),
     "Go ahead: ask me a question in your own words."),
    # Asking for a moment: the dentist answered "hold on" at 0.82 from its dental-emergency entry ("hold the tooth by
    # the crown"), the article "wait" at 0.76 from "How Long Should I Wait Before Having Another Session...?"
    (re.compile(r"^(wait a (sec|second|minute|moment)|wait|hold on|hang on|one sec|one second|one moment"
                r"|just a (sec|second|minute|moment)|give me a (sec|second|minute|moment)|brb|be right back)\b"),
     WAIT_REPLY),
    (re.compile(r"^(how are you|how's it going|what'?s up|how do you do)\b"),
     "I'm doing well, thanks for asking! What would you like to know?"),
    (re.compile(r"^(who|what) are you\b|^are you (a )?(bot|robot|human|real)"
                r"|^(am i|are we) (talking|speaking|chatting) (to|with) (a |an )?(real )?(person|human|bot|robot|machine)"
                r"|^who (am i|are we) (talking|speaking|chatting) (to|with)"
                r"|^is this (a )?(real )?(bot|robot|person|human)\b"),
     IDENTITY_REPLY),
    # About the last answer, not about the site (words() has cut "don't" to "don", "you're" to "you"):
    # the knowledge base matched "I don't understand" and "can you explain that" on their words alone.
    (re.compile(r"^(i (don|do not|dont|didn|did not|didnt) (understand|get it|get that|follow)"
                r"|what do you mean|(can|could) you (explain|clarify|say)( that| this| it)?( again)?"
                r"|explain (that|this|it)|huh|eh|pardon|come again|what|sorry what)\b"),
     NOT_CLEAR_REPLY),
    (re.compile(r"^((can you |could you )?(tell me|say|explain) more|what else|anything else|more please|more)\b"),
     "The link under an answer opens its whole section. Or ask me something else, in your own words."),
    (re.compile(r"^((you|this|that|it) (is |are )?(not helping|not helpful|no help|unhelpful|useless|wrong|rubbish)"
                r"|(that|it|this) (doesn|does not|didn|did not|dont|didnt) help|not helpful|wrong answer"
                r"|(that|this|it) (is )?not what i (asked|meant|wanted))\b"),
     "Sorry about that. Try asking in other words, or pick one of the suggested topics."),
    # Doubting the last answer: "are you sure?" was answered from banking77's declined-card-payment entry (0.60), a
    # locksmith's "What is lock snapping?" ("make sure", 0.80) and clinc150-intents' "smart home" (0.61).
    (re.compile(r"^(are you (sure|certain|positive)|you sure|is (that|this|it) (right|true|correct|accurate|so)"
                r"|really|seriously|for real|are you (kidding|joking)( me)?)\b"),
     DOUBT_REPLY),
]


# Words that may follow a greeting or thanks without turning it into a question.
_POLITE = frozenset(
    "there again so much very a lot bot you all for the help helpful useful info information answer answers anyone anybody "
    "friend everyone faqbot that it this was is that's great good nice cool perfect awesome appreciate "
    "appreciated really ok okay kind of me doing today bye goodbye thanks thank cheers helped works worked "
    "makes sense clear now please then".split()
)

# The clock, the calendar and the weather: whole questions about the visitor's here and now. Most
# knowledge bases cannot answer them, and they never continue the previous question ("what is
# microneedling?" then "what time is it?"); one that can (a campsite's "What is the weather like in the
# area?") still answers them. See `kb_first_reply`.
_CLOCK = re.compile(r"^(whats?( is)? the (time|date|weather)|what time is it|what (day|date) is (it|today)"
                    r"|whats?( is)? todays? ?date|(is it going to|will it) (rain|snow)|(hows?|how is) the weather"
                    r"|what will the weather be)\b")
_CLOCK_TAIL = frozenset("now right currently please today tomorrow tonight here there outside like in your "
                        "the area it is going to be gonna".split())
_CLOCK_WORDS = frozenset("time times date dates day days today clock".split())
_WEATHER_WORDS = frozenset("weather forecast rain raining snow snowing temperature climate".split())
CLOCK_REPLY = ("I can't tell the time, the date or the weather. I answer questions about this site's "
               "articles: ask me one in your own words.")


# Asking for a person. A knowledge base may have its own answer ("How do I reach your team?"), so like
# the clock it is asked first; this reply is for one that has none.
_HUMAN = re.compile(r"^(((can|could|may) i (speak|talk|chat) (to|with)|how (do|can|could) i (speak|talk|chat|get through) "
                    r"(to|with)|i (want|need|would like|d like)( to (speak|talk|chat) (to|with))?"
                    r"|i like to (speak|talk|chat) (to|with)"  # "i'd like to": words() drops the "d"
                    r"|(put me through|connect me|transfer me|put me) (to|with)|let me (speak|talk|chat) (to|with)"
                    r"|(get|give|find) me|(speak|talk|chat) (to|with)) )?(a |an |the |your )?(real |live )?"
                    r"(human|person|someone|somebody|agent|operator|staff|team|representative|manager|supervisor"
                    r"|live chat"
                    r"|customer (service|services|support|care)( team)?)\b"
                    r"|^is there (someone|somebody|anyone|anybody|a person|a human|a real person)( i| we)? (can|could) "
                    r"(speak|talk|chat) (to|with)\b")
_HUMAN_TAIL = frozenset("please now right away instead here there on the phone".split())
HUMAN_REPLY = ("I'm an automated assistant that answers from this site's articles, so I can't put you through "
               "to a person. The site's contact details are the way to reach one.")


# Asking to be called back ("can someone call me?", "please ring me back"): the business's phone number is how to
# reach it, as for a person. A bed-and-breakfast answered "can someone call me" from "Do you have Wi-Fi?" ("video
# calls") at 0.80.
_CALLBACK = re.compile(r"^((can|could|will|would) (you|someone|somebody|anyone|one of you|a member of staff|the team) "
                       r"(please )?|please )?(call|ring|phone) me( back)?\b"
                       r"|^(i (want|need|would like|d like|like)|(can|could|may) i (have|get|request|book|arrange)) "
                       r"(a )?(call ?back|callback|call|phone call)\b"
                       r"|^(request|arrange|book) a (call ?back|callback)\b")
_CALLBACK_TAIL = frozenset("please back now today tomorrow asap soon later when you can get a chance".split())
CALLBACK_REPLY = ("I can't arrange a call. The site's contact details are the way to reach the team.")

# Asking to stop emails or texts ("stop sending me emails", "unsubscribe me"): not the chat's to change. A yoga
# studio answered "stop sending me emails" from "How do I stop lessons?" at 0.53.
_UNSUBSCRIBE = re.compile(r"^(how (do|can) i )?(unsubscribe|opt out)( me)?( from (your|the|these|all) (emails?|texts?|"
                          r"messages?|newsletters?|mailing list))?\b"
                          r"|^(please )?stop (sending|emailing|texting|messaging|spamming) me( (emails?|texts?|"
                          r"messages?|newsletters?|marketing))?\b"
                          r"|^(please )?(remove|take) me (off|from) (your|the) (mailing|email|contact|marketing) "
                          r"list\b")
_UNSUBSCRIBE_TAIL = frozenset("please now thanks thank you all any more anymore".split())
UNSUBSCRIBE_REPLY = ("I can't change what this site sends you. The unsubscribe link at the end of its emails stops "
                     "them, or the site's contact details reach the team.")
_MAILING_WORDS = frozenset("unsubscribe unsubscribing newsletter newsletters mailing".split())


def _asks_reach(headings: Sequence[str]) -> bool:
    """A test of folded headings and alternates: does one of them ask for a person ("Can I speak to a real person?")
    or how to phone, email or contact the business ("How do I contact you?": bot/contact.py `reached`)? Naming a person
    is not enough: "Should I talk to my doctor first?", "Can staff give my child medicine?", a playlist's "add smooth
    operator by sade", and neither is a phone number asked for another purpose ("What's the phone number to freeze a
    card?")."""
    return any(_HUMAN.match(h) or reached(h) & {PHONE, EMAIL} for h in headings)


def _naming(vocabulary: frozenset[str]) -> Callable[[Sequence[str]], bool]:
    """A test of folded headings and alternates: does one of them have a word of this vocabulary?"""
    return lambda headings: any(w in vocabulary for h in headings for w in h.split())


# Asking for a job: a common first message on any business's site, which most FAQs do not answer. Every
# knowledge base's words meet it somewhere ("We don't hire out vans" answered "are you hiring?" at 0.83), so
# like the clock it is asked first, and answered only from a section whose headings are about jobs.
# Not "vacancies" or "openings" alone: a B&B's vacancies are rooms, a salon's openings are appointments.
_JOBS = re.compile(r"^(are you (hiring|recruiting|taking on( staff| people)?)"
                   r"|(do you have|have you got|are there|is there) (any )?(job vacancies|job openings|jobs?"
                   r"|work going)( going| available| open)?"
                   r"|(any )?(job vacancies|job openings|jobs?|careers)( going| available)?"
                   r"|(can|could) i (get a job|work for you|work here|apply for a job|join your team)"
                   r"|how (do|can) i (apply for a job|get a job|work for you|join your team)"
                   r"|i(m| am) looking for (a job|work))\b")
_JOBS_TAIL = frozenset("at the moment right now currently here there with you please for me in your team company "
                       "shop store business any".split())
JOBS_REPLY = ("I can't help with jobs here: I answer questions from this site's articles. The site's contact "
              "details are the way to ask about working there.")
_JOB_WORDS = frozenset("job jobs hiring recruiting recruitment vacancy vacancies career careers employment "
                       "apprenticeship apprenticeships".split())


# Asking where to read more, with no subject: "read" and "more" meet any knowledge base's words ("where can i read
# more" was answered at 0.81 from a driving school's "How old do I have to be to start learning?", whose text says
# "read a car number plate"). Asked first like the clock, and answered only from a section whose headings are about
# further reading or more information.
_READ_MORE = re.compile(r"^((where|how) (can|do|could|should|would) i (read|find out|learn|get|find|see|look up) more"
                        r"|(i (want|d like|would like) to |can i |could i )?(read|find out|learn|know) more"
                        r"|(where|how) (can|do|could) i (get|find) (more|further) (info|information|details)"
                        r"|(any |some )?(more|further) (info|information|details|reading))"
                        r"( (info|information|details))?"
                        r"( about (it|this|that|you|your (business|company|services)))?\b")
_READ_MORE_TAIL = frozenset("please online here there on the your site website page anywhere".split())
READ_MORE_REPLY = ("Each answer comes with a link to read its whole section. Ask me about what you'd like to read "
                   "more on, in your own words.")
# Not "more": "Do you charge more on Sundays?" is no further reading.
_FURTHER_WORDS = frozenset("further information info read reading learn resources guide guides blog articles "
                           "links".split())


# Asking the assistant about itself: its name, its age, who made it, and chat about it ("are you married?", "can we
# be friends?", "you're funny"). A chatbot's visitors ask it often, and the
# knowledge base's words meet it ("what's your name?" answered at 0.63 from banking77's unrecognised-payment entry,
# "I don't know that name shown"; "how old are you?" at 0.78 from its age-limit entry), but an assistant's own
# intents answer it (clinc150-intents' "what is your name"), so like the clock it is asked first, and answered only
# from a section with a heading or alternate that asks it.
_ABOUT_ME = re.compile(r"^(whats?( is)? your (name|age)|do you have a name|what (should|can|do|may|shall) i call you"
                       r"|how old are you|who (made|created|built|programmed|designed|owns) you|who do you work for"
                       r"|are you (a )?(boy|girl|man|woman|male|female|married|single|alive|happy|sad|lonely|listening)"
                       r"|(do|can) you (love|like|hate) me|i (love|like|hate) you|will you marry me"
                       r"|(can|could) we be friends"
                       r"|are we friends|do you have (feelings|emotions|pets|any pets|hobbies|any hobbies|a (boyfriend"
                       r"|girlfriend|wife|husband|family))|what are your hobbies|can you hear me|where do you live"
                       r"|where are you from|what are you doing|(you|you are) (funny|cute|smart|clever|nice|sweet|great"
                       r"|awesome|amazing|the best|stupid|dumb|an idiot|boring)|good bot|bad bot)\b")
_ABOUT_ME_TAIL = frozenset("please again then now bot assistant too so very really lol haha".split())
# Ending the chat ("stop", "quit"): an assistant's own intent may answer it (clinc150-intents' "cancel": "quit",
# "stop working on it"); a knowledge base matched it on its words otherwise (the article answered "stop" from its
# results-over-time section).
_STOP = re.compile(r"^(stop|quit|exit|stop it|quit it|cancel that|never ?mind|forget (it|about it|that))\b")
_STOP_TAIL = frozenset("please now it talking thanks thank you".split())


# Asking to hear the last answer again: an assistant's own intent may answer it (clinc150-intents' "repeat"); banking77
# answered "repeat that" at 0.86 from an entry whose phrasings say "repeated".
_REPEAT = re.compile(r"^(repeat( that| it| yourself| the answer| what you said)?|say (that|it) again"
                     r"|(can|could) you repeat( that| it| yourself)?)\b")
_REPEAT_TAIL = frozenset("please again now".split())


# Something went wrong, with nothing named: "it didn't work", "still not working", "I have a problem". The
# knowledge base's words met it (clinc150-intents answered "it didn't work" from its "maybe" intent at 0.60), but a
# help desk's entry may be such a message ("It's not working, what do I do?"), so it is asked first.
_TROUBLE = re.compile(r"^((it|that|this)( still)? (doesn|does not|didn|did not|dont|didnt|isn|is not|isnt) work(ing)?"
                      r"|(it|that|this) (is )?(still )?not working|(still )?not working|doesn work|didn work"
                      r"|i (have|ve got|got) (a |an )?(problem|issue)|there (is |s )?(a |an )?(problem|issue)"
                      r"|something (is |s )?(wrong|not right|broken))\b")
_TROUBLE_TAIL = frozenset("please again still now anymore any more at all here help what do i do can you help".split())

# Asking after the visitor's own order, payment or message ("where's my order?", "did you get my email?", "what's my
# balance?"): the chat sees no account. Twelve FAQs answered "did you get my email" at 0.74-0.83 from an entry that
# mentions email, a bike shop "where is my order" at 0.81 from "How can I pay?". words() drops "'s" and "n't".
_MINE = (r"(confirmation email|account balance|order number|booking reference|reference number|order|orders|parcel"
         r"|package|delivery|refund|money|payment|deposit|invoice|receipt|booking|reservation|application|email|e mail"
         r"|message|text|voicemail|form|enquiry|inquiry|request|cv|quote|confirmation|balance)")
_NOT = (r"(hasn|hasnt|has not|haven|havent|have not|didn|didnt|did not|never"
        r"|still hasn|still hasnt|still haven|still havent)")
_STATUS = re.compile(
    rf"^(where (is )?my|what (is )?(the status of )?my|whats my|(did|have) you (get|got|receive|received|see|seen|had) "
    rf"my) {_MINE}\b"
    rf"|^(has|have) my {_MINE} (been )?(processed|sent|shipped|dispatched|arrived|received|confirmed|approved"
    rf"|come through|gone through|gone out)\b"
    rf"|^(my|the) {_MINE} {_NOT} (arrived|arrive|come|turned up|been processed|come through|gone through)\b"
    rf"|^i {_NOT} (received|receive|got|get|had) (my|the|a|an|any) {_MINE}\b"
    rf"|^i (booked|ordered|paid|applied|signed up)( online)? but {_NOT} (received|receive|got|get|had) "
    rf"(my|the|a|an|any) {_MINE}\b")
_STATUS_TAIL = frozenset("please yet still now today back from you thanks".split())
STATUS_REPLY = ("I can't see orders, payments or messages, so I can't check on yours. The site's contact details "
                "reach the team, who can.")
_TRACKING_WORDS = frozenset("track tracking".split())

# Praise or blame for the site, the service or the chat, with no question in it ("great service", "i love this app",
# "this app sucks"): StackFAQ answered them at 0.63-0.70 from entries about Trello, Google Docs and radio apps. Not
# "the app is slow" or "the site is down": something went wrong there, and an entry may be about it.
_THING = r"(app|site|website|web site|service|services|bot|chat|chatbot|company|shop|business|place|team|staff)"
_PRAISE_OR_BLAME = (r"(great|good|excellent|amazing|awesome|brilliant|fantastic|wonderful|lovely|terrible|awful|bad|poor"
                    r"|horrible|rubbish|crap|useless)")
_FEEDBACK = re.compile(rf"^({_PRAISE_OR_BLAME} {_THING}"
                       rf"|(this|the|your|ur) {_THING} (is |are )?(really |so |very )?({_PRAISE_OR_BLAME}|sucks|suck"
                       rf"|the best|the worst)|i (love|like|hate|dislike) (this|the|your|ur) {_THING}"
                       rf"|(you|you guys) (are )?(rock|the best|the worst|suck))\b")
_FEEDBACK_TAIL = frozenset("thanks thank you so much really very a lot lol haha guys".split())
FEEDBACK_REPLY = "Thanks for letting me know. If you have a question about this site, ask me in your own words."


# Thanks and acknowledgements ("thanks", "ok", "sounds good"): an assistant's own intent may answer them
# (clinc150-intents' "thank you"), and the knowledge base's words met them otherwise (the article answered "thank you
# so much for your help" at 0.48 from "Who Can Benefit From Microneedling?", "fine" at 0.54 from it: "fine lines").
_THANKS = re.compile(r"^(thanks?|thank you|thx|ty|cheers|great|perfect|awesome|cool|nice|ok(ay)?|got it|fine|good|sounds good"
                     r"|alright|all right|understood|i see|noted|good to know)\b")
_THANKS_TAIL = _POLITE | frozenset("your helping assistance time reply response quick".split())  # "for your time"
THANKS_REPLY = "You're welcome! Anything else you'd like to know?"

# Telling the assistant one's name ("my name is John"): an assistant's own intent may take it (clinc150-intents'
# "change user name": "my name is brad"); StackFAQ answered "my name is john" at 0.68 from a Google Hangouts entry.
_INTRO = re.compile(r"^(my name is|my name s|i go by|you can call me|people call me|i am called|im called)"
                    r" (?!(wrong|incorrect|misspelled|misspelt|spelled|spelt|not|missing|different|changed)\b)\w+( \w+)?$")
INTRO_REPLY = "Nice to meet you! What would you like to know? Ask me a question in your own words."


# A greeting or "please" before such a message ("hi, can I speak to someone?", "hey how old are you").
_GREETING = re.compile(r"^((hi|hello|hey|hiya|ok|okay|so|sorry|please|excuse me|good (morning|afternoon|evening)) )+")


class KbFirst(NamedTuple):
    """A message the knowledge base is asked first about, and what to reply when it has no answer."""

    reply: str
    about: str  # for the no-answer reason: "smalltalk: <about>"
    answered_by: Callable[[Sequence[str]], bool]  # may an answer come from a section with these headings?
    asked_as: tuple[str, ...] = ()  # else, the questions the knowledge base is asked in the message's place


def _asking(pattern: re.Pattern, tail: frozenset[str]) -> Callable[[Sequence[str]], bool]:
    """A test of folded headings and alternates: is one of them this message, whole ("what is your name", "quit")?"""
    return lambda headings: any(_whole(pattern, h, tail) for h in headings)


def _asking_clock(names: frozenset[str]) -> Callable[[Sequence[str]], bool]:
    """A test of folded headings and alternates: does one of them ask the time, the date or the weather as a whole
    question, or name it alone ("weather")?"""
    return lambda headings: any(_whole(_CLOCK, h, _CLOCK_TAIL) or (h and set(h.split()) <= names) for h in headings)


# answered only from a section with a heading or alternate that asks it ("What is the weather like in the area?" at
# a campsite), or is its name alone (an assistant's "weather" intent): a swim school's "What happens if the pool
# has to close?" ("if the weather is bad, check your email") answered "what's the weather like tomorrow?" at 0.83,
# and "What time do lessons start?" would answer "what time is it?"
CLOCK = KbFirst(CLOCK_REPLY, "the time, the date or the weather", _asking_clock(_CLOCK_WORDS))
WEATHER = KbFirst(CLOCK_REPLY, "the time, the date or the weather", _asking_clock(_WEATHER_WORDS))
# asking for a person or how to phone, email or contact the business; else the business's phone number is how to reach one
# (bot/contact.py)
PERSON = KbFirst(HUMAN_REPLY, "asking for a person", _asks_reach, asked_as=PHRASINGS[PHONE])
CALLBACK = KbFirst(CALLBACK_REPLY, "asking for a call back", _asks_reach, asked_as=PHRASINGS[PHONE])
# answered by a section whose headings name the newsletter or unsubscribing; else the reply (an email address given
# for something else, "Email wholesale@... for our price list", is no way to stop the site's emails)
UNSUBSCRIBE = KbFirst(UNSUBSCRIBE_REPLY, "asking to unsubscribe", _naming(_MAILING_WORDS))
# answered by a section whose heading or alternate is such a message or names tracking ("Can I track my order?");
# else the reply, which sends the visitor to the contact details (a phone number given for something else, "in an
# emergency call the warden on ...", does not answer "where is my order?")
_ASKS_STATUS, _NAMES_TRACKING = _asking(_STATUS, _STATUS_TAIL), _naming(_TRACKING_WORDS)
STATUS = KbFirst(STATUS_REPLY, "asking after their order or message",
                 lambda headings: _ASKS_STATUS(headings) or _NAMES_TRACKING(headings))
ABOUT_ME = KbFirst(IDENTITY_REPLY, "asking about the assistant", _asking(_ABOUT_ME, _ABOUT_ME_TAIL))
REPEAT = KbFirst(NOT_CLEAR_REPLY, "asking to repeat", _asking(_REPEAT, _REPEAT_TAIL))
# the whole command only: not a pharmacy's "Stop smoking support"
STOP = KbFirst(DONE_REPLY, "ending the chat", _asking(_STOP, _STOP_TAIL))
FEEDBACK = KbFirst(FEEDBACK_REPLY, "feedback", _asking(_FEEDBACK, _FEEDBACK_TAIL))
THANKS = KbFirst(THANKS_REPLY, "thanks", _asking(_THANKS, _THANKS_TAIL))
INTRO = KbFirst(INTRO_REPLY, "telling their name", _asking(_INTRO, frozenset()))
TROUBLE = KbFirst(TROUBLE_REPLY, "something went wrong", _asking(_TROUBLE, _TROUBLE_TAIL))
JOBS = KbFirst(JOBS_REPLY, "asking for a job", _naming(_JOB_WORDS))  # jobs, hiring, vacancies, careers
READ_MORE = KbFirst(READ_MORE_REPLY, "asking where to read more", _naming(_FURTHER_WORDS))  # further reading


# The messages kb_first_reply recognises besides the clock, in the order it tries them: (pattern, words that may
# follow it, what the message is).
_KB_FIRST = (
    (_THANKS, _THANKS_TAIL, THANKS), (_INTRO, frozenset(), INTRO), (_HUMAN, _HUMAN_TAIL, PERSON),
    (_CALLBACK, _CALLBACK_TAIL, CALLBACK), (_UNSUBSCRIBE, _UNSUBSCRIBE_TAIL, UNSUBSCRIBE),
    (_STATUS, _STATUS_TAIL, STATUS),
    (_ABOUT_ME, _ABOUT_ME_TAIL, ABOUT_ME), (_STOP, _STOP_TAIL, STOP), (_REPEAT, _REPEAT_TAIL, REPEAT),
    (_TROUBLE, _TROUBLE_TAIL, TROUBLE), (_FEEDBACK, _FEEDBACK_TAIL, FEEDBACK), (_JOBS, _JOBS_TAIL, JOBS),
    (_READ_MORE, _READ_MORE_TAIL, READ_MORE),
)


def kb_first_reply(question: str) -> KbFirst | None:
    """What a message is, when it is one the knowledge base is asked about first; else None. THANKS: only thanks or
    acknowledges ("thanks", "ok", "sounds good"); INTRO: only tells the visitor's name; CLOCK: only about the time or
    the date; WEATHER: only about the weather; PERSON: only asks for a person; CALLBACK: only asks to be called;
    UNSUBSCRIBE: only asks to stop the site's emails or texts; STATUS: only asks after the visitor's own order,
    payment or message; ABOUT_ME: only asks the assistant's name, age or maker or chats about it; STOP: only ends the
    chat ("stop", "quit"); REPEAT: only asks to hear the answer again; TROUBLE: only says something went wrong ("it
    didn't work"); FEEDBACK: only praises or blames ("great service"); JOBS: only asks for a job; READ_MORE: only asks
    where to read more.

    The policy asks the knowledge base first, alone (never with the chat's history), and gives the reply
    only when it has no answer (for the clock or the weather: from a section with a heading or alternate that asks
    it or names it alone; for a person or a call back: from a section with one that asks for a person or how to
    phone, email or contact the business; about the assistant, ending the chat or repeating: one that asks it, or is
    such a command; for unsubscribing: one that names the newsletter or unsubscribing; about one's own order: one
    that asks it or names tracking; for a job: one whose headings name jobs or hiring)."""
    q = _GREETING.sub("", " ".join(words(question)))  # "hi, can I speak to someone?", "hey what's your name"
    if len(q.split()) > 10:
        return None
    if _whole(_CLOCK, q, _CLOCK_TAIL):
        return WEATHER if _WEATHER_WORDS.intersection(q.split()) else CLOCK
    return next((kind for pattern, tail, kind in _KB_FIRST if _whole(pattern, q, tail)), None)


class SmallTalk(NamedTuple):
    """The reply to a message about the conversation, not the site."""

    reply: str
    topics: bool  # offer a few topics to start with ("help", "what can I ask you?")


# A word that opens a reply without changing it: "ok bye", "oh hi", "alright, who are you?"
_OPENER = re.compile(r"^(ok|okay|k|oh|ah|alright|all right|right|well|great|cool|um|hmm) (?=\S)")


def small_talk(question: str) -> SmallTalk | None:
    """The reply if the question is only a greeting, thanks, asking for help or similar; else None."""
    q = " ".join(words(question))
    if not q or len(q.split()) > 8:
        return None
    # "hi, how long does redness last" is a question, not small talk.
    return next((SmallTalk(reply, pattern is _HELP) for text in dict.fromkeys((q, _OPENER.sub("", q, count=1)))
                 for pattern, reply in _SMALLTALK if _whole(pattern, text, _POLITE)), None)


def smalltalk_reply(question: str) -> str | None:
    """The text of `small_talk`'s reply, or None."""
    talk = small_talk(question)
    return talk.reply if talk is not None else None


def _whole(pattern: re.Pattern, q: str, tail: frozenset[str]) -> bool:
    """Does the folded question start with pattern and go on with words of tail only?"""
    m = pattern.match(q)
    return bool(m) and all(w in tail for w in q[m.end():].split())
