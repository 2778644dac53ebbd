#!/usr/bin/python3
"""Train the bundled encoder-decoder that rewrites dates as ISO 8601 (development-time).

    /usr/bin/python3 tools/models/train_dates.py [--out DIR]

Task: a date written the way people write it ("Thursday, 26 November 2026", "Nov 26 2026", "26.11.2026",
"26-NOV-2026", ...; eleven formats, random case for the word forms, years 1900-2099) -> "2026-11-26".
The dates and formats are generated here; DateFormats.java renders the same formats with java.time for the
Java test, which makes its own fresh dates.

Model (a GRU encoder-decoder without attention):
  encoder  Embedding(S, 16) -> bidirectional GRU(16, 64); the two final states concatenated -> h0 [1, N, 128]
  decoder  Embedding(T, 16) -> GRU(16, 128) -> Linear(128, T), fed its previous output token, starting at <s>
Teacher forcing, cross-entropy, Adam. State_dict names: encoder.embedding.weight, encoder.gru.*_l0(_reverse),
decoder.embedding.weight, decoder.gru.*_l0, decoder.fc.*.

Writes models/dates/: model.safetensors, vocab.txt (source and target alphabets), samples.tsv (fixed test
dates with PyTorch's greedy and beam-4 outputs and log-probabilities), sample_logits.npy ([8, 11, T]: the decoder's logits
along the greedy path of the first 8 samples, zero after the step that chose </s>), training.json.
"""
import argparse
import datetime
import json
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn as nn

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools", "fixtures"))
from fixture_io import save_npy, save_safetensors, write_json  # noqa: E402

OUT = os.path.join(ROOT, "models", "dates")
SEED = 20261127
EMBED, ENC_HIDDEN, DEC_HIDDEN = 16, 64, 128
BATCH, STEPS = 64, 2000
MAX_OUT = 10
BEAM = 4
SAMPLES, LOGIT_SAMPLES = 200, 8

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Index 0 of the source alphabet pads nothing (inputs are never padded at inference) but keeps ids > 0.
SOURCE = "\0 ,-./0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
TARGET = ["<s>", "</s>"] + list("0123456789-")


def render(d, fmt):
    """The eleven formats; the same as DateFormats.java (java.time patterns in its comments)."""
    day, month, year = d.day, MONTHS[d.month - 1], d.year
    weekday = DAYS[d.weekday()]
    return [
        lambda: f"{day} {month} {year}",                          # d MMMM yyyy
        lambda: f"{month} {day}, {year}",                         # MMMM d, yyyy
        lambda: f"{weekday}, {day} {month} {year}",               # EEEE, d MMMM yyyy
        lambda: f"{weekday[:3]} {day} {month[:3]} {year}",        # EEE d MMM yyyy
        lambda: f"{month[:3]} {day} {year}",                      # MMM d yyyy
        lambda: f"{day:02d}.{d.month:02d}.{year}",                # dd.MM.yyyy
        lambda: f"{day:02d}-{month[:3]}-{year}",                  # dd-MMM-yyyy
        lambda: f"{year}/{d.month:02d}/{day:02d}",                # yyyy/MM/dd
        lambda: f"{month} {day} {year}",                          # MMMM d yyyy
        lambda: f"{day} {month[:3]}. {year}",                     # d MMM. yyyy
        lambda: f"{weekday} {month} {day}, {year}",               # EEEE MMMM d, yyyy
    ][fmt]()


CASES = [str, str.lower, str.upper]
FORMATS = 11
FIRST, LAST = datetime.date(1900, 1, 1), datetime.date(2099, 12, 31)


def random_example(rng):
    d = FIRST + datetime.timedelta(days=rng.randrange((LAST - FIRST).days + 1))
    text = rng.choice(CASES)(render(d, rng.randrange(FORMATS)))
    return text, d.isoformat()


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(len(SOURCE), EMBED)
        self.gru = nn.GRU(EMBED, ENC_HIDDEN, bidirectional=True)

    def forward(self, src, lengths):
        """src [S, N] (padded at the end), lengths [N] -> h0 [1, N, 2*ENC_HIDDEN]: the forward and backward
        final states side by side, each taken at the element's own end as at inference (no padding there)."""
        packed = nn.utils.rnn.pack_padded_sequence(self.embedding(src), lengths, enforce_sorted=False)
        _, h = self.gru(packed)
        return torch.cat([h[0], h[1]], dim=-1).unsqueeze(0)


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(len(TARGET), EMBED)
        self.gru = nn.GRU(EMBED, DEC_HIDDEN)
        self.fc = nn.Linear(DEC_HIDDEN, len(TARGET))

    def forward(self, tokens, h):
        """tokens [T, N], h [1, N, H] -> logits [T, N, V], h [1, N, H]."""
        y, h = self.gru(self.embedding(tokens), h)
        return self.fc(y), h


class Seq2Seq(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.decoder = Decoder()


def encode_batch(texts):
    """-> ids [S, N] padded with 0 at the end, lengths [N]."""
    ids = [[SOURCE.index(c) for c in t] for t in texts]
    length = max(len(i) for i in ids)
    padded = torch.tensor([i + [0] * (length - len(i)) for i in ids], dtype=torch.int64).t()
    return padded, torch.tensor([len(i) for i in ids])


def target_batch(isos):
    ids = [[TARGET.index(c) for c in s] + [1] for s in isos]
    return torch.tensor(ids, dtype=torch.int64).t()        # [11, N]: 10 characters and </s>


def greedy(model, text):
    """Greedy decoding, one step at a time, as the Java loop runs it; returns tokens and per-step logits."""
    h = model.encoder(*encode_batch([text]))
    token, out, logits = 0, [], []
    for _ in range(MAX_OUT + 1):
        lg, h = model.decoder(torch.tensor([[token]]), h)
        logits.append(lg[0, 0].clone())
        token = int(lg[0, 0].argmax())
        if token == 1:
            break
        out.append(token)
    return out, logits


def beam(model, text, width):
    """The algorithm of org.corenn.generate.BeamSearch (length penalty 0): keep the best `width` live
    hypotheses by summed log-probability; a hypothesis that picks </s> is finished; stop when `width` are
    finished and no live one scores above the best finished one, or at the length limit."""
    h0 = model.encoder(*encode_batch([text]))
    live = [([], 0.0, h0)]
    finished = []
    for _ in range(MAX_OUT + 1):
        tokens = torch.tensor([[hyp[0][-1] if hyp[0] else 0 for hyp in live]])
        h = torch.cat([hyp[2] for hyp in live], dim=1)
        lg, h_out = model.decoder(tokens, h)
        logp = torch.log_softmax(lg[0], dim=-1)
        candidates = []
        for i, (toks, score, _) in enumerate(live):
            for k in range(len(TARGET)):
                candidates.append((score + float(logp[i, k]), i, k))
        candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
        next_live = []
        for score, i, k in candidates[:width]:
            if k == 1:
                finished.append((live[i][0], score))
            else:
                next_live.append((live[i][0] + [k], score, h_out[:, i:i + 1]))
        live = next_live
        finished.sort(key=lambda f: -f[1])
        if not live or (len(finished) >= width and live[0][1] <= finished[0][1]):
            break
    finished.sort(key=lambda f: -f[1])
    return finished[:width]


def text_of(tokens):
    return "".join(TARGET[t] for t in tokens)


def write_vocab(out):
    """vocab.txt: the source alphabet (id = position + 1; 0 is padding), the target tokens, the output limit."""
    with open(os.path.join(out, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write(SOURCE[1:] + "\n" + " ".join(TARGET) + "\n" + str(MAX_OUT) + "\n")


def write_samples(out, samples):
    """samples.tsv: one fixed test date per row with PyTorch's greedy output (and its number of decoder
    steps) and its beam-4 outputs and log-probabilities, best first, joined by '|' and ' '."""
    with open(os.path.join(out, "samples.tsv"), "w", encoding="utf-8") as f:
        f.write("text\tiso\tgreedy\tgreedy_steps\tbeam\tbeam_log_probability\n")
        for s in samples:
            f.write("\t".join([s["text"], s["iso"], s["greedy"], str(s["greedy_steps"]),
                                "|".join(b["text"] for b in s["beam"]),
                                " ".join(repr(b["score"]) for b in s["beam"])]) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=OUT, help="output folder (default: models/dates)")
    out = parser.parse_args().out
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    model = Seq2Seq()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, STEPS)
    start = time.time()
    log = []
    for step in range(1, STEPS + 1):
        texts, isos = zip(*(random_example(rng) for _ in range(BATCH)))
        (src, lengths), tgt = encode_batch(texts), target_batch(isos)
        dec_in = torch.cat([torch.zeros(1, BATCH, dtype=torch.int64), tgt[:-1]])
        logits, _ = model.decoder(dec_in, model.encoder(src, lengths))
        loss = nn.functional.cross_entropy(logits.reshape(-1, len(TARGET)), tgt.reshape(-1))
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        if step % 100 == 0:
            log.append({"step": step, "loss": loss.item(), "seconds": round(time.time() - start, 1)})
            print(log[-1], flush=True)
    model.eval()
    held_out = random.Random(SEED + 1)
    with torch.no_grad():
        evaluation = [random_example(held_out) for _ in range(2000)]
        accuracy = sum(text_of(greedy(model, t)[0]) == iso for t, iso in evaluation) / len(evaluation)
        print("greedy accuracy on 2000 held-out dates:", accuracy, flush=True)
        fixed = random.Random(SEED + 2)
        samples, logits = [], []
        for n in range(SAMPLES):
            text, iso = random_example(fixed)
            tokens, step_logits = greedy(model, text)
            beams = beam(model, text, BEAM)
            samples.append({"text": text, "iso": iso, "greedy": text_of(tokens), "greedy_steps": len(step_logits),
                            "beam": [{"text": text_of(t), "score": s} for t, s in beams]})
            if n < LOGIT_SAMPLES:
                padded = torch.zeros(MAX_OUT + 1, len(TARGET))
                padded[:len(step_logits)] = torch.stack(step_logits)
                logits.append(padded)
    os.makedirs(out, exist_ok=True)
    save_safetensors(os.path.join(out, "model.safetensors"), model.state_dict())
    write_vocab(out)
    write_samples(out, samples)
    save_npy(os.path.join(out, "sample_logits.npy"), torch.stack(logits))
    write_json(os.path.join(out, "training.json"), {
        "seed": SEED, "embed": EMBED, "encoder_hidden": ENC_HIDDEN, "decoder_hidden": DEC_HIDDEN,
        "batch": BATCH, "steps": STEPS, "optimizer": "Adam lr 3e-3, cosine to 0, clip 1.0",
        "seconds": round(time.time() - start, 1), "torch": torch.__version__, "threads": 1,
        "greedy_accuracy_2000_held_out": accuracy, "log": log})


if __name__ == "__main__":
    main()
