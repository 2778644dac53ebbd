#!/usr/bin/python3
"""Train the bundled LSTM forecaster on a synthetic series and export it (development-time; CI never runs this).

    /usr/bin/python3 tools/models/train_forecast.py [--out DIR]

The series (float32, one value per step t = 0..7999, seed SEED):

    y(t) = sin(2 pi t / 24) + 0.5 sin(2 pi t / 60 + 1) + 0.3 sin(2 pi t / 7.3) + 0.001 t + e(t),  e(t) ~ N(0, 0.1^2)

i.e. a "daily" season (24 steps), a slower one (60 steps), a fast ripple (7.3 steps), a linear trend and white
noise. Steps 0..5999 train, 6000..7999 test. The model sees 48 steps and predicts the next 12. It works relative
to the last observed value (subtracted from the window and added back to the forecast inside the model), so the
trend never pushes inputs outside the range seen in training.

Writes models/forecast/: model.onnx (opset 13, input `window` [N, 48, 1] -> `forecast` [N, 12]), samples.npy
(32 test windows), targets.npy (their true next 12 steps), torch_forecast.npy (PyTorch's outputs), series.npy
(the test part of the series), training.json.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools", "fixtures"))
from fixture_io import save_npy, write_json  # noqa: E402

OUT = os.path.join(ROOT, "models", "forecast")
SEED = 20261126
WINDOW, HORIZON, HIDDEN = 48, 12, 48
LENGTH, SPLIT = 8000, 6000
TIME_BUDGET_S = 330


def make_series(seed=SEED, length=LENGTH):
    t = np.arange(length, dtype=np.float64)
    rng = np.random.default_rng(seed)
    y = (np.sin(2 * np.pi * t / 24) + 0.5 * np.sin(2 * np.pi * t / 60 + 1) + 0.3 * np.sin(2 * np.pi * t / 7.3)
         + 0.001 * t + rng.normal(0, 0.1, length))
    return y.astype(np.float32)


def windows(y):
    n = len(y) - WINDOW - HORIZON + 1
    idx = np.arange(n)[:, None]
    x = y[idx + np.arange(WINDOW)][:, :, None]
    target = y[idx + WINDOW + np.arange(HORIZON)]
    return x, target


class Forecaster(nn.Module):
    """window [N, 48, 1] -> LSTM(1 -> 48) -> last hidden -> linear(48 -> 12) + last value -> forecast [N, 12]."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(1, HIDDEN, batch_first=True)
        self.head = nn.Linear(HIDDEN, HORIZON)

    def forward(self, window):
        last = window[:, -1:, :]                     # [N, 1, 1]
        y, _ = self.lstm(window - last)
        return self.head(y[:, -1, :]) + last[:, :, 0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=OUT, help="output folder (default: models/forecast)")
    out = parser.parse_args().out
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    series = make_series()
    xtr, ytr = windows(series[:SPLIT])
    xte, yte = windows(series[SPLIT:])
    xtr, ytr, xte, yte = map(torch.from_numpy, (xtr, ytr, xte, yte))
    model = Forecaster()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=8, gamma=0.5)
    gen = torch.Generator().manual_seed(SEED)
    start = time.time()
    log = []
    for epoch in range(30):
        model.train()
        perm = torch.randperm(len(xtr), generator=gen)
        total = 0.0
        for b in range(0, len(perm), 64):
            i = perm[b:b + 64]
            loss = nn.functional.mse_loss(model(xtr[i]), ytr[i])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(i)
        sched.step()
        model.eval()
        with torch.no_grad():
            mae = (model(xte) - yte).abs().mean().item()
        log.append({"epoch": epoch + 1, "train_mse": total / len(xtr), "test_mae": mae, "seconds": time.time() - start})
        print(log[-1], flush=True)
        if time.time() - start > TIME_BUDGET_S:
            break
    model.eval()
    with torch.no_grad():
        pred = model(xte)
    naive = xte[:, -1, :].expand(-1, HORIZON)
    result = {
        "test_windows": len(xte),
        "model_mae": (pred - yte).abs().mean().item(),
        "last_value_mae": (naive - yte).abs().mean().item(),
        "model_mae_per_step": (pred - yte).abs().mean(0).tolist(),
    }
    print(result)
    # 32 bundled test windows spread over the test part
    pick = torch.arange(0, len(xte), len(xte) // 32)[:32]
    samples, targets = xte[pick].contiguous(), yte[pick].contiguous()
    with torch.no_grad():
        torch_forecast = model(samples)
    os.makedirs(out, exist_ok=True)
    save_npy(os.path.join(out, "samples.npy"), samples)
    save_npy(os.path.join(out, "targets.npy"), targets)
    save_npy(os.path.join(out, "torch_forecast.npy"), torch_forecast)
    save_npy(os.path.join(out, "sample_starts.npy"), pick + SPLIT)
    sample_naive = samples[:, -1, :].expand(-1, HORIZON)
    result["bundled_model_mae"] = (torch_forecast - targets).abs().mean().item()
    result["bundled_last_value_mae"] = (sample_naive - targets).abs().mean().item()
    torch.onnx.export(model, (samples[:2],), os.path.join(out, "model.onnx"), opset_version=13,
                      input_names=["window"], output_names=["forecast"],
                      dynamic_axes={"window": {0: "batch"}, "forecast": {0: "batch"}})
    write_json(os.path.join(out, "training.json"), {
        "seed": SEED, "window": WINDOW, "horizon": HORIZON, "hidden": HIDDEN, "optimizer": "Adam lr 3e-3, halved every 8 epochs",
        "batch": 64, "torch": torch.__version__, "threads": 1, "epochs": log, "result": result})
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
