"""`<noscript>` read as a browser reads it (`html.noscript.close_noscript_iframes`): a tag manager's
self-closed `<iframe … />` in it no longer swallows the rest of the page."""

from __future__ import annotations

from ghirbal import html as H
from ghirbal.html.blocks import read_tree
from ghirbal.html.noscript import close_noscript_iframes
from ghirbal.html.walk_reference import read_tree_reference

SNIPPET = '<noscript><iframe src="https://tags.example/ns.html?id=T-1" height="0" width="0" /></noscript>'
STORY = ["The harbour town opened its rebuilt fish market on Saturday, three years after the fire that closed it.",
         "Traders moved back into the hall at dawn, and the first boats landed their catch beside it an hour later.",
         "The council paid for the roof and the cold stores; the traders paid for their own stalls and signs."]


def page(snippet: str = SNIPPET) -> str:
    story = "".join(f"<p>{p}</p>" for p in STORY)
    return f"""<html><head><title>The fish market reopens</title></head><body>{snippet}
<main><h1>The fish market reopens</h1>{story}</main><footer><p>Harbour News, 1 Quay Street.</p></footer></body></html>"""


def test_a_self_closed_iframe_in_noscript_no_longer_swallows_the_page():
    for source in (page(), page().encode()):
        body = H.clean(source, url="https://news.example/market").body.splitlines()
        assert all(p in body for p in STORY)


def test_the_walks_read_the_same_page():
    html = page()
    fast, plain = read_tree(html), read_tree_reference(html)
    assert [b.text for b in fast.blocks] == [b.text for b in plain.blocks]
    assert any(b.text == STORY[0] for b in plain.blocks)
    assert read_tree(None, html.encode()).blocks == fast.blocks  # (the bytes parsed as the text is)


def test_close_noscript_iframes():
    assert close_noscript_iframes(SNIPPET) == SNIPPET.replace(" />", "></iframe>")
    assert close_noscript_iframes(b"<noscript>\n <iframe src=x/></noscript>") == b"<noscript>\n <iframe src=x></iframe></noscript>"
    # a closed iframe, one outside <noscript>, and a page without <noscript> are left as they are
    for kept in ('<noscript><iframe src="a"></iframe></noscript>', '<iframe src="a" />', "<p>no tag</p>"):
        assert close_noscript_iframes(kept) is kept
