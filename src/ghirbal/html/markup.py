"""What the markup says about each block: dropped with a reason code (`nav`, `aside`, `comment-section`,
`hidden`, `form`, `link-dense`), or a score adjustment for the text path's story-block search.

* A mark (`blocks._marks`: `<nav>`, `<aside>`, `<form>`, `<footer>`, `role`, class/id words, hidden
  elements) drops the blocks under it, unless the marked element holds most of the page's text
  (`block_veto_share`): then it wraps the content (a page-wide `<form>`, a "content-sidebar-wrap").
  A weak mark (only a word of a class or id name: "elementor-widget") also needs the element to look
  like boilerplate: link-heavy (`block_weak_link_share`), or short (`block_weak_max_chars`) and not
  inside a main-content mark (`<article>`, `<main>`, articleBody); so do
  the marks of `block_weak_marks` (collapsed accordions are hidden, shop filters wrap product lists
  in a `<form>`; on a page that declares a thread the `<form>` is strong, `block_thread_strong_marks`:
  its reply form stands among the posts and is no post). A weak mark on an element that holds `<main>`
  is a wrapper's name ("content-sidebar-wrap") and marks nothing; a hidden panel that stands alike
  with others (an FAQ's answers, a tab list's tabs: `weaken_repeated_panels`) is a weak mark.
  Comment sections are the content of a page made of them (a forum thread): they drop only when the
  page has enough text outside them (`block_comment_min_other_chars`, and `block_comment_min_other_share`
  of the comments' own), or when the story has a declared body of its own (a main-content class or
  itemprop) and no comment has one (forum software marks each reply's text as a post body). On a page
  that declares a thread, a comment section that holds a declared post body and stands beside the
  first post is a reply and stays whatever the sizes (`_replies_with_bodies`). The marks
  inside a thread's comments still hold (a reply form, a hidden box); a product's reviews are never
  its content. A page whose comments were lifted is a thread (`Judgement.thread`: its posts'
  furniture drops, `html.furniture`).
* Beside a declared story body, a weak-marked box ("widget", "sidebar") that neither holds it nor
  sits in it drops whatever its size (`block_beside_story_marks`): a page builder's feed of other posts.
* Box marks (`block_box_marks`) drop an element that holds at most so many characters, inside
  `<article>` too: an author's box (`author-box`: a class or id name that pairs "author" with "bio",
  "box", "desc" ...; `lexicon/html.toml [markup.compounds]`), the writer's bio after the story.
  A caption mark (`<figcaption>`, "wp-caption") drops nothing: `html.captions` gives its lines their role.
* `<noscript>` text is the page's text only when the rest of the page has next to none (forum software
  that serves its posts there); otherwise it is `hidden`.
* The *main container* is found by descent: from the page's root, go down to the child element that
  holds at least `block_descend_share` of the current element's readable text (text of unmarked blocks
  outside links), while there is one. A main-content mark (`<article>`, `<main>`, itemprop=articleBody,
  a main-content class) that holds most of the text stops the descent there or lower. On a declared
  thread, a container inside one post is widened to the posts (`widen_to_posts`). Blocks inside
  get `block_container_bonus` added to their prose score, blocks outside `block_outside_score`: the
  story block (a maximum-sum run) then spans the container, headings and list items included. A
  container that is the page itself, or the whole page's text as lines set apart by `<br>` in one
  element or as the rows of a layout table, one cell each (`block_container_max_share`,
  `block_flat_share`), says nothing: no container. A container that holds all of the readable text
  (`block_container_all_share`) sets apart only what the marks already dropped: its bonus is
  `block_container_all_bonus` (none), and the lines' own verdicts stand.
* A block whose text is mostly link text (`block_link_share`) is `link-dense`, outside the container; inside
  it only when it is short (a tag list, "read more").
* Inside `<pre>` and `<code>` (`block_code_tags`), class names are a syntax highlighter's and mark
  nothing ("comment" spans in code). A closed accordion or tab panel (`display:none` with a panel role,
  `lexicon/html.toml panel_roles`) is a weak `hidden` mark, as aria-hidden
  (but on a link, aria-hidden marks nothing: a duplicate link hidden from screen readers is seen).
* A form control's own text (`block_control_tags`: `<button>`, `<label>`) is `form` wherever it stands;
  on an undated page of no kind (no product, thread or Q&A declared, no publication date), a control in
  a heading or `<summary>`, or the direct parent of one, is an accordion's toggle and keeps its text
  (`unmark_heading_controls`: an FAQ's questions).
* On a page that declares no product, thread or Q&A, a grid of cards that each hold a heading and a
  sentence and that together hold a good share of the page is its content: their weak marks ("promo")
  are cleared (`html.offers.unmark_offer_cards`: a services page's offers).
* One product's page (`html.product`): other products' cards are `aside` before the descent, and the
  container is widened to hold the product's name (`<h1>`); a box whose class or id names its reviews
  (`lexicon/html.toml product_tokens`, at least `block_product_reviews_min_chars`) is
  `comment-section`, a short box whose class or id names a tooltip (`product_tip_tokens`, at most
  `block_product_tooltip_max_chars`) is `hidden` (`product.settle_marks`; on other pages those words
  mark nothing). Any other
  page: a run of cards that holds more text than the container found is a list page's content
  (`html.listing`): the container is widened to hold it.
* A question-and-answer page (`HtmlHints.qa`, a declared QAPage): the answers hold most of the text and
  the descent stops at them, below the question; the container is widened to hold the question too
  (`widen_to_question`: the element under the nearest one holding the container and the `<h1>`, on the
  container's side, which leaves the page's header and sidebar out).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from operator import attrgetter
from typing import Any, NamedTuple

from ghirbal.html.ancestry import child_toward, common_ancestor, held, outermost_above
from ghirbal.html.blocks import (MAIN_TAGS, PRODUCT_MARK, PRODUCT_NOTE_MARK, PRODUCT_TIP_MARK, ROLE_MARKS,
                                 Block, Element, PageTree, compiled_passes)
from ghirbal.html.listing import widen_to_list
from ghirbal.html.offers import unmark_offer_cards
from ghirbal.html.product import drop_cards, drop_media_fallback, keep_description, settle_marks, widen_to_headline

_CHARS = attrgetter("chars")  # (a block's chars, summed over every block of the page)


@dataclass(slots=True)
class Judgement:
    reasons: list[str | None]  # per block: the markup's drop reason, or None
    adjust: list[float]  # per block: added to its prose score
    inside: list[bool]  # per block: inside the main container
    container: int  # element id of the main container, -1 for the whole page
    noscript_used: bool = False
    thread: bool = False  # the page is made of its comment sections (a thread): they were lifted


class Marks(NamedTuple):
    """When a mark drops the blocks under it (`block_veto_share` of `total`, the weak-mark rules)."""

    veto: float
    weak_chars: int
    weak_links: float
    weak_marks: Sequence[str]
    controls: Sequence[str] = ()
    boxes: dict[str, int] | None = None  # box marks (author-box) -> the most characters they hold

    def drops(self, el: Element, in_main: bool) -> bool:
        # (compiled, for `_passes.mark_reasons`: `_passes._Drops`)
        if self.boxes and el.mark in self.boxes:
            return el.chars <= self.boxes[el.mark] and el.chars < self.veto
        return el.mark is not None and el.mark not in ROLE_MARKS and el.chars < self.veto and (
            el.tag in self.controls
            or not (el.weak or el.mark in self.weak_marks)
            or el.link_chars >= self.weak_links * el.chars
            or (el.chars <= self.weak_chars and not in_main)
        )


def _mark_reasons(blocks: list[Block], elements: list[Element], marks: Marks) -> list[str | None]:
    """Per block, the mark that drops it: the first one that holds on the way down from the root.
    One pass over the elements settles it for all (a parent comes before its children)."""
    drops: list[str | None] = [None] * len(elements)
    main_above = [False] * len(elements)  # a main-content mark on the element or above it
    for e, el in enumerate(elements):
        p = el.parent
        in_main = False
        if p >= 0:
            if drops[p] is not None:
                drops[e] = drops[p]
                continue
            in_main = main_above[p]
        if marks.drops(el, in_main):
            drops[e] = el.mark
        else:
            main_above[e] = in_main or el.main
    return [drops[b.path[-1]] if b.path else None for b in blocks]


def settle_overlays(elements: list[Element], overlays: list[int]) -> None:
    """The overlays' elements (`RawHints.overlays`, listed by the walk) get `aside`, every pop-up's
    mark. (Changes the marks in place; judging the tree again finds them so.)"""
    for e in overlays:
        elements[e].mark = "aside"


def overlays_above(elements: list[Element], overlays: list[int]) -> list[int]:
    """Per element, the outermost overlay at or above it whose mark holds whatever its size, -1 for none.
    An overlay (a dialog laid over the page: a cookie or consent box, a sign-in form) is no part of the
    page under it: the veto on marks that hold half the page is for wrappers of the content, and a
    consent box's category texts can outweigh a short thread. But an overlay that holds the page's
    headline (`<h1>`) or a main-content mark is the page shown in a modal: it is judged as any mark."""
    under = outermost_above(elements, overlays)
    content = {under[e] for e, el in enumerate(elements) if under[e] >= 0 and (el.main or el.tag == "h1")}
    if content:
        under = [-1 if o in content else o for o in under]
    return under


def hold_overlays(blocks: list[Block], under: list[int], reasons: list[str | None]) -> None:
    """The blocks under an overlay (`overlays_above`) drop as `aside`. (Sets `reasons` in place.)"""
    for i, b in enumerate(blocks):
        if reasons[i] is None and b.path and under[b.path[-1]] >= 0:
            reasons[i] = "aside"


def _readable_text(blocks: list[Block], elements: list[Element], reasons: list[str | None]) -> list[int]:
    """Per element, the text of the unmarked blocks under it outside links: each block's at its
    innermost element, then carried up to the parents."""
    good = [0] * len(elements)
    for b, r in zip(blocks, reasons):
        if r is None and b.path:
            good[b.path[-1]] += b.chars - b.link_chars
    for e in range(len(elements) - 1, -1, -1):
        p = elements[e].parent
        if p >= 0:
            good[p] += good[e]
    return good


def _unmark_code(elements: list[Element], code_tags: frozenset[str]) -> None:
    """Inside `<pre>` and `<code>`, class names are a syntax highlighter's ("comment", "tag",
    "keyword"): they mark nothing. (Clears those elements' marks in the tree itself.)"""
    code = [False] * len(elements)
    for e, el in enumerate(elements):
        p = el.parent
        inside = p >= 0 and code[p]
        code[e] = inside or el.tag in code_tags
        if inside and el.mark is not None:
            el.mark, el.weak = None, False


def weaken_repeated_panels(elements: list[Element], min_run: int) -> None:
    """Collapsed panels: an accordion hides each answer (`display:none`, the `hidden` attribute) until
    its question is clicked, a tab list every tab but the one shown. Such a strong `hidden` mark is right
    for a closed pop-up or a copy kept for small screens, but an FAQ's answers are the page's content;
    they stand alike, one to each item of a run, where a pop-up stands alone. So a strong `hidden` mark
    (the outermost under it) is made weak when at least `min_run` such elements of one tag stand in
    items of one tag under one element: each the panel of one item (an FAQ's question and answer), or
    siblings themselves (a tab list's panels). A weak mark still drops a link-heavy panel (a hidden
    submenu) and a short one outside the main content (`Marks.drops`). (Changes the elements' marks
    in place.)"""
    if min_run <= 0:
        return
    hidden = [False] * len(elements)  # at or under a strong hidden mark
    groups: dict[tuple[int, str, str], list[int]] = {}
    for e, el in enumerate(elements):  # (a parent comes before its children)
        p = el.parent
        if p >= 0 and hidden[p]:
            hidden[e] = True
            continue
        if el.mark == "hidden" and not el.weak:
            hidden[e] = True
            if p >= 0:
                groups.setdefault((elements[p].parent, elements[p].tag, el.tag), []).append(e)
    for members in groups.values():
        if len(members) >= min_run:
            for e in members:
                elements[e].weak = True


def _unmark_wrappers(elements: list[Element]) -> None:
    """A weak mark (a word of a class name) on an element that holds the page's `<main>` is a
    wrapper's name ("content-sidebar-wrap" around the content and its sidebar), not a box beside the
    content: it marks nothing. (Clears those elements' marks in the tree itself.)"""
    holds = [False] * len(elements)
    for e in range(len(elements) - 1, -1, -1):  # (a parent comes before its children)
        el = elements[e]
        if el.tag == "main":
            holds[e] = True
        if holds[e]:
            if el.weak and el.mark is not None and el.tag != "main":
                el.mark, el.weak = None, False
            if el.parent >= 0:
                holds[el.parent] = True


def prepare_marks_reference(elements: list[Element], code_tags: frozenset[str], panel_min_run: int, product: bool,
                            least: int, tip_most: int, note_least: int) -> None:
    """The marks settled before the verdicts, in the tree itself: none inside code (`_unmark_code`),
    repeated hidden panels weak (`weaken_repeated_panels`), wrappers of `<main>` unmarked
    (`_unmark_wrappers`), the product-only marks by the page's kind (`product.settle_marks`).
    (html/_passes.pyx `prepare_marks` does the four in two passes over the elements.)"""
    _unmark_code(elements, code_tags)
    weaken_repeated_panels(elements, panel_min_run)
    _unmark_wrappers(elements)
    settle_marks(elements, product, least, tip_most, note_least)


def unmark_heading_controls(elements: list[Element], controls: frozenset[str], holders: frozenset[str],
                            depth: int) -> None:
    """An accordion's toggle: the button that opens an FAQ's answer or a section stands in the heading it
    opens (`<h3><button>Question?</button></h3>`, the ARIA accordion pattern), wraps it
    (`<button><h3>…</h3></button>`), or stands in a `<details>`' `<summary>`: its text is the section's
    heading, not the page's interface. A control (`controls`, the `form` mark of its tag) at most
    `depth` elements below one of `holders`, or the parent of one, is unmarked. (In the tree itself.)"""
    for el in elements:
        if el.tag in controls and el.mark == "form":
            p, k = el.parent, 0
            while p >= 0 and k < depth:
                if elements[p].tag in holders:
                    el.mark, el.weak = None, False
                    break
                p, k = elements[p].parent, k + 1
        elif el.tag in holders and el.parent >= 0:
            up = elements[el.parent]
            if up.tag in controls and up.mark == "form":
                up.mark, up.weak = None, False


def open_section_toggles(blocks: list[Block], elements: list[Element], reasons: list[str | None], reasons_of,
                         cfg: dict[str, Any]) -> list[str | None]:
    """A product's page is built of sections too ("Description", "Specifications", "Material & care", an
    FAQ's questions), each under an accordion's toggle (`unmark_heading_controls`), but beside them stand
    toggles that open nothing the page shows: a panel the markup drops (the delivery terms in a side box,
    a hidden seller card) or one filled in by a script (questions with no answers under them). A toggle's
    line is kept when the line right after it, its panel's first, is kept by the markup and is neither
    another toggle's nor a heading (the panel holds text of its own). `reasons_of`: the markup's reasons
    as the elements' marks stand; the marks are restored."""
    controls = frozenset(cfg["block_control_tags"])
    was = [(e, el.weak) for e, el in enumerate(elements) if el.mark == "form" and el.tag in controls]
    if not was:
        return reasons
    unmark_heading_controls(elements, controls, frozenset(cfg["block_toggle_holder_tags"]), cfg["block_toggle_depth"])
    opened = [e for e, _ in was if elements[e].mark is None]
    if not opened:
        return reasons
    found = reasons_of()
    for e, weak in was:
        elements[e].mark, elements[e].weak = "form", weak
    toggles = [i for i, r in enumerate(reasons) if r == "form" and found[i] is None]
    heads = frozenset(cfg["block_toggle_holder_tags"])
    taken = set(toggles)
    kept = list(reasons)
    for i in toggles:
        j = i + 1
        while j < len(blocks) and not blocks[j].chars:  # (a picture's empty block)
            j += 1
        if j < len(blocks) and found[j] is None and j not in taken and blocks[j].tag not in heads:
            kept[i] = None
    return kept


def _declared_bodies(elements: list[Element]) -> list[bool]:
    """Per element: a main-content class or itemprop of its own (`entry-content`, articleBody), not a
    bare `<main>` or `<article>` (forum software wraps every post in one, blogs every teaser card)."""
    return [el.main and el.tag not in MAIN_TAGS for el in elements]


def _boxes_beside_story(blocks: list[Block], elements: list[Element], reasons: list[str | None],
                        marks: tuple[str, ...], least: int) -> None:
    """Where the page declares its story's body (`_declared_bodies`, with at least `least` characters
    of readable text), a box with a weak mark (a word of its class: "widget", "sidebar", "promo")
    that neither holds that body nor sits inside it is boilerplate whatever its size: the
    newsletter box and the feed of other posts that a page builder sets beside the story."""
    own = _declared_bodies(elements)
    if not any(own) or not any(el.weak and el.mark in marks for el in elements):
        return  # (most pages: nothing to weigh)
    holds = [False] * len(elements)  # holds a declared body (itself or below)
    for e in range(len(elements) - 1, -1, -1):
        p = elements[e].parent
        if holds[e] and own[e]:
            own[e] = False  # only the innermost count: "main-content" is also a whole page's wrapper
        if own[e]:
            holds[e] = True
        if holds[e] and p >= 0:
            holds[p] = True
    under = [False] * len(elements)  # inside a declared body
    for e, el in enumerate(elements):
        p = el.parent
        under[e] = own[e] or (p >= 0 and under[p])
    if sum(b.chars - b.link_chars for b, r in zip(blocks, reasons)
           if r is None and b.path and under[b.path[-1]]) < least:
        return
    for i, b in enumerate(blocks):
        if reasons[i] is not None or not b.path or under[b.path[-1]]:
            continue
        for e in b.path:
            el = elements[e]
            if el.weak and el.mark in marks and not holds[e]:
                reasons[i] = el.mark
                break


def _story_beside_comments(blocks: list[Block], elements: list[Element], reasons: list[str | None], least: int) -> bool:
    """Does a main-content class or itemprop (`entry-content`, articleBody; not a bare `<main>` or
    `<article>`, which forum software wraps round every post) hold at least `least` characters of
    readable text outside the comments, while no comment holds one itself? Forum software marks each
    reply's text as a post body inside the comment; a blog's comments under its story hold none."""
    own = _declared_bodies(elements)
    text = 0
    for b, r in zip(blocks, reasons):
        if not b.path:
            continue
        if r == "comment-section":
            if any(own[e] for e in b.path):
                return False
        elif r is None and any(own[e] for e in b.path):
            text += b.chars - b.link_chars
    return text >= least


def _replies_with_bodies(blocks: list[Block], elements: list[Element], reasons: list[str | None]) -> list[int]:
    """The comment sections (marked elements, ids) that are a thread's replies: each holds a declared
    post body of its own (`_declared_bodies`: Discourse's `itemprop=text`) and stands beside an unmarked
    element that holds one too (the first post, built alike). A Q&A site's comments under a post hold
    a body each as well, but stand in a list of comments inside that post, beside no post."""
    holds = held(elements, _declared_bodies(elements))  # a declared body on the element or below it
    beside: set[int] = set()  # parents of an unmarked element holding a declared body: where posts stand
    for e, el in enumerate(elements):
        if holds[e] and el.parent >= 0 and el.mark is None:
            beside.add(el.parent)
    found: set[int] = set()
    for b, r in zip(blocks, reasons):
        if r != "comment-section":
            continue
        path = b.path
        top = next((k for k, e in enumerate(path) if elements[e].mark == "comment-section"), -1)
        if top >= 0 and holds[path[top]] and elements[path[top]].parent in beside:
            found.add(path[top])
    return sorted(found)


def _flat_reference(blocks: list[Block], elements: list[Element], container: int, share: float) -> bool:
    """Is at least `share` of the container's text in lines that sit right in it, set apart by `<br>`
    only (an old page, a pasted text), or each alone in a table row of its own (a layout table, one
    cell per row)? Its markup then tells the lines nothing. A scan of each block's path (compiled:
    html/_passes.pyx `flat`)."""
    own = 0
    per_child: dict[int, list[int]] = {}  # the container's child element -> its blocks' characters
    for b in blocks:
        path = b.path
        if not path or container not in path:
            continue
        k = path.index(container)
        if k == len(path) - 1:
            own += b.chars
        elif elements[path[k + 1]].tag == "tr":
            per_child.setdefault(path[k + 1], []).append(b.chars)
    own += sum(c[0] for c in per_child.values() if len(c) == 1)
    return own >= share * elements[container].chars > 0


def _inside(blocks: list[Block], elements: list[Element], container: int) -> list[bool]:
    """Per block, is it under the container element?"""
    under = [False] * len(elements)
    for e in range(container, len(elements)):
        p = elements[e].parent
        under[e] = e == container or (p >= 0 and under[p])
    return [bool(b.path) and under[b.path[-1]] for b in blocks]


def blocks_inside(blocks: list[Block], elements: list[Element], container: int) -> list[bool]:
    """Per block, is it under the container element? (compiled when built: html/_passes.pyx)"""
    fast = compiled_passes()
    return (fast.inside if fast is not None else _inside)(blocks, elements, container)


def _descend(elements: list[Element], good: list[int], page_good: int, share: float) -> int:
    """The main container's descent: from the page's root down to the child that holds at least
    `share` of the current element's readable text (`good`; the first such child of the most), while
    there is one; -1 for the page itself."""
    children: dict[int, list[int]] = {}
    for e, el in enumerate(elements):
        children.setdefault(el.parent, []).append(e)
    cur, cur_good = -1, page_good
    while True:
        kids = children.get(cur)
        if not kids:
            break
        best = max(kids, key=good.__getitem__)
        if cur_good <= 0 or good[best] < share * cur_good:
            break
        cur, cur_good = best, good[best]
    return cur


def _score_adjust(blocks: list[Block], reasons: list[str | None], in_container: list[bool], has_container: bool,
                  link_share: float, short: int, bonus: float, outside: float, dropped_inside: float,
                  link_bonus: float) -> list[float]:
    """Per block, the score the markup adds (`judge`'s last step; `reasons` gains the `link-dense`
    blocks). (html/_passes.pyx has it compiled.)"""
    adjust = [0.0] * len(blocks)
    for i, b in enumerate(blocks):
        inside = in_container[i]
        linky = b.link_chars >= link_share * b.chars
        if reasons[i] is None and linky and (not inside or b.chars <= short):
            reasons[i] = "link-dense"
        if reasons[i] is None:
            # Link text inside the container (a listing's item names, a menu) gets no bonus: the line
            # rules judge it by its neighbours.
            adjust[i] = ((link_bonus if linky else bonus) if inside else outside) if has_container else 0.0
        elif inside or not has_container:
            adjust[i] = dropped_inside  # dropped either way; it need not cut the container's run in two
    return adjust


def widen_to_question(blocks: list[Block], elements: list[Element], reasons: list[str | None], container: int) -> int:
    """On a question-and-answer page, the container widened to hold the question above the answers: the
    element under the nearest one holding the container and the `<h1>`, on the container's side (the
    nearest one itself also holds the page's header and sidebar: the title's links, "Ask question",
    other questions)."""
    top = widen_to_headline(blocks, elements, reasons, container)
    return container if top == container else child_toward(elements, top, container)


def widen_to_posts(elements: list[Element], good: list[int], container: int) -> int:
    """On a thread, the container widened from inside one post to the posts. A post is an element
    holding readable text (`good`) and a post body (a main-content mark on it or below: the `<article>`
    forum software wraps every post in, a declared post body) that has a sibling of its tag built
    alike. When the container holds no two posts, it is widened to the parent of the nearest post
    on the way up from it. (The descent steps into the first post when it holds most of the text;
    its replies then fall outside the story.)"""
    if container < 0:
        return container
    posts = held(elements, [el.main for el in elements])
    shaped: dict[tuple[int, str], int] = {}  # (parent, tag) -> children holding text and a post body
    for el, p, g in zip(elements, posts, good):
        if p and g > 0:
            key = (el.parent, el.tag)
            shaped[key] = shaped.get(key, 0) + 1
    if any(n > 1 and p >= container and common_ancestor(elements, p, container) == container
           for (p, _), n in shaped.items()):
        return container  # it holds the posts already
    e = container
    while e >= 0:
        p = elements[e].parent
        if p >= 0 and posts[e] and good[e] > 0 and shaped.get((p, elements[e].tag), 0) > 1:
            return p
        e = p
    return container


def opening_post(elements: list[Element], good: list[int], container: int) -> int:
    """On a thread whose container holds the replies, the box of the post that opened the thread when it
    stands before them, outside the container (the opening post above the reply list; -1: none). The
    replies are posts as in `widen_to_posts`: elements holding readable text (`good`) and a
    main-content mark, two or more of one tag beside each other. The opening post is the last element
    of their tag with a main-content mark and readable text that ends before the container starts; its
    box is the element holding it just under the nearest element that holds the container too. The
    box is taken in beside the container, not the container widened to hold both: that element holds
    all of the page's readable text, and a container that does sets nothing apart (no bonus), so the
    replies' short lines lost theirs."""
    if container < 0:
        return -1
    n = len(elements)
    end = container + 1  # (the container's elements are a run in document order)
    while end < n and elements[end].parent >= container:
        end += 1
    shaped: dict[tuple[int, str], int] = {}
    for e in range(container + 1, end):
        el = elements[e]
        if el.main and good[e] > 0:
            shaped[(el.parent, el.tag)] = shaped.get((el.parent, el.tag), 0) + 1
    tags = {tag for (_, tag), k in shaped.items() if k > 1}
    if not tags:
        return -1
    above = set()
    e = container
    while e >= 0:
        above.add(e)
        e = elements[e].parent
    for e in range(container - 1, -1, -1):
        el = elements[e]
        if el.main and good[e] > 0 and el.tag in tags and e not in above:
            return child_toward(elements, common_ancestor(elements, e, container), e)
    return -1


def judge(tree: PageTree, cfg: dict[str, Any], product: bool = False, description: str | None = None,
          qa: bool = False, declared_thread: bool = False, dated: bool = False) -> Judgement:
    """The markup's verdicts; `product`: the page is one product's (`html.product`), `description`: its
    JSON-LD description (`product.keep_description`); `declared_thread`: the page declares a forum
    thread (its reply form is no post: `block_thread_strong_marks`; its replies are its text:
    `_replies_with_bodies`); `dated`: the markup gives the page a publication date (with the three
    kinds before it, a page that says what it is: `unmark_heading_controls` runs only on a page of no
    kind)."""
    fast = compiled_passes()
    if fast is not None:
        return judge_with(tree, cfg, partial(fast.mark_reasons, role_marks=ROLE_MARKS), fast.readable_text, fast.inside,
                          product, partial(fast.prepare_marks, product_mark=PRODUCT_MARK, tip_mark=PRODUCT_TIP_MARK,
                                           note_mark=PRODUCT_NOTE_MARK),
                          fast.descend, partial(fast.boxes_beside_story, main_tags=MAIN_TAGS), fast.score_adjust,
                          fast.flat, description=description, qa=qa, declared_thread=declared_thread, dated=dated)
    return judge_with(tree, cfg, _mark_reasons, _readable_text, _inside, product, description=description, qa=qa,
                      declared_thread=declared_thread, dated=dated)


def judge_with(tree: PageTree, cfg: dict[str, Any], mark_reasons, readable_text, inside_of,
               product: bool = False, prepare_marks=prepare_marks_reference, descend=_descend,
               boxes_beside_story=_boxes_beside_story, score_adjust=_score_adjust, flat=_flat_reference,
               description: str | None = None, qa: bool = False, declared_thread: bool = False,
               dated: bool = False) -> Judgement:
    """`judge` with its walks over the elements given (the Python versions by default, html/_passes.pyx
    compiled ones; walk_reference.py has plainer ones still)."""
    blocks, elements = tree.blocks, tree.elements
    n = len(blocks)
    noscript = [i for i, b in enumerate(blocks) if b.noscript]  # (few pages have any)
    in_noscript = sum(blocks[i].chars for i in noscript)
    visible = sum(map(_CHARS, blocks)) - in_noscript
    use_noscript = in_noscript > 0 and visible < cfg["block_noscript_share"] * in_noscript
    total = (visible + in_noscript) if use_noscript else visible
    weak_marks = cfg["block_weak_marks"]
    if declared_thread:  # its reply form ("Your Answer" and the editor's help text) is no post, wherever it stands
        weak_marks = [m for m in weak_marks if m not in cfg["block_thread_strong_marks"]]
    overlays = tree.hints.overlays
    if overlays:
        settle_overlays(elements, overlays)
    under = overlays_above(elements, overlays) if overlays else None
    # Half the page is half of what the overlays lie over.
    veto_total = total - sum(elements[o].chars for o in overlays if under[o] == o) if under is not None else total
    marks = Marks(cfg["block_veto_share"] * veto_total, cfg["block_weak_max_chars"], cfg["block_weak_link_share"],
                  weak_marks, frozenset(cfg["block_control_tags"]), cfg["block_box_marks"])
    prepare_marks(elements, frozenset(cfg["block_code_tags"]), cfg["block_panel_min_run"], product,
                  cfg["block_product_reviews_min_chars"], cfg["block_product_tooltip_max_chars"],
                  cfg["block_product_note_min_chars"])

    # A page of a kind says what it is (one product's, a thread, a dated story); an undated page of no
    # kind is mostly a service's or a company's, built of sections (accordions among them).
    if not (product or declared_thread or qa or dated):
        unmark_heading_controls(elements, frozenset(cfg["block_control_tags"]), frozenset(cfg["block_toggle_holder_tags"]),
                                cfg["block_toggle_depth"])

    if not (product or declared_thread or qa):
        unmark_offer_cards(tree, cfg, total)

    def reasons_of() -> list[str | None]:
        found = mark_reasons(blocks, elements, marks)
        if not use_noscript:
            for i in noscript:
                found[i] = "hidden"
        if under is not None:
            hold_overlays(blocks, under, found)
        return found

    def reasons_lifting(lifted: list[Element]) -> list[str | None]:
        # The reasons with these comment sections read as content, the marks inside them still holding
        # (a reply form, a "sort by" label, a hidden box still drop).
        for el in lifted:
            el.mark = None
        found = reasons_of()
        for el in lifted:
            el.mark = "comment-section"
        return found

    reasons = reasons_of()
    if product:  # (other pages of a kind keep their toggles dropped; a page of no kind opened them above)
        reasons = open_section_toggles(blocks, elements, reasons, reasons_of, cfg)
    thread = False
    if declared_thread and "comment-section" in reasons:
        replies = [elements[e] for e in _replies_with_bodies(blocks, elements, reasons)]
        if replies:
            thread = True
            reasons = reasons_lifting(replies)
    comment_chars = sum(b.chars for b, r in zip(blocks, reasons) if r == "comment-section") \
        if "comment-section" in reasons else 0
    if comment_chars and not product:  # (a product's reviews are never its content)
        other = sum(b.chars - b.link_chars for b, r in zip(blocks, reasons) if r is None)
        if (other < cfg["block_comment_min_other_chars"]
                or (other < cfg["block_comment_min_other_share"] * comment_chars
                    and not _story_beside_comments(blocks, elements, reasons, cfg["block_comment_min_other_chars"]))):
            # A page made of comments (a thread): they are its content.
            thread = True
            reasons = reasons_lifting([el for el in elements if el.mark == "comment-section"])

    boxes_beside_story(blocks, elements, reasons, tuple(cfg["block_beside_story_marks"]),
                       cfg["block_declared_body_min_chars"])
    if product:
        keep_description(blocks, elements, reasons, description, cfg)  # the declared description, tucked under a mark
        drop_cards(tree, reasons, cfg)  # other products: their text must not draw the container to them
        drop_media_fallback(blocks, elements, reasons, frozenset(cfg["block_product_fallback_tags"]))
    # Readable text per element, then the descent to the main container.
    good = readable_text(blocks, elements, reasons)
    page_good = sum(b.chars - b.link_chars for b, r in zip(blocks, reasons) if r is None)
    cur = descend(elements, good, page_good, cfg["block_descend_share"])

    if product:
        cur = widen_to_headline(blocks, elements, reasons, cur)
    else:
        if qa:
            cur = widen_to_question(blocks, elements, reasons, cur)
        if declared_thread:
            cur = widen_to_posts(elements, good, cur)
        cur = widen_to_list(tree, reasons, cur, good, cfg)
    if cur >= 0 and (elements[cur].tag in ("html", "body") or (
            elements[cur].chars >= cfg["block_container_max_share"] * total
            and flat(blocks, elements, cur, cfg["block_flat_share"]))):
        # No container below the page itself, or one that is the whole page's text as lines set apart
        # by <br> in one element (an old page, a pasted text): the markup says nothing about where the
        # story is.
        cur = -1
    in_container = inside_of(blocks, elements, cur) if cur >= 0 else [False] * n
    if declared_thread and not product and cur >= 0:
        # (the opening post above the replies, taken in beside them: `opening_post`)
        opening = opening_post(elements, good, cur)
        if opening >= 0:
            in_container = [a or b for a, b in zip(in_container, inside_of(blocks, elements, opening))]
    # A container that holds all of the page's readable text sets apart only what the marks already
    # dropped: it says nothing about which of its lines (links included) are the story, and their own
    # verdicts stand.
    bonus, link_bonus = cfg["block_container_bonus"], cfg["block_link_inside_bonus"]
    if cur >= 0 and good[cur] >= cfg["block_container_all_share"] * page_good:
        bonus = link_bonus = cfg["block_container_all_bonus"]
    adjust = score_adjust(blocks, reasons, in_container, cur >= 0, cfg["block_link_share"],
                          cfg["block_link_short_chars"], bonus, cfg["block_outside_score"],
                          cfg["block_dropped_inside_bonus"], link_bonus)
    return Judgement(reasons, adjust, in_container, cur, use_noscript, thread)

