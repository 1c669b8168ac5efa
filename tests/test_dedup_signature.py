"""Dedup signatures computed in batches: an article's keys do not depend on the batch it is signed in
(copies in different work units must meet), and they follow the folded words."""

from __future__ import annotations

from dedup_corpus import restyle, story

from ghirbal.dedup.signature import DedupParams
from ghirbal.dedup.sink import signature_table


def _table(bodies, **kw):
    p = DedupParams.from_config(**kw.pop("params", {}), **kw)
    rows = [{"gid": i, "unit": "u", "offset": i, "id": str(i), "published": None, "site": "x"} for i in range(len(bodies))]
    return signature_table(rows, bodies, p).to_pydict()


def test_keys_do_not_depend_on_the_batch():
    a = "\n".join(story(1, 6))
    others = ["\n".join(story(k, 4)) for k in (2, 3, 4)] + ["", "ـــ ً", "نص 😀 فيه رمز"]
    alone = _table([a])
    for batch in ([*others, a], [others[0], a, *others[1:]]):
        t = _table(batch)
        i = t["id"].index(str(batch.index(a)))
        assert t["exact"][i] == alone["exact"][0]
        assert t["sig"][i] == alone["sig"][0]
        assert t["bands"][i] == alone["bands"][0]


def test_keys_follow_the_folded_words():
    a = "\n".join(story(5, 6))
    t = _table([a, restyle(a, 3), a + " كلمة", "\n".join(story(6, 6))])
    assert t["exact"][0] == t["exact"][1]  # diacritics, punctuation and spacing are folded away
    assert len(set(t["exact"])) == 3
    same = sum(x == y for x, y in zip(t["sig"][0], t["sig"][2])) / len(t["sig"][0])
    other = sum(x == y for x, y in zip(t["sig"][0], t["sig"][3])) / len(t["sig"][0])
    assert same > 0.8 and other < 0.1


def test_paragraph_keys_leave_the_body_key_unchanged():
    bodies = ["\n".join(story(7, 5)), "\n".join(story(8, 3))]
    plain, paras = _table(bodies), _table(bodies, paragraphs=True)
    assert plain["exact"] == paras["exact"] and plain["sig"] == paras["sig"]
    assert [len(ps) for ps in paras["paras"]] == [5, 3]
    assert len({k for ps in paras["paras"] for k in ps}) == 8


def test_a_batch_larger_than_a_chunk_gives_the_same_keys(monkeypatch):
    import ghirbal.dedup.signature as signature

    bodies = ["\n".join(story(k, 3)) for k in range(12)] + ["", "كلمة"]
    whole = _table(bodies)
    monkeypatch.setattr(signature, "_CHUNK", 700)  # a few texts a chunk, some alone
    monkeypatch.setattr(signature, "_powers", {})
    chunked = _table(bodies)
    assert chunked == whole


def test_signature_file_keeps_its_rows_and_encodes_only_repeating_columns_by_dictionary(tmp_path):
    """The unit's signature file reads back as the table written; the hashes (random numbers) are not
    dictionary-encoded, the unit and site columns (a few values) are."""
    import pyarrow.parquet as pq

    from ghirbal.dedup.sink import _DICTIONARY, write_table

    texts = ["\n".join(story(i, 4)) for i in range(40)]
    rows = [{"gid": i, "unit": "u", "offset": i, "id": str(i), "published": None, "site": f"s{i % 3}"} for i in range(len(texts))]
    table = signature_table(rows, texts, DedupParams.from_config(mode="near"))
    path = tmp_path / "sig" / "u.parquet"
    write_table(table, str(path), dictionary=_DICTIONARY)
    assert pq.read_table(path).equals(table)
    meta = pq.ParquetFile(path).metadata.row_group(0)
    encodings = {meta.column(i).path_in_schema.split(".")[0]: meta.column(i).encodings for i in range(meta.num_columns)}
    dictionary = {name for name, enc in encodings.items() if any("DICT" in e for e in enc)}
    assert {"unit", "site"} <= dictionary
    assert not dictionary & {"sig", "bands", "exact", "gid", "id"}
