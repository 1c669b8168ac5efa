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
"""

from __future__ import annotations

from typing import Any

from ghirbal.features import LineFeatures
from ghirbal.html.blocks import Block
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
