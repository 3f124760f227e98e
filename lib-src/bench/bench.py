"""Side by side in one run: the NumPy reference's training loop against the Java trainers.

`make bench` runs this after building the library and the benchmark classes. It times

  1. the NumPy reference `model` (lib-src/reference/lm_reference.py), in this process, and its JAX
     peer (lib-src/bench/jax_peer.py: one jit-compiled step over a padded, masked example, float64)
     in the bench-only environment target/bench-venv, when `make bench` could install JAX there;
  2. the Java fast trainer on the same configuration, steady state in one JVM after a warm-up run,
     on the scalar kernels (no module) and on the Vector API kernels (`--add-modules
     jdk.incubator.vector`); cold runs of the command line with the JVM start included:
     `java -jar target/rnn-workbench.jar train --quiet` (the default loop, scalar kernels) and
     `bin/rnn-workbench train --quiet` (the launcher, Vector API kernels); the plain Java trainer;
  3. the same for the movie titles (100 hidden units);
  4. the GRU and the LSTM language models (element names): the NumPy references against the Java
     fast loops (both kernel sets) and the plain `lm.Trainer` with that cell;
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
import lm_lstm_reference as lm_lstm  # noqa: E402
import lm_reference as lm  # noqa: E402

ELEMENTS = "data/element_list.txt"
MOVIES = "data/movie_titles.txt"
JAR = ROOT / "target" / "rnn-workbench.jar"
CLASSPATH_FILE = ROOT / "target" / "bench" / "classpath.txt"
LAUNCHER = ROOT / "bin" / "rnn-workbench"
BENCH_PYTHON = ROOT / "target" / "bench-venv" / "bin" / "python"
VECTOR = ["--add-modules", "jdk.incubator.vector", "-Drnnworkbench.vectorization=vector"]


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


def lstm_multiply_adds_per_step(n_a, v):
    """LSTM: four gate products over [a; x] forward, three times that backward, and the output layer."""
    return 3 * 4 * n_a * (n_a + v) + 3 * v * n_a


def numpy_runs(path, n_a, iterations, reps, reference=lm):
    c2i, i2c = vocabulary(path)
    seconds = []
    for _ in range(reps):
        t0 = time.perf_counter()
        reference.model(str(ROOT / path), i2c, c2i, num_iterations=iterations, n_a=n_a, vocab_size=len(c2i), verbose=False)
        seconds.append(time.perf_counter() - t0)
    return {"mode": "lm", "trainer": {lm: "numpy", lm_gru: "numpy gru", lm_lstm: "numpy lstm"}[reference], "data": path, "n_a": n_a, "vocabulary": len(c2i),
            "iterations": iterations, "characters": characters(path, iterations), "seconds": seconds}


def java_classpath():
    cp = CLASSPATH_FILE.read_text().strip()
    return os.pathsep.join([str(ROOT / "target" / "classes"), str(ROOT / "target" / "test-classes"), cp])


def java_bench(*args, vector=False):
    """TrainBench in its own JVM; with `vector`, on the Vector API kernels (the module added)."""
    out = subprocess.run(["java", *(VECTOR if vector else []), "-cp", java_classpath(),
                          "org.rnnworkbench.bench.TrainBench", *map(str, args)],
                         cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def cold_runs(path, n_a, iterations, reps, launcher=False):
    """Whole `train --quiet` processes (the default loop), JVM start included: `java -jar` on the
    scalar kernels, or the launcher bin/rnn-workbench on the Vector API kernels."""
    c2i, _ = vocabulary(path)
    command = [str(LAUNCHER)] if launcher else ["java", "-jar", str(JAR)]
    seconds = []
    line = ""
    for _ in range(reps):
        t0 = time.perf_counter()
        out = subprocess.run([*command, "train", "--quiet", "--data", path, "--hidden", str(n_a),
                              "--iterations", str(iterations)], cwd=ROOT, check=True, capture_output=True, text=True)
        seconds.append(time.perf_counter() - t0)
        line = out.stdout.strip()
    return {"mode": "lm", "trainer": ("bin/rnn-workbench" if launcher else "java -jar") + " (JVM start included)",
            "data": path, "n_a": n_a, "vocabulary": len(c2i), "iterations": iterations,
            "characters": characters(path, iterations), "seconds": seconds, "output": line}


def jax_runs(path, n_a, iterations, reps):
    """The JAX peer in the bench-only environment, or None when it is not installed."""
    if not BENCH_PYTHON.exists():
        return None
    out = subprocess.run([str(BENCH_PYTHON), str(ROOT / "lib-src" / "bench" / "jax_peer.py"), path, str(n_a),
                          str(iterations), str(reps)], cwd=ROOT, check=True, capture_output=True, text=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["characters"] = characters(path, iterations)
    return result


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


def lm_row(result, numpy_rate, cell="rnn"):
    """Iterations/s, characters/s and GFLOP/s of the products, from whole runs."""
    secs = result["seconds"]
    its = [result["iterations"] / s for s in secs]
    chars = [result["characters"] / s for s in secs]
    per_step = {"rnn": multiply_adds_per_step, "gru": gru_multiply_adds_per_step,
                "lstm": lstm_multiply_adds_per_step}[cell](result["n_a"], result["vocabulary"])
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
              "×NumPy", "GFLOP/s", "% of peak")
    lines = [header]
    for r in rows:
        share = "%.0f%%" % (100 * r["gflops_median"] / peak["median"]) if "gflops_median" in r else ""
        r["peak_share"] = r["gflops_median"] / peak["median"] if "gflops_median" in r else None
        lines.append((r["workload"], r["implementation"], r["iterations"], r.get("time", ""), r["rate"], r["chars"],
                      r.get("ratio", ""), r["gflops"], share))
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
    for k, line in enumerate(lines):
        print("  ".join(str(c).ljust(w) if i < 2 else str(c).rjust(w) for i, (c, w) in enumerate(zip(line, widths))))
        if k == 0:
            print("  ".join("-" * w for w in widths))
    print()
    print("Java FMA-bound loop on one core (this machine's practical peak): %s GFLOP/s"
          % spread(peak, "%.1f"))
    print("Medians with (min–max) over the repetitions. GFLOP/s counts the matrix products of the forward and "
          "backward pass (RNN 2·(3·n_a² + 3·V·n_a) per character, GRU 2·(9·n_a·(n_a+V) + 3·V·n_a), LSTM "
          "2·(12·n_a·(n_a+V) + 3·V·n_a); padded steps included for batches); % of peak is its median over the "
          "median of the FMA-bound loop. The JAX peer's first run includes compiling.")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=3, help="repetitions of each measurement (default 3)")
    parser.add_argument("--iterations", type=int, default=100_000, help="iterations of the element-name runs")
    parser.add_argument("--movie-iterations", type=int, default=100_000, help="iterations of the Java movie-title runs")
    parser.add_argument("--numpy-movie-iterations", type=int, default=20_000,
                        help="iterations of the NumPy movie-title runs (its rate is what is compared)")
    parser.add_argument("--gru-iterations", type=int, default=10_000,
                        help="iterations of the NumPy GRU and LSTM runs (the fast Java loops run 10 times as many)")
    parser.add_argument("--jax-iterations", type=int, default=20_000, help="iterations of the JAX runs")
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

    def add_row(workload, name, res, rate, cell="rnn"):
        if res is None:
            return
        r = lm_row(res, rate, cell)
        res["summary"] = r
        rows.append({"workload": workload, "implementation": name, "iterations": res["iterations"],
                     "time": spread(r["seconds"], "%.2f"), "rate": spread(r["iterations_per_second"], "%.0f"),
                     "chars": "%.0f" % r["characters_per_second"]["median"],
                     "ratio": "%.1f" % r["vs_numpy"], "gflops": spread(r["gflops"], "%.2f"),
                     "gflops_median": r["gflops"]["median"]})

    for path, n_a, java_its, numpy_its, workload in [
            (ELEMENTS, 65, args.iterations, args.iterations, "element names, n_a=65"),
            (MOVIES, 100, args.movie_iterations, args.numpy_movie_iterations, "movie titles, n_a=100")]:
        t0 = step("NumPy reference, %s, %d iterations × %d" % (workload, numpy_its, reps))
        numpy = record(numpy_runs(path, n_a, numpy_its, reps))
        done(t0)
        numpy_rate = statistics.median([numpy["iterations"] / s for s in numpy["seconds"]])
        jax = None
        if path == ELEMENTS:
            t0 = step("JAX jit step (bench venv), %d iterations × %d" % (args.jax_iterations, reps))
            jax = jax_runs(path, n_a, args.jax_iterations, reps)
            if jax is not None:
                record(jax)
            done(t0)
        t0 = step("Java fast trainer, scalar kernels, %d iterations × %d" % (java_its, reps))
        fast = record(java_bench("lm", path, n_a, java_its, reps, min(java_its, 20_000)))
        done(t0)
        t0 = step("Java fast trainer, Vector API kernels, %d iterations × %d" % (java_its, reps))
        fast_vector = record(java_bench("lm", path, n_a, java_its, reps, min(java_its, 20_000), vector=True))
        done(t0)
        t0 = step("java -jar … train --quiet (cold), %d iterations × %d" % (java_its, reps))
        cold = record(cold_runs(path, n_a, java_its, reps)) if JAR.exists() else None
        done(t0)
        cold_vector = None
        if path == ELEMENTS:
            t0 = step("bin/rnn-workbench train --quiet (cold), %d iterations × %d" % (java_its, reps))
            cold_vector = record(cold_runs(path, n_a, java_its, reps, launcher=True)) if JAR.exists() else None
            done(t0)
        plain_its = max(1, java_its // 10)
        t0 = step("Java plain trainer, steady state, %d iterations × 1" % plain_its)
        plain = record(java_bench("lm", path, n_a, plain_its, 1, min(plain_its, 5_000), "plain"))
        done(t0)
        for name, res in [("NumPy reference (in-process)", numpy),
                          ("JAX %s, jit step, padded+masked, float64 (compile incl. in 1st run)"
                           % (jax or {}).get("jax", ""), jax),
                          ("Java fast, scalar kernels, steady state", fast),
                          ("Java fast, Vector API kernels, steady state", fast_vector),
                          ("java -jar … train --quiet, JVM start incl.", cold),
                          ("bin/rnn-workbench train --quiet (Vector API), JVM start incl.", cold_vector),
                          ("Java plain (lm.Trainer)", plain)]:
            add_row(workload, name, res, numpy_rate)

    gated_its = args.gru_iterations
    for cell, reference, workload in [("gru", lm_gru, "element names, GRU, n_a=65"),
                                      ("lstm", lm_lstm, "element names, LSTM, n_a=65")]:
        t0 = step("NumPy %s reference, element names, %d iterations × %d" % (cell.upper(), gated_its, reps))
        numpy_gated = record(numpy_runs(ELEMENTS, 65, gated_its, reps, reference))
        done(t0)
        fast_its = 10 * gated_its
        t0 = step("Java fast %s loop, scalar kernels, %d iterations × %d" % (cell.upper(), fast_its, reps))
        fast_scalar = record(java_bench("lm", ELEMENTS, 65, fast_its, reps, min(fast_its, 20_000), cell + "-fast"))
        done(t0)
        t0 = step("Java fast %s loop, Vector API kernels, %d iterations × %d" % (cell.upper(), fast_its, reps))
        fast_vec = record(java_bench("lm", ELEMENTS, 65, fast_its, reps, min(fast_its, 20_000), cell + "-fast",
                                     vector=True))
        done(t0)
        t0 = step("Java lm.Trainer with the %s, %d iterations × 1" % (cell.upper(), gated_its))
        plain_gated = record(java_bench("lm", ELEMENTS, 65, gated_its, 1, min(gated_its, 5_000), cell))
        done(t0)
        rate = statistics.median([gated_its / s for s in numpy_gated["seconds"]])
        for name, res in [("NumPy %s reference (in-process)" % cell.upper(), numpy_gated),
                          ("Java fast %s, scalar kernels" % cell.upper(), fast_scalar),
                          ("Java fast %s, Vector API kernels" % cell.upper(), fast_vec),
                          ("Java lm.Trainer, %s cell" % cell.upper(), plain_gated)]:
            add_row(workload, name, res, rate, cell)

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
                     "gflops": spread(summary(b["gflops"]), "%.2f"),
                     "gflops_median": statistics.median(b["gflops"])})
        b["summary"] = {"sequences_per_second": seq, "gflops": summary(b["gflops"])}
    t0 = step("Java FMA-bound loop (peak), 2 s × %d" % reps)
    peak = record(java_bench("peak", 2, reps))
    done(t0)
    peak_summary = summary(peak["gflops"])
    peak["summary"] = peak_summary

    info["load_average_after"] = list(os.getloadavg())
    for r in rows:
        if "gflops_median" in r:
            r["peak_share"] = r["gflops_median"] / peak_summary["median"]
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
