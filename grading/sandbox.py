"""The grading sandbox: one bubblewrap sandbox per graded notebook, seen from the grader's side.

    python sandbox.py check     exits 0 when the sandbox works here, else prints why (one line)

The executor (sandbox_runner.py, nbclient) and the Java kernel run together inside one
`bwrap` with new PID, network, IPC, UTS and cgroup namespaces (and a user namespace when the
grader is not root), `--die-with-parent --new-session`:

- a read-only view of the system (/usr, /etc), of the Python the environment was made from, of the
  environment and of the library folder (mounted at /opt/rnn-workbench/lib, so a path built from
  RNN_WORKBENCH_LIB leads nowhere);
- a private size-limited tmpfs as HOME and working directory, another as /tmp; the course folder,
  the gradebook, the other submissions, the checkout and the grader's HOME do not exist inside;
- no network but the namespace's own loopback (the kernel and the executor talk over it);
- as root, every process inside runs as an unprivileged user (nobody) without capabilities;
- memory and processes/threads limited by cgroup v1 controllers made for the notebook, when the
  grader may write them (otherwise RLIMIT_NPROC and the JVM's own heap limit);
- a total time limit: past it the grader kills the sandbox and every process in it.

Only the notebook and the files of its folder go in, through the runner's stdin; results come out
as JSON lines on a pipe the runner alone holds, read with size limits. Nothing in the scratch
folder is ever read back: it disappears with the sandbox.
"""
import json
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
RUNNER = os.path.join(HERE, "sandbox_runner.py")
SANDBOX_UID = 65534  # nobody: owns no file the sandbox can see, and runs nothing else there
HOME = "/home/student"
LIB_MOUNT = "/opt/rnn-workbench/lib"
RUNNER_MOUNT = "/opt/rnn-workbench/sandbox_runner.py"
STDERR_KEEP = 64 * 1024


def parse_size(text, name):
    """'3g', '512m', '1000000' -> bytes; a one-line error naming `name` otherwise."""
    m = re.fullmatch(r"\s*(\d+)\s*([kmgKMG]?)[bB]?\s*", str(text))
    if not m:
        raise ValueError(f"{name} must be a size such as 3g or 512m, got {text!r}")
    return int(m.group(1)) * {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}[m.group(2).lower()]


class Limits:
    """What one notebook may use; sizes in bytes, times in seconds."""

    def __init__(self, notebook_timeout=600, memory=3 << 30, pids=512, scratch=512 << 20,
                 result=64 << 20):
        self.notebook_timeout = notebook_timeout
        self.memory = memory
        self.pids = pids
        self.scratch = scratch
        self.result = result


def _real(path):
    return os.path.realpath(path)


def environment_dirs():
    """The environment (venv or conda) and the Python it was made from, resolved."""
    dirs = [_real(sys.prefix)]
    base = _real(getattr(sys, "base_prefix", sys.prefix))
    if base not in dirs:
        dirs.append(base)
    return dirs


def bwrap_command(lib_dir, privileged, limits):
    """The bwrap command line that runs the runner (argument: the result descriptor, added later)."""
    bwrap = shutil.which("bwrap")
    if privileged:
        # A user namespace made by root maps root only; without one, setpriv can drop to nobody.
        cmd = [bwrap, "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
               "--unshare-cgroup-try"]
    else:
        cmd = [bwrap, "--unshare-all", "--cap-drop", "ALL"]
    cmd += ["--die-with-parent", "--new-session"]
    made = set()

    def parents(path):
        out = []
        parts = path.strip("/").split("/")[:-1]
        for i in range(len(parts)):
            d = "/" + "/".join(parts[: i + 1])
            if d not in made and d != "/usr" and not d.startswith("/usr/"):
                made.add(d)
                out += ["--perms", "0755", "--dir", d]
        return out

    cmd += ["--ro-bind", "/usr", "/usr"]
    for top in ("bin", "lib", "lib64", "sbin", "lib32", "libx32"):
        p = "/" + top
        if os.path.islink(p):
            cmd += ["--symlink", os.readlink(p), p]
        elif os.path.isdir(p):
            cmd += ["--ro-bind", p, p]
    cmd += ["--ro-bind", "/etc", "/etc"]
    # The private tmpfs folders come before the environment and library binds: mounts are made in
    # order, so an environment that lives under /tmp (a clone there) is bound over the empty tmpfs
    # instead of being hidden by it.
    cmd += ["--proc", "/proc", "--dev", "/dev",
            "--perms", "1777", "--size", str(limits.scratch // 2), "--tmpfs", "/tmp",
            "--perms", "0755", "--dir", "/home",
            "--perms", "0777", "--size", str(limits.scratch), "--tmpfs", HOME]
    made.update({"/tmp", "/home", HOME})
    ro = environment_dirs()
    java_home = os.environ.get("JAVA_HOME")
    if java_home and os.path.isdir(java_home):
        ro.append(_real(java_home))
    for d in ro:
        if d == "/usr" or d.startswith("/usr/") or d == "/etc" or d.startswith("/etc/"):
            continue
        cmd += parents(d) + ["--ro-bind", d, d]
    cmd += parents(LIB_MOUNT) + ["--ro-bind", _real(lib_dir), LIB_MOUNT]
    cmd += ["--ro-bind", RUNNER, RUNNER_MOUNT]
    cmd += ["--chdir", HOME, "--clearenv"]
    path = [os.path.join(_real(sys.prefix), "bin")]
    if java_home:
        path.append(os.path.join(_real(java_home), "bin"))
    path += ["/usr/local/bin", "/usr/bin", "/bin"]
    env = {"HOME": HOME, "PATH": ":".join(path), "LANG": "C.UTF-8", "TMPDIR": "/tmp", "USER": "student",
           "RNN_WORKBENCH_LIB": LIB_MOUNT, "JJAVA_JVM_OPTS": os.environ.get("JJAVA_JVM_OPTS", ""),
           "PYTHONDONTWRITEBYTECODE": "1"}
    if java_home:
        env["JAVA_HOME"] = _real(java_home)
    for k, v in env.items():
        cmd += ["--setenv", k, v]
    cmd.append("--")
    if privileged:
        cmd += [shutil.which("setpriv") or "/usr/bin/setpriv", f"--reuid={SANDBOX_UID}",
                f"--regid={SANDBOX_UID}", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all",
                "--no-new-privs", "--"]
    cmd += [os.path.join(_real(sys.prefix), "bin", "python"), RUNNER_MOUNT]
    return cmd


# ---- cgroup v1 -------------------------------------------------------------------------------

class Cgroups:
    """A memory and a pids cgroup (v1) for one notebook, below the grader's own; or none."""

    def __init__(self, name, limits):
        self.dirs, self.problem = [], ""
        try:
            mem = self._make("memory", name)
            self._write(mem, "memory.limit_in_bytes", limits.memory)
            try:  # without swap accounting this file does not exist; then there is no swap to limit
                self._write(mem, "memory.memsw.limit_in_bytes", limits.memory)
            except OSError:
                pass
            pids = self._make("pids", name)
            self._write(pids, "pids.max", limits.pids)
        except OSError as e:
            self.problem = f"cgroup v1 memory/pids controllers not writable ({e.strerror or e})"
            self.remove()
            self.dirs = []

    def _make(self, controller, name):
        own = "/"
        with open("/proc/self/cgroup") as f:
            for line in f:
                _, ctrls, path = line.rstrip("\n").split(":", 2)
                if controller in ctrls.split(","):
                    own = path
        d = os.path.join(f"/sys/fs/cgroup/{controller}", own.lstrip("/"), name)
        os.mkdir(d)
        self.dirs.append(d)
        return d

    @staticmethod
    def _write(d, name, value):
        with open(os.path.join(d, name), "w") as f:
            f.write(str(value))

    def procs_files(self):
        return [os.path.join(d, "cgroup.procs") for d in self.dirs]

    def pids(self):
        out = set()
        for f in self.procs_files():
            try:
                with open(f) as fh:
                    out |= {int(x) for x in fh.read().split()}
            except OSError:
                pass
        return out

    def kill_all(self, wait=10.0):
        """SIGKILL to every process left in the cgroups; True once they are empty."""
        deadline = time.monotonic() + wait
        while True:
            left = self.pids()
            if not left:
                return True
            if time.monotonic() > deadline:
                return False
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.05)

    def events(self, limits):
        """Notes on the limits the notebook reached."""
        notes = []
        for d in self.dirs:
            try:
                if d.startswith("/sys/fs/cgroup/memory"):
                    with open(os.path.join(d, "memory.oom_control")) as f:
                        kills = dict(line.split() for line in f if line.strip()).get("oom_kill", "0")
                    if int(kills) > 0:
                        notes.append(f"reached the sandbox's memory limit ({limits.memory / (1 << 30):.3g} GB): "
                                     f"{kills} process(es) killed")
                else:
                    with open(os.path.join(d, "pids.events")) as f:
                        hits = dict(line.split() for line in f if line.strip()).get("max", "0")
                    if int(hits) > 0:
                        notes.append(f"reached the sandbox's limit of {limits.pids} processes and threads "
                                     f"({hits} refused)")
            except (OSError, ValueError):
                pass
        return notes

    def remove(self):
        for d in reversed(self.dirs):
            try:
                os.rmdir(d)
            except OSError:
                pass


# ---- running one notebook --------------------------------------------------------------------

class Result:
    """What came out of one sandboxed run: cell records, the final record, grader-side notes."""

    def __init__(self):
        self.cells = {}  # index -> {"outputs", "execution_count", "notes"}
        self.language_info = None
        self.final = None
        self.events = []  # notes on the notebook as a whole (limits reached, stopped, leftovers)
        self.log = []  # lines to log (restarts)
        self.stderr = b""
        self.seconds = 0.0


def _enter_cgroups_script():
    # Joins the cgroups (paths $2..) before exec'ing the sandbox, so nothing inside escapes them.
    return 'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 97; shift; n=$((n-1)); done; exec "$@"'


def run_notebook(nb_json, files, *, timeout, startup_timeout, kernel_name, lib_dir, limits,
                 sandboxed=True, scratch_parent=None):
    """Executes a notebook (a JSON-ready dict) in a fresh sandbox; returns a Result."""
    result = Result()
    privileged = os.geteuid() == 0
    name = f"rnnwb-{os.getpid()}-{time.monotonic_ns()}"
    cgroups = Cgroups(name, limits)
    if cgroups.problem:
        result.log.append(cgroups.problem + ": memory limited by the JVM heap only")
    scratch = None
    if sandboxed:
        inner = bwrap_command(lib_dir, privileged, limits)
        cwd = "/"
    else:
        import tempfile
        scratch = tempfile.mkdtemp(prefix="rnnwb-unsafe-", dir=scratch_parent)
        inner = [sys.executable, RUNNER]
        cwd = scratch
    r, w = os.pipe()
    inner = inner + [str(w)]
    files_in = cgroups.procs_files()
    cmd = ["/bin/sh", "-c", _enter_cgroups_script(), "sh", str(len(files_in))] + files_in + inner
    env = dict(os.environ)
    if not sandboxed:
        env.update(HOME=scratch, RNN_WORKBENCH_LIB=_real(lib_dir))
    request = json.dumps({"notebook": nb_json, "files": files, "timeout": timeout,
                          "startup_timeout": startup_timeout, "kernel_name": kernel_name,
                          "sandboxed": sandboxed,
                          # RLIMIT_NPROC backs the pids cgroup up, a little above it so the cgroup bites first
                          "nproc": (limits.pids + (64 if cgroups.dirs else 0)) if (sandboxed and privileged) else 0})
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            pass_fds=(w,), start_new_session=True, cwd=cwd, env=env)
    os.close(w)

    def feed():
        try:
            proc.stdin.write(request.encode())
            proc.stdin.close()
        except OSError:
            pass  # the runner ended early; its stderr says why

    threading.Thread(target=feed, daemon=True).start()
    sel = selectors.DefaultSelector()
    sel.register(r, selectors.EVENT_READ, "result")
    sel.register(proc.stderr, selectors.EVENT_READ, "stderr")
    buf, total, open_streams, stopped = b"", 0, 2, None
    deadline = start + limits.notebook_timeout
    while open_streams:
        left = deadline - time.monotonic()
        if left <= 0:
            stopped = "time"
            break
        for key, _ in sel.select(timeout=min(left, 1.0)):
            chunk = os.read(key.fd if key.data == "result" else proc.stderr.fileno(), 1 << 16)
            if not chunk:
                sel.unregister(key.fileobj)
                open_streams -= 1
                continue
            if key.data == "stderr":
                result.stderr = (result.stderr + chunk)[-STDERR_KEEP:]
                continue
            total += len(chunk)
            if total > limits.result:
                stopped = "size"
                break
            buf += chunk
            *lines, buf = buf.split(b"\n")
            for line in lines:
                _record(result, line)
        if stopped:
            break
    if stopped:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # bwrap; the PID namespace dies with it
        except OSError:
            pass
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    sel.close()
    os.close(r)
    proc.stderr.close()
    result.seconds = time.monotonic() - start
    gone = cgroups.kill_all()
    result.events += cgroups.events(limits)
    if not gone:
        result.events.append("some processes of this notebook could not be ended (see autograde.log)")
    cgroups.remove()
    if scratch:
        shutil.rmtree(scratch, ignore_errors=True)
    if stopped == "time":
        result.events.append(f"ran past the total time limit of {limits.notebook_timeout} s for one notebook "
                             "and was stopped")
    elif stopped == "size":
        result.events.append(f"wrote more than {limits.result >> 20} MB of output and was stopped")
    elif result.final is None:
        tail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit status {proc.returncode}"]
        result.events.append(f"the sandbox ended without a result ({tail[0][:200]})")
    else:
        done = result.final.get("done")
        if done != "done":
            result.events.append(str(done)[:300])
        count = result.final.get("leftover_count", 0)
        if count:
            cmds = "; ".join(str(c)[:80] for c in result.final.get("leftover", [])[:3])
            result.events.append(f"{count} process(es) it started were still running when it ended ({cmds}): "
                                 "killed with the sandbox")
    return result


def _record(result, line):
    try:
        rec = json.loads(line)
    except ValueError:
        result.log.append("an unreadable line came out of the sandbox; ignored")
        return
    if not isinstance(rec, dict):
        return
    if "index" in rec and isinstance(rec["index"], int):
        result.cells[rec["index"]] = rec
    elif "language_info" in rec:
        result.language_info = rec["language_info"]
    elif "log" in rec:
        result.log.append(str(rec["log"])[:300])
    elif "done" in rec:
        result.final = rec


def problem(lib_dir):
    """'' when a sandbox can be made here, else why not (one line)."""
    if not shutil.which("bwrap"):
        return "bubblewrap (bwrap) is not installed: run `make sandbox` (apt-get install bubblewrap)"
    privileged = os.geteuid() == 0
    if privileged and not shutil.which("setpriv"):
        return "setpriv (util-linux) is missing: it drops the sandbox to an unprivileged user"
    if not os.path.isdir(lib_dir):
        return f"the library folder {lib_dir} does not exist: run `make build`"
    cmd = bwrap_command(lib_dir, privileged, Limits())[:-2] + [
        os.path.join(_real(sys.prefix), "bin", "python"), "-c",
        "import os, nbclient, socket; "
        "nets = [l.split(':')[0].strip() for l in open('/proc/net/dev').readlines()[2:]]; "
        "assert nets == ['lo'], nets; "
        "assert os.listdir('/opt/rnn-workbench/lib'); "
        "open(os.path.expanduser('~/probe'), 'w').write('x'); "
        "print(os.getuid())"]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"bwrap could not start a sandbox: {e}"
    if out.returncode != 0:
        last = (out.stderr.strip().splitlines() or ["no message"])[-1]
        return f"bwrap could not start a sandbox here: {last[:200]}"
    if privileged and out.stdout.strip() != str(SANDBOX_UID):
        return f"the sandbox did not drop to user {SANDBOX_UID} (got {out.stdout.strip()!r})"
    return ""


def main(argv):
    if len(argv) >= 2 and argv[1] == "check":
        lib = argv[2] if len(argv) > 2 else os.environ.get("RNN_WORKBENCH_LIB", "")
        why = problem(lib)
        if why:
            print(why)
            return 1
        return 0
    print(__doc__.splitlines()[2].strip())
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
