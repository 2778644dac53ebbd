#!/usr/bin/env python3
"""Turns JMH JSON (-rf json; or Quick's --json, same layout) into benchmarks/RESULTS.md.

usage: results_to_md.py --command "the exact command" RESULT.json... > benchmarks/RESULTS.md

Per model and thread count: each engine's median and p99 (µs), Corenn's median over the best peer's,
Corenn's GFLOP/s and % of the FMA peak measured in the same run (PeakBenchmark), for batch-1 recurrent
work the GB/s of weights streamed against its cache/memory limit, the machine limit for the work
(benchmarks/models/*/meta.json, from make_bench_models.py; compute limits at the measured peak) and
the goals: issue 6's "the lesser of 1.5x the best peer's speed and 90% of the machine's limit" (with
the fraction of it reached), and the issue 3/4 targets where one exists. Then the server scenario
(ServerBenchmark: request threads sharing one model): throughput and p99 per engine. Standard library only.
"""
import argparse
import datetime
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(HERE, "..", "models")
POM = os.path.join(HERE, "..", "pom.xml")
PARENT_POM = os.path.join(HERE, "..", "..", "pom.xml")
PEAK_PER_CORE = 94.5  # GFLOP/s, AVX2 FMA fp32 (shared PERF-NOTES: ~94-95 per core, ~185 for two)
ENGINES = ["corenn", "corenn-onnx", "onnxruntime", "libtorch"]
PEERS = ["onnxruntime", "libtorch"]
ORDER = ["lstm-b1", "lstm-b32", "gru-b1", "gru-b32", "bilstm2-b1", "conv3x3-64-56", "conv1x1-256-56",
         "dwconv3x3-128-28", "crnn-b1", "cnn28-b1", "cnn28-b64", "chargru-step", "conv3x3-64-56-b32",
         "conv1x1-256-56-b32", "conv3x3s2-3-32-224", "conv1d-64-k3-1000", "lstm-step-h1024", "gru-ds2-h800",
         "convlstm-64-16"]
# The kernels whose GFLOP/s stand for the attainable FMA peak (the 3x3 case counts direct-convolution
# FLOPs that Winograd does not do, so it is no measure of the peak).
PEAK_KERNELS = ["dense-b64-1024", "conv1x1-256-256-56"]
PEAK_FLOPS = {"dense-b64-1024": 2 * 64 * 1024 * 1024, "conv1x1-256-256-56": 2 * 256 * 256 * 56 * 56,
              "conv3x3-128-128-56": 2 * 128 * 128 * 9 * 56 * 56}
SETTINGS = {
    "corenn": "Java-built graph, weights from safetensors, `Options.withThreads(n)`, one `Predictor`",
    "corenn-onnx": "the same `model.onnx` the peers run, through `OnnxImporter.read`; otherwise as corenn",
    "onnxruntime": "`model.onnx`, intra-op n, inter-op 1, sequential, all graph optimisations, direct-buffer "
                   "inputs and pinned outputs, default spinning",
    "libtorch": "TorchScript `model.pt`, `InferenceMode`, `set_num_threads(n)`, 1 inter-op thread",
}


def load(paths):
    """(kind, key, threads, engine) -> (median, p99, samples); kind is 'model', 'peak' or 'server'. Server
    rows hold (median, p99, throughput per second) and are keyed by the number of request threads."""
    rows = {}
    jvm = None
    for path in paths:
        with open(path) as f:
            for r in json.load(f):
                p = r["params"]
                pm = r["primaryMetric"]
                if pm.get("scoreUnit") != "us/op" or "50.0" not in pm.get("scorePercentiles", {}):
                    sys.exit("%s: %s is not SampleTime in us/op" % (path, r["benchmark"]))
                value = (pm["scorePercentiles"]["50.0"], pm["scorePercentiles"]["99.0"], pm.get("sampleCount"))
                if r["benchmark"].endswith("ModelBenchmark.run"):
                    rows[("model", p["model"], int(p["threads"]), p["engine"])] = value
                elif r["benchmark"].endswith("PeakBenchmark.run"):
                    # The fastest call too: what the machine allows when nothing else runs.
                    fastest = pm["scorePercentiles"].get("0.0", value[0])
                    rows[("peak", p["kernel"], int(p["threads"]), "corenn")] = value + (fastest,)
                elif r["benchmark"].endswith("ServerBenchmark.run"):
                    clients = int(r["threads"])
                    # Quick measures calls / wall time; for JMH, closed-loop clients: threads / mean latency.
                    rate = r.get("secondaryMetrics", {}).get("throughput", {}).get("score", clients * 1e6 / pm["score"])
                    rows[("server", p["model"], clients, p["engine"])] = (value[0], value[1], rate)
                jvm = jvm or "%s (%s)" % (r.get("jdkVersion"), r.get("vmName", r.get("jvm")))
    return rows, jvm


def meta(model):
    with open(os.path.join(MODELS, model, "meta.json")) as f:
        return json.load(f)


def machine():
    out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    fields = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    get = lambda k: fields.get(k, "?").strip()  # noqa: E731
    cores = int(get("Core(s) per socket")) * int(get("Socket(s)")) if get("Socket(s)").isdigit() else get("CPU(s)")
    return "%s, %s cores (%s CPUs), L2 %s, L3 %s" % (get("Model name"), cores, get("CPU(s)"), get("L2 cache"),
                                                   get("L3 cache"))


def versions():
    def prop(path, name):
        with open(path) as f:
            m = re.search(r"<%s>([^<]+)</%s>" % (name, name), f.read())
        return m.group(1) if m else "?"
    javacpp = prop(PARENT_POM, "javacpp.version")
    return {"corenn": prop(PARENT_POM, "version"), "onnxruntime": prop(POM, "onnxruntime.version"),
            "libtorch": prop(POM, "pytorch.version").replace("${javacpp.version}", javacpp) + " (org.bytedeco:pytorch)"}


def us(v):
    return "—" if v is None else ("%.0f" % v if v >= 100 else "%.1f" % v)


def measured_peak(rows, threads):
    """The best GFLOP/s of the peak kernels' fastest calls at this thread count in this run (the fastest,
    not the median: on a shared machine the median is mostly the other tenants), else the nominal peak."""
    rates = [PEAK_FLOPS[k] / rows[("peak", k, threads, "corenn")][3] / 1e3
             for k in PEAK_KERNELS if ("peak", k, threads, "corenn") in rows]
    return (max(rates), "measured") if rates else (PEAK_PER_CORE * threads, "nominal")


def limit_us(m, threads, peak):
    """The machine's floor for the work: compute-bound rows at the measured peak, the rest from meta.json."""
    if m["bound"] == "compute":
        return m["flops"] / peak / 1e3
    return m["limit_us"].get(str(threads))


def model_table(rows):
    out = ["| model | thr | Corenn median / p99 µs | Corenn via ONNX import | ONNX Runtime median / p99 µs "
           "| libtorch median / p99 µs | Corenn ÷ best peer (time) | Corenn GFLOP/s | % of FMA peak "
           "| weights GB/s (limit) | limit µs | goal µs (issue 6) | % of goal | issue 3/4 target µs | meets |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    misses = []
    for model in ORDER:
        if not os.path.exists(os.path.join(MODELS, model, "meta.json")):
            continue
        m = meta(model)
        for threads in (1, 2):
            got = {e: rows.get(("model", model, threads, e)) for e in ENGINES}
            if not any(got.values()):
                continue
            no_peers = not m.get("peers", True)
            cells = ["%s / %s" % (us(v[0]), us(v[1])) if v else ("n/a" if no_peers and e != "corenn" else "—")
                     for e, v in got.items()]
            peers = [got[e][0] for e in PEERS if got[e]]
            best = min(peers) if peers else None
            corenn = got["corenn"][0] if got["corenn"] else None
            peak, _ = measured_peak(rows, threads)
            limit = limit_us(m, threads, peak)
            target = m["targets_us"].get(str(threads))
            goal = None
            if limit is not None:
                goal = limit / 0.9 if best is None else max(best / 1.5, limit / 0.9)
            ratio = gflops = peak_pct = stream = of_goal = "—"
            verdict = "—"
            if corenn:
                gf = m["flops"] / corenn / 1e3
                gflops = "%.1f" % gf
                peak_pct = "%.0f%%" % (100 * gf / peak)
                if "weight_stream" in m:
                    ws = m["weight_stream"]
                    stream = "%.1f (%.0f)" % (ws["bytes_per_call"] / corenn / 1e3, ws["limit_gbps"][str(threads)])
                if goal:
                    of_goal = "%.0f%%" % (100 * goal / corenn)
                if best:
                    ratio = "%.2f" % (corenn / best)
                checks = [("goal", goal), ("target", target)]
                failed = [name for name, v in checks if v is not None and corenn > v]
                verdict = "no (%s)" % ", ".join(failed) if failed else ("yes" if any(v for _, v in checks) else "—")
                if failed:
                    misses.append((model, threads, corenn, failed, goal, target, of_goal, peak_pct, m["bound"]))
            out.append("| %s |" % " | ".join([model, str(threads)] + cells + [
                ratio, gflops, peak_pct, stream, us(limit), us(goal), of_goal, us(target), verdict]))
    return out, misses


def server_table(rows):
    keys = sorted({(k[1], k[2]) for k in rows if k[0] == "server"}, key=lambda mc: (ORDER.index(mc[0]), mc[1]))
    if not keys:
        return []
    out = ["| model | request threads | Corenn calls/s, p99 µs | Corenn via ONNX import | ONNX Runtime "
           "| libtorch | Corenn ÷ best peer (throughput) |",
           "|---|---|---|---|---|---|---|"]
    for model, clients in keys:
        got = {e: rows.get(("server", model, clients, e)) for e in ENGINES}
        cells = ["%.0f, %s" % (v[2], us(v[1])) if v else "—" for v in got.values()]
        peers = [got[e][2] for e in PEERS if got[e]]
        ratio = "%.2f" % (got["corenn"][2] / max(peers)) if peers and got["corenn"] else "—"
        out.append("| %s |" % " | ".join([model, str(clients)] + cells + [ratio]))
    return out


def peak_table(rows):
    out = ["| kernel | thr | median µs | fastest µs | GFLOP/s (median / fastest) "
           "| %% of nominal FMA peak (fastest; %.1f GFLOP/s per core) |" % PEAK_PER_CORE,
           "|---|---|---|---|---|---|"]
    for kernel, flops in PEAK_FLOPS.items():
        for threads in (1, 2):
            v = rows.get(("peak", kernel, threads, "corenn"))
            if v:
                median, fastest = flops / v[0] / 1e3, flops / v[3] / 1e3
                out.append("| %s | %d | %s | %s | %.1f / %.1f | %.0f%% |" % (
                    kernel, threads, us(v[0]), us(v[3]), median, fastest, 100 * fastest / (PEAK_PER_CORE * threads)))
    return out if len(out) > 2 else []


def peak_summary(rows):
    parts = []
    for threads in (1, 2):
        peak, how = measured_peak(rows, threads)
        parts.append("%.1f GFLOP/s at %d thread%s (%s)" % (peak, threads, "" if threads == 1 else "s", how))
    return "; ".join(parts)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--command", required=True, help="the exact command that produced the JSON files")
    ap.add_argument("--note", default="", help="a line about the run (e.g. the machine's load)")
    ap.add_argument("json", nargs="+")
    a = ap.parse_args()
    rows, jvm = load(a.json)
    v = versions()
    table, misses = model_table(rows)
    lines = [
        "# Benchmark results",
        "",
        "Generated by `benchmarks/tools/results_to_md.py` on %s from %s." % (
            datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"), ", ".join(os.path.basename(p) for p in a.json)),
        "",
        "- Machine: %s; load average when this file was written: %s." % (
            machine(), " ".join(open("/proc/loadavg").read().split()[:3])),
        "- Versions: Corenn %s, ONNX Runtime %s (Java), libtorch %s, JVM %s." % (
            v["corenn"], v["onnxruntime"], v["libtorch"], jvm),
        "- Command: `%s`" % a.command,
        "- FMA peak: nominal %.1f GFLOP/s per core (shared PERF-NOTES: 2 x 256-bit FMA per cycle at ~3 GHz; an "
        "AVX-512 CPU has twice that with 512-bit FMAs, which Corenn's avx512 level uses); "
        "attainable in this run (PeakBenchmark, the fastest call of Dense b64 1024² and 1×1 conv 256² 56²): %s. \"%% of FMA "
        "peak\" and the compute limits use the attainable peak of the same run." % (PEAK_PER_CORE, peak_summary(rows)),
    ]
    load5 = float(open("/proc/loadavg").read().split()[1])
    # The run itself keeps up to every CPU busy (2-thread rows, the JIT), so a load near the CPU count is
    # the benchmark; well above it, other work was competing.
    if load5 > 2 * os.cpu_count():
        lines.append("- **The machine was overloaded by other work during this run** (5-minute load average %.1f on "
                     "%d CPUs): every engine got a fraction of the cores, so absolute times are inflated several "
                     "fold and 2-thread rows mostly measure scheduling. Only ratios within a row mean much "
                     "(the quick mode interleaves the engines for that); rerun on an idle machine before judging "
                     "a row against its absolute target." % (load5, os.cpu_count()))
    if a.note:
        lines.append("- Note: %s" % a.note)
    lines += ["", "Engine settings (each engine's fair best, at n intra-op threads; environment "
                  "`OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS=1` for all):", ""]
    lines += ["- %s: %s" % (e, s) for e, s in SETTINGS.items()]
    lines += [
        "",
        "Every engine's output was checked against PyTorch's (`output.npy`, |diff| <= 1e-4 + 1e-3 |ref|) before "
        "timing. Corenn's columns use the Java-built graph; \"Corenn via ONNX import\" is the same engine on "
        "`model.onnx`; n/a: no peer has the op (ConvLSTM). \"Corenn ÷ best peer\" < 1 means Corenn is faster. "
        "GFLOP/s counts 2 x multiply-adds of the layers (direct convolution; Winograd 3×3 rows can pass 100%). "
        "\"Weights GB/s\" (batch-1 recurrent rows): the weight bytes one call must stream (the recurrent matrix "
        "once per step; a single step streams all its weights) over Corenn's whole-call time, against the limit "
        "of the level they are streamed from. The limit is the machine's floor for the work (`meta.json`): the "
        "FLOPs at the attainable peak for compute-bound rows; for batch-1 RNNs the weight stream (PERF-NOTES' "
        "cache-resident AVX2 GEMV: LSTM h256 16 / 7 µs, GRU h256 11 / 6 µs, h128 3 / 2 µs per step at 1 / 2 "
        "threads; larger matrices at 65 GB/s per core from L3 up to 16 MiB, 19 GB/s from DRAM beyond) plus the "
        "input projection at the nominal peak; for the depthwise conv and the char-GRU step the bytes at 65 GB/s "
        "(L3, 1 thread) or 2 x 80 GB/s (L2, 2 threads). Goal (issue 6): the lesser of 1.5x the best peer's speed "
        "and 90% of the limit, i.e. Corenn's time <= max(best peer / 1.5, limit / 0.9) (limit / 0.9 where no peer "
        "runs the model); \"% of goal\" is goal time over Corenn's time (>= 100% meets it).",
        "",
        "Single-kernel figures from the native timing programs (conv 1×1, depthwise, NCHW8c direct, recurrent "
        "cells) are in [KERNELS.md](KERNELS.md).",
        "",
    ]
    lines += table
    peak = peak_table(rows)
    if peak:
        lines += ["", "## Attainable FLOP/s (PeakBenchmark)", "",
                  "The nominal FMA peak is %.1f GFLOP/s per core (2 x 256-bit FMA per cycle, shared PERF-NOTES; "
                  "twice that with 512-bit FMAs on an AVX-512 CPU); "
                  "a pure FMA loop cannot be written in Java, so the most FMA-bound Corenn ops stand in. The 3×3 "
                  "rows count direct-convolution FLOPs; Corenn's Winograd F(4×4,3×3) does about a quarter of those "
                  "multiplies, so they can pass 100%%:" % PEAK_PER_CORE,
                  ""] + peak
    server = server_table(rows)
    if server:
        lines += ["", "## Server scenario (ServerBenchmark)", "",
                  "Request threads sharing one model per engine, each calling it back to back on its own inputs "
                  "(closed loop), every engine at 1 intra-op thread: Corenn one `Model` and a `Predictor` per "
                  "thread; ONNX Runtime one session (intra-op 1, inter-op 1) that all threads call `run` on; "
                  "libtorch one TorchScript module, `set_num_threads(1)`. Throughput is calls per second of "
                  "wall time (quick mode) or request threads / mean latency (JMH); p99 is over every call of "
                  "every thread. With more request threads than cores, p99 includes waiting for a core. "
                  "\"Corenn ÷ best peer\" > 1 means Corenn serves more.", ""] + server
    lines += ["", "## Rows that miss a goal", ""]
    if not misses:
        lines.append("None.")
    for model, threads, corenn, failed, goal, target, of_goal, peak_pct, bound in misses:
        wanted = {"goal": "issue 6 goal %s µs" % us(goal), "target": "issue 3/4 target %s µs" % us(target)}
        lines.append("- %s, %d thread%s: %s µs, misses the %s; %s of the goal (%s-bound), %s of FMA peak." % (
            model, threads, "" if threads == 1 else "s", us(corenn), " and the ".join(wanted[f] for f in failed),
            of_goal, bound, peak_pct))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
