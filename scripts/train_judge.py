"""Train the judge (``judge.v1``) and write its weights into the package.

    .venv/bin/python scripts/train_judge.py --data /path/to/judge-data [--out src/newsprism/models/weights/judge.v1.npz]

``--data`` holds the public data sets laid out as docs/judge.md says (each fetched from its GitHub
repository at the recorded commit). Training runs on the CPU (2 cores: about N minutes, see
docs/judge.md) and is reproducible: fixed seeds, fixed splits, data read in a fixed order.

Steps:
1. read the pairs (``judge_data``) and, when ``--distill`` is given, the in-domain pairs of claim
   candidates with the teacher's soft labels (``scripts/judge_teacher.py``);
2. train the student: the model ``newsprism.models.judge`` runs, here in torch so that its token
   table, token weights, projection and head learn together;
3. fit the temperature on the validation pairs (calibration) and write the weights as float16
   (token table) and float32 (the rest) with their metadata.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
import judge_data  # noqa: E402

from newsprism.models import quick as judge_model  # noqa: E402
from newsprism.models import pairtext  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LABEL_INDEX = {name: i for i, name in enumerate(judge_model.LABELS)}
TOKENIZER = judge_model.TOKENIZER


wordllama_table = judge_model.wordllama_table


class Batchable:
    """Pairs turned into what the model reads: token ids of each side and the hand features."""

    def __init__(self, pairs, tokenizer_judge, soft: np.ndarray | None = None) -> None:
        texts = list(dict.fromkeys([p.a for p in pairs] + [p.b for p in pairs]))
        ids = tokenizer_judge.token_ids(texts)
        self.index = {t: i for i, t in enumerate(texts)}
        self.ids = ids
        self.a = np.array([self.index[p.a] for p in pairs])
        self.b = np.array([self.index[p.b] for p in pairs])
        self.hand = np.stack([pairtext.pair_features(p.a, p.b) for p in pairs]) if pairs else np.zeros((0, len(pairtext.FEATURE_NAMES)))
        self.label = np.array([LABEL_INDEX[p.label] for p in pairs])
        self.weight = np.array([p.weight for p in pairs], dtype=np.float32)
        self.soft = soft
        self.sources = [p.source for p in pairs]

    def __len__(self) -> int:
        return len(self.label)

    def padded(self, rows: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
        seqs = [self.ids[i] for i in rows]
        width = max(len(s) for s in seqs)
        out = np.zeros((len(seqs), width), dtype=np.int64)
        mask = np.zeros((len(seqs), width), dtype=np.float32)
        for k, s in enumerate(seqs):
            out[k, :len(s)] = s
            mask[k, :len(s)] = 1.0
        return torch.from_numpy(out), torch.from_numpy(mask)


class Student(torch.nn.Module):
    """``newsprism.models.quick.QuickJudge`` in torch (same arithmetic, trainable)."""

    def __init__(self, table: np.ndarray, idf: np.ndarray, hidden: int, n_hand: int) -> None:
        super().__init__()
        dim = table.shape[1]
        self.embed = torch.nn.Parameter(torch.from_numpy(table.copy()))
        # softplus(raw) = idf at the start: frequent tokens weigh little, as in SIF weighting
        self.token_weight = torch.nn.Parameter(torch.from_numpy(np.log(np.expm1(np.maximum(idf, 1e-3))).astype(np.float32)))
        self.project = torch.nn.Parameter(torch.eye(dim))
        self.head1 = torch.nn.Linear(3 * dim + 1 + 4 + n_hand, hidden)
        self.head2 = torch.nn.Linear(hidden, 3)

    def encode(self, ids: torch.Tensor, mask: torch.Tensor):
        vectors = self.embed[ids] @ self.project
        raw = F.softplus(self.token_weight[ids]) * mask
        weights = raw / raw.sum(dim=1, keepdim=True).clamp_min(1e-8)
        mean = F.normalize((weights.unsqueeze(2) * vectors).sum(dim=1), dim=1, eps=1e-8)
        # the alignment reads the ALIGN_TOKENS heaviest tokens (padding weighs 0), as at run time
        k = min(judge_model.ALIGN_TOKENS, ids.shape[1])
        top = torch.topk(raw.detach() - (1 - mask) * 1e6, k, dim=1).indices
        kept = torch.gather(raw, 1, top) * torch.gather(mask, 1, top)
        kept = kept / kept.sum(dim=1, keepdim=True).clamp_min(1e-8)
        tokens = torch.gather(vectors, 1, top.unsqueeze(2).expand(-1, -1, vectors.shape[2]))
        return F.normalize(tokens, dim=2, eps=1e-8), kept, mean, torch.gather(mask, 1, top)

    def forward(self, ida, maska, idb, maskb, hand):
        ta, wa, ma, maska = self.encode(ida, maska)
        tb, wb, mb, maskb = self.encode(idb, maskb)
        sims = torch.bmm(ta, tb.transpose(1, 2))
        sims_a, match_a = sims.masked_fill(maskb.unsqueeze(1) == 0, -2.0).max(dim=2)
        sims_b, match_b = sims.masked_fill(maska.unsqueeze(2) == 0, -2.0).max(dim=1)
        dim = ta.shape[2]
        to_a = torch.gather(tb, 1, match_a.unsqueeze(2).expand(-1, -1, dim))
        to_b = torch.gather(ta, 1, match_b.unsqueeze(2).expand(-1, -1, dim))
        rest = ((wa.unsqueeze(2) * (ta - to_a)).sum(1).abs()
                + (wb.unsqueeze(2) * (tb - to_b)).sum(1).abs())
        cover_a, cover_b = (wa * sims_a).sum(1), (wb * sims_b).sum(1)
        short_a = (wa * F.relu(judge_model.ALIGN_FLOOR - sims_a)).sum(1)
        short_b = (wb * F.relu(judge_model.ALIGN_FLOOR - sims_b)).sum(1)
        align = torch.stack([torch.minimum(cover_a, cover_b), torch.maximum(cover_a, cover_b),
                             torch.minimum(short_a, short_b), torch.maximum(short_a, short_b)], dim=1)
        cos = (ma * mb).sum(1, keepdim=True)
        x = torch.cat([ma * mb, (ma - mb).abs(), cos, align, rest, hand], dim=1)
        return self.head2(F.relu(self.head1(x)))


def idf_of(batches: list[Batchable], vocab: int) -> np.ndarray:
    counts = np.zeros(vocab, dtype=np.float64)
    docs = 0
    for batch in batches:
        for ids in batch.ids:
            counts[np.unique(ids)] += 1
            docs += 1
    idf = np.log((docs + 1) / (counts + 1))
    return (idf / idf.mean()).astype(np.float32)


def run_batches(model, data: Batchable, rows: np.ndarray, mean, std, size=512):
    out = []
    model.eval()
    with torch.no_grad():
        for start in range(0, len(rows), size):
            chunk = rows[start:start + size]
            ida, ma = data.padded(data.a[chunk])
            idb, mb = data.padded(data.b[chunk])
            hand = torch.from_numpy(((data.hand[chunk] - mean) / std).astype(np.float32))
            out.append(model(ida, ma, idb, mb, hand))
    return torch.cat(out) if out else torch.zeros((0, 3))


def train(args, train_set: Batchable, val_set: Batchable, table, idf):
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    mean = train_set.hand.mean(axis=0)
    std = train_set.hand.std(axis=0) + 1e-3
    model = Student(table, idf, args.hidden, train_set.hand.shape[1])
    if args.freeze_embed:
        model.embed.requires_grad_(False)
    slow = [model.embed, model.token_weight]
    fast = [p for n, p in model.named_parameters() if n not in {"embed", "token_weight"}]
    optimiser = torch.optim.AdamW([
        {"params": [p for p in slow if p.requires_grad], "lr": args.lr_embed, "weight_decay": 0.0},
        {"params": fast, "lr": args.lr, "weight_decay": 1e-4},
    ])
    class_weight = torch.tensor([1.0, args.conflict_weight, 1.0])
    steps = args.epochs * math.ceil(len(train_set) / args.batch)
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser, max_lr=[g["lr"] for g in optimiser.param_groups], total_steps=steps, pct_start=0.1)
    for epoch in range(args.epochs):
        model.train()
        order = rng.permutation(len(train_set))
        total, t0 = 0.0, time.time()
        for start in range(0, len(order), args.batch):
            rows = order[start:start + args.batch]
            swap = rng.random(len(rows)) < 0.5  # the model must not care which side is which
            first = np.where(swap, train_set.b[rows], train_set.a[rows])
            second = np.where(swap, train_set.a[rows], train_set.b[rows])
            ida, ma = train_set.padded(first)
            idb, mb = train_set.padded(second)
            hand = torch.from_numpy(((train_set.hand[rows] - mean) / std).astype(np.float32))
            logits = model(ida, ma, idb, mb, hand)
            weight = torch.from_numpy(train_set.weight[rows])
            target = torch.from_numpy(train_set.label[rows])
            loss_each = F.cross_entropy(logits, target, weight=class_weight, reduction="none")
            if train_set.soft is not None:
                soft = torch.from_numpy(train_set.soft[rows])
                has_soft = soft.sum(1) > 0
                kl = -(soft * F.log_softmax(logits, dim=1)).sum(1)
                loss_each = torch.where(has_soft, kl, loss_each)
            loss = (loss_each * weight).sum() / weight.sum()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += float(loss) * len(rows)
        report = evaluate(model, val_set, mean, std, temperature=1.0)
        print(f"epoch {epoch + 1}: loss {total / len(train_set):.4f}  val acc {report['accuracy']:.4f}  "
              f"({time.time() - t0:.0f} s)", file=sys.stderr, flush=True)
    return model, mean, std


def fit_temperature(logits: torch.Tensor, labels: np.ndarray) -> float:
    best, best_nll = 1.0, float("inf")
    target = torch.from_numpy(labels)
    for t in np.arange(0.5, 3.01, 0.05):
        nll = float(F.cross_entropy(logits / t, target))
        if nll < best_nll:
            best, best_nll = float(t), nll
    return best


def expected_calibration_error(probs: np.ndarray, labels: np.ndarray, bins: int = 10) -> float:
    confidence = probs.max(axis=1)
    correct = probs.argmax(axis=1) == labels
    ece = 0.0
    for lo in np.linspace(0, 1, bins, endpoint=False):
        inside = (confidence > lo) & (confidence <= lo + 1 / bins)
        if inside.any():
            ece += inside.mean() * abs(correct[inside].mean() - confidence[inside].mean())
    return float(ece)


def evaluate(model, data: Batchable, mean, std, *, temperature: float) -> dict:
    logits = run_batches(model, data, np.arange(len(data)), mean, std)
    probs = F.softmax(logits / temperature, dim=1).numpy()
    predicted = probs.argmax(axis=1)
    out = {"accuracy": float((predicted == data.label).mean()) if len(data) else 0.0,
           "ece": expected_calibration_error(probs, data.label), "by_source": {}}
    by_source = defaultdict(list)
    for i, source in enumerate(data.sources):
        by_source[source].append(i)
    for source, rows in sorted(by_source.items()):
        rows = np.array(rows)
        out["by_source"][source] = {"pairs": len(rows), "accuracy": float((predicted[rows] == data.label[rows]).mean())}
    out["probs"] = probs
    return out


def export(model: Student, mean, std, temperature: float, meta: dict, path: Path, *, frozen: bool = False) -> None:
    """Write the weights; a frozen token table is not written (the judge reads WordLlama's own)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().numpy() for k, v in model.state_dict().items()}
    table = {} if frozen else {"embed": state["embed"].astype(np.float16)}
    np.savez_compressed(
        path,
        **table,
        token_weight=state["token_weight"].astype(np.float16),
        project=state["project"].astype(np.float32),
        feature_mean=mean.astype(np.float32), feature_std=std.astype(np.float32),
        w1=state["head1.weight"].T.astype(np.float32).copy(), b1=state["head1.bias"].astype(np.float32),
        w2=state["head2.weight"].T.astype(np.float32).copy(), b2=state["head2.bias"].astype(np.float32),
        temperature=np.float32(temperature),
        meta=np.array(json.dumps(meta)),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder of the public data sets (docs/judge.md)")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "newsprism" / "models" / "weights" / "judge.v1.quick.npz")
    parser.add_argument("--sets", default=",".join(judge_data.TRAINED), help="comma-separated data set names")
    parser.add_argument("--distill", type=Path, help="JSON Lines of teacher-labelled in-domain pairs")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--lr-embed", type=float, default=3e-4)
    parser.add_argument("--conflict-weight", type=float, default=2.0)
    parser.add_argument("--freeze-embed", action="store_true")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    started = time.time()
    pairs = judge_data.load(args.data, args.sets.split(","))
    distilled, soft = [], []
    if args.distill:
        for line in args.distill.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            distilled.append(judge_data.Pair(row["a"], row["b"], judge_model.LABELS[int(np.argmax(row["p"]))],
                                             "distilled", row.get("split", "train"), row.get("weight", 1.0)))
            soft.append(row["p"])
    judge = judge_model.QuickJudge.__new__(judge_model.QuickJudge)
    judge._tokenizer = judge_model._tokenizer(TOKENIZER)
    train_pairs = [p for p in pairs if p.split == "train"]
    val_pairs = [p for p in pairs if p.split == "val"]
    soft_train = None
    if distilled:
        train_pairs += [p for p in distilled if p.split == "train"]
        soft_train = np.zeros((len(train_pairs), 3), dtype=np.float32)
        soft_train[len(train_pairs) - sum(p.split == "train" for p in distilled):] = [
            s for p, s in zip(distilled, soft) if p.split == "train"]
        val_pairs += [p for p in distilled if p.split == "val"]
    print(f"pairs: train {len(train_pairs)}, val {len(val_pairs)}; labels {Counter(p.label for p in train_pairs)}",
          file=sys.stderr)
    train_set = Batchable(train_pairs, judge, soft_train)
    val_set = Batchable(val_pairs, judge)
    table = wordllama_table()
    idf = idf_of([train_set], table.shape[0])
    model, mean, std = train(args, train_set, val_set, table, idf)
    logits = run_batches(model, val_set, np.arange(len(val_set)), mean, std)
    temperature = fit_temperature(logits, val_set.label)
    report = evaluate(model, val_set, mean, std, temperature=temperature)
    minutes = (time.time() - started) / 60
    meta = {
        "name": "judge.v1", "tokenizer": TOKENIZER, "labels": list(judge_model.LABELS),
        "features": list(pairtext.FEATURE_NAMES), "sets": args.sets.split(","),
        "distilled": bool(distilled), "epochs": args.epochs, "seed": args.seed,
        "val_accuracy": round(report["accuracy"], 4), "val_ece": round(report["ece"], 4),
        "temperature": temperature, "train_minutes": round(minutes, 1),
    }
    export(model, mean, std, temperature, meta, args.out, frozen=args.freeze_embed)
    print(json.dumps({k: v for k, v in report.items() if k != "probs"}, indent=1))
    print(f"temperature {temperature:.2f}; wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB) in {minutes:.1f} min",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
