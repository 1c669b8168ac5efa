"""Stage 2: clusters of duplicates, out of core, from the signature files (DuckDB; memory capped by
`dedup.memory_limit`, spilling to DIR/_dedup/tmp).

Candidate pairs: articles with the same exact key, and (near mode) articles sharing an LSH bucket
(each member paired with the next `bucket_window` members of its bucket). Candidates are verified by
their estimated Jaccard (share of equal MinHash values) before they join; clusters are the connected
components of the verified pairs (label propagation with pointer jumping, in SQL). One article is kept
per cluster: the earliest `published`, then the longest body, then the smallest id (then the input
position). The others are written, per unit, to DIR/_dedup/drops/UNIT.json with the kept article's id
and the estimated similarity to it.
"""

from __future__ import annotations

import os
import shutil
from typing import Any

import numpy as np
import orjson

from ghirbal.dedup import EXACT_DUPLICATE, NEAR_DUPLICATE, files
from ghirbal.dedup.signature import DedupParams, similarity
from ghirbal.run.state import atomic_write

_BATCH = 8_192  # rows per Arrow batch fetched from DuckDB: with two signatures a row, ~8 MB a batch
_SIZE_BINS = ((2, 2), (3, 3), (4, 5), (6, 10), (11, 20), (21, 50), (51, 100), (101, None))


def _sigs_of(column) -> np.ndarray:
    """A list<uint32> Arrow column of signatures -> (n, num_perm) array."""
    import pyarrow as pa

    col = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    n = len(col)
    if n == 0:
        return np.zeros((0, 0), dtype=np.uint32)
    return col.flatten().to_numpy(zero_copy_only=False).reshape(n, -1)


def _batches(con, sql: str):
    """Arrow record batches of a query, streamed (the method's name differs between DuckDB versions)."""
    rel = con.sql(sql)
    if hasattr(rel, "to_arrow_reader"):
        return rel.to_arrow_reader(_BATCH)
    return rel.fetch_arrow_reader(_BATCH)


def _connect(work: str, p: DedupParams, threads: int):
    import duckdb

    os.makedirs(work, exist_ok=True)
    con = duckdb.connect(os.path.join(work, "cluster.duckdb"))
    tmp = os.path.join(work, "tmp")
    con.execute(f"SET memory_limit = '{p.memory_limit}'")
    con.execute("SET temp_directory = ?", [tmp])
    con.execute(f"SET threads = {max(1, threads)}")
    con.execute("SET preserve_insertion_order = false")
    return con


def cluster(out_dir: str, p: DedupParams, threads: int = 1, edges_path: str | None = None) -> dict[str, Any]:
    """Find the duplicates among the signed articles of a run; write the drop lists and the summary.
    Returns the summary (also in DIR/_dedup/summary.json). `edges_path`: also write the verified
    pairs (gid a, gid b) there, as Parquet (for bench/bench_dedup.py)."""
    sig_glob = os.path.join(files.sig_dir(out_dir), "*.parquet")
    work = os.path.join(files.root(out_dir), "work")
    shutil.rmtree(work, ignore_errors=True)
    for folder in (files.drops_dir(out_dir), files.paras_dir(out_dir)):
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
    con = _connect(work, p, threads)
    try:
        have_sigs = bool(os.listdir(files.sig_dir(out_dir))) if os.path.isdir(files.sig_dir(out_dir)) else False
        src = f"read_parquet('{_quoted(sig_glob)}')" if have_sigs else None
        if src is None:
            summary = _summary(con, p, empty=True)
        else:
            con.execute(f"CREATE TABLE docs AS SELECT gid, unit, \"offset\", id, published, body_len, site, exact FROM {src}")
            con.execute("CREATE TABLE edges (a BIGINT, b BIGINT)")
            # Same folded body: every copy joins the first one (a star, not all pairs).
            con.execute("""INSERT INTO edges SELECT gid, first FROM (
                             SELECT gid, min(gid) OVER (PARTITION BY exact) AS first FROM docs) WHERE gid <> first""")
            if p.mode == "near":
                _near_edges(con, src, p, work)
            if edges_path:
                con.execute("COPY edges TO ? (FORMAT parquet)", [edges_path])
            _components(con)
            _drops(con, out_dir, p, work)
            summary = _summary(con, p)
            if p.paragraphs:
                summary["paragraphs"] = _repeated_paragraphs(con, src, out_dir, p)
    finally:
        con.close()
        shutil.rmtree(work, ignore_errors=True)
    atomic_write(files.summary_path(out_dir), orjson.dumps(summary, option=orjson.OPT_INDENT_2))
    return summary


def _near_edges(con, src: str, p: DedupParams, work: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    con.execute(f"CREATE TABLE sigs AS SELECT gid, exact, sig FROM {src} WHERE sig IS NOT NULL")
    # Band by band: each step groups one bucket key per article, so its memory is that of one band,
    # whatever the number of bands (one pass over all bands at once held bands x articles rows).
    # One column per band (columnar storage): a band's step reads 16 bytes an article, not the list.
    columns = ", ".join(f"bands[{band + 1}] AS b{band}" for band in range(p.bands))
    con.execute(f"CREATE TABLE bl AS SELECT gid, {columns} FROM {src} WHERE bands IS NOT NULL")
    con.execute("CREATE TABLE pairs (a BIGINT, b BIGINT)")
    for band in range(p.bands):
        con.execute(f"CREATE OR REPLACE TABLE bk AS SELECT gid, b{band} AS h FROM bl")
        con.execute("""CREATE OR REPLACE TABLE shared AS
                       SELECT bk.gid, bk.h, row_number() OVER (PARTITION BY bk.h ORDER BY bk.gid) AS rn
                       FROM bk JOIN (SELECT h FROM bk GROUP BY h HAVING count(*) > 1) USING (h)""")
        con.execute(f"""INSERT INTO pairs SELECT x.gid, y.gid FROM shared x JOIN shared y
                        ON x.h = y.h AND y.rn > x.rn AND y.rn <= x.rn + {int(p.bucket_window)}""")
    for table in ("bl", "bk", "shared"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute("CREATE TABLE cand AS SELECT DISTINCT a, b FROM pairs")
    con.execute("DROP TABLE pairs")
    # Verify each candidate with its estimated Jaccard, batch by batch; pairs of one exact key are
    # already joined.
    path = os.path.join(work, "verified.parquet")
    schema = pa.schema([("a", pa.int64()), ("b", pa.int64())])
    reader = _batches(con, """SELECT c.a, c.b, sa.sig AS sa, sb.sig AS sb FROM cand c
                            JOIN sigs sa ON sa.gid = c.a JOIN sigs sb ON sb.gid = c.b
                            WHERE sa.exact <> sb.exact""")
    with pq.ParquetWriter(path, schema) as out:
        for batch in reader:
            if batch.num_rows == 0:
                continue
            sim = similarity(_sigs_of(batch.column("sa")), _sigs_of(batch.column("sb")))
            keep = np.flatnonzero(sim >= p.threshold)
            if len(keep):
                out.write_table(pa.table({"a": batch.column("a").take(keep), "b": batch.column("b").take(keep)}, schema=schema))
    con.execute("INSERT INTO edges SELECT a, b FROM read_parquet(?)", [path])
    con.execute("DROP TABLE cand")


def _components(con) -> None:
    """Connected components of `edges`: table lab(node, label = the smallest gid of its component)."""
    con.execute("CREATE TABLE e2 AS SELECT a, b FROM edges UNION SELECT b, a FROM edges")
    con.execute("CREATE TABLE lab AS SELECT a AS node, least(a, min(b)) AS label FROM e2 GROUP BY a")
    while True:
        # Each node takes the smallest label among its neighbours, then the label of its label
        # (pointer jumping: long chains converge in a logarithmic number of rounds).
        con.execute("""CREATE OR REPLACE TABLE lab1 AS
                       SELECT l0.node, least(l0.label, min(l.label)) AS label
                       FROM lab l0 JOIN e2 ON e2.a = l0.node JOIN lab l ON l.node = e2.b GROUP BY l0.node, l0.label""")
        con.execute("""CREATE OR REPLACE TABLE lab2 AS
                       SELECT n.node, least(n.label, coalesce(j.label, n.label)) AS label
                       FROM lab1 n LEFT JOIN lab1 j ON j.node = n.label""")
        changed = con.execute("SELECT count(*) FROM lab2 JOIN lab USING (node) WHERE lab2.label <> lab.label").fetchone()[0]
        con.execute("DROP TABLE lab")
        con.execute("ALTER TABLE lab2 RENAME TO lab")
        if not changed:
            break
    con.execute("DROP TABLE IF EXISTS lab1")
    con.execute("DROP TABLE e2")
    con.execute("""CREATE TABLE members AS
                   SELECT d.*, l.label, row_number() OVER (PARTITION BY l.label
                          ORDER BY d.published ASC NULLS LAST, d.body_len DESC, d.id, d.gid) AS r
                   FROM lab l JOIN docs d ON d.gid = l.node""")


def _drops(con, out_dir: str, p: DedupParams, work: str) -> None:
    """Every member but the kept one, per unit, with the kept article's id and the similarity to it.
    Signatures never travel through a sort: the similarities are computed in a streamed join and
    written aside, then the small drop rows are sorted by unit."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    con.execute("""CREATE TABLE dropped AS SELECT m.gid AS g, k.gid AS kg, m.unit, m."offset", k.id AS kept,
                          m.exact = k.exact AS same
                   FROM members m JOIN members k ON k.label = m.label AND k.r = 1 WHERE m.r > 1""")
    sims_path = os.path.join(work, "similarity.parquet")
    schema = pa.schema([("g", pa.int64()), ("sim", pa.float64())])
    with pq.ParquetWriter(sims_path, schema) as out:
        if p.mode == "near":
            for batch in _batches(con, """SELECT d.g, sm.sig AS sm, sk.sig AS sk FROM dropped d
                                          JOIN sigs sm ON sm.gid = d.g JOIN sigs sk ON sk.gid = d.kg WHERE NOT d.same"""):
                if batch.num_rows:
                    sim = np.round(similarity(_sigs_of(batch.column("sm")), _sigs_of(batch.column("sk"))), 3)
                    out.write_table(pa.table({"g": batch.column("g"), "sim": sim}, schema=schema))
    reader = _batches(con, f"""SELECT d.unit, d."offset", d.kept, d.same, s.sim FROM dropped d
                              LEFT JOIN read_parquet('{_quoted(sims_path)}') s ON s.g = d.g
                              ORDER BY d.unit, d."offset" """)

    def rows():
        for batch in reader:
            cols = batch.to_pydict()
            for unit, offset, kept, same, sim in zip(cols["unit"], cols["offset"], cols["kept"], cols["same"], cols["sim"]):
                yield unit, {"offset": offset, "reason": EXACT_DUPLICATE if same else NEAR_DUPLICATE,
                             "kept": kept, "similarity": 1.0 if same else float(sim)}

    _write_per_unit(files.drops_dir(out_dir), rows())
    con.execute("DROP TABLE dropped")


def _quoted(path: str) -> str:
    return path.replace("'", "''")  # a folder named o'q


def _write_per_unit(folder: str, rows) -> None:
    """(unit, entry) pairs in unit order -> one JSON list per unit in `folder`."""
    unit, entries = None, []
    for u, entry in rows:
        if u != unit:
            if entries:
                atomic_write(os.path.join(folder, f"{unit}.json"), orjson.dumps(entries))
            unit, entries = u, []
        entries.append(entry)
    if entries:
        atomic_write(os.path.join(folder, f"{unit}.json"), orjson.dumps(entries))


def _repeated_paragraphs(con, src: str, out_dir: str, p: DedupParams) -> dict[str, Any]:
    """Paragraphs of the kept articles that recur on at least `para_min_sites` sites: per unit, which
    paragraphs of which articles to drop (DIR/_dedup/paras/UNIT.json); the most repeated, for the report."""
    con.execute(f"""CREATE TABLE para AS SELECT gid, unit, "offset", site, unnest(range(len(paras))) AS i, unnest(paras) AS h
                    FROM {src} WHERE paras IS NOT NULL""")
    con.execute("DELETE FROM para WHERE h IS NULL OR gid IN (SELECT gid FROM members WHERE r > 1)")  # dropped copies
    con.execute(f"""CREATE TABLE rep AS SELECT h, count(DISTINCT site) AS sites, count(*) AS n FROM para
                    GROUP BY h HAVING count(DISTINCT site) >= {int(p.para_min_sites)}""")

    def rows():
        for batch in _batches(con, """SELECT p.unit, p."offset", list([p.i, r.sites] ORDER BY p.i) AS drop
                                      FROM para p JOIN rep r USING (h) GROUP BY p.unit, p."offset"
                                      ORDER BY p.unit, p."offset" """):
            d = batch.to_pydict()
            for u, off, drop in zip(d["unit"], d["offset"], d["drop"]):
                yield u, {"offset": off, "drop": drop}

    _write_per_unit(files.paras_dir(out_dir), rows())
    repeated, occurrences = con.execute("SELECT count(*), coalesce(sum(n), 0) FROM rep").fetchone()
    top = con.execute(f"""SELECT r.sites, r.n, min(p.unit), arg_min(p."offset", (p.unit, p."offset")),
                                 arg_min(p.i, (p.unit, p."offset", p.i))
                          FROM rep r JOIN para p USING (h) GROUP BY r.h, r.sites, r.n
                          ORDER BY r.sites DESC, r.n DESC, min(p.unit), 4 LIMIT {int(p.para_top)}""").fetchall()
    return {"min_sites": p.para_min_sites, "repeated": repeated, "dropped": int(occurrences),
            "top": [{"text": _paragraph_text(out_dir, unit, off, i), "sites": sites, "articles": n} for sites, n, unit, off, i in top]}


def _paragraph_text(out_dir: str, unit: str, offset: int, i: int) -> str | None:
    """A paragraph as written in the unit's article shard (read before the filter stage edits it)."""
    from ghirbal.io.shards import read_shard
    from ghirbal.run.state import RunState

    with open(RunState(out_dir)._unit_path(unit), "rb") as fh:
        shards = orjson.loads(fh.read())["shards"]
    for name in shards:
        if name.startswith("articles-"):
            for rec in read_shard(os.path.join(out_dir, name)):
                if rec.get("offset") == offset:
                    paras = (rec.get("body") or "").split("\n")
                    return paras[i] if i < len(paras) else None
    return None


def _bin_label(lo: int, hi: int | None) -> str:
    return f"{lo}+" if hi is None else (str(lo) if lo == hi else f"{lo}-{hi}")


def _summary(con, p: DedupParams, empty: bool = False) -> dict[str, Any]:
    base: dict[str, Any] = {"mode": p.mode, "threshold": p.threshold, "shingle": p.shingle, "num_perm": p.num_perm,
                            "bands": p.bands, "rows": p.rows}
    if empty:
        return {**base, "articles": 0, "clusters": 0, "dropped": {EXACT_DUPLICATE: 0, NEAR_DUPLICATE: 0},
                "duplicate_rate": 0.0, "cluster_sizes": {}, "largest": [], "sites": []}
    articles = con.execute("SELECT count(*) FROM docs").fetchone()[0]
    clusters = con.execute("SELECT count(DISTINCT label) FROM members").fetchone()[0]
    cases = " ".join(f"WHEN n <= {hi} THEN '{_bin_label(lo, hi)}'" for lo, hi in _SIZE_BINS if hi is not None)
    counted = dict(con.execute(f"""SELECT CASE {cases} ELSE '{_bin_label(_SIZE_BINS[-1][0], None)}' END, count(*)
                                   FROM (SELECT count(*) AS n FROM members GROUP BY label) GROUP BY 1""").fetchall())
    hist = {_bin_label(lo, hi): counted.get(_bin_label(lo, hi), 0) for lo, hi in _SIZE_BINS}
    exact = near = 0
    largest: list[dict[str, Any]] = []
    sites: list[dict[str, Any]] = []
    if clusters:
        exact, near = con.execute("""SELECT count(*) FILTER (WHERE m.exact = k.exact), count(*) FILTER (WHERE m.exact <> k.exact)
                                      FROM members m JOIN members k ON k.label = m.label AND k.r = 1 WHERE m.r > 1""").fetchone()
        largest = [{"kept": kid, "size": n, "sites": s} for kid, n, s in con.execute(
            """SELECT first(id ORDER BY r), count(*) AS n, count(DISTINCT site) AS s FROM members GROUP BY label
               ORDER BY n DESC, first(id ORDER BY r) LIMIT 10""").fetchall()]
        # Sites whose articles appear in clusters spanning several sites: who syndicates (or copies) most.
        sites = [{"site": s, "in_shared_clusters": n, "kept": k, "dropped": d} for s, n, k, d in con.execute(
            f"""SELECT site, count(*) AS n, count(*) FILTER (WHERE r = 1), count(*) FILTER (WHERE r > 1)
                FROM members WHERE label IN (SELECT label FROM members GROUP BY label HAVING count(DISTINCT site) > 1)
                GROUP BY site ORDER BY n DESC, site LIMIT {int(p.top_sites)}""").fetchall()]
    dropped = exact + near
    return {**base, "articles": articles, "clusters": clusters, "dropped": {EXACT_DUPLICATE: exact, NEAR_DUPLICATE: near},
            "duplicate_rate": round(dropped / articles, 6) if articles else 0.0,
            "cluster_sizes": hist, "largest": largest, "sites": sites}


def _has(con, table: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [table]).fetchone()[0])
