"""The shipped claim judge: it loads offline, answers calibrated probabilities, is symmetric,
agrees with the training script's own model, and reads clear cases right."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from newsprism.errors import ConfigError, ModelError
from newsprism.models import Models, load_judge, pairtext
from newsprism.models.judge import LABELS, QUICK_FLOOR, WEIGHTS
from newsprism.models.quick import QuickJudge

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def judge():
    return load_judge("judge.v1")


def test_weights_ship_with_the_package_and_say_what_they_are(judge):
    files = sorted(WEIGHTS.glob("judge.v1.*"))
    assert {f.name for f in files} >= {"judge.v1.quick.npz", "judge.v1.cross.onnx", "judge.v1.cross.json",
                                       "judge.v1.tokenizer.json"}
    assert sum(f.stat().st_size for f in files) < 40_000_000
    assert judge.name == "judge.v1"
    assert judge.quick.meta["labels"] == list(LABELS) == judge.cross.meta["labels"]
    assert judge.quick.meta["features"] == list(pairtext.FEATURE_NAMES)


def test_unknown_judge_and_missing_weights_fail_clearly(tmp_path):
    with pytest.raises(ConfigError, match="unknown judge"):
        load_judge("judge.v0")
    with pytest.raises(ModelError, match="reinstall"):
        QuickJudge(tmp_path / "nothing.npz")


def test_probabilities_are_distributions_and_symmetric(judge):
    pairs = [
        ("Russia will deliver rice to North Korea.", "Moscow is ready to supply Pyongyang with rice."),
        ("The senator resigned on Friday.", "Stocks fell sharply in Tokyo."),
        ("Ten people died in the fire.", "The fire killed ten people."),
    ]
    forward = judge.probabilities(pairs)
    backward = judge.probabilities([(b, a) for a, b in pairs])
    assert forward.shape == (3, 3)
    np.testing.assert_allclose(forward.sum(axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(forward, backward, atol=1e-5)
    np.testing.assert_allclose(forward, judge.probabilities(pairs), atol=0)  # deterministic


def test_clear_cases(judge):
    same = judge.probabilities([("The fire killed ten people on Sunday.", "Ten people were killed in the fire on Sunday.")])[0]
    unrelated = judge.probabilities([("The fire killed ten people on Sunday.", "The central bank raised interest rates.")])[0]
    identical = judge.probabilities([("Parliament approved the budget.", "Parliament approved the budget.")])[0]
    assert same.argmax() == 0 and identical[0] > 0.9
    assert unrelated.argmax() == 2 and unrelated[2] > 0.9


def test_models_load_the_judge_once(judge):
    models = Models()
    assert models.judge is models.judge
    assert Models.with_(judge=judge).judge is judge


def test_the_cascade_asks_the_cross_encoder_only_what_the_quick_model_cannot_rule_out(judge):
    pairs = [("The fire killed ten people on Sunday.", "Ten people were killed in the fire on Sunday."),
             ("The fire killed ten people on Sunday.", "The central bank raised interest rates.")]
    before = dict(judge.asked)
    quick = judge.quick.probabilities(pairs)
    both = judge.probabilities(pairs)
    assert judge.asked["quick"] - before["quick"] == 2
    assert judge.asked["cross"] - before["cross"] == int((quick[:, 0] + quick[:, 1] > QUICK_FLOOR).sum()) >= 1
    np.testing.assert_allclose(both[1], quick[1])  # settled by the quick model
    quick_only = load_judge("judge.v1-quick")
    np.testing.assert_allclose(quick_only.probabilities(pairs), quick, atol=1e-6)


def test_a_pair_under_its_own_floor_is_settled_by_the_quick_model(judge):
    pairs = [("The fire killed ten people on Sunday.", "Ten people were killed in the fire on Sunday."),
             ("The fire killed ten people on Sunday.", "Rescuers searched the ruins on Monday.")]
    quick = judge.quick.probabilities(pairs)
    related = quick[:, 0] + quick[:, 1]
    floors = np.array([0.0, float(related[1]) + 0.01], dtype=np.float32)  # the second pair: not worth it
    before = judge.asked["cross"]
    out = judge.probabilities(pairs, floors)
    assert judge.asked["cross"] - before == int(related[0] > QUICK_FLOOR)
    np.testing.assert_allclose(out[1], quick[1])
    # a floor never lets through what the cascade's own floor keeps back
    assert np.allclose(judge.probabilities(pairs, np.zeros(2)), judge.probabilities(pairs))


def test_a_pairs_score_does_not_depend_on_the_pairs_read_with_it(judge):
    pair = ("In June, the leaders of Russia and North Korea signed a mutual defense pact.",
            "North Korea and Russia have signed a mutual defense agreement.")
    others = [("The fire killed ten people on Sunday.", "Rescuers searched the ruins of the old mill on Monday "
               "while the fire brigade counted the cost of the blaze."), ("a", "b")]
    alone = judge.cross.probabilities([pair])[0]
    together = judge.cross.probabilities(others + [pair])[-1]
    np.testing.assert_array_equal(alone, together)


def test_pair_features_are_symmetric_and_read_numbers():
    a = "Each soldier will be paid about $2,000 a month, not 800."
    b = "Soldiers earn 2000 dollars per month."
    np.testing.assert_allclose(pairtext.pair_features(a, b), pairtext.pair_features(b, a))
    facts = pairtext.facts(a)
    assert {2000.0, 800.0} <= facts.numbers and facts.negations == 1
    assert pairtext.facts("Over 9 million shells").numbers == {9e6}


def test_numpy_judge_computes_what_the_training_model_computes(tmp_path):
    torch = pytest.importorskip("torch")
    sys.path.insert(0, str(ROOT / "scripts"))
    import train_judge
    from judge_data import Pair

    torch.manual_seed(0)
    table = train_judge.wordllama_table()
    idf = np.random.default_rng(0).uniform(0.5, 2.0, table.shape[0]).astype(np.float32)
    student = train_judge.Student(table, idf, 16, len(pairtext.FEATURE_NAMES))
    pairs = [Pair("Russia could help North Korea with advanced space technology.",
                  "Russian assistance includes the provision of space technology", "same", "t", "val"),
             Pair("The chief executive stepped down on Monday", "The board fired the chief executive on Monday "
                  "after a long meeting about the company's losses", "conflicting", "t", "val"),
             Pair("a", "b c d", "different", "t", "val")]
    tokenizer = QuickJudge.__new__(QuickJudge)
    tokenizer._tokenizer = train_judge.judge_model._tokenizer(train_judge.TOKENIZER)
    data = train_judge.Batchable(pairs, tokenizer)
    mean, std = data.hand.mean(0), data.hand.std(0) + 1e-3
    expected = train_judge.run_batches(student, data, np.arange(len(pairs)), mean, std).numpy()
    path = tmp_path / "judge.npz"
    train_judge.export(student, mean, std, 1.0, {"name": "judge.v1", "tokenizer": train_judge.TOKENIZER}, path)
    got = QuickJudge(path).logits([(p.a, p.b) for p in pairs])
    np.testing.assert_allclose(got, expected, atol=1e-4)
