#!/usr/bin/python3
"""Writes the side-by-side benchmark models into benchmarks/models/<case>/ (development time only).

Every case is one PyTorch module with seeded random weights and a seeded input, saved as:
  model.onnx          for ONNX Runtime (torch.onnx.export, opset 14)
  model.pt            TorchScript (torch.jit.trace) for libtorch
  weights.safetensors the state_dict, for Corenn's Java-built graph of the same architecture
  input.npy [, input1.npy]    the inputs, in the model's argument order
  output.npy [, output1.npy]  PyTorch's outputs for them (the reference every engine is checked against)
  meta.json           FLOPs per call, the issue targets, the roofline limit (µs) per thread count and,
                      for batch-1 recurrent work, the weight bytes streamed per call and their GB/s limit
Cases that no peer can run (ConvLSTM: no ONNX or TorchScript op) get no model.onnx / model.pt.

Run with Debian's python3-torch:
  /usr/bin/python3 benchmarks/tools/make_bench_models.py                # every case
  /usr/bin/python3 benchmarks/tools/make_bench_models.py NAME...        # only these cases
  /usr/bin/python3 benchmarks/tools/make_bench_models.py --meta-only    # rewrite meta.json only
Every case's weights and inputs are the same whichever cases are written (the generators run through
all of them). The outputs (about 450 MB, most of it the batch-32 conv inputs) are not committed
(benchmarks/.gitignore); the benchmarks read them from benchmarks/models/.
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
from make_kernel_fixtures import ConvLSTM2dRef  # noqa: E402

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
DRAM_GBPS = 19.0               # best DRAM triad (both cores together)
L2_BYTES = 512 * 1024          # per core
L3_BYTES = 16 * 1024 * 1024    # what one tenant can count on keeping in the shared 32 MiB L3


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


class LstmStep(nn.Module):
    """One decoder step: x (1, 1, 1024) and the states h, c -> output and the new h, c."""

    def __init__(self, size):
        super().__init__()
        self.rnn = nn.LSTM(size, size)

    def forward(self, x, h, c):
        y, (h_n, c_n) = self.rnn(x, (h, c))
        return y, h_n, c_n


class ConvLstmSeq(nn.Module):
    """A ConvLSTM (the fixtures' reference, Shi et al. 2015) that returns only its output sequence."""

    def __init__(self, cin, ch, k):
        super().__init__()
        self.rnn = ConvLSTM2dRef(cin, ch, k)

    def forward(self, x):
        return self.rnn(x)[0]


def small_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))


def flops_of(model, inputs):
    """Multiply-adds x 2 of every Conv2d, Linear, LSTM and GRU for these inputs."""
    total = [0]

    def conv(m, i, o):  # Conv1d and Conv2d
        total[0] += 2 * o.numel() * (m.in_channels // m.groups) * int(np.prod(m.kernel_size))

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
        if isinstance(mod, (nn.Conv1d, nn.Conv2d)):
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


def bytes_limit_us(nbytes, flops):
    """Streaming nbytes (L3 on 1 core, each core's half from its L2 on 2) or the FMA peak, whichever is slower."""
    return {1: max(nbytes / (L3_GBPS * 1e3), flops / (PEAK_GFLOPS_PER_CORE * 1e3)),
            2: max(nbytes / (2 * L2_GBPS * 1e3), flops / (2 * PEAK_GFLOPS_PER_CORE * 1e3))}


def stream_gbps(matrix_bytes):
    """{threads: GB/s} for streaming one weight matrix once per step, each thread its share of the rows,
    from the level that can hold a thread's share: its L2, the shared L3, or DRAM (shared by both)."""
    rates = {}
    for t in (1, 2):
        share = matrix_bytes / t
        if share <= L2_BYTES and t == 2:
            rates[t] = t * L2_GBPS
        elif matrix_bytes <= L3_BYTES:
            rates[t] = t * L3_GBPS
        else:
            rates[t] = DRAM_GBPS
    return rates


def weight_stream(bytes_per_call, gbps):
    """meta.json's record of a batch-1 recurrent case's weight traffic: bytes per call and the GB/s limit."""
    return {"bytes_per_call": bytes_per_call, "limit_gbps": {t: round(v, 1) for t, v in gbps.items()}}


def gemv_gbps(shape):
    """The GB/s of the measured cached GEMV (GEMV_US) for a rows x cols matrix."""
    return {t: 4 * shape[0] * shape[1] / (us * 1e3) for t, us in GEMV_US[shape].items()}


def case(name, module, inputs, targets=None, limit=None, bound="compute", stream=None, peers=True):
    """One case: targets {threads: µs} from issues 3/4, limit {threads: µs} (default: FLOPs at FMA peak),
    what bounds it, weight_stream(...) for batch-1 recurrent work, whether the peers can run it."""
    return dict(name=name, model=module, inputs=inputs, targets=targets or {}, limit=limit, bound=bound,
                stream=stream, peers=peers)


def rnn_stream_case(name, module, inputs, matrix_shape, steps, flops_ih, targets=None):
    """A batch-1 recurrent case bounded by streaming its recurrent matrix (rows x cols) once per step, plus
    the input projection at FMA peak (for a single step, the input weights are streamed as well)."""
    matrix_bytes = 4 * matrix_shape[0] * matrix_shape[1]
    gbps = gemv_gbps(matrix_shape) if matrix_shape in GEMV_US else stream_gbps(matrix_bytes)
    limit = {t: steps * matrix_bytes / (gbps[t] * 1e3) + flops_ih / (PEAK_GFLOPS_PER_CORE * 1e3 * t) for t in (1, 2)}
    return case(name, module, inputs, targets, limit, "bandwidth", weight_stream(steps * matrix_bytes, gbps))


def cases():
    """Every case, in table order. The seeds make each case's weights and inputs independent of which
    cases are exported (export itself draws no random numbers)."""
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
    yield rnn_stream_case("lstm-b1", lstm, [rand(100, 1, 128)], (1024, 256), 100, ih_lstm, {1: 1800, 2: 900})
    yield case("lstm-b32", lstm, [rand(100, 32, 128)], {1: 30000})
    yield rnn_stream_case("gru-b1", gru, [rand(100, 1, 128)], (768, 256), 100, ih_gru, {1: 1500, 2: 800})
    yield case("gru-b32", gru, [rand(100, 32, 128)])
    # 2 layers x 2 directions x 50 steps of a 512 x 128 recurrent matrix
    yield rnn_stream_case("bilstm2-b1", bilstm, [rand(50, 1, 64)], (512, 128), 200, ih_bilstm, {1: 800})
    yield case("conv3x3-64-56", nn.Sequential(nn.Conv2d(64, 64, 3, padding=1)), [rand(1, 64, 56, 56)], {1: 2000})
    conv1x1_flops = 2 * 64 * 56 * 56 * 256
    yield case("conv1x1-256-56", nn.Sequential(nn.Conv2d(256, 64, 1)), [rand(1, 256, 56, 56)],
               {1: conv1x1_flops / (0.85 * PEAK_GFLOPS_PER_CORE * 1e3)})
    yield case("dwconv3x3-128-28", nn.Sequential(nn.Conv2d(128, 128, 3, padding=1, groups=128)),
               [rand(1, 128, 28, 28)], {1: 50}, bytes_limit_us(2 * 128 * 28 * 28 * 4, 2 * 128 * 28 * 28 * 9),
               "bandwidth")
    yield case("crnn-b1", Crnn(), [rand(1, 1, 32, 128)])
    yield case("cnn28-b1", cnn, [rand(1, 1, 28, 28)])
    yield case("cnn28-b64", cnn, [rand(64, 1, 28, 28)])
    step = CharGruStep()
    step_bytes = 4 * (768 * (96 + 256) + 96 * 256)
    yield case("chargru-step", step, [onehot, rand(1, 1, 256) * 0.5], limit=bytes_limit_us(step_bytes, 2 * step_bytes / 4),
               bound="bandwidth", stream=weight_stream(step_bytes, {1: L3_GBPS, 2: 2 * L2_GBPS}))

    # Issue 3/4 rows added later: own seeds, so the cases above are unchanged.
    g2 = torch.Generator().manual_seed(11)

    def rand2(*shape):
        return torch.rand(*shape, generator=g2) * 2 - 1

    torch.manual_seed(101)
    conv3x3 = nn.Sequential(nn.Conv2d(64, 64, 3, padding=1))
    conv1x1 = nn.Sequential(nn.Conv2d(256, 64, 1))
    first = nn.Sequential(nn.Conv2d(3, 32, 3, stride=2, padding=1))
    conv1d = nn.Sequential(nn.Conv1d(64, 64, 3, padding=1))
    decoder = LstmStep(1024)
    ds2 = SeqOut(nn.GRU(800, 800))
    convlstm = ConvLstmSeq(16, 64, 3)
    yield case("conv3x3-64-56-b32", conv3x3, [rand2(32, 64, 56, 56)])
    yield case("conv1x1-256-56-b32", conv1x1, [rand2(32, 256, 56, 56)])
    yield case("conv3x3s2-3-32-224", first, [rand2(1, 3, 224, 224)])
    yield case("conv1d-64-k3-1000", conv1d, [rand2(1, 64, 1000)])
    # One step: both weight matrices, 4096 x (1024 + 1024), are streamed once.
    yield rnn_stream_case("lstm-step-h1024", decoder, [rand2(1, 1, 1024), rand2(1, 1, 1024) * 0.5,
                                                       rand2(1, 1, 1024) * 0.5], (4096, 2048), 1, 0)
    yield rnn_stream_case("gru-ds2-h800", ds2, [rand2(100, 1, 800)], (2400, 800), 100, 2 * 100 * 2400 * 800)
    yield case("convlstm-64-16", convlstm, [rand2(10, 1, 16, 16, 16)], peers=False)


def export(c, meta_only=False):
    name, model, inputs = c["name"], c["model"], c["inputs"]
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    model.eval()
    with torch.no_grad():
        out = model(*inputs)
    outs = list(out) if isinstance(out, tuple) else [out]
    in_names = ["input"] + ["input%d" % i for i in range(1, len(inputs))]
    out_names = ["output"] + ["output%d" % i for i in range(1, len(outs))]
    if not meta_only:
        if c["peers"]:
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
        "bound": c["bound"],
        "peers": c["peers"],
        "targets_us": {str(k): round(v, 1) for k, v in c["targets"].items()},
        "limit_us": {str(k): round(v, 1) for k, v in (c["limit"] or compute_limit_us(flops)).items()},
        "inputs": [list(t.shape) for t in inputs],
        "outputs": [list(t.shape) for t in outs],
        "torch": torch.__version__,
    }
    if c["stream"]:
        meta["weight_stream"] = {k: ({str(t): v for t, v in x.items()} if isinstance(x, dict) else x)
                                 for k, x in c["stream"].items()}
    with open(os.path.join(d, "meta.json"), "w") as f:
        json.dump(meta, f, indent=2, sort_keys=True)
        f.write("\n")
    print("%-20s %8.1f MFLOP  in %s  out %s" % (name, flops / 1e6, meta["inputs"], meta["outputs"]))


def main():
    args = sys.argv[1:]
    meta_only = "--meta-only" in args
    names = [a for a in args if a != "--meta-only"]
    torch.manual_seed(1234)
    torch.set_num_threads(1)
    every = []
    for c in cases():
        every.append(c["name"])
        if not names or c["name"] in names:
            export(c, meta_only)
    unknown = sorted(set(names) - set(every))
    if unknown:
        sys.exit("unknown cases %s; known: %s" % (unknown, " ".join(every)))


if __name__ == "__main__":
    main()
