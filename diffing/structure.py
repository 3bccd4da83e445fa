"""Core layer: recognising the structure of a resolution in a flow of text blocks.

Every reader (text, Word, PDF) turns its format into `Block`s — one per paragraph as printed,
markup removed, footnote markers taken out — and `build_document` recognises masthead, title,
opening line, preambular and operative paragraphs, sub-paragraphs and closing lines.

Readers whose format can cut a paragraph in two (plain text converted from print, PDF) call
`rejoin_blocks` first; Word paragraphs are whole and need no rejoining. The pieces it is made of
are public so a reader can reuse them:

    ends_paragraph(text)            the text ends as a paragraph ends (. , ; : ! ? maybe + quote)
    ends_with_broken_word(text)     the text ends with a word cut by a hyphen ("evidence-")
    looks_like_paragraph_start(t)   the text opens a new paragraph (number, "(a)", *Recalling* ...)
    is_opening_line(text)           "The General Assembly," and the like
    is_closing_line(text)           "35th plenary meeting", "16 December 2021"
    is_number_only(text)            "12." or "(a)" alone: its text is in the next block
    continues(prev, next, in_body)  `next` continues the sentence that `prev` left open
    join_text(prev, next)           the joined text: one space, or none after "evidence-" + "based"
    join_blocks(prev, next)         two Blocks as one, italic spans and footnote offsets shifted
    rejoin_blocks(blocks)           apply all of the above to a reader's whole flow of blocks

Italic spans. A reader passes the italics it saw (markup, Word runs). Every preambular and
operative paragraph gets an italic span for its leading verb or participle: the reader's span when
one starts at the beginning of the paragraph, otherwise `leading_phrase` — optional adverbs
("Also", "Further", "Deeply"), the verb or participle, trailing adverbs ("Recalling also"), and a
known fixed tail ("Calls upon", "Bearing in mind", "Taking note", "Taking into account",
"Noting with deep concern", "Expressing appreciation", "Having considered").
"""

import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

from diffing import textnorm
from diffing.language import Language, detect_language
from diffing.language import language as language_words
from diffing.lazy_pattern import LATIN_LETTERS_ANY_CASE, LazyPattern, one_of
from diffing.model import Document, Footnote, FootnoteRef, Kind, Metadata, Paragraph, Span
from diffing.textnorm import sponsors_line


class Block(NamedTuple):
    """One paragraph as a reader found it."""

    text: str
    """Plain text: no markup; footnote markers removed (kept in `footnotes`)."""
    italic: tuple[Span, ...] = ()
    bold: bool = False
    footnotes: tuple[FootnoteRef, ...] = ()
    number: str | None = None
    """A number the format supplied outside the text (Word automatic numbering), as printed:
    "1.", "(a)", "5 bis."; None when the number, if any, is part of `text`."""
    style: str | None = None
    """The format's paragraph style name when it has one ("Title", "Heading 1"); informational."""


# --- patterns -------------------------------------------------------------------------------

_LATIN = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies")
_OP_NUMBER = re.compile(
    r"^\s*(?P<alt>Alt(?:ernative)?\.?\s*(?=\d))?(?P<num>\d{1,3})(?:\s*(?P<latin>"
    + "|".join(_LATIN)
    + r"))?\s*\.(?=\s|$)\s*"
)
"""An operative number: "12.", "5 bis.", and an alternative text proposed for a paragraph,
"Alt 5 bis." (negotiators' drafts print the alternatives under the paragraph they replace)."""
_SUB_NUMBER = LazyPattern(r"^\s*\((?P<mark>[a-z]{1,2}|[ivxlc]{1,6})\)(?=\s|$)\s*")


def _sub_number(text: str) -> re.Match[str] | None:
    """`_SUB_NUMBER.match(text)`, asked only of a text that opens with "(" after blanks
    (`str.lstrip` strips what `\\s` matches): most paragraphs do not, and then the pattern is
    never compiled."""
    return _SUB_NUMBER.match(text) if text.lstrip().startswith("(") else None


_LABEL = LazyPattern(
    r"^\s*\[?(?:(?P<kind>PP|OP)\s?(?P<num>\d{1,3})(?:\s*(?P<latin>" + "|".join(_LATIN) + r"))?"
    r"(?:\s*(?P<alt>(?i:alt(?:ernative)?))(?:\s*\d{1,2})?)?"
    r"|(?P<new>(?i:new))\s+(?P<newkind>PP|OP)"
    r"|(?P<altof>(?i:alt(?:ernative)?))\.?\s*(?P<altnum>\d{1,2})"
    r"(?![\d.]|\s*(?:" + "|".join(_LATIN) + r")\b))"
    r"\]?\s*[.:)\-\u2013]?(?=\s)\s*"
)
"""A negotiator's label before the text in informal drafts and compilation texts: "PP3
Recalling", "OP5 bis: Urges", "PP2 alt [Concerned …]" (an alternative to PP2), "new OP" (a
paragraph proposed without a number yet), and "Alt 1" / "Alt 2" on their own (alternatives to
the paragraph above; "Alt 5." with a full stop is the alternative to operative paragraph 5)."""


def _label(text: str) -> re.Match[str] | None:
    """`_LABEL.match(text)`, asked only of a text that opens (after blanks and a "[") with
    "PP", "OP", "new" or "alt" in any case, or with a character beyond ASCII: most paragraphs
    open with none, and then the pattern is never compiled."""
    body = text.lstrip()
    head = body[1:4] if body[:1] == "[" else body[:3]
    if head.isascii() and not head.startswith(("PP", "OP")) and head.lower() not in ("new", "alt"):
        return None
    return _LABEL.match(text)


_BARE_SUB_NUMBER = LazyPattern(r"^\s*\(?(?P<mark>[a-z]{1,2}|[ivxlc]{1,6})[).](?=\s|$)\s*")

_CLOSERS = "\"'”’»)]"
_TERMINAL = ".,;:!?"
_WIDE_TERMINAL = "，；。：！？、،؛؟"
"""The same stops in Chinese (full-width) and Arabic (، ؛ ؟)."""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_JOINER = one_of("-'’")
_WORD = re.compile(rf"[^\W\d_]+(?:{_JOINER}[^\W\d_]+)*")
_FUNCTION_WORDS = _words(
    "a an the of to in on at by for with from and or nor but as into upon its their his her "
    "that which who whose this these those than such between among under over against within "
    "without through towards toward including inter alia"
)
_ADVERBS = _words(
    "also further again once strongly firmly deeply gravely seriously fully urgently "
    "emphatically particularly especially greatly profoundly solemnly warmly sincerely "
    "most"
)
_PARTICIPLE_ADJECTIVES = _words(
    "aware mindful conscious convinced cognizant concerned alarmed determined desirous "
    "guided acknowledging encouraged appreciative disturbed dismayed saddened shocked "
    "outraged gratified pleased confident resolved committed reaffirming"
)
_OPERATIVE_VERBS = _words(
    "acknowledges adopts affirms agrees appeals appreciates approves authorizes calls commends "
    "condemns confirms considers declares decides demands deplores designates directs emphasizes "
    "encourages endorses expresses highlights insists invites notes proclaims reaffirms "
    "recalls recognizes recommends regrets reiterates reminds requests resolves stresses "
    "supports takes trusts underlines underscores urges welcomes"
)
"""Verbs that open operative paragraphs (present tense, third person)."""

_OPENING = re.compile(r"^The\s+[A-Z][^.;:]{2,300},$")


def _last_char(text: str) -> str:
    stripped = text.rstrip()
    while stripped and stripped[-1] in _CLOSERS:
        stripped = stripped[:-1].rstrip()
    return stripped[-1:] if stripped else ""


def ends_paragraph(text: str) -> bool:
    """True when `text` ends the way a paragraph ends: . , ; : ! ? (closing quotes allowed)."""
    return _last_char(text) in tuple(_TERMINAL + _WIDE_TERMINAL)


def ends_with_broken_word(text: str) -> bool:
    """True when `text` ends with a word cut by a hyphen at a break: "scientific evidence-"."""
    # only the last two characters can match: searching the whole paragraph tried every one
    return _BROKEN_WORD_END.match(text.rstrip()[-2:]) is not None


_BROKEN_WORD_END = re.compile(r"[^\W\d_]-$")


def _first_word(text: str) -> str:
    match = _WORD.match(text.lstrip())
    return match.group(0) if match else ""


def _last_word(text: str) -> str:
    words = _WORD.findall(text)
    return words[-1] if words else ""


def is_opening_line(text: str) -> bool:
    """ "The General Assembly,", "The Conference of the Parties to the … Convention …,"; also
    without the comma when the line names a body and nothing else ("The General Assembly" over
    "Adopts the Declaration …", as some adopted texts print it)."""
    if not text.lstrip().startswith("The"):
        # (asked of every paragraph while rejoining: most are told apart without the patterns
        # and without collapsing their blanks)
        return False
    text = " ".join(text.split())
    if _OPENING.match(text):
        return len(text.split()) <= 30
    if not text.startswith("The ") or text[-1:] in _TERMINAL:
        return False
    body = _BODIES.match(text[4:])
    return body is not None and body.group("body").strip() == text[4:]


def is_foreign_opening_line(text: str) -> bool:
    """The opening line of a resolution in another official language, naming one of its bodies:
    "L’Assemblée générale,", "La Asamblea General,", "Генеральная Ассамблея,", "大会，",
    "إن الجمعية العامة،" (each language's "opening" and "bodies" in its data file)."""
    line = " ".join(text.split())
    for code in ("fr", "es", "ru", "zh", "ar"):
        words = language_words(code)
        # the bodies first: a plain substring test, and the opening pattern is then compiled
        # only for a text that names a body in that language
        if any(body in line for body in words.bodies) and words.is_opening(line):
            return words.lead(line) is None
    return False


def looks_like_paragraph_start(text: str) -> bool:
    """True when `text` opens a new paragraph rather than continuing one: a printed number
    ("12.", "5 bis.", "(a)"), or a preambular/operative lead ("Recalling", "Deeply concerned",
    "Noting", "Welcomes").

    Only asked about text that begins with a capital letter or a digit; a capital-initial word that
    is neither a participle nor a known adjective ("Nations", "Organization") reads as a
    continuation."""
    stripped = text.lstrip()
    if not stripped:
        return False
    if _OP_NUMBER.match(stripped) or _sub_number(stripped) or _label(stripped):
        return True
    if stripped[0] in "-•–":
        return True
    if _opens_with_foreign_lead(stripped.lstrip("[").lstrip()):
        return True
    # "[Recalling …]": a proposal in square brackets opens a paragraph like any other
    stripped = stripped.lstrip("[").lstrip()
    if not stripped:
        return False
    if stripped[0].isdigit():
        return False
    words = stripped.split()
    first = _first_word(stripped)
    if not first or not first[0].isupper():
        return False
    second = words[1] if len(words) > 1 else ""
    second_lower = bool(second) and second[0].islower()
    lower = first.lower()
    if lower in _ADVERBS:
        return second_lower
    if lower.endswith("ing"):
        return True
    if lower in _OPERATIVE_VERBS and (second_lower or not second):
        return True
    if lower in _PARTICIPLE_ADJECTIVES or lower.endswith("ed"):
        # "United Nations ..." is a continuation, "Decides that ..." a new paragraph.
        return second_lower or not second
    return False


_FOREIGN_START = LazyPattern(
    r"^\s*(?:\d{1,3}\s*[-–]\s+(?=[\u0600-\u06ff])|\([\u0621-\u064a]{1,2}\)\s"
    r"|[（(](?:[a-z]{1,2}|[ivxlc]{1,6})[）)]|[\u3220-\u3229])"
)
"""Numbers of the other official languages: Arabic "1 - " and "(أ)", Chinese "（a）" and "㈠"."""
_PARTICIPLE_ENDS = ("ant", "ando", "iendo", "ada", "ado", "ida", "ido", "ée", "é")


def _opens_with_foreign_lead(text: str) -> bool:
    """True when `text` opens with a number or a lead of another official language: any lead
    in Cyrillic, Chinese or Arabic script; in French and Spanish, which share the Latin script
    with English, only a participle or adjective ("Rappelant", "Recordando", "Préoccupée") or a
    lead of several words — a single plain word such as "Note" or "Invite" could be an English
    word continuing a sentence."""
    first = text.lstrip()[:1]
    # (the numbers' first characters: the pattern is asked, and compiled, only for those)
    if (
        first.isdigit() or first in ("(", "（") or "\u3220" <= first <= "\u3229"
    ) and _FOREIGN_START.match(text):
        return True
    words = _lead_language(text)
    if words is None:
        return False
    found = words.lead(text)
    if found is None:
        return False
    if words.code not in ("fr", "es"):
        return True
    lead = found[1]
    return " " in lead or lead.casefold().endswith(_PARTICIPLE_ENDS)


def is_number_only(text: str) -> bool:
    """A printed number standing alone ("12.", "5 bis.", "(a)"): its text follows in the next
    block (a number set in its own column, or a line break after it)."""
    text = text.strip()
    for match in (_OP_NUMBER.match(text), _sub_number(text)):
        if match is not None and match.end() == len(text):
            return True
    return False


def continues(prev: str, next_text: str, *, in_body: bool) -> bool:
    """True when `next_text` continues the sentence `prev` left open across a break.

    Everywhere: a block that is only a printed number ("12.") takes the text after it; a next
    block that starts in lower case (and is not a sub-paragraph "(a)") joins,
    unless `prev` closed a list item (";" or ":"); so does a word hyphenated across the break.
    In the body of a resolution (after the opening line), a `prev` without closing punctuation
    also takes a capital-initial next block that does not open a paragraph of its own
    ("… supplementing the United" + "Nations Convention …")."""
    prev = prev.rstrip()
    nxt = next_text.lstrip()
    if not prev or not nxt:
        return False
    if _sub_number(nxt) or _OP_NUMBER.match(nxt) or _label(nxt):
        return False
    if is_number_only(prev):
        return True
    if _CLOSING.match(prev) or _CLOSING.match(nxt) or _is_annex(prev):
        return False
    if ends_with_broken_word(prev) and nxt[0].isalpha():
        return True
    if nxt[0].islower():
        if _opens_lowercase_preambular(prev, nxt):
            return False
        return _last_char(prev) not in (";", ":") and not nxt.startswith(("i)", "ii)"))
    if not in_body or ends_paragraph(prev):
        return False
    if _last_word(prev).lower() in _FUNCTION_WORDS:
        return True
    return not looks_like_paragraph_start(nxt) and not is_opening_line(nxt)


def _opens_lowercase_preambular(prev: str, nxt: str) -> bool:
    """True when `nxt` is a preambular paragraph of a language that prints its leads in lower
    case ("ссылаясь на …" after "Генеральная Ассамблея,"): a new paragraph, not a continuation."""
    if _last_char(prev) not in (",", "\uff0c", "\u060c"):
        return False
    for code in _LOWERCASE_LEAD_LANGUAGES:
        words = language_words(code)
        found = words.lead(nxt)
        if found is not None and found[0] == "preambular":
            return True
    return False


_LOWERCASE_LEAD_LANGUAGES = ("ru",)
"""Languages whose preambular leads are printed in lower case (`Language.preambular_lowercase`)."""


def vocabulary(text: str) -> frozenset[str]:
    """The words of `text` for `join_text`: `diffing.textnorm.vocabulary`, the one rule."""
    return textnorm.vocabulary(text)


def ends_open(text: str) -> bool:
    """True when `text` stops on a word that cannot end a phrase ("of", "the", "and")."""
    return _last_word(text).lower() in _FUNCTION_WORDS


def join_text(prev: str, next_text: str, words: frozenset[str] = frozenset()) -> str:
    """Join two pieces of one paragraph cut by a line or page break: one space, or the kernel's
    rule for a hyphen at the break (`diffing.textnorm.line_break`: "evidence-" + "based" keeps
    it, "imple-" + "mentation" loses it, "gender-" + "and age-" keeps its space)."""
    return textnorm.join_lines(prev, next_text, words)


def join_blocks(prev: Block, nxt: Block) -> Block:
    """One Block from two pieces of a paragraph; italic spans and footnote offsets follow."""
    left = prev.text.rstrip()
    right = nxt.text.lstrip()
    lead = len(nxt.text) - len(right)
    joined = join_text(left, right)
    base = len(joined) - len(right)

    def before(offset: int) -> int:
        return max(0, min(offset, len(left)))

    def after(offset: int) -> int:
        return max(base, min(base + offset - lead, len(joined)))

    italic = [Span(before(s.start), before(s.end)) for s in prev.italic]
    italic += [Span(after(s.start), after(s.end)) for s in nxt.italic]
    footnotes = tuple(FootnoteRef(r.footnote_id, before(r.offset)) for r in prev.footnotes)
    footnotes += tuple(FootnoteRef(r.footnote_id, after(r.offset)) for r in nxt.footnotes)
    return Block(
        text=joined,
        italic=_merge_spans([s for s in italic if s.end > s.start]),
        bold=prev.bold and nxt.bold,
        footnotes=footnotes,
        number=prev.number,
        style=prev.style,
    )


def rejoin_blocks(blocks: Sequence[Block]) -> list[Block]:
    """Join the blocks a page break (or a hard line wrap) cut in two; see `continues`.

    The body of a resolution starts after its opening line; before it (masthead, title) only the
    strict signals (lower-case start, broken word) join blocks."""
    out: list[Block] = []
    in_body = False
    for block in blocks:
        if not block.text.strip():
            continue
        if out and block.number is None and continues(out[-1].text, block.text, in_body=in_body):
            out[-1] = join_blocks(out[-1], block)
            continue
        out.append(block)
        if is_opening_line(block.text):
            in_body = True
    return out


def _merge_spans(spans: Sequence[Span]) -> tuple[Span, ...]:
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if merged and span.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Span(last.start, max(last.end, span.end))
        else:
            merged.append(span)
    return tuple(merged)


# --- the leading verb or participle ---------------------------------------------------------

_TAILS: tuple[tuple[str, ...], ...] = (
    ("upon",),
    ("on",),
    ("in", "mind"),
    ("note",),
    ("into", "account"),
    ("into", "consideration"),
    ("with", "deep", "concern"),
    ("with", "grave", "concern"),
    ("with", "great", "concern"),
    ("with", "serious", "concern"),
    ("with", "concern"),
    ("with", "deep", "appreciation"),
    ("with", "appreciation"),
    ("with", "satisfaction"),
    ("with", "interest"),
    ("with", "gratitude"),
    ("deep", "concern"),
    ("grave", "concern"),
    ("serious", "concern"),
    ("concern",),
    ("its", "appreciation"),
    ("its", "deep", "concern"),
    ("its", "concern"),
    ("appreciation",),
    ("gratitude",),
)
_TAIL_HEADS = {
    ("upon",): {"calls", "call", "calling"},
    ("on",): {"calls", "call", "calling"},
    ("in", "mind"): {"bearing", "bears", "bear"},
    ("note",): {"taking", "takes", "take"},
    ("into", "account"): {"taking", "takes", "take"},
    ("into", "consideration"): {"taking", "takes", "take"},
}
_TAILS_AFTER: dict[str, tuple[tuple[str, ...], ...]] = {
    first: tuple(tail for tail in _TAILS if tail[0] == first) for first, *_ in _TAILS
}
"""`_TAILS` by their first word, each word's in `_TAILS`' order (the longest first)."""
_COPULAS = frozenset({"remaining", "remains", "being", "becoming", "having", "feeling"})
_TAIL_NOUN_HEADS = {"expressing", "expresses", "express", "reiterating", "reiterates"}


def leading_phrase(text: str, language: Language | None = None) -> Span | None:
    """The span of the leading verb or participle phrase of a PP/OP text; see the module doc.
    A square bracket before it ("[Urges …]", text not agreed yet) is not part of it.

    In the other official languages the lead is one of the language's leads as listed in its
    data file (`diffing.language.Language.lead`: "Prie instamment", "Настоятельно призывает",
    "深为关切", "وإذ تشير"). `language` None tells the language from the paragraph: the script
    (Cyrillic, Han, Arabic), and for Latin script English unless English does not know the first
    word and a French or Spanish lead opens the text."""
    skip = len(text) - len(text.lstrip("[ \u3000"))
    body = text[skip:]
    words = _lead_language(body) if language is None else language
    if words is not None and words.code != "en":
        found = words.lead(body)
        if found is not None:
            return Span(skip, skip + len(found[1]))
        # a lead the data file does not list yet: the first capitalised word, as in English
    span = _leading_phrase(body)
    return None if span is None else Span(span.start + skip, span.end + skip)


_SCRIPT_LANGUAGES = (("\u0400", "\u04ff", "ru"), ("\u0600", "\u06ff", "ar"))


@functools.lru_cache(maxsize=4096)
def _lead_language(text: str) -> Language | None:
    """The language whose leads to read at the start of `text`; None for English."""
    first = text[:1]
    if not first:
        return None
    if textnorm.is_cjk(first):
        return language_words("zh")
    for low, high, code in _SCRIPT_LANGUAGES:
        if low <= first <= high:
            return language_words(code)
    head = _first_word(text).lower()
    if (
        head in _ADVERBS
        or head in _OPERATIVE_VERBS
        or head in _PARTICIPLE_ADJECTIVES
        or head.endswith(("ing", "ed"))
    ):
        return None
    for code in ("fr", "es"):
        words = language_words(code)
        if words.lead(text) is not None:
            return words
    return None


_LEADING_TOKENS = 16
"""A leading phrase is a few words long ("Noting with deep appreciation also"): only the first
words of a paragraph are read for it."""


def _first_tokens(text: str, count: int) -> list[tuple[str, int, int]]:
    """(token, start, end) of the first `count` runs of non-blanks of `text` (what a search
    for `\\S+` finds): `str.split` cuts at the same blanks (`str.isspace`, which is the
    pattern's `\\s`), and each token is found from the end of the one before, where only blanks
    stand before it."""
    tokens = []
    end = 0
    for token in text.split(None, count)[:count]:
        start = text.find(token, end)
        end = start + len(token)
        tokens.append((token, start, end))
    return tokens


@functools.lru_cache(maxsize=4096)
def _leading_phrase(text: str) -> Span | None:
    # (cached: a comparison reads each paragraph's lead again for its verb, `compare.leading_verb`)
    tokens = _first_tokens(text, _LEADING_TOKENS)
    if not tokens:
        return None

    bares = [token.strip(",;:.]").lower() for token, _, _ in tokens]  # each word once

    def bare(index: int) -> str:
        return bares[index]

    def clean(index: int) -> bool:
        return tokens[index][0].rstrip(",;:.]").isalpha()

    i = 0
    if not tokens[0][0][:1].isalpha() or not tokens[0][0][0].isupper():
        return None
    while i < len(tokens) - 1 and bare(i) in _ADVERBS and tokens[i][0].isalpha():
        i += 1
    head = bare(i)
    if not clean(i):
        return None
    end = i
    if head == "having" and end + 1 < len(tokens) and bare(end + 1).endswith(("ed", "en", "wn")):
        end += 1
    while end + 1 < len(tokens) and bare(end + 1) in _ADVERBS and clean(end + 1):
        if tokens[end][0].endswith(","):
            break
        end += 1
    if (
        head in _COPULAS
        and end + 1 < len(tokens)
        and bare(end + 1) in _PARTICIPLE_ADJECTIVES
        and not tokens[end][0].endswith(",")
    ):
        end += 1
    for _ in range(2):  # "Taking note" + "with appreciation"
        following = bares[end + 1] if end + 1 < len(tokens) else ""
        for tail in _TAILS_AFTER.get(following, ()):
            size = len(tail)
            if end + size >= len(tokens) or tokens[end][0].endswith(","):
                continue
            if tuple(bares[end + 1 : end + 1 + size]) != tail:
                continue
            heads = _TAIL_HEADS.get(tail)
            if heads is not None and head not in heads:
                continue
            if tail[0] != "with" and heads is None and head not in _TAIL_NOUN_HEADS:
                continue
            end += size
            break
        else:
            break
    start = tokens[0][1]
    stop = tokens[end][2]
    while stop > start and text[stop - 1] in ",;:.]":
        stop -= 1
    return Span(start, stop)


# --- building the document ------------------------------------------------------------------


def _roman(value: int) -> str:
    out = ""
    for amount, letters in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while value >= amount:
            out += letters
            value -= amount
    return out


_ROMAN = tuple(_roman(n) for n in range(1, 40))


class _Numbered(NamedTuple):
    kind: str
    """"op", "sub" or "pp" (a negotiator's label "PP3")."""
    number: str
    rest: str
    cut: int
    """How many characters of the block text the printed number took."""


def _printed_number(block: Block) -> _Numbered | None:
    if block.number is not None:
        label = block.number.strip()
        match = _OP_NUMBER.match(re.sub(r"[.)]?$", ".", label, count=1) + " ")
        if match:
            return _Numbered("op", _op_number(match), block.text, 0)
        match = _BARE_SUB_NUMBER.match(label + " ")
        if match:
            return _Numbered("sub", match.group("mark"), block.text, 0)
    match = _label(block.text)
    if match and match.group("altof"):
        # "Alt 1": an alternative to whichever paragraph stands above it
        return _Numbered("alt", match.group("altnum"), block.text[match.end() :], match.end())
    if match and match.group("new"):
        kind = "op" if match.group("newkind") == "OP" else "pp"
        return _Numbered(kind, "new", block.text[match.end() :], match.end())
    if match:
        kind = "op" if match.group("kind") == "OP" else "pp"
        cut = match.end()
        if kind == "op" and not match.group("alt"):
            # "OP5 5. Decides": the label and the printed number say the same
            printed = _OP_NUMBER.match(block.text[cut:])
            cut += printed.end() if printed else 0
        return _Numbered(kind, _op_number(match), block.text[cut:], cut)
    match = _OP_NUMBER.match(block.text)
    if match:
        return _Numbered("op", _op_number(match), block.text[match.end() :], match.end())
    match = _sub_number(block.text)
    if match:
        return _Numbered("sub", match.group("mark"), block.text[match.end() :], match.end())
    return None


def _op_number(match: re.Match[str]) -> str:
    """The printed number without punctuation: "5", "5 bis", "Alt 5 bis"."""
    latin = match.group("latin")
    alt = "Alt " if match.groupdict().get("alt") else ""
    return alt + match.group("num") + (f" {latin}" if latin else "")


def _number_id(number: str) -> str:
    """The id part of a printed number: "5 bis" -> "5bis", "Alt 5 bis" -> "5bis-alt" (the
    alternative sits next to the paragraph it would replace), "new" (a compilation's "new OP")
    -> "-new"."""
    if number.startswith("Alt "):
        return number[4:].replace(" ", "") + "-alt"
    if number == "new":
        return "-new"
    return number.replace(" ", "")


def _cut_block(block: Block, cut: int) -> Block:
    """The block without its first `cut` characters (the printed number) and surrounding space."""
    text = block.text[cut:]
    stripped = text.lstrip()
    cut += len(text) - len(stripped)
    text = stripped.rstrip()
    limit = len(text)

    def move(offset: int) -> int:
        return max(0, min(offset - cut, limit))

    italic = tuple(Span(move(s.start), move(s.end)) for s in block.italic)
    return block._replace(
        text=text,
        italic=tuple(s for s in italic if s.end > s.start),
        footnotes=tuple(FootnoteRef(r.footnote_id, move(r.offset)) for r in block.footnotes),
    )


_SYMBOL = LazyPattern(
    r"^(?:United Nations\s+)?(?:[A-Z]{1,10}(?:\.\d+)?/)+[A-Za-z0-9.\-/()]*[A-Za-z0-9)]"
    r"(?: \(\d{4}\))?$"
)
"""A document symbol alone on its line: "E/CN.7/2022/L.4", "S/RES/2719 (2023)" (Security Council
symbols carry the year), maybe after the "United Nations" of the masthead's first line."""


def _is_symbol(text: str) -> bool:
    """`_SYMBOL.match(text)`, asked only of a text with a "/" in at most four words ("United
    Nations", the symbol, its year): most lines are longer, and then the pattern is never
    compiled."""
    return "/" in text and len(text.split()) <= 4 and _SYMBOL.match(text) is not None


_SYMBOL_IN_TEXT = LazyPattern(
    r"\b(?:[A-Z]{1,10}(?:\.\d+)?/)+(?:[A-Za-z0-9.\-]+/)*[A-Za-z0-9.\-]*\d"
)
"""A document symbol in a line; asked only of a line with a "/"."""
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""The month names of English dates ("9 October 2020"), for the masthead's and closing lines'
patterns and the text reader's date lines."""
_MONTHS = "|".join(ENGLISH_MONTHS)
_DATE = re.compile(rf"\b\d{{1,2}} (?:{_MONTHS}) \d{{4}}\b")
_DISTR = re.compile(r"Distr\.?\s*:\s*(?P<distr>General|Limited|Restricted)\b", re.I)
_SESSION = re.compile(
    r"\b(?P<session>(?:[A-Z][a-z]+(?:-[a-z]+)?|\d+(?:st|nd|rd|th)|\d{4})\s+(?:special\s+)?session)\b"
)
_PLACE_DATE = re.compile(
    rf"\b(?P<pd>[A-Z][a-z]+(?: [A-Z][a-z]+)?, \d{{1,2}}(?:[–-]\d{{1,2}})?"
    rf"(?: (?:{_MONTHS}))?(?:\s*[–-]\s*\d{{1,2}})? (?:{_MONTHS}) \d{{4}})"
)
_LETTER_ANY_CASE = one_of(LATIN_LETTERS_ANY_CASE)
_AGENDA = re.compile(
    rf"\b(?P<item>(?:Provisional\s+)?agenda\s+items?\s+\d+(?:\s*\({_LETTER_ANY_CASE}{{1,2}}\))?"
    rf"|Items?\s+\d+(?:\s*\({_LETTER_ANY_CASE}{{1,2}}\))?"
    rf"(?:\s+and\s+\d+(?:\s*\({_LETTER_ANY_CASE}{{1,2}}\))?)?"
    r"\s+of\s+the\s+(?:provisional\s+|preliminary\s+)?(?:list\s+of\s+items|agenda))",
    re.I,
)
_SPONSORS = LazyPattern(
    r"(?:\b(?:revised\s+)?draft\s+(?:resolution|decision)\b|\bsubmitted\s+by\b)", re.I
)
"""A line naming a draft; asked only of a line with "draft" or "tted" in any case (the letters
of "submitted" that match only their own two cases: re.IGNORECASE also matches "ſ" for "s" and
"ı", "İ" for "i", and `str.lower` turns no other character into these letters)."""
_SYMBOL_CHARACTER_ANY_CASE = one_of(f"{LATIN_LETTERS_ANY_CASE}0-9./-")
_RESOLUTION = re.compile(
    rf"^Resolution\s+(?P<number>{_SYMBOL_CHARACTER_ANY_CASE}*\d{_SYMBOL_CHARACTER_ANY_CASE}*"
    r"(?: \(\d{4}\))?)\.?$",
    re.I,
)
_ADOPTED = re.compile(r"^(?:Resolution\s+)?adopted by\b", re.I)
""""Resolution adopted by the General Assembly on …", "Adopted by the Security Council at its
9518th meeting, on …"."""
_NUMBERED_TITLE = LazyPattern(
    r"^(?P<number>(?:S-)?\d{1,4}/\d{1,4}(?:\s*[A-Z](?=[.\s]))?)\.?\s+(?P<title>[A-Z0-9].+)$"
)
"""A title after the number of an adopted text: "55/12. The right to food"; asked only of a
title with a "/"."""
_BODIES = re.compile(
    r"^(?:United Nations\s+)?(?P<body>(?:Conference of the Parties\b[^.;]*?|Commission (?:on|for)"
    r" [A-Z][^.;]*?|General Assembly|Economic and Social Council|Human Rights Council|"
    r"Security Council|Executive Board\b[^.;]*?|Governing Council\b[^.;]*?|"
    r"Assembly of States Parties\b[^.;]*?))"
    r"(?=\s+(?:[A-Z][a-z]+(?:-[a-z]+)?|\d+(?:st|nd|rd|th))\s+(?:special\s+)?session\b"
    r"|\s+Distr\b|\s+\d|$)"
)
_PARENT_ORGANS = frozenset({"General Assembly", "Economic and Social Council"})
_ANNEX = LazyPattern(r"^Annex(?:\s+[IVX]+)?$", re.I)


def _is_annex(text: str) -> bool:
    """`_ANNEX.match(text)`: "Annex", "ANNEX II"; the pattern asked only of a text opening
    with "annex" in any case (or with a character beyond ASCII)."""
    head = text[:5]
    return (not head.isascii() or head.lower() == "annex") and _ANNEX.match(text) is not None


_CLOSING = re.compile(
    rf"^(?:\d+(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting|{_DATE.pattern}"
    r"|\[Adopted (?:without a vote|by (?:a recorded vote|consensus)[^\]]*)\.?\])\.?$",
    re.I,
)


def _is_masthead_line(text: str) -> bool:
    """A masthead line that can never be the title (the title is then missing)."""
    text = " ".join(text.split())
    return bool(
        _RESOLUTION.match(text)
        or _is_symbol(text)
        or _ADOPTED.match(text)
        or _DISTR.search(text)
        or _AGENDA.search(text)
        or _DATE.fullmatch(text)
        or text.startswith("Original:")
        or (_SESSION.search(text) and len(text.split()) <= 4)
        or _is_body_name(text)
    )


def _is_body_name(text: str) -> bool:
    """ "Security Council" alone: the masthead's name of the body, never a title."""
    match = _BODIES.match(text)
    return match is not None and match.group("body").strip() == text.removeprefix("United Nations ")


def _strip_un(line: str) -> str:
    return re.sub(r"^United Nations\s+", "", line)


def _is_sponsors_line(text: str) -> bool:
    """ "Albania, …, Sweden and Uruguay: revised draft resolution": a long list of countries is
    still the sponsors line when it ends that way; other lines naming a draft must be short."""
    text = sponsors_line(text)
    if _SPONSORS_END.search(text):
        return True
    lowered = text.lower()
    return (
        ("draft" in lowered or "tted" in lowered)
        and _SPONSORS.search(text) is not None
        and len(text.split()) <= 40
    )


_SPONSORS_END = re.compile(r":\s*(?:revised\s+)?draft\s+(?:resolution|decision)\.?$", re.I)


def is_closing_line(text: str) -> bool:
    """A line that closes an adopted text: "35th plenary meeting", "16 December 2021"."""
    return _CLOSING.match(" ".join(text.split())) is not None


def _read_masthead(lines: Sequence[str]) -> Metadata:
    """Metadata from the blocks before the title (and the title's neighbours)."""
    fields: dict[str, str] = {}
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        match = _RESOLUTION.match(line)
        if match:
            fields.setdefault("resolution_number", match.group("number").rstrip("."))
            fields.setdefault("status", "adopted")
            continue
        if _ADOPTED.match(line):
            fields.setdefault("status", "adopted")
            continue
        if _is_symbol(line):
            fields.setdefault("symbol", _strip_un(line))
            continue
        if _is_sponsors_line(line):
            fields.setdefault("sponsors", sponsors_line(line))
            fields.setdefault("status", "draft")
            continue
        consumed = False
        distr = _DISTR.search(line)
        if distr:
            fields.setdefault("distribution", distr.group("distr").capitalize())
            consumed = True
        body = _BODIES.match(line)
        if body:
            fields.setdefault("body", body.group("body").strip())
            consumed = True
        session = _SESSION.search(line)
        if session:
            fields.setdefault("session", session.group("session"))
            consumed = True
        place = _PLACE_DATE.search(line)
        if place:
            fields.setdefault("place_and_date", place.group("pd"))
            consumed = True
        agenda = _AGENDA.search(line)
        if agenda:
            tail = line[agenda.end() :].strip(" :*")
            item = agenda.group("item")
            fields.setdefault("agenda_item", f"{item}: {tail}" if tail else item)
            consumed = True
        elif (
            "agenda_item" in fields
            and not consumed
            and ": " not in fields["agenda_item"]
            and not line.startswith(("[", "Original", "Resolution"))
            and not _DATE.fullmatch(line)
        ):
            # the line after "Item 6 of the provisional agenda" is the item's title
            fields["agenda_item"] += f": {line}"
            continue
        if not place and not consumed:
            date = _DATE.search(line)
            if date and len(line.split()) <= 6:
                fields.setdefault("date", date.group(0))
                continue
        if distr and "date" not in fields:
            date = _DATE.search(line)
            if date:
                fields["date"] = date.group(0)
        if "symbol" not in fields and "/" in line and len(line.split()) <= 3:
            symbol = _SYMBOL_IN_TEXT.search(line)
            if symbol:
                fields["symbol"] = symbol.group(0)
    return Metadata(**fields)


_BARE_OP_NUMBER = LazyPattern(r"^(?P<num>\d{1,3})\s+(?=[A-Z])")
"""An operative number printed without its full stop: "6 Also reaffirms"."""


def is_heading(text: str) -> bool:
    """A section heading between paragraphs: "Arms embargo", "Peacebuilding Commission",
    "I Achieving sustainable fisheries", "B. Follow-up" — a short line in capitals' case that
    neither ends as a paragraph ends (. , ; :) nor opens one (a number, "(a)", a participle,
    an operative verb), and is no closing line or opening line."""
    words = text.split()
    text = " ".join(words)  # (its words are the same: the text is split once)
    numbered = bool(words) and _HEADING_NUMBER.match(words[0]) is not None and len(words) > 1
    if not words or len(words) > (60 if numbered else 14) or ends_paragraph(text):
        return False
    if not (text[0].isupper() or text[0].isdigit()) or _CLOSING.match(text):
        return False
    if is_opening_line(text) or _OP_NUMBER.match(text) or _sub_number(text):
        return False
    rest = words[1:] if numbered else words
    if not rest[0][:1].isupper():
        return False
    if numbered:
        return True
    # "Decides to remain seized of the matter" or "Noting with deep concern the rising number
    # of …" that lost its punctuation is still a paragraph; "Peacebuilding financing" is short
    lead = len(rest) > 1 and rest[1][:1].islower() and looks_like_paragraph_start(text)
    return not lead or (len(words) <= 4 and rest[0].lower() not in _OPERATIVE_VERBS)


_HEADING_NUMBER = re.compile(r"^(?:[IVXL]{1,6}|[A-H])\.?$")
"""The number of a section heading: "I", "IV.", "A."."""


def _is_unnumbered_operative(text: str, language: Language | None = None) -> bool:
    """An operative paragraph printed without a number: an operative verb, after optional
    adverbs, opening a text that ends as a sentence ends ("Approves the report …."); in another
    official language one of its operative verbs and its full stops ("Approuve …", "核准…。")."""
    if language is not None:
        found = language.lead(text)
        if (
            found is not None
            and found[0] == "operative"
            and _last_char(text) in language.operative_ends
        ):
            return True
    words = text.split()
    index = 0
    while index < len(words) - 1 and words[index].lower() in _ADVERBS:
        index += 1
    if not words or not words[0][:1].isupper():
        return False
    return words[index].lower().strip(",") in _OPERATIVE_VERBS and _last_char(text) in (".", ";")


def _is_preambular(text: str) -> bool:
    text = text.strip()
    return _last_char(text) == "," and looks_like_paragraph_start(text)


def _sub_level(mark: str, last_letter: str | None, last_roman: str | None) -> str:
    """ "letter" or "roman": "(i)" after "(h)" is a letter, "(i)" under "(a)" a numeral."""
    letter_next = chr(ord(last_letter) + 1) if last_letter and len(last_letter) == 1 else "a"
    if last_roman in _ROMAN[:-1]:
        roman_next = _ROMAN[_ROMAN.index(last_roman) + 1]
    else:
        roman_next = "i" if last_roman is None else ""
    if last_roman is not None and mark == roman_next:
        return "roman"
    if mark == letter_next:
        return "letter"
    if mark == roman_next or (mark in _ROMAN and len(mark) > 1):
        return "roman"
    return "letter"


# --- the other official languages -------------------------------------------------------------

_WIDE_SUB_NUMBER = LazyPattern(
    r"^\s*[（(](?P<mark>[a-z]{1,2}|[ivxlc]{1,6})[）)]\s*|^\s*(?P<ideo>[\u3220-\u3229])\s*"
)
"""Sub-paragraph markers of Chinese texts: full-width "（a）", and "㈠ ㈡ …" (parenthesised
ideographs one to ten) for the second level, which reads as (i), (ii) …"""
_ARABIC_SUB_SECOND = LazyPattern(r"^\s*[‘’'(](?P<mark>[0-9\u0660-\u0669]{1,2})[‘’')]\s*")
"""The second level of Arabic sub-paragraphs: "’1‘" or "(1)" under "(أ)"; reads as (i), (ii)."""
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def _document_language(blocks: Sequence[Block]) -> Language:
    """The language of the whole text, told once (`diffing.language.detect_language`)."""
    return language_words(detect_language("\n".join(b.text for b in blocks)))


def _numbered(block: Block, words: Language | None) -> _Numbered | None:
    """`_printed_number`, and where it finds none the numbers of `words`' language: "1 - "
    (Arabic operative numbers), "(أ)" (Arabic letters), "（a）" and "㈠" (Chinese)."""
    printed = _printed_number(block)
    if printed is not None or words is None:
        return printed
    text = block.text
    if words.op_number is not None:
        match = words.op_number.match(text)
        if match:
            number = match.group("num").translate(_ARABIC_DIGITS)
            return _Numbered("op", number, text[match.end() :], match.end())
    if words.sub_marker is not None:
        match = words.sub_marker.match(text)
        if match:
            return _Numbered("sub", match.group("mark"), text[match.end() :], match.end())
        match = _ARABIC_SUB_SECOND.match(text)
        if match:
            value = int(match.group("mark").translate(_ARABIC_DIGITS))
            mark = _roman(value) if value > 0 else "i"
            return _Numbered("sub", mark, text[match.end() :], match.end())
    match = _WIDE_SUB_NUMBER.match(text)
    if match:
        ideo = match.group("ideo")
        mark = _roman(ord(ideo) - 0x321F) if ideo else match.group("mark")
        return _Numbered("sub", mark, text[match.end() :], match.end())
    return None


def _is_opening(text: str, words: Language | None) -> bool:
    """`is_opening_line`, or the opening line of `words`' language ("L'Assemblée générale,",
    "大会，"), which opens with no lead of its own (a Chinese preambular paragraph also ends
    with "，")."""
    if is_opening_line(text):
        return True
    return (
        words is not None
        and words.is_opening(text)
        and words.lead(text) is None
        and not words.is_masthead(text)
        and len(text.split()) <= 30
    )


def _is_closing(text: str, words: Language | None) -> bool:
    return bool(_CLOSING.match(text)) or (words is not None and words.is_closing(text))


def _named_body(opening_text: str, words: Language | None) -> str | None:
    """The body an opening line names: "General Assembly" in "The General Assembly,", or the
    longest of the language's body names in "L’Assemblée générale,"."""
    if opening_text.startswith("The "):
        return opening_text[4:]
    if words is None:
        return None
    found = [body for body in words.bodies if body in opening_text]
    return max(found, key=len) if found else None


_FOREIGN_DISTR = LazyPattern(r"^Distr\.?\s*:?\s*(?P<distr>[^\W\d_]+)", re.IGNORECASE)
_DISTRIBUTIONS = {"g": "General", "l": "Limited", "r": "Restricted"}
""""Distr. générale", "Distr. limitada", "Distr. restreinte": the first letter says which."""


def _foreign_masthead(lines: Sequence[str], metadata: Metadata, words: Language) -> Metadata:
    """What the masthead of a text in another official language adds to `_read_masthead`: the
    distribution in the language's words and the sponsors line."""
    for raw in lines:
        line = " ".join(raw.split())
        distr = _FOREIGN_DISTR.match(line)
        if distr and metadata.distribution is None and words.is_masthead(line):
            name = _DISTRIBUTIONS.get(distr.group("distr")[:1].casefold())
            if name is not None:
                metadata = metadata._replace(distribution=name)
        if words.sponsors is not None and words.sponsors.search(line) and not metadata.sponsors:
            metadata = metadata._replace(sponsors=sponsors_line(line), status="draft")
    return metadata


def build_document(blocks: Sequence[Block], footnotes: Sequence[Footnote], source: str) -> Document:
    """Recognise the structure of a resolution in `blocks`.

    Everything before the opening line is the masthead (into `Metadata`) except the title — the
    block just before the opening line that is not the sponsors line. After the opening line:
    unnumbered blocks before the first operative paragraph are preambular (PP1, PP2 …), blocks with
    a printed or supplied number "12." / "5 bis." are operative (OP12, OP5bis), "(a)" / "(i)" are
    sub-paragraphs of the paragraph they follow (OP5(a), OP5(a)(i)); anything else (closing lines
    "35th plenary meeting", dates, annex headings) is `other` (P1, P2 …).

    A document without an opening line and without operative numbering 1., 2. … has no
    resolution structure: all its blocks are `other` paragraphs and `structured` is False.

    The text's language is told once (`diffing.language.detect_language`); a text in another
    official language is read with that language's words as well (its data file in
    `diffing/languages/`): opening line, masthead and sponsors lines, leads, closing lines,
    operative numbers "1 - " and sub-paragraph markers "(أ)", "（a）"."""
    blocks = [b for b in blocks if b.text.strip() or b.number]
    detected = _document_language(blocks)
    words = None if detected.code == "en" else detected
    lead_words = detected
    opening = next((i for i, b in enumerate(blocks) if _is_opening(b.text, words)), None)
    numbered = [_numbered(b, words) for b in blocks]
    annex = next((i for i, b in enumerate(blocks) if _is_annex(b.text.strip())), len(blocks))
    # an annex numbers its own paragraphs: they say nothing of the resolution's operative ones
    op_numbers = [n.number for n in numbered[:annex] if n is not None and n.kind == "op"]
    has_ops = len(op_numbers) >= 2 and op_numbers[0] == "1" and "2" in op_numbers
    has_ops = has_ops or any(_label(b.text) for b in blocks)

    if opening is None and not has_ops:
        others = tuple(
            _paragraph(f"P{i}", Kind.OTHER, b, None, None) for i, b in enumerate(blocks, start=1)
        )
        return Document(source, Metadata(), others, tuple(footnotes), structured=False)

    paragraphs: list[Paragraph] = []
    title_index: int | None = None
    if opening is not None:
        body_start = opening + 1
        for i in range(opening - 1, -1, -1):
            text = blocks[i].text.strip()
            if _is_sponsors_line(text) or (
                words is not None and words.sponsors is not None and words.sponsors.search(text)
            ):
                continue
            if _is_masthead_line(text) or (words is not None and words.is_masthead(text)):
                break
            title_index = i
            break
        masthead = [b.text for i, b in enumerate(blocks[:opening]) if i != title_index]
    else:
        # an excerpt without its opening line: the preambular paragraphs just before the first
        # operative one still read as such
        body_start = next(i for i, n in enumerate(numbered) if n is not None and n.kind != "sub")
        while body_start > 0 and _is_preambular(blocks[body_start - 1].text):
            body_start -= 1
        masthead = []
        for i in range(body_start):
            paragraphs.append(_paragraph(f"P{i + 1}", Kind.OTHER, blocks[i], None, None))

    metadata = _read_masthead(masthead)
    if words is not None:
        metadata = _foreign_masthead(masthead, metadata, words)
    if metadata.status is None and metadata.symbol:
        # L. documents are drafts ("E/CN.7/2022/L.4"); RES documents adopted ("A/RES/76/188")
        if "/L." in metadata.symbol:
            metadata = metadata._replace(status="draft")
        elif "/RES/" in metadata.symbol:
            metadata = metadata._replace(status="adopted")
    title_text: str | None = None
    if title_index is not None:
        title_block = blocks[title_index]
        numbered_title = (
            _NUMBERED_TITLE.match(title_block.text.strip()) if "/" in title_block.text else None
        )
        if numbered_title:
            cut = title_block.text.index(numbered_title.group("title"))
            title_block = _cut_block(title_block, cut)
            metadata = metadata._replace(
                resolution_number=metadata.resolution_number or numbered_title.group("number"),
                status=metadata.status or "adopted",
            )
        title_text = " ".join(title_block.text.split())
        metadata = metadata._replace(title=title_text)
        paragraphs.append(_paragraph("title", Kind.TITLE, title_block, None, None))
    if opening is not None:
        paragraphs.append(_paragraph("opening", Kind.OPENING, blocks[opening], None, None))
        opening_text = blocks[opening].text.strip().rstrip(",")
        named = _named_body(opening_text, words)
        if named is not None and (
            metadata.body is None
            or (metadata.body in _PARENT_ORGANS and _BODIES.match(named) and named != metadata.body)
        ):
            # The masthead prints the parent organ of a subsidiary body (A/HRC documents say
            # "General Assembly", E/CN documents "Economic and Social Council"); the opening line
            # names the body that acts.
            metadata = metadata._replace(body=named)

    used: set[str] = {p.id for p in paragraphs}
    pp_count = other_count = 0
    seen_op = False
    current_top: str | None = None
    current_letter: str | None = None
    last_letter: str | None = None
    last_roman: str | None = None
    other_count = sum(1 for p in paragraphs if p.kind is Kind.OTHER)

    def unique(candidate: str) -> str:
        if candidate not in used:
            used.add(candidate)
            return candidate
        n = 2
        while f"{candidate}-{n}" in used:
            n += 1
        used.add(f"{candidate}-{n}")
        return f"{candidate}-{n}"

    in_annex = False
    heading_count = closing_count = lone_count = 0
    last_op: int | None = None
    for index in range(body_start, len(blocks)):
        block = blocks[index]
        printed = numbered[index]
        text = block.text.strip()
        if _is_annex(text) or in_annex:
            # an annex (a declaration, a plan of action) has its own numbering: its paragraphs
            # are not operative paragraphs of the resolution
            in_annex = True
            other_count += 1
            paragraphs.append(_paragraph(unique(f"P{other_count}"), Kind.OTHER, block, None, None))
            continue
        if printed is None and _is_symbol(text):
            # a running header the reader did not know for one ("E/CN.7/2022/L.4" on page 2)
            metadata = metadata._replace(symbol=metadata.symbol or _strip_un(text))
            continue
        if printed is None and last_op is not None and not _is_closing(text, words):
            # "6 Also reaffirms": a number printed without its full stop, where the sequence
            # of operative numbers expects it
            bare = _BARE_OP_NUMBER.match(text)
            if bare is not None and int(bare.group("num")) == last_op + 1:
                printed = _Numbered("op", bare.group("num"), text[bare.end() :], bare.end())
        if printed is not None and printed.kind == "op":
            seen_op = True
            body = _cut_block(block, printed.cut)
            pid = unique("OP" + _number_id(printed.number))
            number = None if printed.number == "new" else printed.number  # "new OP": none yet
            paragraphs.append(_paragraph(pid, Kind.OPERATIVE, body, number, None, True, lead_words))
            current_top, current_letter, last_letter, last_roman = pid, None, None, None
            if printed.number.isdigit():
                last_op = int(printed.number)
            continue
        if (
            printed is None
            and text[:1].islower()
            and paragraphs
            and paragraphs[-1].kind is Kind.SUBPARAGRAPH
        ):
            # "…; and demands that …": the operative paragraph's sentence goes on after its
            # last sub-paragraph; it stays with it (in the last sub-paragraph's text)
            last = paragraphs[-1]
            joined = join_blocks(Block(last.text, last.italic, footnotes=last.footnotes), block)
            paragraphs[-1] = _paragraph(last.id, last.kind, joined, last.number, last.parent)
            continue
        if printed is not None and printed.kind == "sub" and current_top is not None:
            body = _cut_block(block, printed.cut)
            level = (
                _sub_level(printed.number, last_letter, last_roman)
                if printed.number.isascii()
                else "letter"  # "(أ)", "(ب)": Arabic letters, in their own (abjad) order
            )
            if level == "roman" and current_letter is not None:
                parent = current_letter
                last_roman = printed.number
            else:
                parent = current_top
                if level == "letter":
                    last_letter, last_roman = printed.number, None
                else:
                    last_roman = printed.number
            pid = unique(f"{parent}({printed.number})")
            if level == "letter" or current_letter is None:
                current_letter = pid if level == "letter" else current_letter
            paragraphs.append(_paragraph(pid, Kind.SUBPARAGRAPH, body, printed.number, parent))
            continue
        if printed is not None and printed.kind == "alt" and current_top is not None:
            # a compilation's "Alt 1": an alternative to the paragraph above, of its kind
            base = re.sub(r"-alt(?:-\d+)?$", "", current_top)
            kind = Kind.OPERATIVE if base.startswith("OP") else Kind.PREAMBULAR
            body = _cut_block(block, printed.cut)
            pid = unique(f"{base}-alt")
            paragraphs.append(_paragraph(pid, kind, body, None, None, True, lead_words))
            current_top, current_letter, last_letter, last_roman = pid, None, None, None
            continue
        if printed is not None and printed.kind == "pp":
            body = _cut_block(block, printed.cut)
            pid = unique("PP" + _number_id(printed.number))
            digits = re.search(r"\d+", printed.number)
            pp_count = max(pp_count, int(digits.group(0))) if digits else pp_count
            paragraphs.append(_paragraph(pid, Kind.PREAMBULAR, body, None, None, True, lead_words))
            current_top, current_letter, last_letter, last_roman = pid, None, None, None
            continue
        if _is_closing(text, words):
            closing_count += 1
            paragraphs.append(
                _paragraph(unique(f"C{closing_count}"), Kind.CLOSING, block, None, None)
            )
            current_top = None
            continue
        if is_heading(text) and (words is None or words.lead(text) is None):
            heading_count += 1
            paragraphs.append(
                _paragraph(unique(f"H{heading_count}"), Kind.HEADING, block, None, None)
            )
            current_top = None
            continue
        if not has_ops and _is_unnumbered_operative(text, words):
            # "Approves the report …" / "Adopts the Declaration …": an adopted text whose only
            # operative paragraphs are not numbered
            seen_op = True
            lone_count += 1
            pid = unique(f"OP{lone_count}")
            paragraphs.append(_paragraph(pid, Kind.OPERATIVE, block, None, None, True, lead_words))
            current_top, current_letter, last_letter, last_roman = pid, None, None, None
            continue
        if not seen_op:
            pp_count += 1
            pid = unique(f"PP{pp_count}")
            paragraphs.append(_paragraph(pid, Kind.PREAMBULAR, block, None, None, True, lead_words))
            current_top, current_letter, last_letter, last_roman = pid, None, None, None
            continue
        other_count += 1
        paragraphs.append(_paragraph(unique(f"P{other_count}"), Kind.OTHER, block, None, None))
        current_top = None

    return Document(source, metadata, tuple(paragraphs), tuple(footnotes), structured=True)


def _paragraph(
    pid: str,
    kind: Kind,
    block: Block,
    number: str | None,
    parent: str | None,
    lead: bool = False,
    lead_words: Language | None = None,
) -> Paragraph:
    """A Paragraph from a block: whitespace normalised (offsets kept), leading italic ensured
    (read with `lead_words`' leads; see `leading_phrase`)."""
    text, italic, refs = _normalise(block)
    if lead and not any(s.start == 0 for s in italic):
        span = leading_phrase(text, lead_words)
        if span is not None:
            italic = _merge_spans((*italic, span))
    return Paragraph(
        id=pid,
        kind=kind,
        text=text,
        number=number,
        italic=italic,
        footnotes=refs,
        parent=parent,
    )


def _is_normal(text: str) -> bool:
    """`" ".join(text.split()) == text`: no blank but single spaces between words. A printable
    text (`str.isprintable`: no blank but the space, as every other blank is a separator or a
    control character) is told in C without splitting it into words, which cost a twentieth of
    building a document."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return True
    return " ".join(text.split()) == text


def _normalise(block: Block) -> tuple[str, tuple[Span, ...], tuple[FootnoteRef, ...]]:
    """Collapse runs of whitespace to one space and strip the ends, moving offsets with the text."""
    source = block.text
    if _is_normal(source):
        # already normal (most blocks): offsets stay as they are
        limit = len(source)
        spans = [
            Span(max(0, min(s.start, limit)), max(0, min(s.end, limit)))
            for s in block.italic
            if min(s.end, limit) > max(0, s.start)
        ]
        trimmed = []
        for span in spans:
            start, end = span.start, span.end
            while start < end and source[start] == " ":
                start += 1
            while end > start and source[end - 1] == " ":
                end -= 1
            if end > start:
                trimmed.append(Span(start, end))
        refs = tuple(
            FootnoteRef(r.footnote_id, max(0, min(r.offset, limit))) for r in block.footnotes
        )
        return source, _merge_spans(trimmed), refs
    mapping: list[int] = []
    out: list[str] = []
    pending_space = False
    for char in source:
        if char.isspace():
            pending_space = bool(out)
            mapping.append(len(out))
            continue
        if pending_space:
            out.append(" ")
            pending_space = False
        mapping.append(len(out))
        out.append(char)
    mapping.append(len(out))
    text = "".join(out)
    limit = len(text)

    def at(offset: int) -> int:
        offset = max(0, min(offset, len(source)))
        return min(mapping[offset], limit)

    spans = []
    for span in block.italic:
        start, end = at(span.start), at(span.end)
        while start < end and text[start] == " ":
            start += 1
        while end > start and text[end - 1] == " ":
            end -= 1
        if end > start:
            spans.append(Span(start, end))
    italic = _merge_spans(spans)
    refs = tuple(FootnoteRef(r.footnote_id, at(r.offset)) for r in block.footnotes)
    return text, italic, refs
