"""Origins end to end: the seeds, exact and near copies, rewrites, chains, groups, the index."""

from __future__ import annotations

import hashlib

import pytest

from newsprism import origins
from newsprism.models import Models
from newsprism.settings import default_config
from newsprism.testing import FakeEmbedder
from newsprism.types import Article

CONFIG = default_config()
MODELS = Models.with_(embedder=FakeEmbedder())

STORY = [
    "North Korea has sent about 10,000 soldiers to Russia to support its war against Ukraine, South Korean intelligence said on Monday.",
    "Each soldier is expected to receive a monthly salary of around $2,000, according to the National Intelligence Service.",
    "Russia will also deliver between 600,000 and 700,000 tons of rice to Pyongyang every year.",
    "Moscow is expected to help the North launch another military reconnaissance satellite.",
    "The two countries signed a mutual defence pact in June that promises immediate military aid in case of an attack.",
    "Analysts in Seoul say Pyongyang could count on Moscow's help if war broke out on the Korean Peninsula.",
]
REWRITE = [
    "South Korean intelligence said on Monday that about 10,000 North Korean soldiers have been sent to Russia to support its war against Ukraine.",
    "According to the National Intelligence Service, each soldier is expected to be paid a monthly salary of around $2,000.",
    "Every year Russia will also deliver 600,000 to 700,000 tons of rice to Pyongyang.",
    "Moscow is also expected to help the North launch a further military reconnaissance satellite.",
    "In June the two countries signed a mutual defence pact that promises immediate military aid in the event of an attack.",
    "Pyongyang could count on help from Moscow if war broke out on the Korean Peninsula, analysts in Seoul say.",
]
OTHER = (
    "Heavy rain flooded parts of the city centre on Tuesday, closing three metro lines and several schools. "
    "The weather service expects more storms later in the week and urged residents to stay indoors. "
    "Emergency crews pumped water out of underground car parks through the night."
)


def article(text: str, *, aid: str | None = None, outlet: str | None = None, published: str | None = None) -> Article:
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return Article(id=aid or digest, source=f"{aid or digest}.txt", reader="text", text=text,
                   content_hash=digest, outlet=outlet, published=published)


def run(articles, **kwargs):
    return {o.article_id: o for o in origins.run(articles, config=CONFIG, models=MODELS, **kwargs)}


@pytest.fixture(scope="session")
def wordllama():
    from newsprism.models import load_embedder

    return load_embedder("wordllama.v1")


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    paths = sorted(seeds_dir.glob("*.txt"))
    return [article(p.read_text(encoding="utf-8").strip(), aid=p.stem.split("_")[-1]) for p in paths]


def test_seeds_are_one_origin_the_korea_herald(seeds):
    result = run(seeds)
    first, second = (result[a.id] for a in seeds)
    assert first.cites == ("The Korea Herald",)
    assert first.chain == ("The Korea Herald",)
    assert second.cites[:2] == ("TimeUkraineIsrael", "The Korea Herald")
    assert second.chain == ("TimeUkraineIsrael", "The Korea Herald")
    assert first.root == second.root == "The Korea Herald"
    assert first.duplicate_of is None and second.duplicate_of is None
    assert first.rewrite_of is None and second.rewrite_of is None
    groups = origins.groups([a.id for a in seeds], result)
    assert len(groups) == 1
    assert groups[0].name == "The Korea Herald"
    assert groups[0].reason.startswith("both cite The Korea Herald")
    assert "via TimeUkraineIsrael" in groups[0].reason


def test_seeds_with_the_real_embedder_are_not_rewrites(seeds, wordllama):
    result = {o.article_id: o for o in origins.run(seeds, config=CONFIG, models=Models.with_(embedder=wordllama))}
    assert all(o.rewrite_of is None and o.duplicate_of is None for o in result.values())


def test_exact_copy_points_to_the_earliest_and_is_kept():
    text = "\n".join(STORY)
    a, b, c = article(text, aid="a"), article(text, aid="b"), article(text, aid="c")
    result = origins.run([a, b, c], config=CONFIG, models=MODELS)
    assert [o.article_id for o in result] == ["a", "b", "c"]  # copies are kept
    assert result[1].duplicate_of == "a" and result[2].duplicate_of == "a"
    assert result[1].duplicate_score == 1.0
    assert result[2].root == "article:a" and result[2].chain == ("article:a",)


def test_near_copy_with_new_headline_cut_ending_and_changed_quotes():
    original = "Russia backs North Korea.\n" + "\n".join(STORY)
    copy = ("Pyongyang gets paid, says Seoul.\n" + "\n".join(STORY[:5])).replace("'", "’").replace(" ", "  ")
    a, b = article(original, aid="orig"), article(copy, aid="copy")
    result = run([a, b, article(OTHER, aid="other")])
    assert result["copy"].duplicate_of == "orig"
    assert result["copy"].duplicate_score >= 0.5
    assert result["other"].duplicate_of is None
    group = origins.groups(["orig", "copy"], result)
    assert len(group) == 1 and "near copy of orig" in group[0].reason


def test_near_copy_detection_is_symmetric_in_order():
    one = "\n".join(STORY)
    two = "\n".join(STORY[:5]) + "\nThe report was released on Monday in Seoul by the intelligence service."
    forward = run([article(one, aid="x"), article(two, aid="y")])
    backward = run([article(two, aid="y"), article(one, aid="x")])
    assert forward["y"].duplicate_of == "x"
    assert backward["x"].duplicate_of == "y"


def test_copy_of_a_copy_points_to_the_earliest():
    base = "\n".join(STORY)
    a = article(base, aid="a")
    b = article(base + "\nRead more on our website about the alliance between the two countries.", aid="b")
    c = article(base + "\nRead more on our website about the alliance between the two countries.\nShare this.", aid="c")
    result = run([a, b, c])
    assert result["b"].duplicate_of == "a"
    assert result["c"].duplicate_of == "a"


def test_rewrite_sentence_by_sentence_is_found():
    a, b = article(" ".join(STORY), aid="src"), article(" ".join(REWRITE), aid="rw")
    result = run([a, b])
    assert result["rw"].duplicate_of is None  # few shared shingles: not a near copy
    assert result["rw"].rewrite_of == "src"
    assert result["rw"].rewrite_coverage >= 0.6
    assert result["rw"].root == "article:src"
    group = origins.groups(["src", "rw"], result)
    assert len(group) == 1 and "rewrite of src" in group[0].reason


def test_rewrite_with_the_real_embedder(wordllama):
    a, b = article(" ".join(STORY), aid="src"), article(" ".join(REWRITE), aid="rw")
    models = Models.with_(embedder=wordllama)
    result = {o.article_id: o for o in origins.run([a, b], config=CONFIG, models=models)}
    assert result["rw"].rewrite_of == "src"


def test_copy_inherits_the_citation_root_of_its_original(seeds):
    copy = article(seeds[1].text.replace("Military costs and benefits", "Costs"), aid="copy")
    result = run([seeds[1], copy])
    assert result["copy"].duplicate_of == seeds[1].id
    assert result["copy"].root == "The Korea Herald"
    assert result["copy"].chain == (f"article:{seeds[1].id}", "TimeUkraineIsrael", "The Korea Herald")


def test_uncited_article_is_its_own_origin_under_its_outlet():
    result = run([article(OTHER, aid="rain", outlet="Springfield Gazette"), article("\n".join(STORY), aid="anon")])
    assert result["rain"].root == "Springfield Gazette" and result["rain"].outlet == "Springfield Gazette"
    assert result["rain"].root_name == "Springfield Gazette"
    assert result["rain"].chain == ()
    assert result["anon"].root == "article:anon"  # no outlet known: the article itself


def test_own_outlet_citation_is_not_a_source_and_groups_with_citers():
    wire = article("SEOUL, Nov 4 (Reuters) - " + " ".join(STORY), aid="wire", outlet="Reuters")
    citer = article("Troops went to Russia, Reuters reported on Monday. " + OTHER, aid="citer", outlet="Daily Planet News")
    result = run([wire, citer])
    assert result["wire"].root == "Reuters" and result["wire"].root_name == "Reuters"
    assert result["citer"].root == "Reuters"
    groups = origins.groups(["wire", "citer"], result)
    assert len(groups) == 1 and groups[0].name == "Reuters"


def test_citation_deep_in_the_body_does_not_make_a_root():
    body = "\n".join([OTHER, OTHER.replace("Tuesday", "Wednesday"), OTHER.replace("three", "four"),
                      "The forecast was also carried by the city's radio, Politico reported."])
    result = run([article(body, aid="deep")])
    assert result["deep"].cites == ("Politico",)
    assert result["deep"].root == "article:deep"


def test_independent_origins_count_distinct_roots(seeds):
    rain = article(OTHER, aid="rain")
    result = run([*seeds, rain])
    groups = origins.groups([*(a.id for a in seeds), "rain"], result)
    assert len(groups) == 2
    # a report with no outlet, site or headline is named by a short label, never by its file
    assert {g.name for g in groups} == {"The Korea Herald", "untitled report"}
    assert origins.independent_origins([*(a.id for a in seeds), "rain"], result) == 2
    assert origins.independent_origins([a.id for a in seeds], result) == 1


def test_index_persists_between_runs_and_finds_earlier_copies():
    text = "\n".join(STORY)
    index = origins.new_index(CONFIG)
    run([article(text, aid="day1")], index=index)
    restored = origins.OriginIndex.from_bytes(index.to_bytes())
    assert len(restored) == 1
    later = run([article(text + "\nUpdated with more detail.", aid="day2")], index=restored)
    assert later["day2"].duplicate_of == "day1"
    assert "day2" in restored


def test_prior_articles_are_not_returned_but_can_be_copied():
    text = "\n".join(STORY)
    result = origins.run([article(text, aid="new")], config=CONFIG, models=MODELS,
                         prior=[article(text, aid="old")])
    assert [o.article_id for o in result] == ["new"]
    assert result[0].duplicate_of == "old"


def test_empty_texts_are_not_near_copies_of_each_other():
    result = run([article("", aid="e1"), article("...", aid="e2")])
    assert result["e2"].duplicate_of is None


def test_rerun_with_a_kept_index_gives_the_same_answer():
    text = "\n".join(STORY)
    index = origins.new_index(CONFIG)
    first = run([article(text, aid="a"), article(text + "\nMore.", aid="b")], index=index)
    again = run([article(text, aid="a"), article(text + "\nMore.", aid="b")], index=index)
    assert first == again
    assert again["a"].duplicate_of is None and again["b"].duplicate_of == "a"


def test_rewrite_candidates_outside_the_run_are_fetched():
    index = origins.new_index(CONFIG)
    source = article(" ".join(STORY), aid="src")
    run([source], index=index)
    asked: list[list[str]] = []

    def fetch(ids):
        asked.append(list(ids))
        return [source] if "src" in ids else []

    result = run([article(" ".join(REWRITE), aid="rw")], index=index, fetch=fetch)
    assert asked == [["src"]]
    assert result["rw"].rewrite_of == "src"


def test_saved_index_is_checked_against_the_settings():
    index = origins.new_index(CONFIG)
    assert origins.index_fits(index, CONFIG)
    assert not origins.index_fits(index, CONFIG.replace(shingle_size=4))


def test_index_rows_append_run_by_run():
    text = "\n".join(STORY)
    index = origins.new_index(CONFIG)
    run([article(text, aid="one"), article(OTHER, aid="rain")], index=index)
    saved = list(index.rows())
    before = len(index)
    run([article(" ".join(REWRITE), aid="two")], index=index)
    saved += list(index.rows(start=before))
    assert [r.article_id for r in saved] == ["one", "rain", "two"]
    rebuilt = origins.new_index(CONFIG)
    for row in saved:
        rebuilt.add_row(row)
    later = run([article(text + "\nMore.", aid="three")], index=rebuilt)
    assert later["three"].duplicate_of == "one"


def test_rewrite_candidates_come_from_a_recent_window():
    from newsprism.origins.index import OriginIndex

    index = OriginIndex(rewrite_window=2)
    source = article(" ".join(STORY), aid="src")
    fillers = [article(OTHER.replace("three", str(n)) + f" Item {n}.", aid=f"f{n}") for n in range(3)]
    run([source, *fillers], index=index)
    assert index.rewrite_candidates(index.signatures(" ".join(REWRITE))[2]) == []
    near = index.near(*index.signatures("\n".join(STORY))[:2])
    assert [m.article_id for m in near] == ["src"]  # copies are still found store-wide
