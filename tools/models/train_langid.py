#!/usr/bin/python3
"""Train the bundled language identifier (CNN + BiLSTM over characters) and export it
(development-time; CI never runs this).

    nice -n 10 /usr/bin/python3 tools/models/train_langid.py            # extract, train (1 thread), export
    /usr/bin/python3 tools/models/train_langid.py --export-only         # re-export from the saved state_dict

Data: the translated message catalogs of the Debian packages installed on the machine
(/usr/share/locale/LANG/LC_MESSAGES/*.mo, read with Python's gettext). Every msgstr is a text in LANG;
every msgid is a text in English. Texts are cleaned (NFC, accelerator marks '_'/'&' before a letter
removed, whitespace collapsed) and kept when they are 16-64 characters long, have at least 3 words, are
mostly letters, are not the untranslated English, and occur in one language only. The split is by
message: a text goes to the held-out set when every msgid it translates hashes (SHA-1) into bucket 0 of 10,
so no message seen in training, in any language, is in the held-out set. The committed test split is
PER_LANG_TEST texts per language drawn from the held-out set (seeded).

Tokenisation (the Java side, org.corenn.demo.LanguageTokenizer, must match it exactly): the text is put in
Unicode NFC, each code point becomes its id in vocab.txt (id 0 padding, 1 unknown, line n = id n + 2),
the sequence is cut at MAX_LEN code points and right-padded with 0 to MAX_LEN.

Writes models/langid/: model.onnx (opset 13, input `tokens` int64 [N, 64], output `logits` [N, 10]),
model.safetensors (the state_dict, for the same network built in Java),
vocab.txt, test.tsv (language code TAB text, one per line), torch_classes.npy (int8 [n_test], PyTorch's
class for every line of test.tsv), sample_tokens.npy (int16 [SAMPLE, 64], Python's token ids for the first
SAMPLE lines), sample_logits.npy (float32 [SAMPLE, 10]), tokenizer_probes.txt and tokenizer_probe_ids.npy
(PROBES, one per line, and their ids), training.json; and state_dict.pt outside the repo
(--work) for --export-only.
"""
import argparse
import collections
import glob
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import time
import unicodedata
import gettext

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools", "fixtures"))
from fixture_io import save_safetensors, write_json  # noqa: E402

OUT = os.path.join(ROOT, "models", "langid")
LANGS = ["en", "de", "fr", "es", "it", "pt", "nl", "sv", "pl", "tr"]
NAMES = ["English", "German", "French", "Spanish", "Italian", "Portuguese", "Dutch", "Swedish", "Polish", "Turkish"]
MIN_LEN, MAX_LEN = 16, 64
MIN_CHAR_COUNT = 20          # rarer characters map to the unknown id
TRAIN_PER_LANG = 5000        # balanced classes
PER_LANG_TEST = 200
SAMPLE = 128                 # test lines whose tokens and logits are committed
SEED = 20261126
# Strings that pin the tokenizer's corner cases for the Java twin: a decomposed accent (NFC joins it),
# characters outside the vocabulary (one unknown id per code point, also above U+FFFF), a text longer
# than MAX_LEN, the empty text, dotted and dotless i.
PROBES = ["cafe\u0301 re\u0301sume\u0301", "\U0001F600 \u4e2d\u6587 \u0133", "abcdefghij" * 7 + "xyz", "",
          "\u0130stanbul \u0131\u015f\u0131k G\u00f6teborg \u00c5\u00e4\u00f6 \u0141\u00f3d\u017a"]
EMB, CONV, HIDDEN = 16, 32, 32


class LanguageCnnBiLstm(nn.Module):
    """int64 tokens [N, T] -> Embedding -> Conv1d(k5)/ReLU/max-pool 2 -> BiLSTM (batch_first) -> both final h -> linear.

    The pool halves the steps the BiLSTM runs (64 characters -> 32), which halves training time.
    """

    def __init__(self, vocab, classes):
        super().__init__()
        self.embedding = nn.Embedding(vocab, EMB, padding_idx=0)
        self.conv = nn.Conv1d(EMB, CONV, 5, padding=2)
        self.lstm = nn.LSTM(CONV, HIDDEN, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(2 * HIDDEN, classes)

    def forward(self, tokens):
        e = self.embedding(tokens).transpose(1, 2)          # [N, EMB, T]
        c = F.max_pool1d(F.relu(self.conv(e)), 2)           # [N, CONV, T/2]
        c = c.transpose(1, 2)                               # [N, T/2, CONV]
        _, (hn, _) = self.lstm(c)                           # hn [2, N, HIDDEN]: forward, backward
        return self.fc(torch.cat([hn[0], hn[1]], dim=1))    # [N, classes]


def clean(s):
    s = unicodedata.normalize("NFC", s)
    s = re.sub(r"[_&](?=\w)", "", s)
    return re.sub(r"\s+", " ", s).strip()


def usable(s):
    if not MIN_LEN <= len(s) <= MAX_LEN or len(s.split()) < 3:
        return False
    if any(unicodedata.category(ch).startswith("C") for ch in s):
        return False
    visible = [ch for ch in s if not ch.isspace()]
    return sum(ch.isalpha() for ch in visible) >= 0.75 * len(visible)


def held_out(msgid):
    return hashlib.sha1(msgid.encode("utf-8")).digest()[0] % 10 == 0


def read_catalogs():
    """{lang: {text: set of msgids}} and the list of .mo files read."""
    texts = {lang: collections.defaultdict(set) for lang in LANGS}
    files_read = []
    for lang in LANGS[1:]:
        for path in sorted(glob.glob("/usr/share/locale/%s/LC_MESSAGES/*.mo" % lang)):
            try:
                with open(path, "rb") as f:
                    catalog = gettext.GNUTranslations(f)._catalog
            except (OSError, UnicodeDecodeError) as e:
                print("skipping", path, e, file=sys.stderr)
                continue
            files_read.append(path)
            for msgid, msgstr in catalog.items():
                if isinstance(msgid, tuple) or not msgid:
                    continue
                msgid = msgid.split("\x04")[-1]       # drop a msgctxt
                english, translated = clean(msgid), clean(msgstr)
                if usable(english):
                    texts["en"][english].add(msgid)
                if usable(translated) and translated != english:
                    texts[lang][translated].add(msgid)
    return texts, files_read


def packages_of(files):
    out = subprocess.run(["dpkg", "-S"] + files, capture_output=True, text=True).stdout
    return sorted({line.split(":")[0] for line in out.splitlines() if ":" in line})


def split(texts):
    """Balanced training texts and held-out texts per language; a text in two languages is dropped."""
    owners = collections.Counter(t for lang in LANGS for t in texts[lang])
    rng = random.Random(SEED)
    train, test = {}, {}
    for lang in LANGS:
        tr, te = [], []
        for text in sorted(texts[lang]):
            if owners[text] > 1:
                continue
            flags = {held_out(m) for m in texts[lang][text]}
            if flags == {True}:
                te.append(text)
            elif flags == {False}:
                tr.append(text)
        rng.shuffle(tr)
        rng.shuffle(te)
        train[lang], test[lang] = tr[:TRAIN_PER_LANG], te
    return train, test


def build_vocab(train):
    counts = collections.Counter(ch for lang in LANGS for t in train[lang] for ch in t)
    return sorted(ch for ch, n in counts.items() if n >= MIN_CHAR_COUNT)


def encode(texts, vocab):
    index = {ch: i + 2 for i, ch in enumerate(vocab)}
    ids = np.zeros((len(texts), MAX_LEN), dtype=np.int64)
    for row, text in enumerate(texts):
        chars = unicodedata.normalize("NFC", text)[:MAX_LEN]
        ids[row, :len(chars)] = [index.get(ch, 1) for ch in chars]
    return ids


def logits_of(model, ids):
    model.eval()
    with torch.no_grad():
        return torch.cat([model(torch.from_numpy(ids[i:i + 500])) for i in range(0, len(ids), 500)])


def labelled(split_texts, per_lang=None):
    texts, labels = [], []
    for k, lang in enumerate(LANGS):
        chosen = split_texts[lang][:per_lang] if per_lang else split_texts[lang]
        texts += chosen
        labels += [k] * len(chosen)
    return texts, np.array(labels, dtype=np.int64)


def train(args, model, x, y, x_test, y_test):
    torch.manual_seed(SEED)
    bs = 64
    steps = args.epochs * ((len(x) + bs - 1) // bs)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=4e-3, total_steps=steps)
    g = torch.Generator()
    g.manual_seed(SEED)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    log, t0 = [], time.time()
    for epoch in range(args.epochs):
        model.train()
        perm = torch.randperm(len(x), generator=g)
        total, correct = 0.0, 0
        for s in range(0, len(x), bs):
            idx = perm[s:s + bs]
            out = model(xt[idx])
            loss = F.cross_entropy(out, yt[idx])
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
            correct += (out.argmax(1) == yt[idx]).sum().item()
        acc = float((logits_of(model, x_test).argmax(1).numpy() == y_test).mean())
        log.append({"epoch": epoch + 1, "train_loss": round(total / len(x), 4), "train_acc": round(correct / len(x), 4),
                    "heldout_acc": round(acc, 4), "elapsed_s": round(time.time() - t0, 1)})
        print(log[-1], flush=True)
    return log, round(time.time() - t0, 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--work", default="/tmp/corenn-langid", help="where the state_dict is kept (not committed)")
    ap.add_argument("--export-only", action="store_true")
    ap.add_argument("--out", default=OUT, help="where the bundled files go (default: models/langid)")
    args = ap.parse_args()
    torch.set_num_threads(1)

    texts, files = read_catalogs()
    train_texts, test_texts = split(texts)
    vocab = build_vocab(train_texts)
    x_texts, y = labelled(train_texts)
    heldout_texts, y_heldout = labelled(test_texts)
    x, x_heldout = encode(x_texts, vocab), encode(heldout_texts, vocab)
    print("train", collections.Counter(y.tolist()), "held out", collections.Counter(y_heldout.tolist()),
          "vocab", len(vocab), flush=True)

    torch.manual_seed(SEED)
    model = LanguageCnnBiLstm(len(vocab) + 2, len(LANGS))
    os.makedirs(args.work, exist_ok=True)
    state_path = os.path.join(args.work, "state_dict.pt")
    if args.export_only:
        model.load_state_dict(torch.load(state_path))
        log, seconds = None, None
    else:
        log, seconds = train(args, model, x, y, x_heldout, y_heldout)
        torch.save(model.state_dict(), state_path)
    model.eval()

    heldout_acc = float((logits_of(model, x_heldout).argmax(1).numpy() == y_heldout).mean())
    test_lines, y_test = labelled(test_texts, PER_LANG_TEST)
    ids = encode(test_lines, vocab)
    logits = logits_of(model, ids)
    pred = logits.argmax(1).numpy()
    test_acc = float((pred == y_test).mean())
    top2 = logits.topk(2, dim=1).values
    near_ties = int(((top2[:, 0] - top2[:, 1]) < 1e-3).sum())
    confusion = np.zeros((len(LANGS), len(LANGS)), dtype=np.int64)
    for t, p in zip(y_test, pred):
        confusion[t, p] += 1
    print("held-out accuracy", heldout_acc, "committed test accuracy", test_acc, "near ties", near_ties, flush=True)

    # Interleave languages so the first lines (the demo's and the committed sample's) cover all of them.
    order = [k * PER_LANG_TEST + i for i in range(PER_LANG_TEST) for k in range(len(LANGS))]
    out_dir = args.out
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "test.tsv"), "w", encoding="utf-8", newline="\n") as f:
        for i in order:
            f.write("%s\t%s\n" % (LANGS[y_test[i]], test_lines[i]))
    with open(os.path.join(out_dir, "vocab.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# Character vocabulary of tools/models/train_langid.py: id 0 = padding, id 1 = unknown,\n"
                "# the n-th line below (from 0) is id n + 2: its code point, a space, the character.\n")
        for ch in vocab:
            f.write("U+%04X %s\n" % (ord(ch), ch))
    np.save(os.path.join(out_dir, "torch_classes.npy"), pred[order].astype(np.int8))
    np.save(os.path.join(out_dir, "sample_tokens.npy"), ids[order[:SAMPLE]].astype(np.int16))
    with open(os.path.join(out_dir, "tokenizer_probes.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(p + "\n" for p in PROBES))
    np.save(os.path.join(out_dir, "tokenizer_probe_ids.npy"), encode(PROBES, vocab).astype(np.int16))
    np.save(os.path.join(out_dir, "sample_logits.npy"), logits.numpy()[order[:SAMPLE]].astype(np.float32))
    save_safetensors(os.path.join(out_dir, "model.safetensors"), model.state_dict(),
                     metadata={"model": "LanguageCnnBiLstm", "script": "tools/models/train_langid.py"})
    example = torch.from_numpy(ids[order[:2]])
    torch.onnx.export(model, (example,), os.path.join(out_dir, "model.onnx"), opset_version=13,
                      input_names=["tokens"], output_names=["logits"],
                      dynamic_axes={"tokens": {0: "batch"}, "logits": {0: "batch"}})

    training_path = os.path.join(out_dir, "training.json")
    previous = json.load(open(training_path)) if args.export_only and os.path.exists(training_path) else {}
    write_json(training_path, {
        "languages": LANGS, "language_names": NAMES, "max_len": MAX_LEN, "min_len": MIN_LEN,
        "vocab_size": len(vocab) + 2, "min_char_count": MIN_CHAR_COUNT,
        "model": "Embedding(%d, %d, padding_idx=0) -> Conv1d(%d->%d, k5, pad 2) -> ReLU -> MaxPool1d(2) -> BiLSTM(%d, %d) -> "
                 "concat final h -> Linear(%d->%d)" % (len(vocab) + 2, EMB, EMB, CONV, CONV, HIDDEN, 2 * HIDDEN,
                                                     len(LANGS)),
        "parameters": sum(p.numel() for p in model.parameters()),
        "train_texts_per_language": {lang: len(train_texts[lang]) for lang in LANGS},
        "heldout_texts_per_language": {lang: len(test_texts[lang]) for lang in LANGS},
        "committed_test_per_language": PER_LANG_TEST,
        "torch_heldout_accuracy": round(heldout_acc, 4), "torch_test_accuracy": round(test_acc, 4),
        "test_near_ties_below_1e-3": near_ties, "test_confusion_rows_truth_cols_predicted": confusion.tolist(),
        "seed": SEED, "threads": 1, "torch": torch.__version__, "batch_size": 64,
        "optimizer": "AdamW lr 3e-3 wd 1e-4, OneCycleLR max_lr 4e-3, grad-norm clip 1.0",
        "epochs": log if log is not None else previous.get("epochs"),
        "train_seconds": seconds if seconds is not None else previous.get("train_seconds"),
        "catalogs_read": len(files), "debian_packages": packages_of(files),
    })


if __name__ == "__main__":
    main()
