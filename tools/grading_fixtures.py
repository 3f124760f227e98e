"""The fixture submissions of the grading course, and the scores they must get.

    python tools/grading_fixtures.py build COURSE      writes COURSE/submitted/ from COURSE/release/
    python tools/grading_fixtures.py compare A B       fails unless two submitted/ folders are the same
    python tools/grading_fixtures.py check GRADES_CSV  fails unless every expected score is in the CSV

Each fixture student starts from the released notebooks with every solution cell filled in from
the source notebooks (the instructor's solutions, without the BEGIN/END SOLUTION lines), then
applies a few edits: a bug in one part, a compile error, an endless loop, a System.exit, an
edited test cell, a renamed notebook. Edits are exact text replacements that must match once, so
a change to the source notebooks that a fixture depends on fails loudly here instead of silently
producing a different fixture. grading/submitted/ holds the committed copy (graded by `make grade`
on a fresh clone); `make grading-test` rebuilds the fixtures from the current source, checks that
the committed copy is up to date, grades them, and checks the scores below.
"""
import argparse
import copy
import csv
import filecmp
import pathlib
import re
import sys

import nbformat

ASSIGNMENT = "rnn_assignment"

# Points per part (the test cells' metadata), in the CSV's column order.
POINTS = {
    "rnn_cell_forward": 1.5, "rnn_forward": 1.5, "rnn_cell_backward": 2, "gru_cell_forward": 1,
    "clip": 1, "sample": 1.5, "optimize": 1.5,
}

# student -> list of edits; an edit is (notebook, grade_id, old text, new text) on that cell, or
# ("rename", notebook, new file name), ("test" or "cell", notebook, grade_id, new source) replacing a
# cell's source, or ("add_code", notebook, grade_id, source): a new code cell after that cell.
FIXTURES = {
    "all_correct": [],
    "wrong_part": [
        # the update of optimize goes up the gradient instead of down
        ("part_b", "optimize_solution", "CharRnn.updateParameters(parameters, gradients, learningRate);",
         "CharRnn.updateParameters(parameters, gradients, -learningRate);"),
    ],
    "compile_error": [
        # a missing semicolon in rnn_forward: the solution cell does not compile
        ("part_a", "rnn_forward_solution", "DMatrixRMaj aNext = a0;", "DMatrixRMaj aNext = a0"),
    ],
    "endless_loop": [
        # the loop counter of rnn_cell_backward is never incremented
        ("part_a", "rnn_cell_backward_solution", "for (int i = 0; i < n; i++) {", "for (int i = 0; i < n; ) {"),
    ],
    "edited_test": [
        # z and 1 - z swapped in the GRU, and its test cell replaced by one that always passes
        ("part_a", "gru_cell_forward_solution",
         "(1 - z.data[i]) * aPrev.data[i] + z.data[i] * hTilde.data[i]",
         "z.data[i] * aPrev.data[i] + (1 - z.data[i]) * hTilde.data[i]"),
        ("test", "part_a", "gru_cell_forward", 'System.out.println("all good");'),
    ],
    "system_exit": [
        # sample ends the program: the kernel dies in the sample test
        ("part_b", "sample_solution", "    return indices.stream()", "    System.exit(0);\n    return indices.stream()"),
    ],
    "renamed_notebook": [
        # part_b saved under the name Jupyter gives a copy
        ("rename", "part_b", "part_b-Copy1.ipynb"),
    ],
}

# student -> (scores of the parts that lose points, fragments the notes must contain)
EXPECTED = {
    "all_correct": ({}, []),
    "wrong_part": ({"optimize": 0}, ["optimize: WrongAnswer: optimize/updated/Waa is wrong at"]),
    "compile_error": ({"rnn_forward": 0}, ["rnn_forward: the solution cell rnn_forward_solution failed: ';' expected"]),
    "endless_loop": ({"rnn_cell_backward": 0}, ["rnn_cell_backward: ran past the"]),
    "edited_test": ({"gru_cell_forward": 0}, ["gru_cell_forward: this test cell was edited in the submission"]),
    "system_exit": ({"sample": 0}, ["sample: the kernel died while it ran (System.exit"]),
    "renamed_notebook": ({"clip": 0, "sample": 0, "optimize": 0},
                         ["part_b.ipynb was not submitted: its parts score 0 (found 'part_b-Copy1.ipynb'"]),
}

# ---- Adversarial students: attacks on the grader, its sandbox and the feedback -------------------
# Each starts from the correct notebooks and attacks from inside a solution method (the attack runs
# when the test calls it) or from cells of its own. An attack that the sandbox stops throws, so the
# part scores 0 and the exception names the attack in grades.csv; an attack that got through would
# leave the part correct and full marks, which `check` reports as a failure. `harmless` then checks
# that nobody else was touched: the course's files, the gradebook, the listener, the processes.
# Their names sort before the honest students', so a lasting effect would show in those grades.

LISTENER_PORT = 47613  # `listen` serves 127.0.0.1:47613 on the host while the fixtures are graded
MARKER = "rnnwb-pwned"  # a file or process of an attack that got out carries this name


def _java_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


_READ = ("try {{ System.out.println(java.nio.file.Files.readString(java.nio.file.Path.of({}))); }}\n"
         "catch (java.io.IOException e) {{ throw new java.io.UncheckedIOException(e); }}")
_SQL = ("import sqlite3, os\n"
        "for db in ['../../../gradebook.db', os.environ.get('RNN_WORKBENCH_LIB', '.') + '/../../grading/gradebook.db']:\n"
        "    try:\n"
        "        c = sqlite3.connect(db)\n"
        "        c.execute('update grade set manual_score = 100')\n"
        "        c.commit()\n"
        "        raise SystemExit(0)\n"
        "    except sqlite3.Error as e:\n"
        "        print(db, e)\n"
        "raise SystemExit(1)\n")

ADVERSARIAL = {
    # reads the hidden tests and solutions, the gradebook and another submission, and prints them
    "adv_snoop": [
        ("start", "part_a", "rnn_cell_forward_solution", _READ.format(
            'System.getenv("RNN_WORKBENCH_LIB"), "..", "..", "grading", "source", "rnn_assignment", "part_a.ipynb"')),
        ("start", "part_a", "gru_cell_forward_solution",
         "try { System.out.println(java.util.Arrays.toString(java.nio.file.Files.readAllBytes("
         'java.nio.file.Path.of("../../../gradebook.db")))); }\n'
         "catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }"),
        ("start", "part_b", "sample_solution", _READ.format(
            '"../../../submitted/all_correct/rnn_assignment/part_a.ipynb"')),
    ],
    # gives itself full marks by hand: python3 + sqlite3 write manual_score into gradebook.db
    "adv_gradebook": [
        ("start", "part_b", "clip_solution",
         "try { Process p = new ProcessBuilder(\"python3\", \"-c\", " + _java_string(_SQL) + ").inheritIO().start();\n"
         "if (p.waitFor() != 0) throw new IllegalStateException(\"python3 could not write manual_score into "
         "gradebook.db\"); } catch (java.io.IOException | InterruptedException e) { throw new RuntimeException(e); }"),
    ],
    # overwrites a later student's submission, then appends to the course's setup.jsh
    "adv_tamper": [
        ("start", "part_a", "rnn_cell_backward_solution",
         "try { java.nio.file.Files.writeString(java.nio.file.Path.of(\"/tmp/" + MARKER + "\"), \"x\");\n"
         "for (String victim : new String[] {\"../../../submitted/all_correct/rnn_assignment/part_a.ipynb\",\n"
         "        \"../../all_correct/rnn_assignment/part_a.ipynb\"}) {\n"
         "    java.nio.file.Files.writeString(java.nio.file.Path.of(victim), \"{}\"); }\n"
         "} catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }"),
        ("start", "part_a", "gru_cell_forward_solution",
         "try { java.nio.file.Files.writeString(java.nio.file.Path.of(\"../../../source/rnn_assignment/setup.jsh\"),\n"
         "        \"\\nthrow new RuntimeException(\\\"" + MARKER + "\\\");\\n\", java.nio.file.StandardOpenOption.APPEND);\n"
         "} catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }"),
    ],
    # a child in a session of its own, outliving the kernel; a connection to the host's loopback;
    # a look for a network interface other than loopback
    "adv_network": [
        ("start", "part_b", "clip_solution",
         "try { new ProcessBuilder(\"setsid\", \"sh\", \"-c\", \"sleep 3600; : " + MARKER + "\").start(); }\n"
         "catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }"),
        ("start", "part_b", "sample_solution",
         "try (java.net.Socket s = new java.net.Socket(\"127.0.0.1\", " + str(LISTENER_PORT) + ")) {\n"
         "    s.getOutputStream().write(\"" + MARKER + "\".getBytes()); }\n"
         "catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }"),
        ("start", "part_a", "gru_cell_forward_solution",
         "try { boolean outside = false;\n"
         "for (var nif : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {\n"
         "    if (!nif.isLoopback()) { outside = true; System.out.println(\"reachable outside through \" + nif.getName()); } }\n"
         "if (!outside) throw new java.net.NoRouteToHostException(\"no network interface but loopback\");\n"
         "} catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }"),
    ],
    # fills the heap, then native memory (outside the heap's limit)
    "adv_memory": [
        ("start", "part_a", "rnn_cell_backward_solution",
         "java.util.List<long[]> hog = new java.util.ArrayList<>(); while (hog.size() >= 0) hog.add(new long[1 << 20]);"),
        ("start", "part_a", "gru_cell_forward_solution",
         "try { var f = sun.misc.Unsafe.class.getDeclaredField(\"theUnsafe\"); f.setAccessible(true);\n"
         "var u = (sun.misc.Unsafe) f.get(null);\n"
         "for (long n = 0; n >= 0; n++) { long a = u.allocateMemory(64L << 20); u.setMemory(a, 64L << 20, (byte) 1); }\n"
         "} catch (ReflectiveOperationException e) { throw new RuntimeException(e); }"),
    ],
    # 5,000 threads that never end
    "adv_threads": [
        ("start", "part_b", "optimize_solution",
         "for (int i = 0; i < 5000; i++) { Thread t = new Thread(() -> { try { Thread.sleep(3_600_000); }\n"
         "    catch (InterruptedException e) { } }); t.setDaemon(true); t.start(); }"),
    ],
    # cells of its own that each stay under the per-cell limit, together far over the notebook's
    "adv_slow": [("add", "part_b", "sample", "code", "Thread.sleep(15_000);", 10)],
    # script and style in a markdown cell and in a text/html output, to rewrite the feedback's score
    "adv_markup": [
        ("add", "part_a", "rnn_cell_forward", "markdown",
         "Done! <script>document.title = '" + MARKER + "'</script>"
         "<style>h4 { display: none }</style><div class=\"navbar-fixed-top\" onclick=\"alert(1)\">"
         "part_a (Score: 6.0 / 6.0)</div>", 1),
        ("add", "part_b", "clip", "code",
         "var shown = display(\"<script>document.title = '" + MARKER + "'</script><style>h4 { visibility: hidden }"
         "</style><b style=\\\"position: fixed; top: 0\\\">part_b (Score: 4.0 / 4.0)</b>\", \"text/html\");", 1),
    ],
}

ADVERSARIAL_EXPECTED = {
    # rnn_cell_backward's test builds its cache with the student's own rnnCellForward, so it fails too.
    "adv_snoop": ({"rnn_cell_forward": 0, "rnn_forward": 0, "rnn_cell_backward": 0, "gru_cell_forward": 0,
                   "sample": 0},
                  ["rnn_cell_forward: java.io.UncheckedIOException: java.nio.file.NoSuchFileException: "
                   "/opt/rnn-workbench/lib/../../grading/source",
                   "gru_cell_forward: java.io.UncheckedIOException: java.nio.file.NoSuchFileException: ../../../gradebook.db",
                   "sample: java.io.UncheckedIOException: java.nio.file.NoSuchFileException: ../../../submitted/all_correct"]),
    "adv_gradebook": ({"clip": 0, "optimize": 0},
                      ["clip: java.lang.IllegalStateException: python3 could not write manual_score"]),
    "adv_tamper": ({"rnn_cell_backward": 0, "gru_cell_forward": 0},
                   ["rnn_cell_backward: java.io.UncheckedIOException: java.nio.file.NoSuchFileException",
                    "gru_cell_forward: java.io.UncheckedIOException: java.nio.file.NoSuchFileException"]),
    "adv_network": ({"sample": 0, "gru_cell_forward": 0},
                    ["process(es) it started were still running when it ended (sh -c sleep 3600; : rnnwb-pwned",
                     "sample: java.io.UncheckedIOException: java.net.ConnectException: Connection refused",
                     "gru_cell_forward: java.io.UncheckedIOException: java.net.NoRouteToHostException: no network interface but loopback"]),
    "adv_memory": ({"rnn_cell_backward": 0, "gru_cell_forward": 0},
                   ["part_a.ipynb: reached the sandbox's memory limit", "rnn_cell_backward: java.lang.OutOfMemoryError",
                    "gru_cell_forward: the kernel died while it ran"]),
    "adv_threads": ({"optimize": 0}, ["part_b.ipynb: reached the sandbox's limit of", "optimize: java.lang.OutOfMemoryError"]),
    "adv_slow": ({"optimize": 0}, ["part_b.ipynb: ran past the total time limit", "optimize: not run: the notebook ran past"]),
    "adv_markup": ({}, ["part_a.ipynb: markup removed from the feedback: <script>, <style>, class=, onclick=",
                        "part_b.ipynb: markup removed from the feedback: <script>, <style>, style= in the text/html output"]),
}


def insert_at_start(cell, code, where):
    """`code` as the first statements of the method a solution cell declares."""
    lines = cell.source.split("\n")
    for i, line in enumerate(lines):
        if line.rstrip().endswith("{") and "(" in line:
            lines[i + 1:i + 1] = ["    " + c for c in code.split("\n")]
            cell.source = "\n".join(lines)
            return
    raise SystemExit(f"{where}: no method declaration to put the attack in")


def add_cells(nb, after_grade_id, cell_type, source, count):
    at = nb.cells.index(cell_by_id(nb, after_grade_id)) + 1
    for _ in range(count):
        new = nbformat.v4.new_code_cell(source) if cell_type == "code" else nbformat.v4.new_markdown_cell(source)
        nb.cells.insert(at, new)
        at += 1


def listen(log_path, seconds=3600):
    """Serves 127.0.0.1:LISTENER_PORT, writing a line to `log_path` for each connection, until killed."""
    import socket
    import time
    log_path = pathlib.Path(log_path)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as srv:
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind(("127.0.0.1", LISTENER_PORT))
        srv.listen()
        log_path.write_text("")  # the log's existence says the listener is up
        srv.settimeout(1.0)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                conn, peer = srv.accept()
            except socket.timeout:
                continue
            with conn, log_path.open("a") as f:
                f.write(f"connection from {peer}\n")
    return 0


def harmless(course, listener_log):
    """Fails unless the attacks left everything outside their sandboxes as it was."""
    import sqlite3
    import subprocess
    course = pathlib.Path(course)
    problems = []
    if pathlib.Path(listener_log).read_text().strip():
        problems.append(f"the listener on 127.0.0.1:{LISTENER_PORT} was reached: {pathlib.Path(listener_log).read_text()!r}")
    orig = course / "submitted.orig"
    for path in sorted(orig.rglob("*")):
        twin = course / "submitted" / path.relative_to(orig)
        if path.is_file() and (not twin.is_file() or not filecmp.cmp(path, twin, shallow=False)):
            problems.append(f"{twin} was changed during grading")
    extra = {p.relative_to(course / "submitted") for p in (course / "submitted").rglob("*")} - \
        {p.relative_to(orig) for p in orig.rglob("*")}
    problems += [f"submitted/{p} appeared during grading" for p in sorted(extra)]
    repo_source = pathlib.Path(__file__).resolve().parent.parent / "grading" / "source"
    for path in sorted(repo_source.rglob("*")):
        twin = course / "source" / path.relative_to(repo_source)
        if path.is_file() and (not twin.is_file() or not filecmp.cmp(path, twin, shallow=False)):
            problems.append(f"{twin} was changed during grading")
    with sqlite3.connect(course / "gradebook.db") as db:
        n = db.execute("select count(*) from grade where manual_score is not null").fetchone()[0]
    if n:
        problems.append(f"gradebook.db: {n} grades have a manual score nobody gave")
    for where in [course, pathlib.Path("/tmp"), pathlib.Path.home(), repo_source.parent.parent]:
        found = [p for p in (where.rglob(f"*{MARKER}*") if where == course else where.glob(f"*{MARKER}*"))]
        problems += [f"{p} was written by an attack" for p in found]
    ps = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True).stdout
    problems += [f"still running: {line.strip()}" for line in ps.splitlines() if MARKER in line and "ps -eo" not in line]
    problems += check_feedback(course)
    for p in problems:
        print("FAIL " + p, file=sys.stderr)
    print(f"nothing outside the sandboxes changed: {len(problems)} problems")
    return 1 if problems else 0


def check_feedback(course):
    """The markup student's feedback pages: no script or style of theirs, the real score, a CSP."""
    import re
    problems = []
    for nb_name, score in (("part_a", "6.0 / 6.0"), ("part_b", "4.0 / 4.0")):
        path = course / "feedback" / "adv_markup" / ASSIGNMENT / f"{nb_name}.html"
        if not path.is_file():
            problems.append(f"{path} is missing")
            continue
        html = path.read_text(encoding="utf-8")
        head, _, body = html.partition("</head>")
        # the student's code as typed is shown escaped in the input areas: look at everything else
        body = re.sub(r'<div class="highlight[^"]*"><pre>.*?</pre>', "", body, flags=re.DOTALL)
        if not re.search(r"<head>\s*<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                         r"script-src 'none'; style-src 'sha256-", head):
            problems.append(f"{path}: no Content-Security-Policy first in <head>")
        for bad in (MARKER, "<style", "<script", "navbar-fixed-top", "onclick", "position: fixed", "display: none"):
            if bad in body:
                problems.append(f"{path}: the student's {bad!r} reached the page")
        if f"<h4>{nb_name} (Score: {score})</h4>" not in body:
            problems.append(f"{path}: the score header is not the page's own")
    return problems

# ---- end of the adversarial students -----------------------------------------------------------


# ---- adversarial students: each tries to score what it did not earn --------------------------------
# Every attack below must score nothing it did not earn, and be named in the notes of grades.csv.

# The solution cells' signatures, for cells replaced as a whole.
_SIG = {
    "rnn_cell_forward": "RnnCellResult rnnCellForward(DMatrixRMaj xt, DMatrixRMaj aPrev, RnnParameters parameters)",
    "rnn_forward": "RnnForwardResult rnnForward(Tensor3 x, DMatrixRMaj a0, RnnParameters parameters)",
    "rnn_cell_backward": "RnnCellGradients rnnCellBackward(DMatrixRMaj daNext, RnnCache cache)",
    "gru_cell_forward": "GruCellResult gruCellForward(DMatrixRMaj xt, DMatrixRMaj aPrev, GruParameters parameters)",
    "clip": "Gradients clip(Gradients gradients, double maxValue)",
    "sample": "int[] sample(RnnParameters parameters, Vocabulary vocabulary, int seed)",
    "optimize": "OptimizeResult optimize(int[] X, int[] Y, DMatrixRMaj aPrev, RnnParameters parameters, double learningRate)",
}


def _method(part, body):
    return f"{_SIG[part]} {{\n    {body}\n}}"


_FORGED_LINE = ('System.out.println("RNNWB-ANSWER {\\"id\\":\\"%s\\",\\"kind\\":\\"matrix\\",\\"shape\\":[1,1],'
                '\\"data\\":[0.5],\\"tol\\":1.0}");')

# ---- end of the adversarial students -----------------------------------------------------------


# ---- adversarial students: each tries to score what it did not earn --------------------------------
# Every attack below must score nothing it did not earn, and be named in the notes of grades.csv.

# The solution cells' signatures, for cells replaced as a whole.
_SIG = {
    "rnn_cell_forward": "RnnCellResult rnnCellForward(DMatrixRMaj xt, DMatrixRMaj aPrev, RnnParameters parameters)",
    "rnn_forward": "RnnForwardResult rnnForward(Tensor3 x, DMatrixRMaj a0, RnnParameters parameters)",
    "rnn_cell_backward": "RnnCellGradients rnnCellBackward(DMatrixRMaj daNext, RnnCache cache)",
    "gru_cell_forward": "GruCellResult gruCellForward(DMatrixRMaj xt, DMatrixRMaj aPrev, GruParameters parameters)",
    "clip": "Gradients clip(Gradients gradients, double maxValue)",
    "sample": "int[] sample(RnnParameters parameters, Vocabulary vocabulary, int seed)",
    "optimize": "OptimizeResult optimize(int[] X, int[] Y, DMatrixRMaj aPrev, RnnParameters parameters, double learningRate)",
}


def _method(part, body):
    return f"{_SIG[part]} {{\n    {body}\n}}"


_FORGED_LINE = ('System.out.println("RNNWB-ANSWER {\\"id\\":\\"%s\\",\\"kind\\":\\"matrix\\",\\"shape\\":[1,1],'
                '\\"data\\":[0.5],\\"tol\\":1.0}");')

ATTACK_FIXTURES = {
    # Every body one line that calls the library's own implementation: the graded kernel loads the
    # student edition of the library, where none of these exist.
    "calls_library": [
        ("cell", "part_a", "rnn_cell_forward_solution",
         _method("rnn_cell_forward", "return Rnn.rnnCellForward(xt, aPrev, parameters);")),
        ("cell", "part_a", "rnn_forward_solution", _method("rnn_forward", "return Rnn.rnnForward(x, a0, parameters);")),
        ("cell", "part_a", "rnn_cell_backward_solution",
         _method("rnn_cell_backward", "return Rnn.rnnCellBackward(daNext, cache);")),
        ("cell", "part_a", "gru_cell_forward_solution",
         _method("gru_cell_forward", "return Gru.gruCellForward(xt, aPrev, parameters);")),
        ("cell", "part_b", "clip_solution", _method("clip", "return Clip.clip(gradients, maxValue);")),
        ("cell", "part_b", "sample_solution", _method("sample", "return Sampler.sample(parameters, vocabulary, seed);")),
        ("cell", "part_b", "optimize_solution", _method(
            "optimize", "Optimize.Result r = Optimize.optimize(X, Y, aPrev, parameters, learningRate);\n"
            "    return new OptimizeResult(r.loss(), r.gradients(), r.aLast());")),
    ],
    # A variable named Check (it used to shadow the imported assertion class), and wrong part B answers.
    "check_variable": [
        ("add_code", "part_b", "setup", 'Object Check = "always passes";'),
        ("part_b", "clip_solution", "g.data[i] = Math.max(-maxValue, Math.min(maxValue, g.data[i]));",
         "g.data[i] = Math.min(maxValue, g.data[i]);"),
        ("part_b", "sample_solution", "rng.seed(counter + seed);", "rng.seed(counter);"),
    ],
    # Variables named org and java (the roots of the tests' qualified names), and a wrong GRU.
    "org_variable": [
        ("add_code", "part_a", "setup", 'String org = "shadow";\nint java = 1;'),
        ("part_a", "gru_cell_forward_solution",
         "(1 - z.data[i]) * aPrev.data[i] + z.data[i] * hTilde.data[i]",
         "z.data[i] * aPrev.data[i] + (1 - z.data[i]) * hTilde.data[i]"),
    ],
    # Top-level classes named like the library's (they once replaced its on-demand imports, so the
    # tests' "expected" values were the student's own), computing wrong answers.
    "library_class_names": [
        ("add_code", "part_a", "setup", "class Rnn {\n    static int unused;\n}"),
        ("cell", "part_a", "gru_cell_forward_solution",
         "class Gru {\n    static GruCellResult gruCellForward(DMatrixRMaj xt, DMatrixRMaj aPrev, GruParameters p) {\n"
         "        DMatrixRMaj zero = new DMatrixRMaj(p.nA(), xt.numCols);\n"
         "        return new GruCellResult(zero, new DMatrixRMaj(p.nY(), xt.numCols), null);\n    }\n}\n"
         + _method("gru_cell_forward", "return Gru.gruCellForward(xt, aPrev, parameters);")),
        ("cell", "part_b", "clip_solution",
         "class Clip {\n    static Gradients clip(Gradients g, double maxValue) {\n        return g;\n    }\n}\n"
         + _method("clip", "return Clip.clip(gradients, maxValue);")),
        ("cell", "part_b", "sample_solution",
         "class Sampler {\n    static int[] sample(RnnParameters p, Vocabulary v, int seed) {\n"
         "        return new int[] {v.charToIx('\\n')};\n    }\n}\n"
         + _method("sample", "return Sampler.sample(parameters, vocabulary, seed);")),
        ("cell", "part_b", "optimize_solution",
         "class Optimize {\n    static OptimizeResult optimize(RnnParameters p, DMatrixRMaj aPrev) {\n"
         "        return new OptimizeResult(0, Gradients.zerosLike(p), aPrev);\n    }\n}\n"
         + _method("optimize", "return Optimize.optimize(parameters, aPrev);")),
    ],
    # Forged answer lines: one for a hidden id of clip (a duplicate there, and an unexpected id in
    # the optimize test, which calls clip), one repeating the visible sample answer.
    "forged_answers": [
        ("part_b", "clip_solution", "    return gradients;",
         "    " + _FORGED_LINE % "clip/hidden/dWaa" + "\n    return gradients;"),
        ("part_b", "sample_solution", "    return indices.stream()",
         '    System.out.println("RNNWB-ANSWER {\\"id\\":\\"sample/indices\\",\\"kind\\":\\"indices\\",'
         '\\"shape\\":[1],\\"data\\":[0],\\"tol\\":0}");\n    return indices.stream()'),
    ],
    # A number as the value of a test cell (nbgrader's partial credit), with a wrong optimize.
    "numeric_value": [
        ("part_b", "optimize_solution", "CharRnn.updateParameters(parameters, gradients, learningRate);",
         "CharRnn.updateParameters(parameters, gradients, -learningRate);"),
        ("test", "part_b", "optimize", "1.5"),
    ],
    # A kernel magic in a solution cell (it could load other jars or run shell commands).
    "magic_cell": [
        ("part_b", "sample_solution", "/** The indices of a sampled name",
         "%classpath ../../../release\n/** The indices of a sampled name"),
    ],
}

ATTACK_EXPECTED = {
    "calls_library": ({p: 0 for p in POINTS}, [
        "rnn_cell_forward: RuntimeException: jdk.jshell.UnresolvedReferenceException",
        "clip: RuntimeException: jdk.jshell.UnresolvedReferenceException",
        "optimize: the solution cell optimize_solution failed: package Optimize does not exist"]),
    "check_variable": ({"clip": 0, "sample": 0, "optimize": 0},
                       ["clip: WrongAnswer: clip/max10/", "sample: WrongAnswer: sample/indices has the wrong shape",
                        "optimize: WrongAnswer:"]),
    "org_variable": ({"gru_cell_forward": 0},
                     ["this code cell was not run: it declares 'java', 'org', a name the tests or the setup use",
                      "gru_cell_forward: WrongAnswer: gru_cell_forward/a_next is wrong"]),
    "library_class_names": ({"gru_cell_forward": 0, "clip": 0, "sample": 0, "optimize": 0},
                            ["gru_cell_forward: WrongAnswer:", "clip: WrongAnswer:", "sample: WrongAnswer:",
                             "optimize: WrongAnswer:"]),
    "forged_answers": ({"clip": 0, "sample": 0, "optimize": 0},
                       ["clip: forged or repeated answer lines: clip/hidden/dWaa was handed over",
                        "sample: forged or repeated answer lines: sample/indices was handed over 5 times",
                        "optimize: forged or repeated answer lines: an unexpected answer 'clip/hidden/dWaa'"]),
    "numeric_value": ({"optimize": 0}, ["optimize: this test cell was edited in the submission",
                                         "optimize: WrongAnswer: optimize/updated/Waa is wrong"]),
    "magic_cell": ({"sample": 0}, ["sample_solution: this code cell was not run: it uses the kernel magic '%classpath"]),
}

FIXTURES.update(ATTACK_FIXTURES)
EXPECTED.update(ATTACK_EXPECTED)
# ---- end of the adversarial students ----------------------------------------------------------------

# ==== Similarity report fixtures (tools/similarity.py) =========================================
# library_paste: the library's own implementations pasted into six solution cells, adapted to the
# notebook (the package-private helpers of CellMath pasted too, the library's argument checks of
# package-private classes left out, the GRU without its output switch); it scores full marks, and
# only the similarity report points at it. copy_of_paste: library_paste's notebooks with variables
# renamed and statements reordered. The "test" edit kind replaces a cell's whole source, whatever
# the cell. The two clipInPlace overloads get names of their own (JJava's kernel would not compile
# the overload calling the other).

PASTED_RNN_CELL_FORWARD = """/** Pasted from the library's Rnn.rnnCellForward. */
RnnCellResult rnnCellForward(DMatrixRMaj xt, DMatrixRMaj aPrev, RnnParameters p) {
    Shapes.multipliable("Wax", p.Wax(), "xt", xt);
    Shapes.multipliable("Waa", p.Waa(), "aPrev", aPrev);
    Shapes.sameCols("aPrev", aPrev, "xt", xt);

    DMatrixRMaj aNext = plus(mult(p.Waa(), aPrev), mult(p.Wax(), xt));
    Ops.addColumn(aNext, p.ba(), aNext);
    Ops.tanh(aNext, aNext);
    DMatrixRMaj yPred = affine(p.Wya(), aNext, p.by());
    Ops.softmaxColumns(yPred, yPred);
    return new RnnCellResult(aNext, yPred, new RnnCache(aNext, aPrev, xt, p));
}

static DMatrixRMaj mult(DMatrixRMaj a, DMatrixRMaj b) {
    DMatrixRMaj c = new DMatrixRMaj(a.numRows, b.numCols);
    CommonOps_DDRM.mult(a, b, c);
    return c;
}

static DMatrixRMaj plus(DMatrixRMaj a, DMatrixRMaj b) {
    DMatrixRMaj c = new DMatrixRMaj(a.numRows, a.numCols);
    CommonOps_DDRM.add(a, b, c);
    return c;
}

static DMatrixRMaj affine(DMatrixRMaj w, DMatrixRMaj v, DMatrixRMaj b) {
    DMatrixRMaj z = mult(w, v);
    return Ops.addColumn(z, b, z);
}"""

PASTED_RNN_FORWARD = """/** Pasted from the library's Rnn.rnnForward. */
RnnForwardResult rnnForward(Tensor3 x, DMatrixRMaj a0, RnnParameters p) {
    Shapes.multipliable("Wax", p.Wax(), "x", x);
    Shapes.multipliable("Waa", p.Waa(), "a0", a0);
    Shapes.sameCols("a0", a0, "x", x);

    int T = x.T();
    Tensor3 a = new Tensor3(p.nA(), x.m(), T);
    Tensor3 yPred = new Tensor3(p.nY(), x.m(), T);
    List<RnnCache> caches = new ArrayList<>(T);
    DMatrixRMaj aNext = a0;
    for (int t = 0; t < T; t++) {
        RnnCellResult step = rnnCellForward(x.slice(t), aNext, p);
        aNext = step.aNext();
        a.slice(t).setTo(aNext);
        yPred.slice(t).setTo(step.yPred());
        caches.add(step.cache());
    }
    return new RnnForwardResult(a, yPred, new RnnCaches(caches, x));
}"""

PASTED_RNN_CELL_BACKWARD = """/** Pasted from the library's Rnn.rnnCellBackward. */
RnnCellGradients rnnCellBackward(DMatrixRMaj daNext, RnnCache cache) {
    Shapes.sameShape("daNext", daNext, "aNext", cache.aNext());

    RnnParameters p = cache.parameters();
    DMatrixRMaj dtanh = times(oneMinusSquare(cache.aNext()), daNext);
    DMatrixRMaj dxt = multTransA(p.Wax(), dtanh);
    DMatrixRMaj dWax = multTransB(dtanh, cache.xt());
    DMatrixRMaj daPrev = multTransA(p.Waa(), dtanh);
    DMatrixRMaj dWaa = multTransB(dtanh, cache.aPrev());
    DMatrixRMaj dba = sumRows(dtanh);
    return new RnnCellGradients(dxt, daPrev, dWax, dWaa, dba);
}

static DMatrixRMaj multTransA(DMatrixRMaj a, DMatrixRMaj b) {
    DMatrixRMaj c = new DMatrixRMaj(a.numCols, b.numCols);
    CommonOps_DDRM.multTransA(a, b, c);
    return c;
}

static DMatrixRMaj multTransB(DMatrixRMaj a, DMatrixRMaj b) {
    DMatrixRMaj c = new DMatrixRMaj(a.numRows, b.numRows);
    CommonOps_DDRM.multTransB(a, b, c);
    return c;
}

static DMatrixRMaj times(DMatrixRMaj first, DMatrixRMaj... rest) {
    DMatrixRMaj c = first.copy();
    for (DMatrixRMaj r : rest) {
        CommonOps_DDRM.elementMult(c, r);
    }
    return c;
}

static DMatrixRMaj oneMinusSquare(DMatrixRMaj a) {
    DMatrixRMaj c = new DMatrixRMaj(a.numRows, a.numCols);
    int n = a.getNumElements();
    for (int i = 0; i < n; i++) {
        c.data[i] = 1.0 - a.data[i] * a.data[i];
    }
    return c;
}

static DMatrixRMaj sumRows(DMatrixRMaj a) {
    return Ops.sumRows(a, new DMatrixRMaj(a.numRows, 1));
}"""

PASTED_GRU_CELL_FORWARD = """/** Pasted from the library's Gru.gruCellForward (the linear output). */
GruCellResult gruCellForward(DMatrixRMaj xt, DMatrixRMaj aPrev, GruParameters p) {
    Shapes.notNull("xt", xt);
    Shapes.sameCols("aPrev", aPrev, "xt", xt);

    DMatrixRMaj concat = stack(aPrev, xt);
    DMatrixRMaj zt = Ops.sigmoid(mult(p.Wz(), concat), new DMatrixRMaj(1, 1));
    DMatrixRMaj rt = Ops.sigmoid(mult(p.Wr(), concat), new DMatrixRMaj(1, 1));
    DMatrixRMaj hht = Ops.tanh(mult(p.Wh(), stack(times(rt, aPrev), xt)), new DMatrixRMaj(1, 1));
    DMatrixRMaj aNext = plus(times(oneMinus(zt), aPrev), times(zt, hht));
    DMatrixRMaj yPred = affine(p.Wy(), aNext, p.by());
    return new GruCellResult(aNext, yPred, new GruCache(aNext, aPrev, xt, zt, rt, hht, p));
}

static DMatrixRMaj oneMinus(DMatrixRMaj a) {
    DMatrixRMaj c = new DMatrixRMaj(a.numRows, a.numCols);
    CommonOps_DDRM.subtract(1.0, a, c);
    return c;
}

static DMatrixRMaj stack(DMatrixRMaj top, DMatrixRMaj bottom) {
    DMatrixRMaj c = new DMatrixRMaj(top.numRows + bottom.numRows, top.numCols);
    CommonOps_DDRM.insert(top, c, 0, 0);
    CommonOps_DDRM.insert(bottom, c, top.numRows, 0);
    return c;
}"""

PASTED_CLIP = """/** Pasted from the library's Clip.clip and Clip.clipInPlace. */
Gradients clip(Gradients g, double maxValue) {
    Objects.requireNonNull(g, "gradients");
    Gradients out = g.copy();
    clipAll(out, maxValue);
    return out;
}

int clipMatrix(DMatrixRMaj m, double maxValue) {
    Objects.requireNonNull(m, "m");
    int clipped = 0;
    double[] d = m.data;
    for (int i = 0, n = m.getNumElements(); i < n; i++) {
        double v = d[i];
        if (v > maxValue) {
            d[i] = maxValue;
            clipped++;
        } else if (v < -maxValue) {
            d[i] = -maxValue;
            clipped++;
        }
    }
    return clipped;
}

int clipAll(LmGradients g, double maxValue) {
    Objects.requireNonNull(g, "gradients");
    int clipped = 0;
    for (String name : g.names()) {
        clipped += clipMatrix(g.get(name), maxValue);
    }
    return clipped;
}"""

PASTED_OPTIMIZE = """/** Pasted from the library's Optimize.optimize and Optimize.lossAndGradients. */
OptimizeResult optimize(int[] X, int[] Y, DMatrixRMaj aPrev, RnnParameters p, double learningRate) {
    if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
        throw new IllegalArgumentException("learningRate must be a finite number >= 0 but was " + learningRate);
    }
    Objects.requireNonNull(p, "parameters");
    CharRnn.Forward forward = CharRnn.rnnForward(X, Y, aPrev, p);
    Gradients g = CharRnn.rnnBackward(forward.cache(), p).gradients();
    int clipped = clipAll(g, 5.0);
    CharRnn.updateParameters(p, g, learningRate);
    return new OptimizeResult(forward.loss(), g, forward.cache().aLast());
}"""

PASTED = [("part_a", "rnn_cell_forward_solution", PASTED_RNN_CELL_FORWARD),
          ("part_a", "rnn_forward_solution", PASTED_RNN_FORWARD),
          ("part_a", "rnn_cell_backward_solution", PASTED_RNN_CELL_BACKWARD),
          ("part_a", "gru_cell_forward_solution", PASTED_GRU_CELL_FORWARD),
          ("part_b", "clip_solution", PASTED_CLIP),
          ("part_b", "optimize_solution", PASTED_OPTIMIZE)]


def renamed_and_reordered(source):
    """A copier's disguise: local names changed, two independent statements swapped."""
    for old, new in [("aNext", "h"), ("yPred", "out"), ("dtanh", "g"), ("clipped", "count"), ("caches", "memo")]:
        source = re.sub(rf"(?<![.\w]){old}\b(?!\()", new, source)  # variables, not the records' accessors
    return source.replace("    DMatrixRMaj dxt = multTransA(p.Wax(), g);\n    DMatrixRMaj dWax = multTransB(g, cache.xt());\n",
                          "    DMatrixRMaj dWax = multTransB(g, cache.xt());\n    DMatrixRMaj dxt = multTransA(p.Wax(), g);\n")


FIXTURES.update({
    "library_paste": [("test", nb, grade_id, source) for nb, grade_id, source in PASTED],
    "copy_of_paste": [("test", nb, grade_id, renamed_and_reordered(source)) for nb, grade_id, source in PASTED],
})
EXPECTED.update({"library_paste": ({}, []), "copy_of_paste": ({}, [])})

# student -> the partners its similarity note must name (the library: "the library"); the pairs
# must be in similarity.csv too. Every fixture starts from the same model answer, so the others are
# similar to each other: their notes say so, and check() leaves such notes out of "expected none".
SIMILAR = {
    "library_paste": ["copy_of_paste", "the library"],
    "copy_of_paste": ["library_paste", "the library"],
}
SIMILARITY_NOTE = "similarity"


def check_similarity(rows, similarity_csv):
    """Problems with the similarity notes of the SIMILAR students and with similarity.csv."""
    problems = []
    pairs = set()
    if similarity_csv.exists():
        with open(similarity_csv, newline="", encoding="utf-8") as f:
            pairs = {frozenset((r["student_a"], r["student_b"])) for r in csv.DictReader(f)}
    else:
        problems.append(f"no {similarity_csv}")
    for student, partners in SIMILAR.items():
        notes = (rows.get(student) or {}).get("notes", "")
        for partner in partners:
            if f"with {partner}" not in notes:
                problems.append(f"{student}: notes: expected a similarity note naming {partner!r} (notes: {notes!r})")
            name = "library" if partner == "the library" else partner
            if similarity_csv.exists() and frozenset((student, name)) not in pairs:
                problems.append(f"{student}: {similarity_csv.name} has no pair with {name}")
    return problems
# ==== end of the similarity report fixtures ====================================================


def solution_body(source):
    """A solution cell's source without its BEGIN/END SOLUTION lines: what a correct student writes."""
    return "\n".join(line for line in source.split("\n")
                     if "BEGIN SOLUTION" not in line and "END SOLUTION" not in line)


def cell_by_id(nb, grade_id):
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
            return cell
    raise SystemExit(f"no cell with grade_id {grade_id!r}")


def replace_once(text, old, new, where):
    n = text.count(old)
    if n != 1:
        raise SystemExit(f"{where}: the fixture edit expects {old!r} exactly once but found it {n} times;"
                         " update tools/grading_fixtures.py to the new source")
    return text.replace(old, new)


def correct_notebooks(course):
    """notebook name -> the released notebook with the instructor's solutions filled in."""
    release = course / "release" / ASSIGNMENT
    source = course / "source" / ASSIGNMENT
    notebooks = {}
    for path in sorted(release.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        src = nbformat.read(source / path.name, as_version=4)
        for cell in nb.cells:
            nbg = cell.get("metadata", {}).get("nbgrader", {})
            if nbg.get("solution") and not nbg.get("grade"):
                cell.source = solution_body(cell_by_id(src, nbg["grade_id"]).source)
        notebooks[path.stem] = nb
    return notebooks


def build(course, adversarial=False):
    course = pathlib.Path(course)
    correct = correct_notebooks(course)
    out_root = course / "submitted"
    students = dict(FIXTURES, **(ADVERSARIAL if adversarial else {}))
    for student, edits in students.items():
        notebooks = {name: copy.deepcopy(nb) for name, nb in correct.items()}
        file_names = {name: name + ".ipynb" for name in notebooks}
        for edit in edits:
            if edit[0] == "rename":
                _, name, new_name = edit
                file_names[name] = new_name
            elif edit[0] in ("test", "cell"):
                _, name, grade_id, new_source = edit
                cell_by_id(notebooks[name], grade_id).source = new_source
            elif edit[0] == "add_code":
                # a new code cell, without nbgrader metadata, after the cell grade_id
                _, name, after, new_source = edit
                cells = notebooks[name].cells
                at = cells.index(cell_by_id(notebooks[name], after)) + 1
                new_cell = nbformat.v4.new_code_cell(new_source)
                new_cell["id"] = f"added-{student.replace('_', '-')}-{at}"
                cells.insert(at, new_cell)
            elif edit[0] == "start":
                _, name, grade_id, code = edit
                insert_at_start(cell_by_id(notebooks[name], grade_id), code, f"{student}/{name}/{grade_id}")
            elif edit[0] == "add":
                _, name, after, cell_type, source, count = edit
                add_cells(notebooks[name], after, cell_type, source, count)
            else:
                name, grade_id, old, new = edit
                cell = cell_by_id(notebooks[name], grade_id)
                cell.source = replace_once(cell.source, old, new, f"{student}/{name}/{grade_id}")
        folder = out_root / student / ASSIGNMENT
        folder.mkdir(parents=True, exist_ok=True)
        for old_file in folder.glob("*.ipynb"):
            old_file.unlink()
        for name, nb in notebooks.items():
            nbformat.write(nb, folder / file_names[name])
    print(f"fixture submissions written to {out_root}: {', '.join(students)}")


def compare(built, committed):
    """Fails unless each fixture student in `committed` has exactly the notebooks built from the source.

    Other student folders (a class's real submissions) are left alone, and so are fixtures that
    were removed from `committed`.
    """
    problems = []
    present = [s for s in FIXTURES if (committed / s).is_dir()]
    for student in present:
        da, db = built / student / ASSIGNMENT, committed / student / ASSIGNMENT
        names = sorted({p.name for p in da.glob("*.ipynb")} | {p.name for p in db.glob("*.ipynb")})
        for name in names:
            fa, fb = da / name, db / name
            if not fa.exists() or not fb.exists() or not filecmp.cmp(fa, fb, shallow=False):
                problems.append(f"{student}/{ASSIGNMENT}/{name}")
    if problems:
        print(f"{committed} is out of date with the source notebooks: {', '.join(problems)}\n"
              "  rebuild it: make release && .venv/bin/python tools/grading_fixtures.py build grading",
              file=sys.stderr)
        return 1
    print(f"{committed}: {len(present)} of {len(FIXTURES)} fixture submissions present, all up to date")
    return 0


def check(grades_csv):
    """Compares every fixture student's row of grades.csv with the expected scores and notes.

    The adversarial students are expected when the CSV has a row for one of them.
    """
    with open(grades_csv, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        parts = reader.fieldnames[1:-3]
        rows = {r["student_id"]: r for r in reader}
    failures = []
    expected = dict(EXPECTED)
    if any(s in rows for s in ADVERSARIAL):
        expected.update(ADVERSARIAL_EXPECTED)
    if parts != list(POINTS):
        failures.append(f"the parts of {grades_csv} are {parts}, expected {list(POINTS)}")
    for student, (lost, fragments) in expected.items():
        row = rows.get(student)
        if row is None:
            failures.append(f"{student}: no row in {grades_csv}")
            continue
        problems = []
        for part, points in POINTS.items():
            want = lost.get(part, points)
            got = row.get(part) or ""
            if got == "" or float(got) != want:
                problems.append(f"{part}: expected {want:g}, got {got!r}")
        want_total = sum(lost.get(part, points) for part, points in POINTS.items())
        if float(row["total"]) != want_total or float(row["max_score"]) != sum(POINTS.values()):
            problems.append(f"total: expected {want_total:g} / {sum(POINTS.values()):g}, "
                            f"got {row['total']} / {row['max_score']}")
        problems += [f"notes: expected to contain {f!r}" for f in fragments if f not in row["notes"]]
        if not fragments and [n for n in row["notes"].split(" | ") if n and not n.startswith(SIMILARITY_NOTE)]:
            problems.append("notes: expected none")
        print(f"{'FAIL' if problems else 'ok  '} {student:<16} {row['total']:>5} / {row['max_score']}  {row['notes']}")
        failures += [f"{student} {p} (notes: {row['notes']!r})" for p in problems]
    failures += check_similarity(rows, pathlib.Path(grades_csv).with_name("similarity.csv"))
    for failure in failures:
        print("FAIL " + failure, file=sys.stderr)
    print(f"grading fixtures: {len(expected)} students, {len(failures)} problems")
    return 1 if failures else 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("build")
    p.add_argument("course", type=pathlib.Path)
    p.add_argument("--adversarial", action="store_true", help="also the students who attack the grader")
    p = sub.add_parser("compare")
    p.add_argument("built", type=pathlib.Path)
    p.add_argument("committed", type=pathlib.Path)
    sub.add_parser("check").add_argument("grades_csv", type=pathlib.Path)
    sub.add_parser("listen").add_argument("log", type=pathlib.Path)
    p = sub.add_parser("harmless")
    p.add_argument("course", type=pathlib.Path)
    p.add_argument("listener_log", type=pathlib.Path)
    args = ap.parse_args(argv)
    if args.command == "build":
        build(args.course, args.adversarial)
        return 0
    if args.command == "listen":
        return listen(args.log)
    if args.command == "harmless":
        return harmless(args.course, args.listener_log)
    if args.command == "compare":
        return compare(args.built, args.committed)
    return check(args.grades_csv)


if __name__ == "__main__":
    sys.exit(main())
