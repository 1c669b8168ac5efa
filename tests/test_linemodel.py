"""The line model: packed trees score exactly as the trainer's trees; the features say what they mean."""

from __future__ import annotations

import numpy as np
import pytest

from ghirbal import config
from ghirbal.extract import page_features
from ghirbal.features import PageKeys
from ghirbal.linemodel import FEATURES, LineModel, default_model
from ghirbal.linemodel.rows import page_rows


def _rows(text, url=None):
    feats, language, _lex = page_features(text, config.default())
    return feats, page_rows(feats, language, frozenset(), PageKeys(feats, 300000))


def col(name):
    return FEATURES.index(name)


def test_packed_trees_match_lightgbm():
    lgb = pytest.importorskip("lightgbm")
    from ghirbal.linemodel.train import DEPTH, pack

    rng = np.random.default_rng(0)
    X = rng.normal(size=(3000, len(FEATURES)))
    y = ((X[:, 0] + X[:, 3] * X[:, 5] - X[:, 7]) > 0).astype(float)
    params = {"objective": "binary", "max_depth": DEPTH, "num_leaves": 2**DEPTH, "min_data_in_leaf": 5,
              "verbose": -1, "num_threads": 1}
    booster = lgb.train(params, lgb.Dataset(X, y), num_boost_round=30)
    model = LineModel(pack(booster.dump_model(), {}))
    Xt = rng.normal(size=(500, len(FEATURES)))
    np.testing.assert_allclose(model.logits(Xt), booster.predict(Xt, raw_score=True), rtol=1e-9, atol=1e-9)


def test_shipped_model_loads_and_scores_prose_above_chrome():
    model = default_model()
    assert model.info.get("pages", 0) > 100
    story = "\n".join([
        "الرئيسية", "أخبار", "رياضة", "اقتصاد", "",
        "قال وزير المالية في مؤتمر صحفي اليوم إن الحكومة ستخفض الضرائب على الشركات الصغيرة بدءا من العام المقبل، في خطوة تهدف إلى تشجيع الاستثمار.",
        "وأضاف أن القرار سيشمل أكثر من عشرة آلاف شركة، وأن تكلفته على الموازنة ستعوض من خلال توسيع القاعدة الضريبية.",
        "", "شارك", "فيسبوك", "تويتر", "جميع الحقوق محفوظة © 2025",
    ])
    feats, rows = _rows(story)
    z = model.logits(rows)
    texts = [f.text for f in feats]
    chrome_z = [z[texts.index(t)] for t in ("الرئيسية", "أخبار", "شارك", "فيسبوك", "جميع الحقوق محفوظة © 2025")]
    assert min(z[5], z[6]) > max(chrome_z)
    assert max(chrome_z) < 0
    # A two-paragraph story among chrome is the page's story (the model doubts short pages; the block
    # search takes their best prose all the same).
    import ghirbal

    assert ghirbal.clean(story).paragraphs == texts[5:7]


def test_model_trained_on_other_features_is_refused():
    with pytest.raises(ValueError, match="retrain"):
        LineModel({"features": ["a", "b"], "depth": 1, "feature": [[0]], "threshold": [[0.0]], "leaf": [[0.0, 0.0]]})


def test_doubled_line_and_ticker_features():
    h1 = "الحكومة تعلن خطة جديدة لدعم المزارعين"
    h2 = "ارتفاع أسعار النفط في الأسواق العالمية اليوم"
    h3 = "افتتاح معرض الكتاب بمشاركة واسعة من الناشرين"
    page = "\n".join([f"عاجل {h1} - {h2} - {h3}", h1, h2, h3, f"{h1} {h1}", "عادي"])
    feats, rows = _rows(page)
    assert rows[0, col("holds_others")] >= 3  # the ticker holds three headlines of the page
    assert rows[1, col("inside_other")] == 1
    assert rows[4, col("doubled")] == 1 and rows[1, col("doubled")] == 0


def test_parallel_list_items_share_their_start():
    page = "\n".join([
        "إذا كان التعليق يحتوي على شتائم أو تهديدات موجهة للآخرين.",
        "إذا كان التعليق يحرض على الكراهية والتمييز بأي شكل.",
        "قال المتحدث باسم الوزارة إن الاجتماع انتهى دون اتفاق.",
    ])
    _feats, rows = _rows(page)
    assert list(rows[:, col("same_start")]) == [1.0, 1.0, 0.0]


def test_neighbours_skip_blank_lines():
    # With and without blank lines between them, a line's neighbours are the same lines.
    lines = ["الرئيسية", "قال الوزير إن الحكومة ستبدأ تنفيذ المشروع الشهر المقبل في ثلاث محافظات.", "شارك"]
    _f1, dense = _rows("\n".join(lines))
    _f2, spaced = _rows("\n\n".join(lines))
    for name in ("prev_words", "next_words", "prev_end", "next_end", "window_prose"):
        assert list(dense[:, col(name)]) == list(spaced[::2, col(name)]), name
