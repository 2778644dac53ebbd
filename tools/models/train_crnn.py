#!/usr/bin/python3
"""Train the bundled CRNN digit-line recogniser with CTC and export it (development-time; CI never runs this).

    /usr/bin/python3 tools/models/train_crnn.py

Data: synthetic text lines rendered with PIL (Debian python3-pil) in the DejaVu fonts of Debian's
fonts-dejavu-core (/usr/share/fonts/truetype/dejavu): 3 to 5 random digits, one of 8 faces (Sans, Sans Bold,
Sans Mono, Sans Mono Bold, Serif, Serif Bold, Sans Condensed, Sans Oblique), size 12-14 px, random ink grey
level, horizontal/vertical shift, Gaussian pixel noise. Image 16 x 64, preprocessed as x = 1 - pixel/255
(ink 1, paper 0) plus noise N(0, 0.05^2).

Model: conv3x3(1->16)/ReLU/maxpool2 -> conv3x3(16->32)/BN/ReLU/maxpool(2,1) -> columns [32, N, 32*4]
-> BiLSTM(128 -> 2x48) -> linear(96 -> 11) -> log-softmax. Output `log_probs`
[T=32, N, 11], class 0 = CTC blank, class k = digit k-1. Trained with nn.CTCLoss.

Writes models/crnn/: model.onnx (opset 13, input `image` [N, 1, 16, 64]), samples.npy [64, 1, 16, 64] (a fresh
test set, seed TEST_SEED), labels.json (their digit strings; also labels.npy, int64 [64, 6]
digits padded with -1), torch_log_probs.npy [32, 64, 11], training.json.
"""
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
from PIL import Image, ImageDraw, ImageFont

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools", "fixtures"))
from fixture_io import save_npy, write_json  # noqa: E402

OUT = os.path.join(ROOT, "models", "crnn")
FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FACES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf", "DejaVuSerif.ttf",
         "DejaVuSerif-Bold.ttf", "DejaVuSansCondensed.ttf", "DejaVuSans-Oblique.ttf"]
H, W, CLASSES = 16, 64, 11
SEED, TEST_SEED = 20261126, 777
TRAIN_IMAGES = 6000
TIME_BUDGET_S = 330


def render(rng, fonts):
    """One random digit line -> (float32 [16, 64] preprocessed image, digit string)."""
    text = "".join(str(d) for d in rng.integers(0, 10, rng.integers(3, 6)))
    size = int(rng.integers(12, 15))
    font = fonts[(int(rng.integers(len(FACES))), size)]
    left, top, right, bottom = font.getbbox(text)
    img = Image.new("L", (W, H), 255)
    draw = ImageDraw.Draw(img)
    x = int(rng.integers(0, max(1, W - (right - left) - 1))) - left
    y = (H - (bottom - top)) // 2 - top + int(rng.integers(-1, 2))
    draw.text((x, y), text, fill=int(rng.integers(0, 90)), font=font)
    a = 1.0 - np.asarray(img, dtype=np.float32) / 255.0
    a += rng.normal(0, 0.05, a.shape).astype(np.float32)
    return a, text


def dataset(n, seed, fonts):
    rng = np.random.default_rng(seed)
    images = np.zeros((n, 1, H, W), np.float32)
    texts = []
    for i in range(n):
        images[i, 0], t = render(rng, fonts)
        texts.append(t)
    return torch.from_numpy(images), texts


class CRNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d((2, 1)))
        self.rnn = nn.LSTM(32 * 4, 48, bidirectional=True)
        self.fc = nn.Linear(96, CLASSES)

    def forward(self, image):
        f = self.features(image)                          # [N, 32, 4, 32]
        n, c, h, w = f.shape
        seq = f.permute(3, 0, 1, 2).reshape(w, n, c * h)  # [T=32, N, 128]
        y, _ = self.rnn(seq)
        return torch.log_softmax(self.fc(y), dim=2)       # [T=32, N, 11]


def greedy(log_probs):
    """[T, N, C] -> list of strings: best class per step, merge repeats, drop blanks."""
    best = log_probs.argmax(2).T.tolist()
    out = []
    for row in best:
        s, prev = "", 0
        for k in row:
            if k != prev and k != 0:
                s += str(k - 1)
            prev = k
        out.append(s)
    return out


def main():
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    fonts = {(f, s): ImageFont.truetype(os.path.join(FONT_DIR, FACES[f]), s) for f in range(len(FACES)) for s in range(12, 15)}
    t0 = time.time()
    xtr, ttr = dataset(TRAIN_IMAGES, SEED, fonts)
    xte, tte = dataset(512, TEST_SEED, fonts)
    print("rendered in", round(time.time() - t0, 1), "s", flush=True)
    targets = [torch.tensor([int(c) + 1 for c in t]) for t in ttr]
    model = CRNN()
    opt = torch.optim.Adam(model.parameters(), lr=5e-3)
    ctc = nn.CTCLoss(blank=0, zero_infinity=True)
    gen = torch.Generator().manual_seed(SEED)
    start = time.time()
    log = []
    epoch = 0
    while time.time() - start < TIME_BUDGET_S:
        epoch += 1
        model.train()
        perm = torch.randperm(TRAIN_IMAGES, generator=gen).tolist()
        total, batches = 0.0, 0
        for b in range(0, TRAIN_IMAGES, 32):
            idx = perm[b:b + 32]
            lp = model(xtr[idx])
            tg = torch.cat([targets[i] for i in idx])
            lengths = torch.tensor([len(targets[i]) for i in idx])
            loss = ctc(lp, tg, torch.full((len(idx),), lp.shape[0], dtype=torch.long), lengths)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()
            batches += 1
            if time.time() - start > TIME_BUDGET_S:
                break
        model.eval()
        with torch.no_grad():
            acc = np.mean([p == t for p, t in zip(greedy(model(xte)), tte)])
        log.append({"epoch": epoch, "batches": batches, "loss": total / batches, "test_seq_acc": float(acc),
                    "seconds": round(time.time() - start, 1)})
        print(log[-1], flush=True)
        if epoch == 3:
            for g in opt.param_groups:
                g["lr"] = 1e-3
    model.eval()
    with torch.no_grad():
        test_acc = float(np.mean([p == t for p, t in zip(greedy(model(xte)), tte)]))
        samples = xte[:64].contiguous()
        log_probs = model(samples)
    bundled_acc = float(np.mean([p == t for p, t in zip(greedy(log_probs), tte[:64])]))
    print("test sequence accuracy", test_acc, "bundled", bundled_acc, flush=True)
    os.makedirs(OUT, exist_ok=True)
    save_npy(os.path.join(OUT, "samples.npy"), samples)
    save_npy(os.path.join(OUT, "torch_log_probs.npy"), log_probs)
    save_npy(os.path.join(OUT, "labels.npy"), np.array([[int(c) for c in t] + [-1] * (6 - len(t)) for t in tte[:64]]))
    write_json(os.path.join(OUT, "labels.json"), {"labels": tte[:64], "torch_greedy": greedy(log_probs)})
    torch.onnx.export(model, (samples[:2],), os.path.join(OUT, "model.onnx"), opset_version=13,
                      input_names=["image"], output_names=["log_probs"],
                      dynamic_axes={"image": {0: "batch"}, "log_probs": {1: "batch"}})
    write_json(os.path.join(OUT, "training.json"), {
        "seed": SEED, "test_seed": TEST_SEED, "train_images": TRAIN_IMAGES, "batch": 32,
        "optimizer": "Adam lr 5e-3, 1e-3 from epoch 4", "torch": torch.__version__, "threads": 1,
        "test_images": len(tte), "test_sequence_accuracy": test_acc, "bundled_sequence_accuracy": bundled_acc,
        "epochs": log})
    print(json.dumps({"test_acc": test_acc, "bundled": bundled_acc}))


if __name__ == "__main__":
    main()
