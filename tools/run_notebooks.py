"""Executes Java notebooks top to bottom on a fresh JJava kernel each, headlessly.

    python tools/run_notebooks.py [--inplace] [--out DIR] [--timeout S] NOTEBOOK...

Each notebook runs with the kernel's working directory set to the notebook's own folder (so
`%classpath ../target/notebook-lib/*.jar` resolves as it does in JupyterLab). Without --inplace
the executed notebook is written to --out (default target/executed/) and the committed file is not
touched; with --inplace the outputs are saved back into the notebook (`make notebooks`).

A run fails, naming the notebook, the cell and the error, on: any cell error, a kernel death, a
cell running past the per-cell timeout, or any output written to stderr (warnings included: a
committed notebook shows none, and nbgrader scores a test cell with stderr as 0). Each notebook's
wall time is printed. The exit code is the number of failed notebooks (0 when all passed).
"""
import argparse
import os
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError


def stderr_outputs(nb):
    """(cell index, text) of every stderr stream output in an executed notebook."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                found.append((i, out.get("text", "")))
    return found


def failing_cell(nb):
    """(cell index, ename, evalue) of the first cell whose outputs hold an error, else None."""
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return i, out.get("ename", ""), out.get("evalue", "")
    return None


def first_line(text, limit=300):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def run_one(path, timeout, inplace, out_dir):
    """Runs one notebook; returns an error message, or None when it passed."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="java",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        shutdown_kernel="immediate",
    )
    error = None
    try:
        client.execute()
    except CellTimeoutError as e:
        error = f"a cell ran past the {timeout} s per-cell timeout: {first_line(e)}"
    except DeadKernelError as e:
        error = f"the kernel died: {first_line(e)}"
    except CellExecutionError as e:
        error = first_line(e)
    except Exception as e:  # kernel failed to start, bad notebook JSON, ...
        error = f"{type(e).__name__}: {first_line(e)}"
    if error is not None:
        where = failing_cell(nb)
        if where is not None:
            i, ename, evalue = where
            error = f"cell {i + 1}: {ename}: {first_line(evalue)}"
    else:
        noisy = stderr_outputs(nb)
        if noisy:
            i, text = noisy[0]
            error = f"cell {i + 1} wrote to stderr: {first_line(text)}"
    target = path if inplace else out_dir / path.name
    if error is None or not inplace:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name("." + target.name + ".tmp")
        nbformat.write(nb, tmp)
        os.replace(tmp, target)
    return error


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="+", type=pathlib.Path)
    ap.add_argument("--inplace", action="store_true", help="save outputs back into the notebooks")
    ap.add_argument("--out", type=pathlib.Path, default=pathlib.Path("target/executed"),
                    help="where executed copies go without --inplace (default: target/executed)")
    ap.add_argument("--timeout", type=int, default=int(os.environ.get("NOTEBOOK_CELL_TIMEOUT", "600")),
                    help="per-cell timeout in seconds (default 600, or $NOTEBOOK_CELL_TIMEOUT)")
    args = ap.parse_args(argv)

    failures = 0
    total = time.monotonic()
    for path in args.notebooks:
        if not path.is_file():
            print(f"FAIL {path}: no such notebook", flush=True)
            failures += 1
            continue
        start = time.monotonic()
        error = run_one(path.resolve(), args.timeout, args.inplace, args.out)
        took = time.monotonic() - start
        if error is None:
            print(f"ok   {path.name}  {took:6.1f} s", flush=True)
        else:
            failures += 1
            print(f"FAIL {path.name}  {took:6.1f} s  {error}", flush=True)
    n = len(args.notebooks)
    print(f"all notebooks: {time.monotonic() - total:.1f} s", flush=True)
    print(f"notebooks: {n - failures} passed, {failures} failed", flush=True)
    return min(failures, 100)


if __name__ == "__main__":
    sys.exit(main())
