#!/usr/bin/python3
"""Writes the side-by-side benchmark models into benchmarks/models/<case>/ (development time only).

Every case is one PyTorch module with seeded random weights and a seeded input, saved as:
  model.onnx          for ONNX Runtime (torch.onnx.export, opset 14)
  model.pt            TorchScript (torch.jit.trace) for libtorch
  weights.safetensors the state_dict, for Corenn's Java-built graph of the same architecture
  input.npy [, input1.npy]    the inputs, in the model's argument order
  output.npy [, output1.npy]  PyTorch's outputs for them (the reference every engine is checked against)
  meta.json           FLOPs per call, the issue targets and the roofline limit (µs) per thread count

Run with Debian's python3-torch:  /usr/bin/python3 benchmarks/tools/make_bench_models.py
The outputs (about 70 MB) are not committed (benchmarks/.gitignore); the benchmarks read them from benchmarks/models/.
"""
import json
import os
import sys

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools", "fixtures"))
from fixture_io import save_npy, save_safetensors  # noqa: E402

OUT = os.path.join(HERE, "..", "models")

# Machine limits from shared PERF-NOTES (AVX2+FMA fp32): FMA peak per core, and the best AVX2 GEMV
# time per call with the weights resident in cache (µs), which bounds one batch-1 RNN step.
PEAK_GFLOPS_PER_CORE = 94.5
GEMV_US = {  # recurrent weight matrix rows x cols -> {threads: µs}
    (1024, 256): {1: 16.0, 2: 7.0},
    (768, 256): {1: 11.0, 2: 6.0},
    (512, 128): {1: 3.0, 2: 2.0},
}
L3_GBPS, L2_GBPS = 65.0, 80.0  # streaming one core's weights from L3 / each core's half from its L2


class SeqOut(nn.Module):
    """An RNN that returns only its output sequence (what the benchmarks compare)."""

    def __init__(self, rnn):
        super().__init__()
        self.rnn = rnn

    def forward(self, x):
        return self.rnn(x)[0]


class Crnn(nn.Module):
    """1x32x128 text-line image -> 4 x (conv3x3 + relu + maxpool) -> BiLSTM 128 -> linear 37 per column."""

    def __init__(self):
        super().__init__()
        self.cnn = nn.Sequential(
            nn.Conv2d(1, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),          # 64 x 16 x 64
            nn.Conv2d(64, 128, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),        # 128 x 8 x 32
            nn.Conv2d(128, 256, 3, padding=1), nn.ReLU(), nn.MaxPool2d((2, 1)),  # 256 x 4 x 32
            nn.Conv2d(256, 256, 3, padding=1), nn.ReLU(), nn.MaxPool2d((2, 1)))  # 256 x 2 x 32
        self.rnn = nn.LSTM(512, 128, bidirectional=True)
        self.fc = nn.Linear(256, 37)

    def forward(self, x):
        f = self.cnn(x)
        b, c, h, w = f.shape
        seq = f.reshape(b, c * h, w).permute(2, 0, 1)  # (W, B, C*H): one timestep per column
        return self.fc(self.rnn(seq)[0])


class CharGruStep(nn.Module):
    """One step of a character GRU: one-hot char (96) and state h (256) -> logits (96) and new h."""

    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(96, 256)
        self.fc = nn.Linear(256, 96)

    def forward(self, x, h):
        y, h_n = self.gru(x, h)
        return self.fc(y), h_n


def small_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))


def flops_of(model, inputs):
    """Multiply-adds x 2 of every Conv2d, Linear, LSTM and GRU for these inputs."""
    total = [0]

    def conv(m, i, o):
        total[0] += 2 * o.numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]

    def linear(m, i, o):
        total[0] += 2 * o.numel() * m.in_features

    def rnn(m, i, o):
        gates = {"LSTM": 4, "GRU": 3}[m.mode]
        t, b = i[0].shape[0], i[0].shape[1]
        dirs = 2 if m.bidirectional else 1
        for layer in range(m.num_layers):
            size_in = m.input_size if layer == 0 else dirs * m.hidden_size
            total[0] += 2 * t * b * dirs * gates * m.hidden_size * (size_in + m.hidden_size)

    hooks = []
    for mod in model.modules():
        if isinstance(mod, nn.Conv2d):
            hooks.append(mod.register_forward_hook(conv))
        elif isinstance(mod, nn.Linear):
            hooks.append(mod.register_forward_hook(linear))
        elif isinstance(mod, (nn.LSTM, nn.GRU)):
            hooks.append(mod.register_forward_hook(rnn))
    with torch.no_grad():
        model(*inputs)
    for h in hooks:
        h.remove()
    return total[0]


def compute_limit_us(flops):
    """Time at the FMA peak of 1 and 2 cores."""
    return {t: flops / (PEAK_GFLOPS_PER_CORE * 1e3 * t) for t in (1, 2)}


def rnn_b1_limit_us(steps_by_matrix, flops_ih):
    """Batch-1 RNN floor: one cached GEMV per recurrent step, plus the input projection at FMA peak."""
    limit = {}
    for t in (1, 2):
        steps = sum(GEMV_US[shape][t] * n for shape, n in steps_by_matrix)
        limit[t] = steps + flops_ih / (PEAK_GFLOPS_PER_CORE * 1e3 * t)
    return limit


def bytes_limit_us(nbytes, flops):
    """Streaming nbytes (L3 on 1 core, each core's half from its L2 on 2) or the FMA peak, whichever is slower."""
    return {1: max(nbytes / (L3_GBPS * 1e3), flops / (PEAK_GFLOPS_PER_CORE * 1e3)),
            2: max(nbytes / (2 * L2_GBPS * 1e3), flops / (2 * PEAK_GFLOPS_PER_CORE * 1e3))}


def cases():
    """(name, module, inputs, targets {threads: µs} from issues 3/4, limit {threads: µs}, what bounds it)."""
    g = torch.Generator().manual_seed(7)

    def rand(*shape):
        return torch.rand(*shape, generator=g) * 2 - 1

    lstm = SeqOut(nn.LSTM(128, 256))
    gru = SeqOut(nn.GRU(128, 256))
    bilstm = SeqOut(nn.LSTM(64, 128, num_layers=2, bidirectional=True))
    cnn = small_cnn()
    onehot = torch.zeros(1, 1, 96)
    onehot[0, 0, 42] = 1
    ih_lstm = 2 * 100 * 1024 * 128
    ih_gru = 2 * 100 * 768 * 128
    ih_bilstm = 2 * 50 * 2 * 512 * (64 + 256)
    yield ("lstm-b1", lstm, [rand(100, 1, 128)], {1: 1800, 2: 900},
           rnn_b1_limit_us([((1024, 256), 100)], ih_lstm), "bandwidth")
    yield ("lstm-b32", lstm, [rand(100, 32, 128)], {1: 30000}, None, "compute")
    yield ("gru-b1", gru, [rand(100, 1, 128)], {1: 1500, 2: 800},
           rnn_b1_limit_us([((768, 256), 100)], ih_gru), "bandwidth")
    yield ("gru-b32", gru, [rand(100, 32, 128)], {}, None, "compute")
    yield ("bilstm2-b1", bilstm, [rand(50, 1, 64)], {1: 800},
           rnn_b1_limit_us([((512, 128), 200)], ih_bilstm), "bandwidth")
    yield ("conv3x3-64-56", nn.Sequential(nn.Conv2d(64, 64, 3, padding=1)), [rand(1, 64, 56, 56)], {1: 2000},
           None, "compute")
    conv1x1_flops = 2 * 64 * 56 * 56 * 256
    yield ("conv1x1-256-56", nn.Sequential(nn.Conv2d(256, 64, 1)), [rand(1, 256, 56, 56)],
           {1: conv1x1_flops / (0.85 * PEAK_GFLOPS_PER_CORE * 1e3)}, None, "compute")
    yield ("dwconv3x3-128-28", nn.Sequential(nn.Conv2d(128, 128, 3, padding=1, groups=128)), [rand(1, 128, 28, 28)],
           {1: 50}, bytes_limit_us(2 * 128 * 28 * 28 * 4, 2 * 128 * 28 * 28 * 9), "bandwidth")
    yield ("crnn-b1", Crnn(), [rand(1, 1, 32, 128)], {}, None, "compute")
    yield ("cnn28-b1", cnn, [rand(1, 1, 28, 28)], {}, None, "compute")
    yield ("cnn28-b64", cnn, [rand(64, 1, 28, 28)], {}, None, "compute")
    step = CharGruStep()
    step_bytes = 4 * (768 * (96 + 256) + 96 * 256)
    yield ("chargru-step", step, [onehot, rand(1, 1, 256) * 0.5], {},
           bytes_limit_us(step_bytes, 2 * step_bytes / 4), "bandwidth")


def export(name, model, inputs, targets, limit, bound):
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    model.eval()
    with torch.no_grad():
        out = model(*inputs)
    outs = list(out) if isinstance(out, tuple) else [out]
    in_names = ["input"] + ["input%d" % i for i in range(1, len(inputs))]
    out_names = ["output"] + ["output%d" % i for i in range(1, len(outs))]
    torch.onnx.export(model, tuple(inputs), os.path.join(d, "model.onnx"), opset_version=14,
                      input_names=in_names, output_names=out_names, do_constant_folding=True)
    with torch.no_grad():
        torch.jit.trace(model, tuple(inputs)).save(os.path.join(d, "model.pt"))
    save_safetensors(os.path.join(d, "weights.safetensors"), model.state_dict())
    for n, t in zip(in_names, inputs):
        save_npy(os.path.join(d, n + ".npy"), t)
    for n, t in zip(out_names, outs):
        save_npy(os.path.join(d, n + ".npy"), t)
    flops = flops_of(model, inputs)
    meta = {
        "flops": flops,
        "bound": bound,
        "targets_us": {str(k): round(v, 1) for k, v in targets.items()},
        "limit_us": {str(k): round(v, 1) for k, v in (limit or compute_limit_us(flops)).items()},
        "inputs": [list(t.shape) for t in inputs],
        "outputs": [list(t.shape) for t in outs],
        "torch": torch.__version__,
    }
    with open(os.path.join(d, "meta.json"), "w") as f:
        json.dump(meta, f, indent=2, sort_keys=True)
        f.write("\n")
    print("%-18s %8.1f MFLOP  in %s  out %s" % (name, flops / 1e6, meta["inputs"], meta["outputs"]))


def main():
    torch.manual_seed(1234)
    torch.set_num_threads(1)
    for case in cases():
        export(*case)


if __name__ == "__main__":
    main()
