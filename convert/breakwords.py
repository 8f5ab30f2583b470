"""Where a language lets a caption break: the word lists :mod:`convert.reflow` reads.

Data, not code paths: adding a language is adding one entry to :data:`LANGUAGES`. Each
entry says which words a line or a cue may *start* with at a natural break (conjunctions
and prepositions: "... / and then ...") and which words should not *end* a line or a cue
(articles, prepositions, possessives: "the / house" reads badly), plus abbreviations whose
full stop does not end a sentence. Words are lowercase, without surrounding punctuation.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BreakWords:
    """The break-word lists of one language."""

    before: frozenset[str]
    """Conjunctions and prepositions: a break just before one is a natural place."""
    determiners: frozenset[str]
    """Articles, determiners and possessives: they start a noun phrase, so a break just
    before one is better than one inside a phrase (but worse than before a conjunction)."""
    not_after: frozenset[str]
    """Articles, prepositions, possessives and the like: no break just after one."""
    abbreviations: frozenset[str] = frozenset()
    """Words ending in a full stop that does not end the sentence (``mr.``)."""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_EN_PREPOSITIONS = (
    "about above across after against along among around at before behind below beneath "
    "beside besides between beyond by despite down during except for from in inside into "
    "like near of off on onto out outside over past since through throughout till to "
    "toward towards under underneath until up upon via with within without"
)
_DE_PREPOSITIONS = (
    "ab an auf aus außer bei bis durch für gegen gegenüber hinter in mit nach neben ohne "
    "seit über um unter von vor während wegen zu zwischen trotz statt am im vom zum zur "
    "beim ins ans aufs"
)
_ES_PREPOSITIONS = (
    "a ante bajo con contra de desde durante en entre hacia hasta mediante para por según "
    "sin sobre tras al del"
)
_CY_PREPOSITIONS = (
    "am ar at dan dros drwy gan gyda heb hyd i mewn o rhag rhwng tan trwy wrth efo yn tua"
)

LANGUAGES: dict[str, BreakWords] = {
    "en": BreakWords(
        before=_words(
            "and but or nor so yet because although though while whereas unless if when "
            "whenever where wherever since until after before that which who whom whose "
            "than as " + _EN_PREPOSITIONS.replace(" of ", " ")
        ),
        determiners=_words(
            "a an the this these those any every each some no my your his her its our their"
        ),
        not_after=_words(
            "a an the this that these those my your his her its our their whose "
            "some any no every each either neither "
            "i you he she we they it to of "
            "and or but nor "
            "is are was were be been being am has have had do does did will would shall "
            "should can could may might must "
            "mr. mrs. ms. dr. st. " + _EN_PREPOSITIONS
        ),
        abbreviations=_words("mr. mrs. ms. dr. st. prof. sr. jr. vs. etc. e.g. i.e. no. mt."),
    ),
    "de": BreakWords(
        before=_words(
            "und oder aber sondern denn doch weil da dass ob wenn als obwohl während "
            "bevor nachdem damit sodass seit bis wie wo was der die das welcher welche "
            "welches " + _DE_PREPOSITIONS
        ),
        determiners=_words(
            "der die das den dem des ein eine einer einen einem eines kein keine mein meine "
            "dein deine sein seine ihr ihre unser unsere dieser diese dieses jeder jede jedes"
        ),
        not_after=_words(
            "der die das den dem des ein eine einer einen einem eines kein keine keinen "
            "keinem keiner mein meine meinen meinem dein deine sein seine seinen seinem "
            "ihr ihre ihren ihrem unser unsere euer eure dieser diese dieses diesen diesem "
            "jeder jede jedes ich du er sie es wir und oder aber zu " + _DE_PREPOSITIONS
        ),
        abbreviations=_words(
            "dr. hr. fr. nr. bzw. z.b. d.h. u.a. usw. ca. prof. st. vgl. evtl. ggf. bspw. "
            "inkl. zzgl. ggü. abs. str. "
            # the same written with a space, "z. B.", "d. h.", "u. a.", "s. o.": each piece
            "z. b. d. h. u. a. s. o."
        ),
    ),
    "es": BreakWords(
        before=_words(
            "y e o u pero sino porque aunque que si cuando donde como mientras pues "
            "ni quien cual cuyo " + _ES_PREPOSITIONS
        ),
        determiners=_words(
            "el la los las un una unos unas mi mis tu tus su sus nuestro nuestra este esta "
            "estos estas ese esa esos esas"
        ),
        not_after=_words(
            "el la los las lo un una unos unas mi mis tu tus su sus nuestro nuestra "
            "nuestros nuestras este esta estos estas ese esa esos esas aquel aquella "
            "y e o u que " + _ES_PREPOSITIONS
        ),
        abbreviations=_words(
            "sr. sra. srta. dr. dra. ud. uds. etc. p.ej. núm. pág. aprox. "
            # written with a space: "p. ej.", "EE. UU."
            "p. ej. ee. uu."
        ),
    ),
    "cy": BreakWords(
        before=_words("a ac ond neu achos oherwydd os pan lle fel bod " + _CY_PREPOSITIONS),
        determiners=_words("y yr fy dy ei ein eich eu"),
        not_after=_words("y yr 'r fy dy ei ein eich eu a ac " + _CY_PREPOSITIONS),
        abbreviations=_words("dr. st. etc."),
    ),
}
"""English first; German, Spanish and Welsh, the other languages of the test corpora.
English "of" is no break-before word: it binds a noun to its complement ("a lot of")."""

DEFAULT_LANGUAGE = "en"


def guess_language(words: list[str]) -> str:
    """The language whose break words occur most among ``words`` (lowercase, bare).

    Function words are the commonest words of every language, so a few hundred words
    tell the lists apart well enough for choosing break points; ties go to English.
    """
    best, best_hits = DEFAULT_LANGUAGE, 0
    for code, table in LANGUAGES.items():
        known = table.before | table.determiners | table.not_after
        hits = sum(1 for word in words if word in known)
        if hits > best_hits:
            best, best_hits = code, hits
    return best


__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "BreakWords", "guess_language"]
