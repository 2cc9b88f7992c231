"""The judgement the product sells, on the cases that brought the judge model in: the same fact
in other words is one claim across outlets, two facts about the same people are not, and a
statement and its contradiction about the same thing conflict. Real models, whole pipeline."""

from __future__ import annotations

import json

import pytest

from newsprism import pipeline
from newsprism.models import Models
from newsprism.testing import MemoryStore

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def models():
    return Models()


def _analyze(tmp_path, config, models, reports):
    path = tmp_path / "reports.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for n, (outlet, title, text) in enumerate(reports):
            fh.write(json.dumps({"title": title, "text": text, "outlet": outlet,
                                 "url": f"https://{outlet.lower().replace(' ', '')}.example/{n}",
                                 "published": "2018-04-06"}) + "\n")
    dossier = pipeline.analyze([str(path)], config=config, store=MemoryStore(), models=models)
    assert len(dossier.stories) == 1, [s.story.article_ids for s in dossier.stories]
    report = dossier.stories[0]
    outlet_of = {a.id: a.outlet for a in dossier.articles}
    return report, outlet_of


def _claim_with(report, words):
    return [c for c in report.claims if any(words.lower() in m.text.lower() for m in c.mentions)]


def _outlets(claim, outlet_of):
    return {outlet_of[m.article_id] for m in claim.mentions}


RESIGNED = [
    ("Fox News", "Farenthold resigns",
     "Rep. Blake Farenthold is resigning from Congress, the Texas Republican said Friday. "
     "He promptly deleted his Twitter and Facebook profiles after the announcement. "
     "Farenthold had faced an ethics inquiry over a sexual harassment settlement."),
    ("The New York Times", "Texas congressman quits House",
     "Blake Farenthold resigned from Congress on Friday, months after it was revealed that he had used "
     "taxpayer money to settle a sexual harassment claim. "
     "He deleted his Twitter account and the Facebook campaign page within hours. "
     "The governor must now decide whether to call a special election."),
    ("HuffPost", "Farenthold quits amid scandal",
     "Rep. Blake Farenthold abruptly resigned from Congress on Friday. "
     "The Texas Republican had said in December that he would not seek re-election. "
     "His former communications director had accused him of sexual harassment."),
]


def test_one_fact_in_three_wordings_is_one_corroborated_claim(tmp_path, config, models):
    report, outlet_of = _analyze(tmp_path, config, models, RESIGNED)
    # "is resigning" / "abruptly resigned" (the Times' "resigned from Congress on Friday, months
    # after it was revealed that ..." is read as the reported speech it carries: a claim-unit gap)
    resigned = [c for c in _claim_with(report, "resign") if len(_outlets(c, outlet_of)) >= 2]
    assert resigned and resigned[0].status == "corroborated", [(c.id, c.status, _outlets(c, outlet_of)) for c in report.claims]
    deleted = [c for c in _claim_with(report, "deleted") if len(_outlets(c, outlet_of)) == 2]
    assert deleted and deleted[0].status == "corroborated", [(c.text, c.status) for c in _claim_with(report, "deleted")]
    # controls: facts only one outlet gives stay single-source
    for words in ("special election", "seek re-election"):
        only = _claim_with(report, words)
        assert only and all(c.status == "single-source" and len(_outlets(c, outlet_of)) == 1 for c in only), words


def test_stepped_down_against_was_fired_is_a_conflict(tmp_path, config, models):
    report, outlet_of = _analyze(tmp_path, config, models, [
        ("Daily Ledger", "Acme chief leaves",
         "Acme chief executive Dana Rusk stepped down on Monday after a decade at the helm of the company. "
         "Acme makes industrial pumps in Ohio."),
        ("Metro Wire", "Acme fires its chief",
         "Acme's board fired chief executive Dana Rusk on Monday after a decade at the helm of the company. "
         "The company's shares rose 4 percent on the news."),
    ])
    left = _claim_with(report, "stepped down")
    assert left and left[0].status == "conflicting", [(c.text, c.status, c.reason) for c in report.claims]
    # each side is a claim of its own, each naming the other as what it conflicts with
    other = {c.id: c for c in report.claims}[left[0].conflict_reasons[0][0]]
    assert _outlets(other, outlet_of) == {"Metro Wire"} and "fired" in other.text
    assert "'stepped down'" in left[0].reason and "'fired'" in left[0].reason
    # control: the shares' rise is no part of it
    assert all(c.status == "single-source" for c in _claim_with(report, "shares rose"))


def test_expected_against_done_is_a_conflict_of_status(tmp_path, config, models):
    report, _ = _analyze(tmp_path, config, models, [
        ("Daily Ledger", "Mayor faces charges",
         "Mayor Tom Hale is expected to be indicted on bribery charges next week, according to people familiar with the case. "
         "The city council met on Tuesday."),
        ("Metro Wire", "Mayor indicted",
         "Mayor Tom Hale has been secretly indicted on bribery charges, according to court papers. "
         "His lawyer declined to comment."),
    ])
    indicted = _claim_with(report, "expected to be indicted")
    assert indicted and indicted[0].status == "conflicting", [(c.text, c.status, c.reason) for c in report.claims]
