"""The word tables the quote rules read: speech verbs, titles, the nouns that name an unnamed
speaker, and the small words that sit between a speaker and its verb. Edit these first when the
rules miss a news outlet's habits; the rules live in quotes.py, the speaker phrases in
quote_speakers.py.
"""

from __future__ import annotations


def _forms(*rows: str) -> frozenset[str]:
    return frozenset(word for row in rows for word in row.split())


# Verbs that introduce a claim whatever follows them: a quote, a "that" clause or a bare clause.
SPEECH_VERBS = _forms(
    "say says said saying",
    "tell tells told telling",
    "add adds added adding",
    "state states stated stating",
    "announce announces announced announcing",
    "report reports reported reporting",
    "write writes wrote writing",
    "tweet tweets tweeted tweeting",
    "claim claims claimed claiming",
    "note notes noted noting",
    "explain explains explained explaining",
    "comment comments commented commenting",
    "confirm confirms confirmed confirming",
    "warn warns warned warning",
    "insist insists insisted insisting",
    "argue argues argued arguing",
    "declare declares declared declaring",
    "indicate indicates indicated indicating",
    "suggest suggests suggested suggesting",
    "acknowledge acknowledges acknowledged acknowledging",
    "admit admits admitted admitting",
    "deny denies denied denying",
    "predict predicts predicted predicting",
    "promise promises promised promising",
    "assert asserts asserted asserting",
    "reply replies replied replying",
    "respond responds responded responding",
    "continue continues continued continuing",
    "stress stresses stressed stressing",
    "emphasise emphasises emphasised emphasising emphasize emphasizes emphasized emphasizing",
)

# Verbs that count as a cue only right before or after a quotation ("called the death "…"",
# "the warning read "…"", "spoke to the press: "…""): with a bare clause they mean something else.
QUOTE_ONLY_VERBS = _forms(
    "call calls called calling",
    "describe describes described describing",
    "characterize characterizes characterized characterizing",
    "characterise characterises characterised characterising",
    "cite cites cited citing",
    "ask asks asked asking",
    "read reads",
    "speak speaks spoke speaking",
    "shout shouts shouted shouting",
    "urge urges urged urging",
    "quip quips quipped",
    "recall recalls recalled recalling",
)

# Verbs whose reported clause needs no test that it is a clause (after "said" one always is).
ALWAYS_CLAUSE = _forms("say says said saying tell tells told telling")

# Words that may stand between a speaker and the cue, or between the cue and what it says:
# "She further stated", "Mr Liu also said", "PG&E announced via Twitter".
ADVERBS = _forms(
    "also further later then now previously earlier again yesterday today tonight recently",
    "reportedly separately subsequently once repeatedly publicly privately simply only first",
    "had has have having was were is been",
)

WEEKDAYS = _forms("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")

# Titles that belong to the speaker span when written right before a name ("Vice-Premier Liu
# He", "Mr Trump"). Any capitalised word before a name is kept too; these are also kept when
# written in lower case at the start of a sentence ("Prime minister Hubert Minnis").
TITLES = _forms(
    "Mr Mr. Mrs Mrs. Ms Ms. Miss Dr Dr. Prof Prof. Professor Sir Dame Lord Lady",
    "President Vice-President Premier Vice-Premier Prime Minister Chancellor Secretary",
    "Secretary-General General Gen. Colonel Col. Captain Capt. Lieutenant Lt. Sergeant Sgt.",
    "Detective Inspector Superintendent Chief Constable Officer Commissioner",
    "Governor Gov. Senator Sen. Representative Rep. Congressman Congresswoman Mayor",
    "Judge Justice Ambassador Minister Deputy Director Chairman Chairwoman Chair",
    "King Queen Prince Princess Pope Bishop Archbishop Cardinal Father Rev. Reverend",
    "Sheikh Ayatollah Emir Sultan Legislator Spokesman Spokeswoman Spokesperson CEO",
)

# Words before a capitalised run that make a speaker an organisation, not a person.
ORGANISATION_WORDS = _forms(
    "Ministry Department Agency Office Council Committee Commission Parliament Congress",
    "Government Party Police Army Forces Navy Court Bank Fund Union Association Conference",
    "Center Centre Institute University Company Corporation Group Service Services Authority",
    "Organization Organisation News Times Post Press Media Television Radio Network Reuters",
    "Agence Bureau Board League Federation Foundation Church Coalition Nations Embassy",
    "Inc Inc. Ltd Co. Administration House Senate Assembly Brigade Channel Journal Herald",
    "BBC CNN NPR CBS ABC NBC AFP AP",
)

# Nouns that end an unnamed speaker ("a spokesman for the ministry", "the sources").
ANONYMOUS_HEADS = _forms(
    "spokesman spokeswoman spokesperson spokesmen spokespeople official officials",
    "source sources analyst analysts expert experts witness witnesses eyewitness eyewitnesses",
    "resident residents observer observers insider insiders person people aide aides",
    "diplomat diplomats authorities officer officers critics activists campaigners",
    "economist economists researchers scientists doctors lawyer lawyers prosecutors",
    "investigators reports report members leaders protesters organisers organizers",
    "agent negotiators executive executives employees workers friend friends neighbour neighbours",
)

# Nouns that end an organisation named by description ("the ministry", "the warning").
ORGANISATION_HEADS = _forms(
    "ministry government police department agency company firm embassy council committee",
    "court army party statement warning website advisory schedule media news newspaper",
    "broadcaster outlet channel bank union authority regulator administration campaign",
    "organisation organization group",
)

PRONOUNS = _forms("he she they He She They we We")

# Determiners and numbers that open a described speaker.
DETERMINERS = _forms(
    "the The a A an An his His her Her their Their its Its two Two three Three four several",
    "Several some Some many Many other Other local Local senior Senior",
)

# Capitalised words that open a sentence but are never part of a speaker's name.
NOT_NAMES = _forms(
    "In On At After Before Later Then Also But And However Yesterday Today Speaking According",
    "Even Still Yet Only Just Following Meanwhile Last This That These Those When While As Reportedly Earlier Now So",
    "Offering Asked Writing Responding Calling Citing It There Here If Although Though Since",
    "You You've You’ve I I've I’ve We've We’ve",
    "Despite During Under Over For From With Without By To Of The A An His Her Their Its",
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April",
    "May June July August September October November December",
)

# Words that connect parts of one name ("Foreign Ministry of Iraq", "Leonardo da Vinci").
NAME_JOINERS = _forms("of de da van von der al bin ibn du la le")

# Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS = _forms(
    "Mr Mrs Ms Dr Prof St Jr Sr Gen Col Capt Lt Sgt Gov Sen Rep Rev No Inc Co Ltd Corp vs",
    "U.S U.K U.N a.m p.m e.g i.e etc Jan Feb Mar Apr Aug Sept Sep Oct Nov Dec Mt Ft",
)

PREPOSITIONS = _forms("on in at of to via during after before from with for by about over into",
                      "through under")

# Words that show a clause (a finite verb) follows a cue, for verbs outside ALWAYS_CLAUSE.
FINITE_WORDS = _forms(
    "is are was were be been has have had will would could can may might should must shall",
    "did does do isn't wasn't aren't weren't hasn't haven't hadn't won't wouldn't couldn't",
    "can't didn't doesn't don't",
)
