"""Opens committed notebooks in a real JupyterLab, as a user of a fresh clone would, and checks
that their plots draw there: the notebooks are neither trusted nor re-run. With --run, it also runs
one notebook through the browser (Run All Cells) and checks that its progress line updates while it
runs, that nothing is written to stderr and that its plots draw.

    python tools/lab_check.py [--run NOTEBOOK.ipynb] [--timeout SECONDS] NOTEBOOK.ipynb [...]

JupyterLab starts on a free localhost port with a random token, on a temporary copy of notebooks/
and with its own empty Jupyter data and config folders (so nothing is trusted and nothing in the
repository is touched); target/, data/ and lib-src/ are linked beside the copy, so the notebooks'
relative paths (../target/notebook-lib, ../data) resolve when they run. The browser side is
tools/browser-check/check.mjs (modes `lab` and `run`), which blocks every request outside localhost and
writes screenshots to target/screenshots/lab/. Every wait has a deadline (--timeout per notebook,
default 240 s; the run gets twice that) and passes as soon as its condition holds, so a busy machine is
slower, not failing.
"""
import argparse
import os
import pathlib
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url, proc, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"JupyterLab exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"JupyterLab did not answer {url} within {seconds} s")


def main(argv):
    parser = argparse.ArgumentParser(prog="lab_check.py")
    parser.add_argument("--run", metavar="NOTEBOOK", help="also run this notebook with Run All Cells")
    parser.add_argument("--timeout", type=int, default=240, help="seconds per notebook (default 240)")
    parser.add_argument("names", nargs="*", metavar="NOTEBOOK")
    args = parser.parse_args(argv[1:])
    if not args.names and not args.run:
        parser.print_usage(sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="rnnwb-lab-") as tmp:
        tmp = pathlib.Path(tmp)
        work = tmp / "notebooks"
        shutil.copytree(ROOT / "notebooks", work, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        for linked in ("target", "data", "lib-src"):
            (tmp / linked).symlink_to(ROOT / linked, target_is_directory=True)
        for name in args.names + ([args.run] if args.run else []):
            if not (work / name).is_file():
                print(f"FAIL {name}: no such notebook in notebooks/", file=sys.stderr)
                return 1
        env = dict(os.environ)
        # Jupyter's own folders live under jupyter/, away from the linked data/ of the repository.
        for key, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                         ("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTERLAB_WORKSPACES_DIR", "workspaces")):
            env[key] = str(tmp / "jupyter" / sub)
        port = free_port()
        token = secrets.token_hex(16)
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}",
               "--ServerApp.open_browser=False", "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        log = open(tmp / "lab.log", "w")
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_ready(f"{base}/api/status?token={token}", proc, seconds=max(90, args.timeout))
            check = ["node", str(ROOT / "tools/browser-check/check.mjs")]
            shots = str(ROOT / "target/screenshots/lab")
            status = 0
            if args.names:
                status |= subprocess.call(check + ["lab", f"{base}/?token={token}", *args.names, shots,
                                                   f"--timeout={args.timeout}"])
            if args.run:
                status |= subprocess.call(check + ["run", f"{base}/?token={token}", args.run, shots,
                                                   f"--timeout={2 * args.timeout}"])
            return status
        except RuntimeError as e:
            log.flush()
            print(f"lab check: {e}\n{(tmp / 'lab.log').read_text()[-3000:]}", file=sys.stderr)
            return 1
        finally:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(proc.pid, signal.SIGKILL)
            log.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
