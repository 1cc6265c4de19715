"""Find the parts of Markdown that are code or comments, so scanners can skip them."""

from __future__ import annotations

import re

_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})[^\n]*\n.*?^\1?[ \t]*\2[`~]*[ \t]*$", re.S | re.M)
# A code span may wrap a line but never crosses a blank line: a stray backtick must not hide the
# paragraphs after it (CommonMark's rule).
_INLINE = re.compile(r"(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def mask_code(text: str) -> str:
    """Same-length copy of ``text`` with fenced code, inline code and HTML comments blanked.

    Offsets into the mask are offsets into the original, so a match found in the
    mask can be reported (and replaced) at its true position.
    """
    if "`" not in text and "~~~" not in text and "<!--" not in text:
        return text  # most strings scanned (data fields, plain paragraphs) hold none of these
    for pattern in (_FENCE, _COMMENT, _INLINE):
        text = pattern.sub(_blank, text)
    return text


_NOT_NEWLINE = re.compile(r"[^\n]")


def _blank(m: re.Match) -> str:
    return _NOT_NEWLINE.sub(" ", m.group())
