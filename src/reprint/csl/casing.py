"""CSL text-case as citeproc-js applies it (citeproc-py's own is narrower)."""

from __future__ import annotations

import re

# citeproc-js (CSL.Output.Formatters) splits words at spaces and at this punctuation.
_WORD_SEAMS = re.compile(
    r"([\s\-\u2013\u2014/.,;?!:\[\]()\u2018\u2019\u201c\u201d\"']+)"
)
_MARKUP = re.compile(r"(<[^>]*>)")


def cased_text(text: str, text_case: str, markup: bool) -> str:
    """``text`` in a CSL text-case, as citeproc-js cases it: tags (HTML output)
    are left alone, capitalize-first and capitalize-all change only words written
    all in lower case, and capitalize-first only the first word."""
    pieces = _MARKUP.split(text) if markup else [text]
    first = True
    for index in range(0, len(pieces), 2):  # the odd pieces are tags
        piece = pieces[index]
        match text_case:
            case "lowercase":
                pieces[index] = piece.lower()
            case "uppercase":
                pieces[index] = piece.upper()
            case "capitalize-first" | "capitalize-all":
                words = _WORD_SEAMS.split(piece)
                for at in range(0, len(words), 2):
                    word = words[at]
                    if not word or not first:
                        continue
                    words[at] = _capitalized(word)
                    first = text_case == "capitalize-all"
                pieces[index] = "".join(words)
    return "".join(pieces)


def _capitalized(word: str) -> str:
    """A word with its first letter upper-cased if the word is all lower case
    (Markdown's emphasis marks and escapes before it are passed over)."""
    if word != word.lower():
        return word
    lead = len(word) - len(word.lstrip("*_\\"))
    return word[:lead] + word[lead : lead + 1].upper() + word[lead + 1 :]
