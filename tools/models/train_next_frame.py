#!/usr/bin/python3
"""Train the bundled ConvLSTM next-frame predictor on Moving-Fashion-MNIST (development-time; CI never runs this).

    nice -n 10 /usr/bin/python3 tools/models/train_next_frame.py [--steps N] [--out DIR]
    /usr/bin/python3 tools/models/train_next_frame.py --export-only     # re-export from <out>/model.safetensors

Data (Moving-MNIST style, generated on the fly from Debian's dataset-fashion-mnist): every Fashion-MNIST image is
shrunk from 28x28 to 14x14 by averaging 2x2 blocks (uint8, (a+b+c+d+2)//4). A sequence puts 2 such items on a black
32x32 canvas at uniform random positions in [0, 18]^2, each moving in a uniform random direction at a uniform
speed of 1 to 2.5 pixels per frame and bouncing off the borders (position p outside [0, 18] becomes -p or
36 - p and that velocity component flips). Each frame draws every item at its rounded position (floor(p + 0.5))
and keeps the brighter pixel where they overlap; pixel values are uint8 / 255. Training sequences use the 60,000
training images, evaluation and the bundled samples the 10,000 test images. The Java demo and test
(org.corenn.demo.MovingFashionMnist) implement the same generator.

Model (NextFramePredictor below), frames (T, B, 1, 32, 32) in [0, 1]:
    pixel_unshuffle(2) -> (T, B, 4, 16, 16) -> ConvLSTM(4 -> HIDDEN, KERNEL x KERNEL) -> h_t
    -> conv HEAD_KERNEL x HEAD_KERNEL (HIDDEN -> 4) -> sigmoid -> pixel_shuffle(2) -> (T, B, 1, 32, 32)
Output t predicts frame t + 1. The ConvLSTM is ConvLSTM2dRef from tools/fixtures/make_kernel_fixtures.py, the
definition Corenn's ConvLstm2d is tested against (gates i, f, g, o; one conv over [x_t, h_{t-1}]). Training
sequences have 11 frames; the model reads frames 1..10 and the loss is the binary cross-entropy of its
predictions of frames 3..11 (each made after at least two frames, so the motion is visible). Corenn runs 10
input frames and uses the last output only (h_10 -> head).

Writes models/next_frame/: model.safetensors (state_dict: convlstm.conv.weight/bias, head.weight/bias),
samples.npy (8 test sequences of 10 + ROLLOUT frames, uint8), torch_rollout.npy (PyTorch's predictions of frames
11 .. 10 + ROLLOUT, computed in float64: frame 11 from the 10 input frames, each later one from the last 10 frames
including its own earlier predictions), items.npy (64 shrunk test
items for the demo's own sequences), training.json and README.md.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools", "fixtures"))
sys.path.insert(0, os.path.join(ROOT, "tools", "models"))
from fixture_io import read_safetensors, save_npy, save_safetensors, write_json  # noqa: E402
from make_kernel_fixtures import ConvLSTM2dRef  # noqa: E402
from train_fashion_mnist import read_idx  # noqa: E402

SCRIPT = "tools/models/train_next_frame.py"
OUT = os.path.join(ROOT, "models", "next_frame")
SEED = 20261126
CANVAS, ITEM, ITEMS_PER_SEQUENCE = 32, 14, 2
SPEED_MIN, SPEED_MAX = 1.0, 2.5
INPUT_FRAMES, ROLLOUT = 10, 3
HIDDEN, KERNEL, HEAD_KERNEL = 16, 5, 3
BATCH, LR = 32, 2e-3
SAMPLES, EVAL_SEQUENCES, DEMO_ITEMS = 8, 1024, 64


def shrink(images):
    """uint8 [N, 28, 28] -> [N, 14, 14]: the rounded mean of each 2x2 block."""
    blocks = images.astype(np.int32).reshape(-1, ITEM, 2, ITEM, 2).sum(axis=(2, 4))
    return ((blocks + 2) // 4).astype(np.uint8)


def make_sequences(items, count, frames, rng):
    """uint8 [count, frames, 32, 32]: ITEMS_PER_SEQUENCE random items moving and bouncing (see the module doc)."""
    out = np.zeros((count, frames, CANVAS, CANVAS), np.uint8)
    limit = CANVAS - ITEM
    for s in range(count):
        for _ in range(ITEMS_PER_SEQUENCE):
            item = items[rng.integers(len(items))]
            pos = rng.uniform(0, limit, 2)
            angle = rng.uniform(0, 2 * math.pi)
            speed = rng.uniform(SPEED_MIN, SPEED_MAX)
            vel = np.array([speed * math.sin(angle), speed * math.cos(angle)])  # (row, column)
            for t in range(frames):
                r, c = (int(math.floor(p + 0.5)) for p in pos)
                view = out[s, t, r:r + ITEM, c:c + ITEM]
                np.maximum(view, item, out=view)
                pos = pos + vel
                for k in range(2):
                    if pos[k] < 0:
                        pos[k], vel[k] = -pos[k], -vel[k]
                    elif pos[k] > limit:
                        pos[k], vel[k] = 2 * limit - pos[k], -vel[k]
    return out


class NextFramePredictor(nn.Module):
    def __init__(self):
        super().__init__()
        self.convlstm = ConvLSTM2dRef(4, HIDDEN, KERNEL)
        self.head = nn.Conv2d(HIDDEN, 4, HEAD_KERNEL, padding=HEAD_KERNEL // 2)

    def forward(self, frames):
        """frames (T, B, 1, 32, 32) -> (T, B, 1, 32, 32); output t predicts frame t + 1."""
        t, b = frames.shape[:2]
        x = F.pixel_unshuffle(frames.flatten(0, 1), 2).unflatten(0, (t, b))
        y, _ = self.convlstm(x)
        p = torch.sigmoid(self.head(y.flatten(0, 1)))
        return F.pixel_shuffle(p, 2).unflatten(0, (t, b))

    def next_frame(self, frames):
        return self(frames)[-1]


def to_frames(u8):
    """uint8 [N, T, 32, 32] -> float (T, N, 1, 32, 32) in [0, 1]."""
    return torch.from_numpy(u8).float().div(255).permute(1, 0, 2, 3).unsqueeze(2).contiguous()


def rollout(model, frames, steps):
    """Autoregressive: predict, slide the 10-frame window over the prediction, repeat. (steps, B, 1, 32, 32)."""
    window, preds = frames, []
    for _ in range(steps):
        p = model.next_frame(window)
        preds.append(p)
        window = torch.cat([window[1:], p.unsqueeze(0)], 0)
    return torch.stack(preds, 0)


def evaluate(model, frames):
    """MSE of the model's frame-11 prediction and of copying frame 10, over all pixels."""
    with torch.no_grad():
        pred = torch.cat([model.next_frame(frames[:INPUT_FRAMES, i:i + 128]) for i in range(0, frames.shape[1], 128)],
                         0)
    truth, last = frames[INPUT_FRAMES], frames[INPUT_FRAMES - 1]
    return F.mse_loss(pred, truth).item(), F.mse_loss(last, truth).item()


def train(args, train_items, eval_frames):
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    model = NextFramePredictor()
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    log, start = [], time.time()
    for step in range(1, args.steps + 1):
        for group in opt.param_groups:  # cosine decay to 5% of LR
            group["lr"] = LR * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * (step - 1) / args.steps)))
        frames = to_frames(make_sequences(train_items, BATCH, INPUT_FRAMES + 1, rng))
        pred = model(frames[:-1])
        loss = F.binary_cross_entropy(pred[1:], frames[2:])
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % args.eval_every == 0 or step == args.steps:
            model_mse, copy_mse = evaluate(model, eval_frames)
            log.append({"step": step, "train_bce": loss.item(), "eval_mse": model_mse, "eval_copy_last_mse": copy_mse,
                        "seconds": round(time.time() - start, 1)})
            print(log[-1], flush=True)
            save_safetensors(os.path.join(args.out, "model.safetensors"), model.state_dict())  # a checkpoint
    return {"steps": args.steps, "batch": BATCH, "log": log, "train_seconds": round(time.time() - start, 1)}


def export(args, test_items, eval_frames, training):
    model = NextFramePredictor()
    state = read_safetensors(os.path.join(args.out, "model.safetensors"))
    model.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in state.items()})
    model.eval()
    model_mse, copy_mse = evaluate(model, eval_frames)
    samples = make_sequences(test_items, SAMPLES, INPUT_FRAMES + ROLLOUT, np.random.default_rng(SEED + 2))
    frames = to_frames(samples).double()
    reference = model.double()  # float64 references, so the comparison measures Corenn's float32 error only
    with torch.no_grad():
        rolled = rollout(reference, frames[:INPUT_FRAMES], ROLLOUT)  # [0] is the prediction of frame 11
    np.save(os.path.join(args.out, "samples.npy"), samples)
    save_npy(os.path.join(args.out, "torch_rollout.npy"), rolled[:, :, 0].transpose(0, 1))  # [8, ROLLOUT, 32, 32]
    demo_items = test_items[np.random.default_rng(SEED + 3).choice(len(test_items), DEMO_ITEMS, replace=False)]
    np.save(os.path.join(args.out, "items.npy"), demo_items)
    rollout_mse = [F.mse_loss(rolled[k], frames[INPUT_FRAMES + k]).item() for k in range(ROLLOUT)]
    copy_rollout_mse = [F.mse_loss(frames[INPUT_FRAMES - 1], frames[INPUT_FRAMES + k]).item() for k in range(ROLLOUT)]
    result = {"eval_sequences": eval_frames.shape[1], "eval_mse": model_mse, "eval_copy_last_mse": copy_mse,
              "eval_ratio": model_mse / copy_mse, "samples_rollout_mse": rollout_mse,
              "samples_copy_last_rollout_mse": copy_rollout_mse}
    training = dict(training, result=result, seed=SEED, torch=torch.__version__, threads=1, hidden=HIDDEN,
                    kernel=KERNEL, head_kernel=HEAD_KERNEL, lr=LR, optimizer="Adam, cosine decay to 5%",
                    loss="BCE of the predictions of frames 3..11 of training sequences of 11 frames (input frames 1..10)",
                    data={"canvas": CANVAS, "item": ITEM, "items_per_sequence": ITEMS_PER_SEQUENCE,
                          "speed": [SPEED_MIN, SPEED_MAX], "input_frames": INPUT_FRAMES})
    write_json(os.path.join(args.out, "training.json"), training)
    print(json.dumps(result, indent=1))
    return training


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--eval-every", type=int, default=250)
    ap.add_argument("--out", default=OUT, help="output folder (default models/next_frame)")
    ap.add_argument("--export-only", action="store_true", help="skip training; export from <out>/model.safetensors")
    args = ap.parse_args()
    torch.set_num_threads(1)
    os.makedirs(args.out, exist_ok=True)
    train_items = shrink(read_idx(os.path.join(args.data, "train-images-idx3-ubyte.gz")))
    test_items = shrink(read_idx(os.path.join(args.data, "t10k-images-idx3-ubyte.gz")))
    eval_frames = to_frames(make_sequences(test_items, EVAL_SEQUENCES, INPUT_FRAMES + 1, np.random.default_rng(SEED + 1)))
    if args.export_only:
        with open(os.path.join(args.out, "training.json")) as f:
            training = {k: v for k, v in json.load(f).items() if k in ("steps", "batch", "log", "train_seconds")}
    else:
        training = train(args, train_items, eval_frames)
    export(args, test_items, eval_frames, training)


if __name__ == "__main__":
    main()
