"""Side by side in one run: the NumPy reference's training loop against the Java trainers.

`make bench` runs this after building the library and the benchmark classes. It times

  1. the NumPy reference `model` (lib-src/reference/lm_reference.py), in this process;
  2. the Java fast trainer on the same configuration: steady state in one JVM after a warm-up run,
     and a cold run of `java -jar target/rnn-workbench.jar train --trainer fast --quiet` with the
     JVM start included; the plain Java trainer for comparison;
  3. the same for the movie titles (100 hidden units);
  4. the GRU language model (element names): the NumPy GRU reference against the Java fast GRU
     loop (`FastGruTrainer`) and the plain `lm.Trainer` with the GRU cell;
  5. memory: one fast-trainer run of 1,000,000 iterations with the heap in use after a full GC
     every 100,000 iterations (a steady loop shows a flat line);
  6. the batched step (32 sequences per step, padded and masked) for n_a = 65, 256, 512, in
     GFLOP/s next to what an FMA-bound Java loop reaches on one core of this machine.

Both sides run the assignment's settings, log and samples every 2,000 iterations included (the
log is not printed). Each measurement is repeated; the table shows the median and the spread
(min-max). Everything, raw samples and the machine's state included, goes to
target/bench/results.json.
"""
import argparse
import datetime
import json
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "lib-src" / "reference"))

import numpy as np  # noqa: E402

import lm_gru_reference as lm_gru  # noqa: E402
import lm_reference as lm  # noqa: E402

ELEMENTS = "data/element_list.txt"
MOVIES = "data/movie_titles.txt"
JAR = ROOT / "target" / "rnn-workbench.jar"
CLASSPATH_FILE = ROOT / "target" / "bench" / "classpath.txt"


def vocabulary(path):
    with open(ROOT / path, encoding="utf-8") as f:
        return lm.vocabulary(f.read())


def characters(path, iterations):
    """Time steps a run processes: the sum over iterations of len(example) + 1, in the shuffled order."""
    with open(ROOT / path, encoding="utf-8") as f:
        examples = [x.lower().strip() for x in f.readlines()]
    np.random.seed(0)
    np.random.shuffle(examples)
    return sum(len(examples[j % len(examples)]) + 1 for j in range(iterations))


def multiply_adds_per_step(n_a, v):
    """Products of one time step, forward and backward: Waa·a, Waaᵀ·draw, dWaa, Wya·a, Wyaᵀ·dy, dWya."""
    return 3 * n_a * n_a + 3 * v * n_a


def gru_multiply_adds_per_step(n_a, v):
    """GRU: three gate products over [a; x] forward, three times that backward, and the output layer."""
    return 3 * 3 * n_a * (n_a + v) + 3 * v * n_a


def numpy_runs(path, n_a, iterations, reps, reference=lm):
    c2i, i2c = vocabulary(path)
    seconds = []
    for _ in range(reps):
        t0 = time.perf_counter()
        reference.model(str(ROOT / path), i2c, c2i, num_iterations=iterations, n_a=n_a, vocab_size=len(c2i), verbose=False)
        seconds.append(time.perf_counter() - t0)
    return {"mode": "lm", "trainer": "numpy" if reference is lm else "numpy gru", "data": path, "n_a": n_a, "vocabulary": len(c2i),
            "iterations": iterations, "characters": characters(path, iterations), "seconds": seconds}


def java_classpath():
    cp = CLASSPATH_FILE.read_text().strip()
    return os.pathsep.join([str(ROOT / "target" / "classes"), str(ROOT / "target" / "test-classes"), cp])


def java_bench(*args):
    out = subprocess.run(["java", "-cp", java_classpath(), "org.rnnworkbench.bench.TrainBench", *map(str, args)],
                         cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def cold_runs(path, n_a, iterations, reps):
    """Whole `java -jar ... train --trainer fast --quiet` processes, JVM start included."""
    c2i, _ = vocabulary(path)
    seconds = []
    line = ""
    for _ in range(reps):
        t0 = time.perf_counter()
        out = subprocess.run(["java", "-jar", str(JAR), "train", "--trainer", "fast", "--quiet", "--data", path,
                              "--hidden", str(n_a), "--iterations", str(iterations)],
                             cwd=ROOT, check=True, capture_output=True, text=True)
        seconds.append(time.perf_counter() - t0)
        line = out.stdout.strip()
    return {"mode": "lm", "trainer": "fast, java -jar (JVM start included)", "data": path, "n_a": n_a,
            "vocabulary": len(c2i), "iterations": iterations, "characters": characters(path, iterations),
            "seconds": seconds, "output": line}


def machine():
    info = {"date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "platform": platform.platform(), "python": platform.python_version(), "numpy": np.__version__,
            "cpus": os.cpu_count()}
    try:
        with open("/proc/cpuinfo") as f:
            models = [line.split(":", 1)[1].strip() for line in f if line.startswith("model name")]
        info["cpu"] = models[0] if models else platform.processor()
    except OSError:
        info["cpu"] = platform.processor()
    try:
        info["load_average"] = list(os.getloadavg())
    except OSError:
        pass
    java = subprocess.run(["java", "-version"], capture_output=True, text=True)
    info["java"] = java.stderr.strip().splitlines()[0] if java.stderr else "?"
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        info["numpy_blas"] = "%s %s" % (blas.get("name", "?"), blas.get("version", ""))
    except Exception:  # older NumPy: show_config prints only
        info["numpy_blas"] = "?"
    return info


def summary(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def lm_row(result, numpy_rate, gru=False):
    """Iterations/s, characters/s and GFLOP/s of the products, from whole runs."""
    secs = result["seconds"]
    its = [result["iterations"] / s for s in secs]
    chars = [result["characters"] / s for s in secs]
    per_step = (gru_multiply_adds_per_step if gru else multiply_adds_per_step)(result["n_a"], result["vocabulary"])
    flops = 2 * per_step * result["characters"]
    gflops = [flops / s / 1e9 for s in secs]
    row = {"iterations_per_second": summary(its), "characters_per_second": summary(chars),
           "gflops": summary(gflops), "seconds": summary(secs)}
    if numpy_rate:
        row["vs_numpy"] = statistics.median(its) / numpy_rate
    return row


def spread(s, fmt):
    return (fmt % s["median"]) + " (" + (fmt % s["min"]) + "–" + (fmt % s["max"]) + ")"


def print_table(rows, peak):
    header = ("workload", "implementation", "iterations", "time/run s", "iterations/s", "characters/s",
              "×NumPy", "GFLOP/s")
    lines = [header]
    for r in rows:
        lines.append((r["workload"], r["implementation"], r["iterations"], r.get("time", ""), r["rate"], r["chars"],
                      r.get("ratio", ""), r["gflops"]))
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
    for k, line in enumerate(lines):
        print("  ".join(str(c).ljust(w) if i < 2 else str(c).rjust(w) for i, (c, w) in enumerate(zip(line, widths))))
        if k == 0:
            print("  ".join("-" * w for w in widths))
    print()
    print("Java FMA-bound loop on one core (this machine's practical peak): %s GFLOP/s"
          % spread(peak, "%.1f"))
    print("Medians with (min–max) over the repetitions. GFLOP/s counts the matrix products of the forward and "
          "backward pass (2·(3·n_a² + 3·V·n_a) per character; padded steps included for batches).")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=3, help="repetitions of each measurement (default 3)")
    parser.add_argument("--iterations", type=int, default=100_000, help="iterations of the element-name runs")
    parser.add_argument("--movie-iterations", type=int, default=100_000, help="iterations of the Java movie-title runs")
    parser.add_argument("--numpy-movie-iterations", type=int, default=20_000,
                        help="iterations of the NumPy movie-title runs (its rate is what is compared)")
    parser.add_argument("--gru-iterations", type=int, default=10_000, help="iterations of the GRU runs (both sides)")
    parser.add_argument("--memory-iterations", type=int, default=1_000_000,
                        help="iterations of the fast-trainer run whose heap is watched")
    parser.add_argument("--batch-seconds", type=float, default=3.0, help="seconds per batched repetition")
    parser.add_argument("--out", default=str(ROOT / "target" / "bench" / "results.json"))
    args = parser.parse_args()
    reps = args.reps
    started = time.perf_counter()
    info = machine()
    print("machine: %s, %d CPUs, load average %s; %s; NumPy %s (%s)" % (
        info["cpu"], info["cpus"], " ".join("%.2f" % x for x in info.get("load_average", [])), info["java"],
        info["numpy"], info["numpy_blas"]), flush=True)

    results = {"machine": info, "runs": []}
    rows = []

    def record(result):
        results["runs"].append(result)
        return result

    def step(text):
        print("  %-60s" % text, end="", flush=True)
        return time.perf_counter()

    def done(t0):
        print("%6.1f s" % (time.perf_counter() - t0), flush=True)

    print("running (NumPy runs take about 30 s per 100,000 element-name iterations):", flush=True)
    for path, n_a, java_its, numpy_its, workload in [
            (ELEMENTS, 65, args.iterations, args.iterations, "element names, n_a=65"),
            (MOVIES, 100, args.movie_iterations, args.numpy_movie_iterations, "movie titles, n_a=100")]:
        t0 = step("NumPy reference, %s, %d iterations × %d" % (workload, numpy_its, reps))
        numpy = record(numpy_runs(path, n_a, numpy_its, reps))
        done(t0)
        numpy_rate = statistics.median([numpy["iterations"] / s for s in numpy["seconds"]])
        t0 = step("Java fast trainer, steady state, %d iterations × %d" % (java_its, reps))
        fast = record(java_bench("lm", path, n_a, java_its, reps, min(java_its, 20_000)))
        done(t0)
        t0 = step("Java fast trainer, java -jar (cold), %d iterations × %d" % (java_its, reps))
        cold = record(cold_runs(path, n_a, java_its, reps)) if JAR.exists() else None
        done(t0)
        plain_its = max(1, java_its // 10)
        t0 = step("Java plain trainer, steady state, %d iterations × 1" % plain_its)
        plain = record(java_bench("lm", path, n_a, plain_its, 1, min(plain_its, 5_000), "plain"))
        done(t0)
        for name, res in [("NumPy reference (in-process)", numpy), ("Java fast, steady state", fast),
                          ("Java fast, java -jar, JVM start incl.", cold), ("Java plain (lm.Trainer)", plain)]:
            if res is None:
                continue
            r = lm_row(res, numpy_rate)
            res["summary"] = r
            rows.append({"workload": workload, "implementation": name, "iterations": res["iterations"],
                         "time": spread(r["seconds"], "%.2f"), "rate": spread(r["iterations_per_second"], "%.0f"),
                         "chars": "%.0f" % r["characters_per_second"]["median"],
                         "ratio": "%.1f" % r["vs_numpy"], "gflops": spread(r["gflops"], "%.2f")})

    gru_its = args.gru_iterations
    t0 = step("NumPy GRU reference, element names, %d iterations × %d" % (gru_its, reps))
    numpy_gru = record(numpy_runs(ELEMENTS, 65, gru_its, reps, lm_gru))
    done(t0)
    fast_gru_its = 10 * gru_its
    t0 = step("Java fast GRU loop, steady state, %d iterations × %d" % (fast_gru_its, reps))
    java_fast_gru = record(java_bench("lm", ELEMENTS, 65, fast_gru_its, reps, min(fast_gru_its, 20_000), "gru-fast"))
    done(t0)
    t0 = step("Java lm.Trainer with the GRU, steady state, %d iterations × %d" % (gru_its, reps))
    java_gru = record(java_bench("lm", ELEMENTS, 65, gru_its, reps, min(gru_its, 5_000), "gru"))
    done(t0)
    gru_rate = statistics.median([gru_its / s for s in numpy_gru["seconds"]])
    for name, res in [("NumPy GRU reference (in-process)", numpy_gru), ("Java fast GRU (FastGruTrainer)", java_fast_gru),
                      ("Java lm.Trainer, GRU cell", java_gru)]:
        r = lm_row(res, gru_rate, gru=True)
        res["summary"] = r
        rows.append({"workload": "element names, GRU, n_a=65", "implementation": name, "iterations": res["iterations"],
                     "time": spread(r["seconds"], "%.2f"), "rate": spread(r["iterations_per_second"], "%.0f"),
                     "chars": "%.0f" % r["characters_per_second"]["median"],
                     "ratio": "%.1f" % r["vs_numpy"], "gflops": spread(r["gflops"], "%.2f")})

    mem_its = args.memory_iterations
    t0 = step("Java fast trainer, heap after GC every %d of %d iterations" % (mem_its // 10, mem_its))
    memory = record(java_bench("memory", ELEMENTS, 65, mem_its, max(1, mem_its // 10)))
    done(t0)
    heap = memory["heap_used_after_gc"]
    memory["summary"] = {"first_mb": heap[0] / 2**20, "last_mb": heap[-1] / 2**20,
                         "min_mb": min(heap) / 2**20, "max_mb": max(heap) / 2**20}

    elements_numpy_rate = statistics.median(
        [results["runs"][0]["iterations"] / s for s in results["runs"][0]["seconds"]])
    for n_a in (65, 256, 512):
        t0 = step("Java batched step, m=32, n_a=%d, %.0f s × %d" % (n_a, args.batch_seconds, reps))
        b = record(java_bench("batched", ELEMENTS, n_a, 32, args.batch_seconds, reps))
        done(t0)
        seq = summary(b["sequences_per_second"])
        rows.append({"workload": "element names, batches of 32, n_a=%d" % n_a,
                     "implementation": "Java BatchedCharRnn.step", "iterations": "(sequences)",
                     "rate": spread(seq, "%.0f"), "chars": "%.0f" % statistics.median(b["characters_per_second"]),
                     "ratio": ("%.1f" % (seq["median"] / elements_numpy_rate)) if n_a == 65 else "",
                     "gflops": spread(summary(b["gflops"]), "%.2f")})
        b["summary"] = {"sequences_per_second": seq, "gflops": summary(b["gflops"])}
    t0 = step("Java FMA-bound loop (peak), 2 s × %d" % reps)
    peak = record(java_bench("peak", 2, reps))
    done(t0)
    peak_summary = summary(peak["gflops"])
    peak["summary"] = peak_summary

    info["load_average_after"] = list(os.getloadavg())
    results["table"] = rows
    results["total_seconds"] = time.perf_counter() - started
    out = pathlib.Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps(results, indent=2))
    tmp.replace(out)
    print()
    print_table(rows, peak_summary)
    m = memory["summary"]
    print("Heap in use after a full GC, every %d iterations of a %d-iteration fast run (%.1f s): "
          "first %.1f MB, last %.1f MB, min %.1f MB, max %.1f MB." % (
              mem_its // 10, mem_its, memory["seconds"], m["first_mb"], m["last_mb"], m["min_mb"], m["max_mb"]))
    print("load average before %s, after %s; total %.0f s; results in %s" % (
        " ".join("%.2f" % x for x in info.get("load_average", [])),
        " ".join("%.2f" % x for x in info["load_average_after"]), results["total_seconds"], out))


if __name__ == "__main__":
    main()
