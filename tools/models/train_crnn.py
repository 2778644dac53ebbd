#!/usr/bin/python3
"""Train the bundled CRNN text-line recogniser with CTC and export it (development-time; CI never runs this).

    mvn -B -o -q package -DskipTests        # compiles TextLineRenderer and the RenderTextLines tool
    nice -n 10 /usr/bin/python3 tools/models/train_crnn.py [--cpu-minutes M] [--wall-minutes M | --steps N] [--threads N]

Debian's python3-torch calls the reference BLAS (about 1 GFLOP/s here), which makes the LSTM's matrix
products dominate; pointing the loader at OpenBLAS (for example the libopenblas.so.0 in Maven's
org.bytedeco:openblas linux-x86_64 jar, linked as libblas.so.3 and liblapack.so.3 in a folder on
LD_LIBRARY_PATH, with OPENBLAS_NUM_THREADS=1) is 20-50x faster and changes nothing else.

Data: text lines rendered in Java by org.corenn.demo.TextLineRenderer (the class the demo and the Java test
use, so the model sees exactly the glyphs the JDK draws), written by the test-scope tool
org.corenn.demo.RenderTextLines as raw grey bytes [N, 32, 160] plus one text per line. 1 to 10 characters of
0-9, a-z, A-Z without I and l (60 characters); logical fonts Serif, SansSerif, Monospaced, Dialog, DialogInput
in plain, bold, italic and bold italic at 19-24 px; random greys, stretch, placement, jitter, rotation and noise.
Input x = 1 - pixel/255 (ink near 1). During training every batch also gets a random contrast, offset and
Gaussian noise (on-the-fly variety on top of the pre-rendered lines).

Model: conv3x3 stride 2(1->16)/ReLU -> conv3x3(16->32)/BN/ReLU/maxpool 2 -> conv3x3(32->64)/BN/ReLU/
maxpool (2,1) -> conv3x3(64->64)/BN/ReLU/maxpool (2,1) -> 40 columns of 64*2 features -> BiLSTM(128 -> 2x96)
-> linear(192 -> 61) -> log-softmax. Output `log_probs` [T=40, N, 61]; class 0 = CTC blank, class k =
ALPHABET[k-1]. nn.CTCLoss, Adam, learning-rate warm-up then cosine decay over a CPU-time budget
(capped by a wall-time budget on a shared machine; or a fixed --steps, which makes reruns reproducible).

Writes models/crnn/: model.onnx (opset 13, input `image` [N, 1, 32, 160]), samples.npy (8 lines rendered with
FIXTURE_SEED, preprocessed, float32 [8, 1, 32, 160]), labels.json (their texts and PyTorch's greedy readings),
torch_log_probs.npy (PyTorch's output for them, [40, 8, 61]) and training.json.
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np
import torch
import torch.nn as nn

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools", "fixtures"))
from fixture_io import save_npy, write_json  # noqa: E402

OUT = os.path.join(ROOT, "models", "crnn")
WORK = os.path.join(ROOT, "java", "target", "crnn-lines")
ALPHABET = "0123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNOPQRSTUVWXYZ"  # = TextLineRenderer.ALPHABET
H, W, CLASSES = 32, 160, len(ALPHABET) + 1
SEED, VALIDATION_SEED, FIXTURE_SEED = 20261126, 20261127, 20261128  # CrnnDemoTest renders with another seed
TRAIN_LINES, VALIDATION_LINES, FIXTURE_LINES = 60000, 1000, 8
BATCH = 32


def render(name, count, seed):
    """Renders `count` lines in Java (once; reruns reuse them) -> (uint8 [count, 32, 160], list of texts)."""
    out = os.path.join(WORK, f"{name}-{count}-{seed}")
    if not os.path.exists(os.path.join(out, "complete")):
        classpath = os.pathsep.join(os.path.join(ROOT, "java", "target", d) for d in ("classes", "test-classes"))
        subprocess.run(["java", "-Djava.awt.headless=true", "-cp", classpath, "org.corenn.demo.RenderTextLines",
                        out, str(count), str(seed)], check=True)
        open(os.path.join(out, "complete"), "w").close()
    images = np.fromfile(os.path.join(out, "images.u8"), np.uint8).reshape(count, H, W)
    with open(os.path.join(out, "labels.txt"), encoding="utf-8") as f:
        texts = f.read().split("\n")[:count]
    return images, texts


def preprocess(images):
    return torch.from_numpy(1.0 - images.astype(np.float32) / 255.0).unsqueeze(1)


class CRNN(nn.Module):
    def __init__(self):
        super().__init__()

        def block(cin, cout, pool):
            return [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(), nn.MaxPool2d(pool)]

        # The first convolution strides instead of pooling: the full-resolution maps dominate training time.
        self.features = nn.Sequential(nn.Conv2d(1, 16, 3, stride=2, padding=1), nn.ReLU(), *block(16, 32, 2),
                                      *block(32, 64, (2, 1)), *block(64, 64, (2, 1)))
        self.rnn = nn.LSTM(64 * 2, 96, bidirectional=True)
        self.fc = nn.Linear(192, CLASSES)

    def forward(self, image):
        f = self.features(image)                          # [N, 64, 2, 40]
        n, c, h, w = f.shape
        seq = f.permute(3, 0, 1, 2).reshape(w, n, c * h)  # [T=40, N, 128]
        y, _ = self.rnn(seq)
        return torch.log_softmax(self.fc(y), dim=2)       # [T=40, N, 61]


def greedy(log_probs):
    """[T, N, C] -> list of strings: best class per step, merge repeats, drop blanks."""
    out = []
    for row in log_probs.argmax(2).T.tolist():
        s, prev = "", 0
        for k in row:
            if k != prev and k != 0:
                s += ALPHABET[k - 1]
            prev = k
        out.append(s)
    return out


def accuracy(model, x, texts):
    model.eval()
    with torch.no_grad():
        read = [r for b in range(0, len(texts), 250) for r in greedy(model(x[b:b + 250]))]
    model.train()
    return float(np.mean([p == t for p, t in zip(read, texts)]))


def augment(x, gen):
    """Per-line random contrast and offset plus pixel noise, on top of the renderer's own variety."""
    n = x.shape[0]
    contrast = 0.8 + 0.4 * torch.rand(n, 1, 1, 1, generator=gen)
    offset = 0.1 * torch.rand(n, 1, 1, 1, generator=gen) - 0.05
    noise = 0.04 * torch.rand(n, 1, 1, 1, generator=gen) * torch.randn(x.shape, generator=gen)
    return x * contrast + offset + noise


def learning_rate(progress, peak=3e-3, warmup=0.05):
    """Linear warm-up, then a cosine decay to 1% of the peak, over the run's progress in [0, 1]."""
    if progress < warmup:
        return peak * (0.1 + 0.9 * progress / warmup)
    return peak * (0.01 + 0.99 * 0.5 * (1 + np.cos(np.pi * min(1.0, (progress - warmup) / (1 - warmup)))))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cpu-minutes", type=float, default=20, help="CPU-time budget of this process")
    parser.add_argument("--wall-minutes", type=float, default=55, help="wall-time cap (the machine is shared)")
    parser.add_argument("--steps", type=int, help="a fixed number of batches instead of the time budget (reproducible)")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    t0 = time.time()
    train_images, train_texts = render("train", TRAIN_LINES, SEED)
    validation_x, validation_texts = render("validation", VALIDATION_LINES, VALIDATION_SEED)
    fixture_x, fixture_texts = render("fixture", FIXTURE_LINES, FIXTURE_SEED)
    validation_x, fixture_x = preprocess(validation_x), preprocess(fixture_x)
    print("rendered in", round(time.time() - t0, 1), "s", flush=True)
    targets = [torch.tensor([ALPHABET.index(c) + 1 for c in t]) for t in train_texts]

    model = CRNN()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    ctc = nn.CTCLoss(blank=0, zero_infinity=True)
    gen = torch.Generator().manual_seed(SEED)
    start = time.time()
    log = []
    step, total, batches = 0, 0.0, 0
    cpu_start = time.process_time()

    def progress():
        """The run's fraction done, which drives the learning rate: by steps, or by whichever budget runs out first."""
        if args.steps:
            return step / args.steps
        return max((time.process_time() - cpu_start) / (60 * args.cpu_minutes),
                   (time.time() - start) / (60 * args.wall_minutes))

    while progress() < 1:
        for b in torch.randperm(TRAIN_LINES, generator=gen).split(BATCH):
            if progress() >= 1:
                break
            for g in opt.param_groups:
                g["lr"] = learning_rate(progress())
            idx = b.tolist()
            lp = model(augment(preprocess(train_images[idx]), gen))
            tg = torch.cat([targets[i] for i in idx])
            lengths = torch.tensor([len(targets[i]) for i in idx])
            loss = ctc(lp, tg, torch.full((len(idx),), lp.shape[0], dtype=torch.long), lengths)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            step += 1
            total += loss.item()
            batches += 1
            if step % 500 == 0:
                log.append({"step": step, "loss": total / batches, "validation_seq_acc": accuracy(model, validation_x,
                            validation_texts), "seconds": round(time.time() - start, 1)})
                print(log[-1], flush=True)
                total, batches = 0.0, 0

    torch.save(model.state_dict(), os.path.join(WORK, "model.pt"))   # scratch copy beside the rendered lines
    validation_acc = accuracy(model, validation_x, validation_texts)
    model.eval()
    with torch.no_grad():
        log_probs = model(fixture_x)
    print("validation sequence accuracy", validation_acc, flush=True)
    os.makedirs(OUT, exist_ok=True)
    save_npy(os.path.join(OUT, "samples.npy"), fixture_x)
    save_npy(os.path.join(OUT, "torch_log_probs.npy"), log_probs)
    write_json(os.path.join(OUT, "labels.json"), {"labels": fixture_texts, "torch_greedy": greedy(log_probs)})
    torch.onnx.export(model, (fixture_x[:2],), os.path.join(OUT, "model.onnx"), opset_version=13,
                      input_names=["image"], output_names=["log_probs"],
                      dynamic_axes={"image": {0: "batch"}, "log_probs": {1: "batch"}})
    write_json(os.path.join(OUT, "training.json"), {
        "alphabet": ALPHABET, "seed": SEED, "validation_seed": VALIDATION_SEED, "fixture_seed": FIXTURE_SEED,
        "train_lines": TRAIN_LINES, "validation_lines": VALIDATION_LINES, "batch": BATCH, "steps": step,
        "schedule": f"fixed {args.steps} steps" if args.steps else
        f"budget {args.cpu_minutes} CPU minutes or {args.wall_minutes} wall minutes, whichever ends first",
        "training_cpu_seconds": round(time.process_time() - cpu_start, 1),
        "optimizer": "Adam, lr warm-up to 3e-3 then cosine decay, grad norm clip 5", "torch": torch.__version__,
        "threads": args.threads, "parameters": sum(p.numel() for p in model.parameters()),
        "validation_sequence_accuracy": validation_acc, "training_seconds": round(time.time() - start, 1),
        "log": log})
    print(json.dumps({"validation_acc": validation_acc}))


if __name__ == "__main__":
    main()
