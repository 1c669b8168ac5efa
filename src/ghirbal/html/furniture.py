"""A thread's post furniture: the short lines every post of a forum thread repeats beside its text
("Member", "Joined", "1,076 posts", "518 helpful votes", "Quote", "Report inappropriate content",
"permalink", a vote count). Inside the main container they get its bonus and stay as body.

Read only on a thread: a page that declares one (`HtmlHints.thread`: a JSON-LD node or a microdata
`itemtype` of `lexicon/html.toml [jsonld] thread_types`, DiscussionForumPosting, QAPage) or one made
of its comment sections (`markup.Judgement.thread`). There, a kept body line of at most
`block_repeat_max_words` words whose key (folded words, digits masked: "9,239 posts" is "29,553
posts") kept body lines in at least `block_repeat_min_lines` posts share is furniture: dropped as
`repeated`. The posts are counted as the runs of copies that prose sets apart (a user card's "4",
"20", "49" are one post's). A data table's cells (`block_repeat_skip_tags`) repeat and stay. An
article's repeated labels ("Buying options:", "Plant Care Tips") and a shop grid's ("Cap Type:",
"$17.00") are their pages' text: hence the gate, never the repetition alone.

Where no thread is declared (a phpBB board), the thread is told by its posts' shape, and only the
posters' labelled profile fields drop ("Posts: 138", "Location: United Kingdom": `drop_post_fields`).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ghirbal.features import LineFeatures
from ghirbal.html.blocks import Block, Element
from ghirbal.model import Line


def drop_post_furniture(lines: list[Line], feats: list[LineFeatures], blocks: list[Block],
                        prose: list[bool], cfg: dict[str, Any]) -> None:
    """Drop (in place) the short body lines a thread repeats between its posts' prose. `prose`: per
    line, is it a prose line (`story.is_prose`)."""
    most, least = cfg["block_repeat_max_words"], cfg["block_repeat_min_lines"]
    skip = frozenset(cfg["block_repeat_skip_tags"])
    groups: dict[str, list[int]] = {}
    for i, ln in enumerate(lines):
        f = feats[i]
        if ln.role == "body" and f.key and 0 < f.words <= most and f.repeats >= least and blocks[i].tag not in skip:
            groups.setdefault(f.key, []).append(i)
    if not groups:
        return
    # Kept prose lines so far, as a running count: prose between lines a and b is count[b] - count[a].
    count = [0] * (len(lines) + 1)
    for i, ln in enumerate(lines):
        count[i + 1] = count[i] + (ln.role == "body" and prose[i])
    for members in groups.values():
        if len(members) < least:
            continue
        # Copies with no prose between them are one post's (a user card's "4", "20", "49"): the posts
        # are the runs of copies that prose sets apart.
        posts = 1 + sum(count[b] > count[a + 1] for a, b in zip(members, members[1:]))
        if posts >= least:
            for i in members:
                lines[i].drop("repeated", "a thread's post furniture")



_LETTER = re.compile(r"[^\W\d_]")
_FIELD_COLON = re.compile(r":(?=[ \n]|\Z)")  # (a colon that a space or the line's end follows)


def field_label(text: str, label_words: int, field_words: int) -> str | None:
    """The label of a line that reads as a label and its value ("Posts: 138", "Joined: 4. Jul 2012,
    16:09", "Location: United Kingdom", "Contact:"), folded; None for any other line. The label is
    what stands before the first colon: 1 to `label_words` words with a letter, the colon followed by a
    space or ending the line (not an address's "https://"); the line holds at most `field_words` words."""
    head, colon, value = text.partition(":")
    if not colon or (value and not value[0].isspace()):
        return None
    words = head.split()
    if not 0 < len(words) <= label_words or len(text.split()) > field_words or not _LETTER.search(head):
        return None
    return " ".join(words).casefold()


def field_lines(lines: list[Line], texts: list[str], cfg: dict[str, Any], page: str | None = None) -> dict[int, str]:
    """The lines (`texts`: their texts; `page`: them joined by line breaks, if at hand) that read as a
    label and its value (`field_label`), kept or not, with their labels: only labels that at least
    `block_repeat_min_lines` lines show, and only when at least `block_field_min_labels` labels do and
    one of their lines is kept as body (else none: the page has no profile fields for
    `drop_post_fields` to look at, and its prose need not be read)."""
    label_words, field_words = cfg["block_field_label_max_words"], cfg["block_field_max_words"]
    least, labels = cfg["block_repeat_min_lines"], cfg["block_field_min_labels"]
    # A label's colon is followed by a space or ends its line: found over the page's text at once (no
    # Python step a line), most pages have too few for `labels` labels on `least` lines each.
    page = "\n".join(texts) if page is None else page
    colons = [m.start() for m in _FIELD_COLON.finditer(page)]
    if len(colons) < least * labels:
        return {}
    found: dict[int, str] = {}
    i, at, last = 0, 0, -1
    for c in colons:
        i += page.count("\n", at, c)  # (the colon's line: the line breaks before it)
        at = c
        if i != last:  # (each line once)
            last = i
            label = field_label(texts[i], label_words, field_words)
            if label is not None:
                found[i] = label
    counts = Counter(found.values())
    common = {label for label, k in counts.items() if k >= least}
    if len(common) < labels:
        return {}
    out = {i: label for i, label in found.items() if label in common}
    return out if any(lines[i].kept and lines[i].role == "body" for i in out) else {}


def drop_post_fields(lines: list[Line], feats: list[LineFeatures], blocks: list[Block], elements: list[Element],
                     fields: dict[int, str], prose: list[bool], cfg: dict[str, Any]) -> None:
    """Drop (in place) the fields of a thread's posts where no thread is declared (a phpBB board): the
    thread is told by its shape. Its posts are a run of at least `block_repeat_min_lines` sibling
    elements of one tag, each holding a kept prose line. A kept body line that reads as a label and
    its value (`fields`, kept or not: "Posts: 138", "Joined: 4. Jul 2012, 16:09", "Location: United
    Kingdom"; no prose, no code) whose label at least that many posts show, each with a date line of
    its own that is no field and no prose (the post's time), is the poster's profile beside the post
    when at least `block_field_min_labels` labels are so shown (a card of fields: "Posts:", "Joined:"):
    dropped as `repeated` (detail "a post's profile field"). A field that shows a date ("Joined: 4. Jul
    2012") stays: the page's date is read from the dropped lines about its head, and the first poster's
    join date became the thread's. A shop's grid of cards or an article's sections repeat labels too
    ("Price:", "Ingredients:") but show no time of their own."""
    least = cfg["block_repeat_min_lines"]
    holders: dict[int, None] = {}  # elements holding a kept prose line
    for i, b in enumerate(blocks):
        if prose[i] and lines[i].kept:
            holders.update(dict.fromkeys(b.path))
    runs: dict[tuple[int, str], list[int]] = {}
    for e in holders:
        runs.setdefault((elements[e].parent, elements[e].tag), []).append(e)
    posts = {e for members in runs.values() if len(members) >= least for e in members}
    if not posts:
        return
    dated: set[int] = set()  # posts holding a date line that is no field and no prose
    for i, (ln, b) in enumerate(zip(lines, blocks)):
        if feats[i].date_share > 0 and not prose[i] and i not in fields:
            dated.update(e for e in b.path if e in posts)
    if len(dated) < least:
        return
    code = frozenset(cfg["block_code_tags"])  # (a program's "try:" lines are no fields)
    shown: dict[str, dict[int, list[int]]] = {}  # label -> post -> its field lines
    for i, label in fields.items():
        if not prose[i] and blocks[i].tag not in code and not any(elements[e].tag in code for e in blocks[i].path):
            for e in blocks[i].path:
                if e in posts:
                    shown.setdefault(label, {}).setdefault(e, []).append(i)
    profile = [by_post for by_post in shown.values() if sum(e in dated for e in by_post) >= least]
    if len(profile) < cfg["block_field_min_labels"]:
        return  # (one label alone is an item's field: a price's "Open Box:", a picture's credit)
    for by_post in profile:
        for members in by_post.values():
            for i in members:
                if lines[i].kept and lines[i].role == "body" and not feats[i].date_share:
                    lines[i].drop("repeated", "a post's profile field")
