"""Core layer: negotiators' flags — verb strength and possible programme budget implications.

Two readings negotiators make of every operative paragraph (../shared/DOMAIN.md, "Negotiation
vocabulary"):

- **Verb strength**: *Invites* < *Encourages* < *Calls upon* < *Urges* < *Requests* / *Decides*.
  `verb_shift("Encourages", "Urges")` is "strengthened"; a leading adverb ("Also", "Further",
  "Once again") does not change the verb's rung, "Strongly" raises it by half a rung, and
  "Reiterates its call" stands on the rung of the verb it repeats ("Calls upon").
- **PBI** (programme budget implications): an operative paragraph that asks the Secretariat — the
  Secretary-General, the Secretariat, the Office (UNODC), its Executive Director — to do or report
  something may cost money, whatever softener it carries ("subject to the availability of
  extrabudgetary resources" is named, not a reason to stay silent).

The English ladder is `LADDER`; the other official languages keep theirs in their data files
(`diffing/languages/*.json`, "ladder": "Encourage" < "Exhorte" < "Prie" in French, 鼓励 < 敦促 < 请
in Chinese), read through `diffing.language.Language.rung`.
"""

import re
from typing import Literal, NamedTuple

from diffing.language import language as language_words

LADDER: dict[str, float] = {
    "invites": 1,
    "encourages": 2,
    "calls upon": 3,
    "calls on": 3,
    "urges": 4,
    "requests": 5,
    "decides": 5,
}
"""Rungs of the verb ladder, lower case; a higher rung asks more of States."""

_REPEATED: dict[str, str] = {
    "invitation": "invites",
    "encouragement": "encourages",
    "call": "calls upon",
    "appeal": "calls upon",
    "request": "requests",
}
""""Reiterates its call" stands on the rung of the verb it repeats."""

_ADVERBS = ("also", "further", "again", "once again", "once more", "therefore", "hereby")
_STRONG = ("strongly", "urgently", "firmly")

Shift = Literal["strengthened", "weakened"]


def verb_rung(lead: str) -> float | None:
    """The rung of an operative paragraph's leading phrase ("Also strongly urges" → 4.5).

    Returns None when the phrase holds no verb of the ladder ("Welcomes", "Notes")."""
    words = re.sub(r"[^\w\s]", " ", lead).lower().split()
    bonus = 0.0
    while words:
        if len(words) > 1 and " ".join(words[:2]) in _ADVERBS:
            words = words[2:]
        elif words[0] in _ADVERBS:
            words = words[1:]
        elif words[0] in _STRONG:
            bonus, words = 0.5, words[1:]
        else:
            break
    if len(words) >= 3 and words[0] == "reiterates" and words[1] in {"its", "the"}:
        repeated = _REPEATED.get(words[2])
        return LADDER[repeated] + bonus if repeated else None
    for size in (2, 1):
        phrase = " ".join(words[:size])
        if phrase in LADDER:
            return LADDER[phrase] + bonus
    return None


def verb_shift(old_lead: str, new_lead: str, language: str = "en") -> Shift | None:
    """ "strengthened" or "weakened" when both leading phrases stand on the ladder at different
    rungs ("Encourages" → "Urges": strengthened); None otherwise.

    `language` is the ISO 639-1 code of the text ("fr": "Encourage" → "Exhorte" is
    strengthened); KeyError for a code that is not an official language's."""
    if language == "en":
        old, new = verb_rung(old_lead), verb_rung(new_lead)
    else:
        words = language_words(language)
        old, new = words.rung(old_lead), words.rung(new_lead)
    if old is None or new is None or old == new:
        return None
    return "strengthened" if new > old else "weakened"


_SECRETARIAT = (
    r"Secretary[-\u2010\u2011 ]General|Secretariat|United Nations Office on Drugs and Crime|"
    r"UNODC|the Office\b|Executive Director|High Commissioner|"
    r"Office of the United Nations High Commissioner"
)
_TASKS = (
    r"report|submit|prepare|present|convene|organi[sz]e|hold|provide|establish|conduct|"
    r"continue|develop|undertake|support|assist|compile|include|update|collect|disseminate|"
    r"strengthen|facilitate|ensure|carry out|initiate|appoint|produce|publish|translate|study"
)
_PBI = re.compile(
    rf"\b(?:{_SECRETARIAT})\b[^;]{{0,240}}?\bto\s+(?:\w+\s+){{0,2}}?(?:{_TASKS})\b",
    re.IGNORECASE,
)
_EXTRABUDGETARY = re.compile(r"extrabudgetary|existing resources|within available", re.IGNORECASE)


class BudgetFlag(NamedTuple):
    """An operative paragraph that may have programme budget implications."""

    reason: str
    """The words that ask the Secretariat to act: "Secretary-General to report"."""
    softened: bool
    """True when the paragraph says "extrabudgetary" or "within existing resources"."""


def budget_flag(text: str) -> BudgetFlag | None:
    """A `BudgetFlag` when the operative paragraph `text` asks the Secretariat to do or report
    something, else None. Apply it to operative paragraphs and their sub-paragraphs only."""
    match = _PBI.search(text)
    if match is None:
        return None
    found = match.group(0)
    head = re.match(rf"(?:{_SECRETARIAT})", found, re.IGNORECASE)
    task = re.search(rf"\bto\s+(?:\w+\s+){{0,2}}?(?:{_TASKS})\b$", found, re.IGNORECASE)
    reason = f"{head.group(0) if head else ''} {task.group(0) if task else ''}".strip()
    return BudgetFlag(reason=reason, softened=bool(_EXTRABUDGETARY.search(text)))
