"""Expected values and the student edition of a graded assignment (run by `make release`).

    python tools/edition.py capture COURSE ASSIGNMENT --lib LIB --student-lib SLIB
    python tools/edition.py build COURSE ASSIGNMENT --student-lib SLIB [--requirements requirements.txt]
    python tools/edition.py test EDITION_ZIP COURSE ASSIGNMENT

capture: runs the instructor's source notebooks (solutions and hidden tests) on a fresh kernel with
  the full library LIB, collects every answer the test cells hand over (org.rnnworkbench.grading.Answer)
  and writes COURSE/expected/ASSIGNMENT/<notebook>.json (grader-only: never released). Then runs the
  released notebooks, with the model answers pasted in, on the student edition of the library SLIB:
  the answers they hand over are the visible tests, whose expected values (the source's) are written
  to COURSE/release/ASSIGNMENT/visible_expected.json, beside the released notebooks. Fails when a
  test cell errs, hands an answer over twice, or when the released run disagrees with the source.
build: writes COURSE/student-edition/ (and COURSE/student-edition.zip): the released notebooks with
  their setup.jsh and visible expected values, lib/ (SLIB's jars), a README and pinned requirements.
test: unpacks the zip into an empty folder, makes a fresh virtual environment from its pinned
  requirements, pastes the model answers (from COURSE/source) into its notebooks and runs them there
  with nbclient: every visible test must print its ✔ line, and no cell may err or write to stderr.
"""
import argparse
import json
import math
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
VISIBLE_FILE = "visible_expected.json"
PREFIX = "RNNWB-ANSWER "


def grading_module():
    sys.path.insert(0, str(ROOT / "grading"))
    import rnn_grading  # noqa: E402 (the grader's own parsing and comparison)
    return rnn_grading


def grade_id(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def is_test(cell):
    return cell.cell_type == "code" and cell.get("metadata", {}).get("nbgrader", {}).get("grade", False)


def execute(folder, names, lib, timeout=300):
    """Runs the notebooks `names` in `folder` on fresh Java kernels; returns {name: executed notebook}.

    `lib` is the library folder the kernel loads (RNN_WORKBENCH_LIB), or None to let setup.jsh find it.
    """
    import nbformat
    from nbclient import NotebookClient

    env_before = os.environ.get("RNN_WORKBENCH_LIB")
    if lib is None:
        os.environ.pop("RNN_WORKBENCH_LIB", None)
    else:
        os.environ["RNN_WORKBENCH_LIB"] = str(pathlib.Path(lib).resolve())
    try:
        done = {}
        for name in names:
            nb = nbformat.read(folder / name, as_version=4)
            NotebookClient(nb, timeout=timeout, kernel_name="java", allow_errors=True, record_timing=False,
                           shutdown_kernel="immediate", resources={"metadata": {"path": str(folder)}}).execute()
            done[name] = nb
        return done
    finally:
        if env_before is None:
            os.environ.pop("RNN_WORKBENCH_LIB", None)
        else:
            os.environ["RNN_WORKBENCH_LIB"] = env_before


def problems_of(nb, name):
    """Errors and stderr output of an executed notebook, one line each."""
    found = []
    for i, cell in enumerate(nb.cells):
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error":
                found.append(f"{name} cell {i + 1}: {o.get('ename')}: {' '.join(str(o.get('evalue')).split())[:300]}")
            if o.get("output_type") == "stream" and o.get("name") == "stderr":
                found.append(f"{name} cell {i + 1} wrote to stderr: {' '.join(o.get('text', '').split())[:300]}")
    return found


def answers_by_cell(nb, name, g):
    """{grade_id: [answers]} of an executed notebook's test cells; fails on a repeated or unreadable answer."""
    cells = {}
    for cell in nb.cells:
        if not is_test(cell):
            continue
        answers, problems = g.parse_answers(g.cell_stdout(cell))
        ids = [a["id"] for a in answers]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if problems or repeated:
            raise SystemExit(f"{name} {grade_id(cell)}: {'; '.join(problems)}"
                             f"{' repeated ids: ' + ', '.join(repeated) if repeated else ''}")
        cells[grade_id(cell)] = answers
    return cells


def jsonable(answer):
    """An answer as JSON: non-finite numbers as the strings Answer reads, indices as integers."""
    data = []
    for x in answer["data"]:
        if math.isnan(x):
            data.append("NaN")
        elif math.isinf(x):
            data.append("Infinity" if x > 0 else "-Infinity")
        elif answer["kind"] == "indices":
            data.append(int(x))
        else:
            data.append(x)
    return {"id": answer["id"], "kind": answer["kind"], "shape": answer["shape"], "data": data, "tol": answer["tol"]}


def write_json(path, obj):
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name("." + path.name + ".tmp")
    tmp.write_text(json.dumps(obj, separators=(",", ":"), allow_nan=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def paste_model_answers(release_dir, source_dir, out_dir):
    """Copies the released folder to out_dir with each solution cell replaced by the source's solution."""
    import nbformat
    sys.path.insert(0, str(HERE))
    from grading_fixtures import solution_body

    shutil.copytree(release_dir, out_dir, dirs_exist_ok=True)
    names = []
    for path in sorted(out_dir.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        src = {grade_id(c): c for c in nbformat.read(source_dir / path.name, as_version=4).cells if grade_id(c)}
        for cell in nb.cells:
            nbg = cell.get("metadata", {}).get("nbgrader", {})
            if nbg.get("solution") and not nbg.get("grade"):
                cell.source = solution_body(src[nbg["grade_id"]].source)
        nbformat.write(nb, path)
        names.append(path.name)
    return names


def capture(course, assignment, lib, student_lib):
    g = grading_module()
    source = course / "source" / assignment
    release = course / "release" / assignment
    names = sorted(p.name for p in source.glob("*.ipynb"))
    expected = {}
    with tempfile.TemporaryDirectory(prefix="rnnwb-capture-") as tmp:
        run_dir = pathlib.Path(tmp) / "source"
        shutil.copytree(source, run_dir)
        (run_dir / VISIBLE_FILE).unlink(missing_ok=True)
        executed = execute(run_dir, names, lib)
        for name, nb in executed.items():
            problems = problems_of(nb, name)
            if problems:
                raise SystemExit("the source does not run cleanly:\n  " + "\n  ".join(problems))
            expected[name] = answers_by_cell(nb, name, g)
            stem = name[: -len(".ipynb")]
            write_json(course / "expected" / assignment / f"{stem}.json",
                       {"assignment": assignment, "notebook": stem,
                        "cells": {gid: [jsonable(a) for a in ans] for gid, ans in expected[name].items()}})
            print(f"expected values of {stem}: {sum(len(a) for a in expected[name].values())} answers "
                  f"in {len(expected[name])} test cells -> {course / 'expected' / assignment / (stem + '.json')}")

        released_dir = pathlib.Path(tmp) / "released"
        released_names = paste_model_answers(release, source, released_dir)
        (released_dir / VISIBLE_FILE).unlink(missing_ok=True)
        visible = {}
        for name, nb in execute(released_dir, released_names, student_lib).items():
            problems = problems_of(nb, name)
            if problems:
                raise SystemExit("the released notebooks with the model answers do not run cleanly on the student "
                                 "edition:\n  " + "\n  ".join(problems))
            want = {a["id"]: a for ans in expected[name].values() for a in ans}
            for gid, answers in answers_by_cell(nb, name, g).items():
                chosen = []
                for a in answers:
                    if a["id"] not in want:
                        raise SystemExit(f"{name} {gid}: the released test hands over {a['id']!r}, which the source does not")
                    why = g.compare_answer(want[a["id"]], a)
                    if why:
                        raise SystemExit(f"{name} {gid}: the released notebook disagrees with the source: {why}")
                    chosen.append(jsonable(want[a["id"]]))
                visible[gid] = chosen
    write_json(release / VISIBLE_FILE, {"assignment": assignment, "cells": visible})
    print(f"visible expected values: {sum(len(v) for v in visible.values())} answers -> {release / VISIBLE_FILE}")


STUDENT_README = """# {assignment}: the student edition

This folder is all you need to do the assignment: the notebooks (`{assignment}/`), the library
they load (`lib/`, found by `{assignment}/setup.jsh`) and the expected values of the visible tests
(`{assignment}/{visible}`).

You need Python 3.10 or later and a Java 17 (or later) JDK whose `java` is on your `PATH`. Then,
in this folder:

    python3 -m venv .venv
    .venv/bin/pip install -r requirements.txt
    .venv/bin/jupyter lab {assignment}

(on Windows: `.venv\\Scripts\\pip` and `.venv\\Scripts\\jupyter`). Open `part_a.ipynb`, write
each method where it says `// YOUR CODE HERE`, and run the test cell below it: it prints the
values the original assignment printed and a ✔ line for each result that matches. The test cells
also print `RNNWB-ANSWER` lines: that is how your results reach the grader.

When your notebooks are graded, hidden tests run your methods on other inputs; only the grader
knows their expected values. Before you submit, run *Kernel → Restart Kernel and Run All Cells*
and check that every test cell ends with a ✔ line. Submit `part_a.ipynb` and `part_b.ipynb` under
these names. Do not redefine a name the test cells use (the test cells list them: `org`, `java`
and the variables inside them) and do not use `%` magics: grading does not run such a cell.
"""


def pinned(requirements, names=("jupyterlab", "jjava")):
    """The `name==version` lines of the project's requirements for `names` (each must be pinned)."""
    found = {}
    for line in requirements.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\s*([A-Za-z0-9_.-]+)\s*==\s*([^\s#;]+)", line)
        if m and m.group(1).lower() in names:
            found[m.group(1).lower()] = f"{m.group(1)}=={m.group(2)}"
    missing = [n for n in names if n not in found]
    if missing:
        raise SystemExit(f"{requirements} pins no version of {', '.join(missing)}")
    return [found[n] for n in names]


def build(course, assignment, student_lib, requirements):
    release = course / "release" / assignment
    if not (release / VISIBLE_FILE).exists():
        raise SystemExit(f"no {VISIBLE_FILE} in {release}: run the capture first")
    jars = sorted(pathlib.Path(student_lib).glob("*.jar"))
    if not jars:
        raise SystemExit(f"no jars in {student_lib}: build the library first (make build)")
    out = course / "student-edition"
    tmp = course / ".student-edition.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(release, tmp / assignment)
    (tmp / "lib").mkdir()
    for jar in jars:
        shutil.copy2(jar, tmp / "lib" / jar.name)
    (tmp / "README.md").write_text(STUDENT_README.format(assignment=assignment, visible=VISIBLE_FILE), encoding="utf-8")
    (tmp / "requirements.txt").write_text(
        "# Pinned: the versions the assignment was tested with.\n" + "\n".join(pinned(requirements)) + "\n",
        encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    os.replace(tmp, out)
    archive = course / "student-edition.zip"
    with zipfile.ZipFile(archive.with_suffix(".zip.tmp"), "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(out.rglob("*")):
            if path.is_file():
                z.write(path, pathlib.Path("student-edition") / path.relative_to(out))
    os.replace(archive.with_suffix(".zip.tmp"), archive)
    print(f"student edition in {out}/ and {archive} ({len(jars)} jars, {archive.stat().st_size // 1024} KB)")


def check_visible(folder):
    """Run inside the edition's own environment: executes its notebooks and checks every ✔."""
    folder = pathlib.Path(folder)
    names = sorted(p.name for p in folder.glob("*.ipynb"))
    visible = json.loads((folder / VISIBLE_FILE).read_text(encoding="utf-8"))["cells"]
    failures, ticks = [], 0
    for name, nb in execute(folder, names, None).items():
        failures += problems_of(nb, name)
        for cell in nb.cells:
            if not is_test(cell):
                continue
            text = "".join(o.get("text", "") for o in cell.get("outputs", [])
                           if o.get("output_type") == "stream" and o.get("name") == "stdout")
            lines = text.split("\n")
            for a in visible.get(grade_id(cell), []):
                if f"\u2714 {a['id']}" not in lines:
                    failures.append(f"{name} {grade_id(cell)}: no ✔ line for {a['id']}")
                else:
                    ticks += 1
            if not any(line.startswith(f"\u2714 {grade_id(cell)}: ") for line in lines):
                failures.append(f"{name} {grade_id(cell)}: the test cell did not end with its ✔ line")
    expected_ticks = sum(len(v) for v in visible.values())
    for f in failures:
        print("FAIL " + f)
    print(f"student edition: {ticks} of {expected_ticks} visible results ✔ in {len(names)} notebooks, "
          f"{len(failures)} problems")
    return 1 if failures or ticks != expected_ticks or expected_ticks == 0 else 0


def test(archive, course, assignment):
    archive, course = pathlib.Path(archive).resolve(), pathlib.Path(course).resolve()
    with tempfile.TemporaryDirectory(prefix="rnnwb-edition-test-") as tmp:
        tmp = pathlib.Path(tmp)
        with zipfile.ZipFile(archive) as z:
            z.extractall(tmp)
        edition = tmp / "student-edition"
        venv = tmp / "venv"
        # The interpreter the project's environment was made from, so the new one shares nothing with it.
        base = pathlib.Path(sys.base_prefix) / "bin" / "python3"
        subprocess.run([str(base), "-m", "venv", str(venv)], check=True)
        print(f"installing {edition / 'requirements.txt'} into a fresh environment ...", flush=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                        "-r", str(edition / "requirements.txt")], check=True)
        work = tmp / "answers"
        paste_model_answers(edition / assignment, course / "source" / assignment, work / assignment)
        shutil.copytree(edition / "lib", work / "lib")
        env = {k: v for k, v in os.environ.items()
               if k not in ("RNN_WORKBENCH_LIB", "JUPYTER_PATH", "JUPYTER_DATA_DIR", "PYTHONPATH", "VIRTUAL_ENV")}
        env["PATH"] = str(venv / "bin") + os.pathsep + env.get("PATH", "")
        env["HOME"] = str(tmp)  # no user-wide Jupyter kernels or settings
        result = subprocess.run([str(venv / "bin" / "python"), str(pathlib.Path(__file__).resolve()), "check-visible",
                                 str(work / assignment)], env=env, cwd=tmp)
        return result.returncode


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    for name in ("capture", "build"):
        p = sub.add_parser(name)
        p.add_argument("course", type=pathlib.Path)
        p.add_argument("assignment")
        p.add_argument("--student-lib", type=pathlib.Path, default=ROOT / "target" / "student-lib")
        if name == "capture":
            p.add_argument("--lib", type=pathlib.Path, default=ROOT / "target" / "notebook-lib")
        else:
            p.add_argument("--requirements", type=pathlib.Path, default=ROOT / "requirements.txt")
    p = sub.add_parser("test")
    p.add_argument("archive", type=pathlib.Path)
    p.add_argument("course", type=pathlib.Path)
    p.add_argument("assignment")
    sub.add_parser("check-visible").add_argument("folder", type=pathlib.Path)
    args = ap.parse_args(argv)
    if args.command == "capture":
        capture(args.course.resolve(), args.assignment, args.lib, args.student_lib)
    elif args.command == "build":
        build(args.course.resolve(), args.assignment, args.student_lib, args.requirements)
    elif args.command == "test":
        return test(args.archive, args.course, args.assignment)
    elif args.command == "check-visible":
        return check_visible(args.folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
