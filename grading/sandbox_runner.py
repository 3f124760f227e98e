"""Runs one graded notebook inside the grading sandbox; grading/sandbox.py starts it.

    python sandbox_runner.py RESULT_FD  < request.json

The request (stdin, JSON) holds the notebook, the files its folder needs (setup.jsh) and the
limits. The runner writes the files into its working directory (the sandbox's private scratch
folder), executes the notebook on a fresh kernel, and sends one JSON line per executed code cell
on RESULT_FD, then a final line. Nothing else leaves the sandbox.

Student code runs in the kernel, a child of this process, under the same user. Three things keep
it away from the result channel: this process is made non-dumpable (another process of the same
user can then neither ptrace it nor open /proc/<pid>/fd/...), RESULT_FD is not inherited by
children, and this process's stdout, which the kernel would inherit, is pointed at stderr. What
the kernel can still do is send forged Jupyter messages; those only change this student's own
outputs, which grading treats as untrusted anyway.

Restarts: a cell that runs past the per-cell timeout, or that kills the kernel (System.exit, a
crashed JVM, the memory limit), gets an error output saying so (a test cell with an error scores
0), the kernel is restarted, the cells above it that ran cleanly are run again (their outputs are
left as they were) and execution goes on with the next cell. A JJava interrupt stops waiting for
the cell but leaves its thread spinning (measured: a `while (true) {}` kept a core busy after the
interrupt), so a timed-out cell ends with a restart rather than an interrupt.
"""
import base64
import copy
import ctypes
import json
import os
import signal
import sys

# jsonschema (through nbformat) imports rfc3987_syntax when it is installed, which builds a grammar
# for IRI formats at import: 3.5 s of CPU measured here, paid by every sandbox, for a format check
# notebooks never use. Without it, jsonschema leaves those formats unchecked.
sys.modules.setdefault("rfc3987_syntax", None)

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import CellTimeoutError, DeadKernelError  # noqa: E402
from nbformat.notebooknode import NotebookNode  # noqa: E402

NOTES_KEY = "rnn_workbench"
TIMEOUT_ENAME = "CellTimeoutError"
DEAD_KERNEL_ENAME = "DeadKernelError"
PR_SET_DUMPABLE = 4


def is_grade(cell):
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("grade"))


def has_error(cell):
    return any(o.get("output_type") == "error" for o in cell.get("outputs", []))


def add_note(cell, text):
    notes = cell.metadata.setdefault(NOTES_KEY, {}).setdefault("notes", [])
    if text not in notes:
        notes.append(text)


def cell_notes(cell):
    return list(cell.get("metadata", {}).get(NOTES_KEY, {}).get("notes", []))


def error_output(ename, text):
    return NotebookNode(output_type="error", ename=ename, evalue=text, traceback=[f"{ename}: {text}"])


class RestartingClient(NotebookClient):
    """An nbclient that restarts the kernel after a timeout or a kernel death and carries on."""

    def run(self, emit):
        self.restarts = 0
        self.emit = emit
        with self.setup_kernel():
            info = self.wait_for_reply(self.kc.kernel_info())
            self.nb.metadata["language_info"] = info["content"]["language_info"]
            emit({"language_info": self.nb.metadata["language_info"]})
            for index, cell in enumerate(self.nb.cells):
                if cell.cell_type != "code":
                    continue
                self.run_cell(cell, index)
                emit({"index": index, "outputs": cell.outputs, "execution_count": cell.get("execution_count"),
                      "notes": cell_notes(cell)})

    def run_cell(self, cell, index):
        earlier_notes = cell_notes(cell)  # from the grader's sanitizing step (an edited or missing cell)
        try:
            self.execute_cell(cell, index, store_history=True)
            if any(o.get("ename") == TIMEOUT_ENAME for o in cell.get("outputs", [])):
                add_note(cell, f"ran past the {self.timeout} s time limit and was stopped (an endless loop?)")
                self._restart_and_replay(index, "a timeout")
        except CellTimeoutError:
            cell.outputs.append(error_output(TIMEOUT_ENAME, (
                f"This cell ran past the time limit of {self.timeout} s for one cell (an endless loop?) and was "
                "stopped. The kernel was restarted and the cells above it run again, so grading went on with "
                "the next cell.")))
            add_note(cell, f"ran past the {self.timeout} s time limit and was stopped (an endless loop?)")
            self._restart_and_replay(index, "a timeout")
        except DeadKernelError:
            cell.outputs.append(error_output(DEAD_KERNEL_ENAME, (
                "The kernel died while this cell ran: the code called System.exit, the Java virtual machine "
                "crashed, or it went past the sandbox's memory limit. The kernel was restarted and the cells "
                "above it run again, so grading went on with the next cell.")))
            add_note(cell, "the kernel died while it ran (System.exit or the memory limit?)")
            self._restart_and_replay(index, "a kernel death")
        # The feedback shows these notes too (a stdout output never changes a score).
        for note in earlier_notes:
            cell.outputs.append(NotebookNode(output_type="stream", name="stdout", text=f"[grading note] {note}\n"))

    def on_cell_executed(self, **kwargs):
        # As nbgrader's Execute: an error reply without an error output (a timeout) still shows up.
        cell, reply = kwargs["cell"], kwargs["execute_reply"]
        content = reply["content"]
        if content["status"] == "error" and not any(
                o.output_type == "error" and o.ename == content["ename"] for o in cell.outputs):
            cell.outputs.append(NotebookNode(
                output_type="error", ename=content["ename"], evalue=content["evalue"],
                traceback=content["traceback"] or ["ERROR: An error occurred while showtraceback was disabled"]))

    def _restart_and_replay(self, index, reason):
        """A fresh kernel, then the cells above `index` that are not test cells and ran cleanly."""
        self.restarts += 1
        self.emit({"log": f"Restarting the kernel after {reason} in cell {index} "
                          f"(restart {self.restarts} of this notebook)"})
        self._fresh_kernel()
        for i, earlier in enumerate(self.nb.cells[:index]):
            if earlier.cell_type != "code" or is_grade(earlier) or has_error(earlier):
                continue
            replay = copy.deepcopy(earlier)  # its outputs stay as they were
            try:
                self.execute_cell(replay, i, store_history=False)
            except (CellTimeoutError, DeadKernelError) as e:
                log(f"replaying cell {i} after the restart failed ({type(e).__name__}); going on without it")
                self._fresh_kernel()
                continue
            if has_error(replay):
                log(f"cell {i} failed when replayed after the restart")

    def _fresh_kernel(self):
        try:
            self._cleanup_kernel()
        except Exception as e:  # a dead kernel may fail to shut down: it is gone either way
            log(f"cleaning up the old kernel failed: {e}")
        self.km = self.create_kernel_manager()
        self.start_new_kernel()
        self.start_new_kernel_client()


def log(text):
    print(f"sandbox_runner: {text}", file=sys.stderr, flush=True)


def leftover_processes():
    """(pid, command line) of every process in this PID namespace but the runner and its init."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) in (1, os.getpid()):
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as f:
                cmd = f.read(200).replace(b"\0", b" ").decode("utf-8", "replace").strip()
        except OSError:
            continue  # ended meanwhile
        if cmd:  # a zombie has an empty command line
            found.append((int(name), cmd))
    return found


def settled_leftovers(wait=2.0):
    """The processes still running once the kernel's own have had `wait` seconds to end.

    A kernel shut down is killed with its process group; what outlives that by seconds was put
    out of the group on purpose (setsid, a daemon).
    """
    import time
    deadline = time.monotonic() + wait
    left = leftover_processes()
    while left and time.monotonic() < deadline:
        time.sleep(0.1)
        left = leftover_processes()
    return left


def main(argv):
    result = os.fdopen(int(argv[1]), "w", encoding="utf-8")
    os.set_inheritable(result.fileno(), False)
    if hasattr(ctypes, "CDLL"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
        except (OSError, AttributeError):
            log("could not make the runner non-dumpable")
    os.dup2(2, 1)  # the kernel inherits stdout: send it to the log, never to the result channel

    request = json.load(sys.stdin)
    os.close(0)
    in_sandbox = request.get("sandboxed", False)
    if in_sandbox and request.get("nproc"):
        # Counted per user: inside the sandbox this user runs nothing but this notebook.
        import resource
        n = int(request["nproc"])
        resource.setrlimit(resource.RLIMIT_NPROC, (n, n))
    for name, data in request.get("files", {}).items():
        with open(os.path.join(os.getcwd(), os.path.basename(name)), "wb") as f:
            f.write(base64.b64decode(data))
    nb = nbformat.reads(json.dumps(request["notebook"]), as_version=4)  # joins multi-line strings

    def emit(record):
        result.write(json.dumps(record) + "\n")
        result.flush()

    client = RestartingClient(
        nb, timeout=request["timeout"], startup_timeout=request["startup_timeout"],
        kernel_name=request.get("kernel_name") or nb.metadata.get("kernelspec", {}).get("name", "java"),
        allow_errors=True, interrupt_on_timeout=False, raise_on_iopub_timeout=True,
        shutdown_kernel="immediate", resources={"metadata": {"path": os.getcwd()}})
    status = "done"
    try:
        client.run(emit)
    except Exception as e:  # the kernel would not start, or nbclient gave up: the grader notes it
        status = f"stopped: {type(e).__name__}: {e}"[:300]
        log(status)
    left = settled_leftovers() if in_sandbox else []
    emit({"done": status, "restarts": getattr(client, "restarts", 0), "leftover": [c for _, c in left][:5],
          "leftover_count": len(left)})
    for pid, _ in left:  # the sandbox ends them anyway when this process exits; say it first
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    result.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
