#!/usr/bin/python3
"""Train the bundled character-level GRU language model and export its one-step form (development-time).

    /usr/bin/python3 tools/models/train_chargen.py [--out DIR]

Text: /usr/share/common-licenses/GPL-3 from Debian's base-files package (the GNU General Public License,
version 3, 35,149 characters; "Everyone is permitted to copy and distribute verbatim copies of this license
document, but changing it is not allowed" -- the model is trained on it, the text itself is not bundled).
Characters are the text's own, runs of whitespace collapsed to one space, so lines wrap nowhere.

Model: Embedding(V, EMBED) -> GRU(EMBED, HIDDEN) -> Linear(HIDDEN, V), trained for STEPS steps on random
CHUNK-character chunks with teacher forcing (cross-entropy on the next character). Saved as its state_dict
(names embedding.weight, gru.weight_ih_l0, ..., fc.bias), which Corenn's RecurrentDecoder loads and steps
one character at a time through the streaming RNN API.

Writes models/chargen/: model.safetensors, vocab.npy (int64 Unicode code points, index = token id),
step_tokens.npy [S] and step_logits.npy [S, V] (S saved steps from the zero state: the prompt, then the
greedy continuation), greedy.json (prompt, N and PyTorch's greedy continuation computed one step at a time,
with the smallest top-1/top-2 logit gap along it; the prompt and continuation also as int64 code points in
greedy_prompt.npy / greedy_continuation.npy), training.json.
"""
import argparse
import json
import os
import re
import sys
import time

import numpy as np
import torch
import torch.nn as nn

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools", "fixtures"))
from fixture_io import save_npy, save_safetensors, write_json  # noqa: E402

OUT = os.path.join(ROOT, "models", "chargen")
TEXT = "/usr/share/common-licenses/GPL-3"
SEED = 20261126
EMBED, HIDDEN, CHUNK, BATCH = 16, 64, 48, 32
STEPS = 5650
PROMPT = "This License "
GREEDY_CHARS = 160


class CharGRU(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.embedding = nn.Embedding(vocab, EMBED)
        self.gru = nn.GRU(EMBED, HIDDEN)
        self.fc = nn.Linear(HIDDEN, vocab)

    def forward(self, tokens, h=None):
        """tokens [T, N] -> logits [T, N, V], h [1, N, H]."""
        y, h = self.gru(self.embedding(tokens), h)
        return self.fc(y), h


class Step(nn.Module):
    """token [N], h [1, N, H] -> logits [N, V], h_out [1, N, H]: the generator's unit of work."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, token, h):
        logits, h_out = self.net(token.unsqueeze(0), h)
        return logits[0], h_out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=OUT, help="output folder (default: models/chargen)")
    out = parser.parse_args().out
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    with open(TEXT, encoding="utf-8") as f:
        text = re.sub(r"\s+", " ", f.read()).strip()
    chars = sorted(set(text))
    index = {c: i for i, c in enumerate(chars)}
    data = torch.tensor([index[c] for c in text], dtype=torch.int64)
    print(len(text), "characters,", len(chars), "distinct", flush=True)
    net = CharGRU(len(chars))
    opt = torch.optim.Adam(net.parameters(), lr=1e-2)
    gen = torch.Generator().manual_seed(SEED)
    start = time.time()
    log = []
    step = 0
    while step < STEPS:
        starts = torch.randint(0, len(data) - CHUNK - 1, (BATCH,), generator=gen)
        batch = torch.stack([data[s:s + CHUNK + 1] for s in starts.tolist()], dim=1)   # [T+1, N]
        logits, _ = net(batch[:-1])
        loss = nn.functional.cross_entropy(logits.reshape(-1, len(chars)), batch[1:].reshape(-1))
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        opt.step()
        step += 1
        if step % 100 == 0:
            log.append({"step": step, "loss": loss.item(), "seconds": round(time.time() - start, 1)})
            print(log[-1], flush=True)
        if step == 300:
            for group in opt.param_groups:
                group["lr"] = 3e-3
    net.eval()
    with torch.no_grad():
        logits, _ = net(data[:-1].unsqueeze(1))
        full_loss = nn.functional.cross_entropy(logits[:, 0], data[1:]).item()
    model = Step(net).eval()
    # Greedy continuation with the step module itself, exactly as the Java loop runs it.
    tokens, outs = [], []
    gaps = []
    h = torch.zeros(1, 1, HIDDEN)
    generated = ""
    with torch.no_grad():
        feed = [index[c] for c in PROMPT]
        i = 0
        while len(generated) < GREEDY_CHARS:
            tok = feed[i] if i < len(feed) else index[generated[-1]]
            t = torch.tensor([tok], dtype=torch.int64)
            lg, h_out = model(t, h)
            tokens.append(tok)
            outs.append(lg[0].clone())
            h = h_out
            i += 1
            if i >= len(feed):
                top2 = torch.topk(lg[0], 2).values
                gaps.append((top2[0] - top2[1]).item())
                generated += chars[int(lg[0].argmax())]
    print(repr(PROMPT + generated), "min gap", min(gaps), flush=True)
    os.makedirs(out, exist_ok=True)
    save_npy(os.path.join(out, "vocab.npy"), np.array([ord(c) for c in chars], dtype=np.int64))
    save_npy(os.path.join(out, "step_tokens.npy"), torch.tensor(tokens[:40]))
    save_npy(os.path.join(out, "step_logits.npy"), torch.stack(outs[:40]))
    write_json(os.path.join(out, "greedy.json"), {
        "prompt": PROMPT, "chars": GREEDY_CHARS, "continuation": generated,
        "min_top2_logit_gap": min(gaps)})
    save_npy(os.path.join(out, "greedy_prompt.npy"), np.array([ord(c) for c in PROMPT], dtype=np.int64))
    save_npy(os.path.join(out, "greedy_continuation.npy"), np.array([ord(c) for c in generated], dtype=np.int64))
    save_safetensors(os.path.join(out, "model.safetensors"), net.state_dict(),
                     metadata={"embed": str(EMBED), "hidden": str(HIDDEN), "vocab": str(len(chars))})
    write_json(os.path.join(out, "training.json"), {
        "text": TEXT, "characters": len(text), "vocab": len(chars), "seed": SEED, "embed": EMBED,
        "hidden": HIDDEN, "chunk": CHUNK, "batch": BATCH, "optimizer": "Adam lr 1e-2, 3e-3 after step 300, clip 1.0",
        "steps": step, "seconds": round(time.time() - start, 1), "torch": torch.__version__, "threads": 1,
        "final_loss_whole_text_nats_per_char": full_loss, "log": log})
    print(json.dumps({"steps": step, "loss": full_loss}))


if __name__ == "__main__":
    main()
