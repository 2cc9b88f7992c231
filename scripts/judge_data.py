"""Readers for the public pair data the judge is trained on (see docs/judge.md for each source,
its licence, the commit it was taken from and where its files go under ``--data``).

Every reader yields ``Pair`` records with one of the judge's labels:

- ``same``: the two texts state the same fact (a paraphrase, or one entails the other);
- ``conflicting``: they speak of the same thing and cannot both be true;
- ``different``: anything else (another fact of the same story, an unrelated sentence).

Each data set is split into ``train`` and ``val`` by a fixed rule (its own dev split where it has
one, else a hash of a grouping key, so that swapped copies and one claim's pairs stay on one side).
Held-out evaluation sets we are measured on (MRPC test, ClaimDiff test and test-full, BASIL, ECB+
test, NeuS test, FNC-1 competition test, PolNeAR test, NewsQuant) are never read here, and rows of
allowed sets that repeat them are dropped (STS-B's MSRpar rows; Emergent claims listed in
``judge_leakage/``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

LABELS = ("same", "conflicting", "different")


@dataclass(frozen=True, slots=True)
class Pair:
    a: str
    b: str
    label: str
    source: str
    split: str
    weight: float = 1.0


def _split(key: str, val_share: float) -> str:
    """A fixed split by a hash of the grouping key."""
    h = int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "val" if h < val_share else "train"


def _clean(text: str) -> str:
    return " ".join(text.split())


def mrpc(data: Path) -> Iterator[Pair]:
    """MRPC train only (msr_paraphrase_train.txt); 15% of it held out as our validation."""
    path = data / "mrpc" / "msr_paraphrase_train.txt"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    for line in lines[1:]:
        parts = line.split("\t")
        if len(parts) != 5:
            continue
        quality, id1, id2, a, b = parts
        yield Pair(_clean(a), _clean(b), "same" if quality == "1" else "different", "mrpc",
                   _split(f"mrpc:{id1}:{id2}", 0.15))


def sick(data: Path) -> Iterator[Pair]:
    """SICK: TRAIN for training, TRIAL for validation (its TEST part is not read). 'same' only
    when each sentence entails the other (one way only is left out: a vaguer sentence is not the
    same statement), contradiction is 'conflicting', neutral 'different'."""
    path = data / "sick" / "SICK.txt"
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            part = row["SemEval_set"]
            if part not in {"TRAIN", "TRIAL"}:
                continue
            both = row["entailment_AB"] == "A_entails_B" and row["entailment_BA"] == "B_entails_A"
            label = {"CONTRADICTION": "conflicting", "NEUTRAL": "different"}.get(row["entailment_label"])
            if label is None:
                if not both:
                    continue
                label = "same"
            yield Pair(_clean(row["sentence_A"]), _clean(row["sentence_B"]), label,
                       "sick", "train" if part == "TRAIN" else "val")


def stsb(data: Path) -> Iterator[Pair]:
    """STS benchmark train/dev: >= 3.8 same, <= 2.0 different, the middle left out; MSRpar rows
    (drawn from MRPC, some from its test split) are never read."""
    for name, split in (("sts-train.csv", "train"), ("sts-dev.csv", "val")):
        lines = (data / "stsb" / name).read_text(encoding="utf-8").splitlines()
        for line in lines:
            parts = line.split("\t")
            if len(parts) < 7 or parts[1] == "MSRpar":
                continue
            score = float(parts[4])
            if 2.0 < score < 3.8:
                continue
            yield Pair(_clean(parts[5]), _clean(parts[6]), "same" if score >= 3.8 else "different",
                       "stsb", split)


def rte(data: Path) -> Iterator[Pair]:
    """GLUE RTE (mostly news): entailment is 'same' (the premise states the hypothesis), the rest
    'different'. Premises are often several sentences; the pair is kept as given."""
    for name, split in (("train_copy.tsv", "train"), ("dev.tsv", "val")):
        with (data / "rte" / name).open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                label = "same" if row["label"] == "entailment" else "different"
                yield Pair(_clean(row["sentence1"]), _clean(row["sentence2"]), label, "rte", split)


def claimdiff(data: Path) -> Iterator[Pair]:
    """ClaimDiff train: claims of different outlets on one contentious topic. Whether B
    strengthens or weakens A's argument, the two are different statements: all 'different'
    (the hard negatives: same story, other claim). Split by topic."""
    items = json.loads((data / "claimdiff" / "ClaimDiff-S" / "ClaimDiff-strength-train.json").read_text(encoding="utf-8"))
    for item in items["data"]:
        yield Pair(_clean(item["claim_a"]), _clean(item["claim_b"]), "different", "claimdiff",
                   _split(f"claimdiff:{item['topic']}", 0.15))


LEAKAGE = Path(__file__).resolve().parent / "judge_leakage"


def _emergent_leaks() -> set[str]:
    """Emergent claims whose headline is also in the FNC-1 competition test (FNC-1 was built from
    Emergent); the list was made once by comparing headlines and is kept in this repository."""
    path = LEAKAGE / "emergent_claims_in_fnc1_competition_test.txt"
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")}


def emergent(data: Path) -> Iterator[Pair]:
    """Emergent: a rumour's claim against an article headline. 'for' is 'same', 'against' is
    'conflicting'; 'observing' (the headline reports that someone claims it) is left out.
    Claims whose headlines appear in the FNC-1 competition test are dropped whole. Split by
    claim."""
    leaks = _emergent_leaks()
    label_of = {"for": "same", "against": "conflicting"}
    with (data / "emergent" / "url-versions-2015-06-14-clean.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["claimId"] in leaks or row["articleHeadlineStance"] not in label_of:
                continue
            yield Pair(_clean(row["claimHeadline"]), _clean(row["articleHeadline"]),
                       label_of[row["articleHeadlineStance"]], "emergent",
                       _split(f"emergent:{row['claimId']}", 0.15), weight=0.7)


_SENTENCE = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘]?[A-Z])")
_WORDS = re.compile(r"[a-z0-9]+")


def _closest_sentence(headline: str, body: str) -> str | None:
    """The body sentence sharing the most words with the headline (the one that takes a stance)."""
    words = set(_WORDS.findall(headline.lower()))
    best, best_score = None, 0.0
    for paragraph in body.split("\n"):
        for sentence in _SENTENCE.split(paragraph.strip()):
            tokens = set(_WORDS.findall(sentence.lower()))
            if not tokens or len(sentence) > 400:
                continue
            score = len(words & tokens) / len(words | tokens)
            if score > best_score:
                best, best_score = sentence, score
    return _clean(best) if best and best_score >= 0.15 else None


def fnc1(data: Path) -> Iterator[Pair]:
    """FNC-1 train (never its competition test): a headline against the body sentence closest to
    it. 'agree' is 'same', 'disagree' 'conflicting', 'unrelated' 'different' (a sample: they are
    easy and many); 'discuss' is left out. The baseline's hold-out bodies are our validation."""
    bodies: dict[str, str] = {}
    with (data / "fnc1" / "FakeNewsChallenge" / "train_bodies.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            bodies[row["Body ID"]] = row["articleBody"]
    label_of = {"agree": "same", "disagree": "conflicting", "unrelated": "different"}
    seen: set[tuple[str, str]] = set()
    for name, split, encoding in (("train.csv", "train", "cp1252"), ("test.csv", "val", "utf-8")):
        raw = (data / "fnc1" / "Cisco-Talos" / "deep_learning_model" / name).read_bytes().decode(encoding)
        rows = list(csv.reader(io.StringIO(raw)))
        for headline, body_id, stance in (r for r in rows[1:] if len(r) == 3):
            if stance not in label_of or (headline, body_id) in seen:
                continue
            seen.add((headline, body_id))
            if stance == "unrelated" and int(hashlib.sha1(f"{headline}{body_id}".encode()).hexdigest()[:4], 16) % 12:
                continue  # one unrelated pair in twelve
            sentence = _closest_sentence(headline, bodies.get(body_id, ""))
            if sentence is None:
                continue
            yield Pair(_clean(headline), sentence, label_of[stance], "fnc1", split,
                       weight=0.3 if stance != "unrelated" else 1.0)


def twitter_url(data: Path) -> Iterator[Pair]:
    """Twitter URL corpus (tweets linking one news article; lower-cased, tokenised): 1 is 'same'.
    Train for training, the corpus's own test split (a sample) for validation."""
    root = data / "twitter_url" / "twitterPPDB"
    for part, split in (("train", "train"), ("test", "val")):
        a = (root / part / "a.toks").read_text(encoding="utf-8").splitlines()
        b = (root / part / "b.toks").read_text(encoding="utf-8").splitlines()
        sim = (root / part / "sim.txt").read_text(encoding="utf-8").split()
        seen: set[tuple[str, str]] = set()
        for x, y, s in zip(a, b, sim):
            if (x, y) in seen:
                continue
            if split == "val" and len(seen) >= 3000:
                break
            seen.add((x, y))
            yield Pair(_clean(x), _clean(y), "same" if s == "1" else "different", "twitter_url", split,
                       weight=0.5)


_DETOKEN = ((re.compile(r" ([,.;:!?%)\]}])"), r"\1"), (re.compile(r"([(\[{$]) "), r"\1"),
            (re.compile(r" (['’](?:s|re|ve|ll|d|m)|n['’]t)\b"), r"\1"), (re.compile(r"`` ?| ?''"), '"'))


def _detokenise(text: str) -> str:
    for pattern, repl in _DETOKEN:
        text = pattern.sub(repl, text)
    return _clean(text)


def ecbplus(data: Path, *, per_topic: int = 160, seed: int = 13) -> Iterator[Pair]:
    """ECB+ *train* topics (never its dev or test topics): sentences of different documents
    about one event. Two sentences whose gold cross-document event mentions share two chains (or
    the one chain each has) report the same happening: 'same'. Sentences of one event's documents
    with no chain in common (another fact of the same story), and sentences of the topic's other
    event (another earthquake, another phone launch): 'different' -- the hard negatives that
    shared names and topic words do not make the same statement. Capped per topic; split by
    topic."""
    import random

    mentions = json.loads((data / "ecbplus" / "train_event_gold_mentions.json").read_text(encoding="utf-8"))
    text_of: dict[tuple[str, str], str] = {}
    chains: dict[tuple[str, str], set[str]] = {}
    for m in mentions:
        key = (m["doc_id"], str(m["sent_id"]))
        text_of[key] = m["full_sentence"]
        chain = m["coref_chain"]
        chains.setdefault(key, set())
        if not chain.startswith(("INTRA_", "Singleton_")):
            chains[key].add(chain)
    by_event: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for key, found in chains.items():
        words = text_of[key].split()
        if found and 6 <= len(words) <= 60:
            doc = key[0]
            event = (doc.split("_")[0], "ecbplus" if doc.endswith("ecbplus.xml") else "ecb")
            by_event.setdefault(event, []).append(key)
    rng = random.Random(seed)
    for event in sorted(by_event):
        keys = sorted(by_event[event])
        same, other = [], []
        for i, x in enumerate(keys):
            for y in keys[i + 1:]:
                if x[0] == y[0]:
                    continue
                shared = chains[x] & chains[y]
                if len(shared) >= 2 or (shared and chains[x] == chains[y]):
                    same.append((x, y))
                elif not shared:
                    other.append((x, y))
        rival = by_event.get((event[0], "ecb" if event[1] == "ecbplus" else "ecbplus"), [])
        confusers = [(rng.choice(keys), rng.choice(rival)) for _ in range(per_topic // 4)] if rival else []
        split = _split(f"ecbplus:{event[0]}", 0.15)
        rng.shuffle(same)
        rng.shuffle(other)
        for (x, y), label in ([(p, "same") for p in same[:per_topic]] + [(p, "different") for p in other[:per_topic]]
                              + [(p, "different") for p in confusers]):
            yield Pair(_detokenise(text_of[x]), _detokenise(text_of[y]), label, "ecbplus", split)


READERS = {
    "mrpc": mrpc, "sick": sick, "stsb": stsb, "claimdiff": claimdiff,
    "emergent": emergent, "fnc1": fnc1, "twitter_url": twitter_url, "rte": rte, "ecbplus": ecbplus,
}
# RTE's hypotheses are mostly vaguer than their premises (one-way entailment): read for
# measuring, not trained on by default.
TRAINED = ("mrpc", "sick", "stsb", "claimdiff", "emergent", "fnc1", "twitter_url", "ecbplus")


def load(data: Path, names: Sequence[str] | None = None) -> list[Pair]:
    """Every pair of the named data sets (those trained on by default), in a fixed order."""
    out: list[Pair] = []
    for name in names or TRAINED:
        out.extend(READERS[name](data))
    return out
