"""Opens committed notebooks in a real JupyterLab, as a user of a fresh clone would, and checks
that their plots draw there: the notebooks are neither trusted nor re-run.

    python tools/lab_check.py NOTEBOOK.ipynb [...]

JupyterLab starts on a free localhost port with a random token, on a temporary copy of notebooks/
and with its own empty Jupyter data and config folders (so nothing is trusted and nothing in the
repository is touched). The browser side is tools/browser-check/check.mjs (mode `lab`), which
blocks every request outside localhost and writes screenshots to target/screenshots/lab/.
"""
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
    names = argv[1:]
    if not names:
        print("usage: lab_check.py NOTEBOOK.ipynb [...]", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="rnnwb-lab-") as tmp:
        tmp = pathlib.Path(tmp)
        work = tmp / "notebooks"
        shutil.copytree(ROOT / "notebooks", work, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        for name in names:
            if not (work / name).is_file():
                print(f"FAIL {name}: no such notebook in notebooks/", file=sys.stderr)
                return 1
        env = dict(os.environ)
        for key, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                         ("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTERLAB_WORKSPACES_DIR", "workspaces")):
            env[key] = str(tmp / sub)
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
            wait_ready(f"{base}/api/status?token={token}", proc)
            check = [
                "node", str(ROOT / "tools/browser-check/check.mjs"), "lab", f"{base}/?token={token}",
                *names, str(ROOT / "target/screenshots/lab"),
            ]
            return subprocess.call(check)
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
