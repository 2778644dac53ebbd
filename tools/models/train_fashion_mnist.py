#!/usr/bin/python3
"""Train the bundled Fashion-MNIST CNN and export it (development-time; CI never runs this).

    /usr/bin/python3 tools/models/train_fashion_mnist.py [--epochs N] [--data DIR]

Reads the IDX files of Debian's dataset-fashion-mnist package (/usr/share/datasets/fashion-mnist,
gzip), trains on CPU with 2 threads (a few minutes), and writes models/fashion_mnist/:
model.onnx, model.safetensors, samples.npy, labels.npy, sample_probs.npy, torch_predictions.npy,
preprocessing.json, README.md. Seeded; same thread count -> same weights.
"""
import argparse
import gzip
import json
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
from fixture_io import save_npy, save_safetensors, write_json, read_safetensors  # noqa: E402

OUT = os.path.join(ROOT, "models", "fashion_mnist")
SCRIPT = "tools/models/train_fashion_mnist.py"
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
SEED = 20261126


def read_idx(path):
    """Minimal IDX reader (optionally gzip): magic = 0x00 0x00 dtype ndim, then ndim big-endian uint32 dims."""
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
    """conv3x3(1->32)/BN/ReLU/maxpool2 -> conv3x3(32->64)/BN/ReLU/maxpool2 -> dropout -> linear(3136->10) -> softmax."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(inplace=True), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(inplace=True), nn.MaxPool2d(2),
        )
        self.dropout = nn.Dropout(0.3)
        self.classifier = nn.Linear(64 * 7 * 7, 10)

    def logits(self, x):
        return self.classifier(self.dropout(torch.flatten(self.features(x), 1)))

    def forward(self, x):
        return F.softmax(self.logits(x), dim=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    np.random.seed(SEED)

    xtr = read_idx(os.path.join(args.data, "train-images-idx3-ubyte.gz"))
    ytr = read_idx(os.path.join(args.data, "train-labels-idx1-ubyte.gz")).astype(np.int64)
    xte = read_idx(os.path.join(args.data, "t10k-images-idx3-ubyte.gz"))
    yte = read_idx(os.path.join(args.data, "t10k-labels-idx1-ubyte.gz")).astype(np.int64)
    assert xtr.shape == (60000, 28, 28) and xte.shape == (10000, 28, 28)

    # Preprocessing: x = (pixel / 255 - mean) / std, mean/std over all training pixels (rounded to 4 decimals).
    scaled = xtr.astype(np.float64) / 255.0
    mean = round(float(scaled.mean()), 4)
    std = round(float(scaled.std()), 4)

    def prep(u8):
        x = (u8.astype(np.float32) / np.float32(255.0) - np.float32(mean)) / np.float32(std)
        return torch.from_numpy(x.astype(np.float32)).unsqueeze(1)

    Xtr, Ytr = prep(xtr), torch.from_numpy(ytr)
    Xte, Yte = prep(xte), torch.from_numpy(yte)

    model = FashionCNN()
    bs = 128
    steps_per_epoch = (len(Xtr) + bs - 1) // bs
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=args.epochs * steps_per_epoch)
    g = torch.Generator()
    g.manual_seed(SEED)
    t0 = time.time()
    for ep in range(args.epochs):
        model.train()
        perm = torch.randperm(len(Xtr), generator=g)
        tot, correct, n = 0.0, 0, 0
        for s in range(steps_per_epoch):
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
        model.eval()
        with torch.no_grad():
            pred = torch.cat([model(Xte[i:i + 1000]).argmax(1) for i in range(0, len(Xte), 1000)])
        acc = (pred == Yte).float().mean().item()
        print("epoch %d loss %.4f train_acc %.4f test_acc %.4f  %.0fs" % (ep + 1, tot / n, correct / n, acc, time.time() - t0),
              flush=True)
    train_seconds = time.time() - t0

    model.eval()
    with torch.no_grad():
        probs = torch.cat([model(Xte[i:i + 1000]) for i in range(0, len(Xte), 1000)])
    pred = probs.argmax(1)
    acc = (pred == Yte).float().mean().item()
    per_class = [float(((pred == Yte) & (Yte == c)).sum() / (Yte == c).sum()) for c in range(10)]
    # How close are the top two probabilities? (ties make Java/PyTorch argmax disagree)
    top2 = probs.topk(2, dim=1).values
    close = int(((top2[:, 0] - top2[:, 1]) < 1e-4).sum())

    os.makedirs(OUT, exist_ok=True)
    samples = Xte[:64]
    save_npy(os.path.join(OUT, "samples.npy"), samples)
    save_npy(os.path.join(OUT, "labels.npy"), Yte[:64])
    save_npy(os.path.join(OUT, "sample_probs.npy"), probs[:64])
    save_npy(os.path.join(OUT, "torch_predictions.npy"), pred)
    sd = {k: v for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}
    save_safetensors(os.path.join(OUT, "model.safetensors"), sd,
                     metadata={"model": "FashionCNN", "script": SCRIPT, "mean": mean, "std": std})
    back = read_safetensors(os.path.join(OUT, "model.safetensors"))
    for k, v in sd.items():
        assert np.array_equal(back[k], v.numpy()), k

    onnx_path = os.path.join(OUT, "model.onnx")
    torch.onnx.export(model, samples[:1], onnx_path, input_names=["input"], output_names=["probs"],
                      dynamic_axes={"input": {0: "batch"}, "probs": {0: "batch"}}, opset_version=13,
                      do_constant_folding=True)
    import onnx
    m = onnx.load(onnx_path)
    onnx.checker.check_model(m)
    ops = sorted({n.op_type for n in m.graph.node})

    prep_info = {"input_name": "input", "input_shape": ["batch", 1, 28, 28], "output_name": "probs",
                 "output": "softmax probabilities over 10 classes", "formula": "x = (pixel / 255 - mean) / std",
                 "pixel": "uint8 from the IDX file, row-major 28x28", "mean": mean, "std": std, "classes": CLASSES,
                 "dtype": "float32"}
    write_json(os.path.join(OUT, "preprocessing.json"), prep_info)
    nparams = sum(p.numel() for p in model.parameters())
    sizes = {f: os.path.getsize(os.path.join(OUT, f)) for f in ["model.onnx", "model.safetensors", "samples.npy"]}
    torch_version = torch.__version__
    readme = """# Fashion-MNIST CNN (bundled demo model)

Made by `{script}` (`/usr/bin/python3 {script}`, PyTorch {tv}, CPU, {threads} threads, {epochs} epochs,
{secs:.0f} s). Data: Debian `dataset-fashion-mnist` (`/usr/share/datasets/fashion-mnist/*-idx?-ubyte.gz`).

**Test accuracy (PyTorch, all 10,000 test images): {acc:.4f}**

Per class: {per_class}

## Model
`conv3x3(1->32, pad 1) -> BN -> ReLU -> maxpool 2 -> conv3x3(32->64, pad 1) -> BN -> ReLU -> maxpool 2 ->
dropout(0.3) -> flatten -> linear(3136->10) -> softmax`; {nparams} parameters. Input `input` float32
`[batch, 1, 28, 28]`, output `probs` float32 `[batch, 10]` (probabilities, softmax already applied).
Batch axis is dynamic in the ONNX file.

## Preprocessing (also in `preprocessing.json`)
`x = (pixel / 255 - mean) / std` with **mean = {mean}**, **std = {std}** (float32 arithmetic; mean/std of
all training pixels). Class names: {classes}.

## Files
| file | what |
|---|---|
| `model.onnx` | `torch.onnx.export`, opset 13, eval mode, BN not folded by us ({onnx_kb:.0f} KB); ops: {ops} |
| `model.safetensors` | the `state_dict` (without `num_batches_tracked`), F32, names like `features.0.weight`, `features.1.running_var`, `classifier.weight` ({st_kb:.0f} KB) |
| `samples.npy` | first 64 test images, float32 `[64, 1, 28, 28]`, already normalised as above |
| `labels.npy` | their true labels, int64 `[64]` |
| `sample_probs.npy` | PyTorch's output probabilities for the 64 samples, float32 `[64, 10]` |
| `torch_predictions.npy` | PyTorch's predicted class for all 10,000 test images in file order, int64 `[10000]` |
| `preprocessing.json` | mean, std, formula, input/output names, class names |

Test images whose top-two probabilities differ by < 1e-4 (where another runtime may legitimately pick a
different class): {close}.
""".format(script=SCRIPT, tv=torch_version, threads=args.threads, epochs=args.epochs, secs=train_seconds, acc=acc,
           per_class=", ".join("%s %.3f" % (c, a) for c, a in zip(CLASSES, per_class)), nparams=nparams, mean=mean,
           std=std, classes=", ".join("%d %s" % (i, c) for i, c in enumerate(CLASSES)), onnx_kb=sizes["model.onnx"] / 1024,
           ops=", ".join(ops), st_kb=sizes["model.safetensors"] / 1024, close=close)
    with open(os.path.join(OUT, "README.md"), "w") as f:
        f.write(readme)
    print("test accuracy %.4f, %d params, ops %s, %.0fs" % (acc, nparams, ops, train_seconds))


if __name__ == "__main__":
    main()
