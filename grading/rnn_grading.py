"""nbgrader extensions for grading Java notebooks safely and robustly; nbgrader_config.py plugs them in.

- RobustExecute: nbgrader's Execute step, run through `run_in_sandbox`: each notebook executes in a
  fresh bubblewrap sandbox (sandbox.py) with its kernel, limits on memory, processes and total
  time, and only its outputs come back. Inside, the runner (sandbox_runner.py) survives a
  student's code: a cell that runs past the per-cell timeout, or that kills the kernel
  (System.exit, a crashed JVM), gets an error output saying so (a test cell with an error scores
  0), the kernel is restarted, the cells above it that had run cleanly are run again, and grading
  goes on with the next cell. With nbgrader's own Execute, a kernel death ends the grading of the
  student's whole submission, and a JJava cell interrupted after a timeout goes on running.
- sanitize_notebook, SafeFeedbackExporter: student markup (markdown, HTML outputs) reduced to plain
  markup, unsafe output types dropped, and a Content-Security-Policy on every feedback page.
- RejectShadowing (before execution): student-written code cells that declare a name the test cells
  or the setup use (parsed with JShell's own parser, grading/DeclaredNames.java), or that hold a
  magic, are replaced by the released stub, with a note.
- CompareAnswers (after execution, outside the sandbox): the RNNWB-ANSWER lines a test cell printed
  are compared with the instructor's expected values captured at release (COURSE/expected/), with
  the instructor's tolerances; a missing, duplicated, forged or wrong answer becomes an error output.
- NotedOverwriteCells: nbgrader's OverwriteCells, which already puts back the original of a test
  cell a student edited (its checksum differs); this one also says so in the graded notebook, and
  writes the notice of a re-added missing cell as a Java comment (nbgrader writes "# ", which does
  not compile in Java).
- PartsCsvExport: `nbgrader export` to a CSV with one row per student, one column per graded part
  (test cell), the total, the maximum and a notes column that says why points were lost.

Notes travel in the graded notebooks themselves, under the cell metadata key "rnn_workbench": the
export reads them from autograded/, so the feedback HTML and grades.csv tell the same story.
"""
import base64
import csv
import glob
import hashlib
import json
import logging
import math
import os
import re
import subprocess
import sys
import tempfile

import nbformat
from nbconvert.exporters import HTMLExporter
from nbformat.notebooknode import NotebookNode
from traitlets import Bool, Integer, Unicode

from nbgrader import utils
from nbgrader.api import MissingEntry
from nbgrader.plugins import ExportPlugin
from nbgrader.preprocessors import ClearHiddenTests, Execute, NbGraderPreprocessor, OverwriteCells

NOTES_KEY = "rnn_workbench"
TIMEOUT_ENAME = "CellTimeoutError"
DEAD_KERNEL_ENAME = "DeadKernelError"
NOT_RUN_ENAME = "NotRunError"

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # sandbox.py, beside this file


def add_note(cell, text):
    """Records a note about grading in the cell's metadata (kept in autograded/ notebooks)."""
    notes = cell.metadata.setdefault(NOTES_KEY, {}).setdefault("notes", [])
    if text not in notes:
        notes.append(text)


def cell_notes(cell):
    return list(cell.get("metadata", {}).get(NOTES_KEY, {}).get("notes", []))


def error_output(ename, text):
    return NotebookNode(output_type="error", ename=ename, evalue=text, traceback=[f"{ename}: {text}"])


def has_error(cell):
    return any(o.get("output_type") == "error" for o in cell.get("outputs", []))


class RobustExecute(Execute):
    """nbgrader's Execute step, run in a fresh sandbox per notebook (see sandbox.py)."""

    # The restart after a timeout lives in the runner inside the sandbox (sandbox_runner.py).
    interrupt_on_timeout = Bool(
        False, help="Interrupt instead of restarting after a timeout (not useful with JJava)."
    ).tag(config=True)
    sandbox = Bool(
        True, help="Run each notebook in a bubblewrap sandbox (False only with UNSAFE_NO_SANDBOX=1)."
    ).tag(config=True)
    library = Unicode(
        os.environ.get("RNN_WORKBENCH_LIB", ""), help="The library folder the kernel loads (read-only inside)."
    ).tag(config=True)
    notebook_timeout = Integer(600, help="Total time limit of one notebook, in seconds.").tag(config=True)
    memory = Unicode("3g", help="Memory limit of one notebook's sandbox (cgroup v1), e.g. 3g.").tag(config=True)
    pids = Integer(512, help="Limit on the processes and threads of one notebook's sandbox.").tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        return run_in_sandbox(nb, resources, self)


def run_in_sandbox(nb, resources, executor):
    """Executes `nb` in a fresh sandbox and puts the outputs that came out into `nb` (in place).

    The executed notebook never replaces the grader's copy: only each code cell's outputs,
    execution count and notes are taken from the sandbox, checked and size-limited, so student
    code cannot change a cell's source, its metadata or its points. Cells the sandbox did not
    report (the notebook was stopped) are left without outputs, and a test cell among them gets
    an error, so it scores 0. Notes on the notebook as a whole (a limit reached, processes left
    running) go to the notebook's metadata, from where grades.csv reads them.
    """
    import sandbox as sb
    folder = (resources or {}).get("metadata", {}).get("path") or "."
    limits = sb.Limits(notebook_timeout=executor.notebook_timeout,
                       memory=sb.parse_size(executor.memory, "GRADING_MEMORY"), pids=executor.pids)
    kernel = nb.metadata.get("kernelspec", {}).get("name") or executor.kernel_name or "java"
    result = sb.run_notebook(json.loads(nbformat.writes(nb)), folder_files(folder), timeout=executor.timeout,
                             startup_timeout=executor.startup_timeout, kernel_name=kernel,
                             lib_dir=executor.library, limits=limits, sandboxed=executor.sandbox)
    for line in result.log:
        executor.log.warning(line)
    for event in result.events:
        executor.log.warning("Sandbox: %s", event)
    if result.stderr and (result.events or result.final is None):
        executor.log.info("Sandbox log (end):\n%s", result.stderr.decode("utf-8", "replace")[-4000:])
    executor.log.info("Notebook ran in %.1f s in the sandbox", result.seconds)
    if result.language_info:
        nb.metadata["language_info"] = clean_json(result.language_info)
    why = result.events[0] if result.events else "was stopped before this cell"
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        record = result.cells.get(i)
        if record is None:
            cell.outputs, cell.execution_count = [], None
            if utils.is_grade(cell):
                cell.outputs.append(error_output(NOT_RUN_ENAME, f"This cell was not run: the notebook {why}."))
                add_note(cell, f"not run: the notebook {why}")
            continue
        cell.outputs = clean_outputs(record.get("outputs"))
        count = record.get("execution_count")
        cell.execution_count = count if isinstance(count, int) and not isinstance(count, bool) else None
        notes = record.get("notes")
        for note in (notes if isinstance(notes, list) else [])[:10]:
            add_note(cell, str(note)[:300])
    nb.metadata[NOTES_KEY] = {"notes": list(result.events)}
    for note in sanitize_notebook(nb):
        nb.metadata[NOTES_KEY]["notes"].append(note)
    executor.nb = nb
    return nb, resources


def folder_files(folder, each=1 << 20, total=8 << 20):
    """The regular files of the notebook's folder (setup.jsh; not notebooks, links or folders), base64."""
    files, size = {}, 0
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return files
    for name in names:
        path = os.path.join(folder, name)
        if name.endswith(".ipynb") or name.startswith(".") or os.path.islink(path) or not os.path.isfile(path):
            continue
        n = os.path.getsize(path)
        if n > each or size + n > total:
            continue
        with open(path, "rb") as f:
            files[name] = base64.b64encode(f.read()).decode()
        size += n
    return files


def clean_json(value, depth=0):
    """A copy of JSON data from the sandbox with only JSON types, nested at most 20 deep."""
    if depth > 20:
        return None
    if isinstance(value, dict):
        return {str(k): clean_json(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_json(v, depth + 1) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _text(value):
    if isinstance(value, list):
        return "".join(str(v) for v in value)
    return value if isinstance(value, str) else str(value)


def clean_outputs(outputs, limit=500):
    """The outputs of one cell as they came out of the sandbox, rebuilt field by field."""
    clean = []
    for o in (outputs if isinstance(outputs, list) else [])[:limit]:
        if not isinstance(o, dict):
            continue
        kind = o.get("output_type")
        if kind == "stream":
            name = o.get("name") if o.get("name") in ("stdout", "stderr") else "stdout"
            clean.append(NotebookNode(output_type="stream", name=name, text=_text(o.get("text", ""))))
        elif kind == "error":
            tb = o.get("traceback")
            clean.append(NotebookNode(output_type="error", ename=_text(o.get("ename", "")),
                                      evalue=_text(o.get("evalue", "")),
                                      traceback=[_text(t) for t in tb] if isinstance(tb, list) else []))
        elif kind in ("display_data", "execute_result"):
            data = o.get("data") if isinstance(o.get("data"), dict) else {}
            out = NotebookNode(output_type=kind, metadata=NotebookNode(),
                               data=NotebookNode({str(k): clean_json(v) if k.endswith("json") else _text(v)
                                                  for k, v in data.items()}))
            if kind == "execute_result":
                count = o.get("execution_count")
                out.execution_count = count if isinstance(count, int) and not isinstance(count, bool) else None
            clean.append(out)
    return clean


# ---- feedback that student markup cannot hijack ---------------------------------------------

# Output types the feedback may show; anything else (JavaScript, SVG, widget state, ...) is dropped.
SAFE_MIME = {"text/plain", "text/html", "text/markdown", "text/latex", "image/png", "image/jpeg",
             "application/json", "application/vnd.plotly.v1+json"}
MARKUP_MIME = {"text/html", "text/markdown"}
# What student HTML keeps: structure and text, links and inline images; no class, id or style
# (a class of the page's own stylesheet can move an element over the score), no event handlers.
SAFE_TAGS = ["a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2",
             "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "span", "strong",
             "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul"]
SAFE_ATTRIBUTES = {"a": ["href", "title"], "img": ["src", "alt", "title"], "td": ["colspan", "rowspan"],
                   "th": ["colspan", "rowspan"], "abbr": ["title"]}
RAW_HTML = re.compile(r"</?[a-zA-Z!?]")
DANGER = re.compile(r"<\s*(script|style|iframe|object|embed|link|meta|base|form|svg|math|frame|template)\b"
                    r"|\s(on[a-z]+|style|class|id)\s*=|javascript:", re.IGNORECASE)


def clean_markup(html):
    """Student HTML reduced to SAFE_TAGS and SAFE_ATTRIBUTES (script and style with their content gone)."""
    import bleach
    # bleach keeps the text of a stripped element: drop script and style bodies first.
    html = re.sub(r"<\s*(script|style)\b.*?(<\s*/\s*\1\s*>|$)", "", html, flags=re.IGNORECASE | re.DOTALL)
    return bleach.clean(html, tags=SAFE_TAGS, attributes=SAFE_ATTRIBUTES, protocols=["http", "https", "data"],
                        strip=True, strip_comments=True)


def _dangers(text):
    found = []
    for m in DANGER.finditer(text):
        what = (m.group(1) and f"<{m.group(1).lower()}>") or (m.group(2) and f"{m.group(2).lower()}=") \
            or "javascript:"
        if what not in found:
            found.append(what)
    return found


def sanitize_notebook(nb):
    """Removes active markup from markdown cells and outputs in place; returns notes on what went."""
    removed = []  # (what, where)
    for i, cell in enumerate(nb.cells):
        where = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") or f"cell {i + 1}"
        if cell.cell_type in ("markdown", "raw"):
            if RAW_HTML.search(cell.source):
                found = _dangers(cell.source)
                if found:
                    removed.append((", ".join(found), f"{cell.cell_type} {where}"))
                cell.source = clean_markup(cell.source)
            for name in list(cell.get("attachments", {}) or {}):
                del cell.attachments[name]
            continue
        for o in cell.get("outputs", []):
            data = o.get("data")
            if not isinstance(data, dict):
                continue
            for mime in list(data):
                if mime not in SAFE_MIME:
                    removed.append((mime, f"output of {where}"))
                    del data[mime]
                elif mime in MARKUP_MIME:
                    found = _dangers(_text(data[mime]))
                    if found:
                        removed.append((", ".join(found), f"{mime} output of {where}"))
                    data[mime] = clean_markup(_text(data[mime]))
    return [f"markup removed from the feedback: {what} in the {where}" for what, where in removed]


class SafeFeedbackExporter(HTMLExporter):
    """The feedback page: student content sanitized, and a Content-Security-Policy that runs no script.

    Markdown and HTML outputs were reduced to plain markup when the notebook was graded
    (sanitize_notebook); this exporter sanitizes them once more as it renders (nbconvert's
    sanitize_html), and the policy allows only the page's own inline styles (by hash, those in
    <head>, which the template writes), images from data: URLs and nothing else: no script, no
    stylesheet, frame, form or connection, even if some markup got through.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sanitize_html = True

    def from_notebook_node(self, nb, resources=None, **kw):
        sanitize_notebook(nb)
        output, resources = super().from_notebook_node(nb, resources, **kw)
        return with_csp(output), resources


def with_csp(html):
    """`html` with a Content-Security-Policy meta first in <head>, allowing the head's styles by hash."""
    head_start = html.find("<head>")
    head_end = html.find("</head>")
    if head_start < 0 or head_end < head_start:
        raise ValueError("the feedback page has no <head>: cannot add its Content-Security-Policy")
    head = html[head_start:head_end]
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(m.group(1).encode()).digest()).decode() + "'"
                     for m in re.finditer(r"<style[^>]*>(.*?)</style>", head, re.DOTALL)})
    policy = ("default-src 'none'; script-src 'none'; style-src " + (" ".join(hashes) or "'none'")
              + "; img-src data:; font-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    at = head_start + len("<head>")
    return html[:at] + "\n" + meta + html[at:]


class NotedOverwriteCells(OverwriteCells):
    """OverwriteCells that leaves a note when it restores an edited cell or re-adds a missing one."""

    def preprocess(self, nb, resources):
        self._language = nb.metadata.get("kernelspec", {}).get("language", "python")
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, cell_index):
        edited = self._edited(cell)
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if edited:
            kind = "test cell" if utils.is_grade(cell) else "read-only cell"
            add_note(cell, f"this {kind} was edited in the submission: the original was put back and graded")
        return cell, resources

    def _edited(self, cell):
        """True when a locked cell differs from what was released (the source minus hidden tests).

        The checksum nbgrader compares is the source's, hidden tests included, so it differs for
        every test cell with hidden tests; the released text is what the student must leave as is.
        """
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id is None:
            return False
        try:
            source_cell = self.gradebook.find_source_cell(grade_id, self.notebook_id, self.assignment_id)
        except MissingEntry:
            return False
        if not source_cell.locked:
            return False
        released = NotebookNode(cell_type=source_cell.cell_type, source=source_cell.source, metadata={})
        ClearHiddenTests(parent=self)._remove_hidden_test_region(released)
        return cell.cell_type != released.cell_type or cell.source != released.source

    def missing_cell_transform(self, source_cell, max_score, is_solution=False, is_task=False):
        cell = super().missing_cell_transform(source_cell, max_score, is_solution, is_task)
        if cell.cell_type == "code" and self._language == "java" and cell.source.startswith("# "):
            cell.source = "// " + cell.source[2:]
        add_note(cell, "this cell was missing from the submission: the original was added back and graded")
        return cell


def unreadable(path):
    """Why nbformat cannot read the notebook at `path` (one line), or '' when it can."""
    try:
        nbformat.read(path, as_version=4)
        return ""
    except Exception as e:  # not JSON, not a notebook, unreadable file, ...
        text = " ".join(str(e).split()) or type(e).__name__
        return text if len(text) <= 120 else text[:119] + "…"


def skip_unreadable_notebooks(assignment, student, notebooks):
    """Autograde's pre-convert hook: leaves out the notebooks nbgrader cannot read.

    nbgrader gives up on a student's whole submission when one notebook is not valid JSON; left
    out here (the list is the converter's own), that notebook scores 0 and the others are graded.
    """
    log = logging.getLogger("rnn_grading")
    for path in list(notebooks):
        problem = unreadable(path)
        if problem:
            log.warning("Not grading %s, which is not a readable notebook: %s", path, problem)
            notebooks.remove(path)


# ---- grades.csv ------------------------------------------------------------------------------

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def first_message(cell, limit=240):
    """The first informative line of a cell's error, without colours; '' when there is none."""
    for o in cell.get("outputs", []):
        if o.get("output_type") != "error":
            continue
        lines = [ANSI.sub("", line).strip() for line in o.get("traceback", [])]
        # A compile error's traceback starts with the offending code ("|   ..."); then the message.
        lines = [line for line in lines if line and not line.startswith("|") and not line.startswith("at ")]
        text = lines[0] if lines else f"{o.get('ename', '')}: {o.get('evalue', '')}"
        return text if len(text) <= limit else text[: limit - 1] + "…"
    return ""


def fmt(score):
    return "" if score is None else f"{float(score):g}"


class PartsCsvExport(ExportPlugin):
    """One row per student; columns: student_id, one per graded part, total, max_score, notes.

    The students are those of the gradebook and those with a folder in submitted/ that nbgrader
    could not grade at all (no notebook in it). A notebook that was not submitted, could not be
    read or could not be graded scores 0 in each of its parts, with a note saying why.
    """

    def export(self, gradebook):
        dest = self.to or "grades.csv"
        coursedir = self.parent.coursedir
        assignments = [str(a) for a in self.assignment] or [a.name for a in gradebook.assignments]
        students = set(str(s) for s in self.student)
        if not students:
            students = {s.id for s in gradebook.students}
            for a in assignments:
                pattern = coursedir.format_path(coursedir.submitted_directory, "*", a)
                students |= {os.path.basename(os.path.dirname(p)) for p in glob.glob(pattern) if os.path.isdir(p)}
        prefix = len(assignments) > 1

        columns = []  # (assignment, notebook, grade cell, max score)
        for a in assignments:
            for nb_name, cell_name, max_score in self._parts(gradebook, coursedir, a):
                columns.append((a, nb_name, cell_name, max_score))
        header = (["student_id"] + [f"{a}:{c}" if prefix else c for a, _, c, _ in columns]
                  + ["total", "max_score", "notes"])
        max_total = sum(m for *_, m in columns)

        rows = []
        similar = similarity_notes(coursedir.root)
        for student in sorted(students):
            scores, notes, ungraded = [], [], set()
            for a in assignments:
                missing, why = self._notes(gradebook, coursedir, a, student, [c for c in columns if c[0] == a])
                ungraded |= {(a, nb) for nb in missing}
                notes += why
            notes += similar.get(student, [])
            for a, nb_name, cell_name, _ in columns:
                if (a, nb_name) in ungraded:
                    scores.append(0)
                    continue
                try:
                    scores.append(gradebook.find_grade(cell_name, nb_name, a, student).score)
                except MissingEntry:
                    scores.append(None)
            total = sum(s for s in scores if s is not None)
            rows.append([student] + [fmt(s) for s in scores] + [fmt(total), fmt(max_total), " | ".join(notes)])

        tmp = dest + ".tmp"
        with open(tmp, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(rows)
        os.replace(tmp, dest)
        self.log.info("Wrote %s: %d students, %d parts", dest, len(rows), len(columns))

    def _parts(self, gradebook, coursedir, assignment):
        """(notebook, grade cell, max score) in the order of the source notebooks' cells."""
        a = gradebook.find_assignment(assignment)
        parts = []
        for nb in sorted(a.notebooks, key=lambda n: n.name):
            max_scores = {g.name: g.max_score for g in nb.grade_cells}
            path = os.path.join(coursedir.format_path(coursedir.source_directory, ".", assignment), nb.name + ".ipynb")
            order = []
            if os.path.exists(path):
                source = nbformat.read(path, as_version=4)
                order = [c.metadata.nbgrader["grade_id"] for c in source.cells if utils.is_grade(c)]
            order = [g for g in order if g in max_scores] + sorted(g for g in max_scores if g not in order)
            parts += [(nb.name, g, max_scores[g]) for g in order]
        return parts

    def _notes(self, gradebook, coursedir, assignment, student, columns):
        """(notebooks that score 0 as a whole, notes on why points were lost, part by part)."""
        expected = sorted({nb for _, nb, _, _ in columns})
        submitted = coursedir.format_path(coursedir.submitted_directory, student, assignment)
        autograded = coursedir.format_path(coursedir.autograded_directory, student, assignment)
        present = {os.path.splitext(os.path.basename(p))[0] for p in glob.glob(os.path.join(submitted, "*.ipynb"))}
        if not os.path.isdir(submitted):
            return set(expected), [f"no submission of {assignment}"]
        strays = sorted(f"'{p}.ipynb'" for p in present - set(expected))
        ungraded, notes = set(), []
        for nb_name in expected:
            if nb_name not in present:
                found = f" (found {', '.join(strays)}: notebooks are graded only under their released names)" \
                    if strays else ""
                notes.append(f"{nb_name}.ipynb was not submitted: its parts score 0{found}")
                ungraded.add(nb_name)
                continue
            problem = unreadable(os.path.join(submitted, nb_name + ".ipynb"))
            if problem:
                notes.append(f"{nb_name}.ipynb is not a readable notebook ({problem}): its parts score 0")
                ungraded.add(nb_name)
                continue
            path = os.path.join(autograded, nb_name + ".ipynb")
            if not os.path.exists(path):
                notes.append(f"{nb_name}.ipynb could not be graded (see autograde.log): its parts score 0")
                ungraded.add(nb_name)
                continue
            graded = nbformat.read(path, as_version=4)
            notes += [f"{nb_name}.ipynb: {n}" for n in graded.metadata.get(NOTES_KEY, {}).get("notes", [])]
            notes += self._cell_notes(gradebook, graded, assignment, nb_name, student)
        return ungraded, notes

    @staticmethod
    def _cell_notes(gradebook, graded, assignment, nb_name, student):
        notes = []
        solution_errors = []  # errors of the solution cells since the last test cell
        for cell in graded.cells:
            nbg = cell.get("metadata", {}).get("nbgrader", {})
            grade_id = nbg.get("grade_id", f"cell {cell.get('id', '?')}")
            for note in cell_notes(cell):
                notes.append(f"{grade_id}: {note}")
            if utils.is_solution(cell) and not utils.is_grade(cell) and has_error(cell):
                solution_errors.append((grade_id, first_message(cell)))
            if not utils.is_grade(cell):
                continue
            try:
                grade = gradebook.find_grade(grade_id, nb_name, assignment, student)
            except MissingEntry:
                continue
            explained = any(o.get("ename") in (TIMEOUT_ENAME, DEAD_KERNEL_ENAME, NOT_RUN_ENAME) for o in cell.get("outputs", []))
            if grade.score is None:
                notes.append(f"{grade_id}: needs manual grading")
            elif grade.score < grade.max_score and not explained:
                if solution_errors:
                    sid, message = solution_errors[-1]
                    notes.append(f"{grade_id}: the solution cell {sid} failed: {message}")
                else:
                    notes.append(f"{grade_id}: {first_message(cell) or 'no points'}")
            solution_errors = []
        return notes


# ---- answers: compared outside the student's kernel ----------------------------------------------
#
# Test cells hand every checked result to the grader with org.rnnworkbench.grading.Answer, one line
# `RNNWB-ANSWER {json}` each. The expected values of every test (hidden ones included) were captured
# at release by running the instructor's source (tools/edition.py), and live in
# COURSE/expected/ASSIGNMENT/<notebook>.json, which no kernel ever sees. Only this comparison
# decides whether a test cell's results are right: the kernel's own checks are a courtesy to the
# student, and anything the student's code prints is at most one more (forged) answer line.

ANSWER_PREFIX = "RNNWB-ANSWER "
ANSWER_ENAME = "WrongAnswer"
ANSWER_KINDS = ("matrix", "tensor", "indices", "scalar")


def cell_stdout(cell):
    """All stdout text of a cell, in order (the kernel splits long lines over several outputs)."""
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == "stdout")


def _number(x):
    if isinstance(x, bool):
        raise ValueError("a boolean is not a number")
    if isinstance(x, (int, float)):
        return float(x)
    if x in ("NaN", "Infinity", "-Infinity"):
        return float(x.lower().replace("infinity", "inf"))
    raise ValueError(f"{x!r} is not a number")


def parse_answer(text):
    """One answer from the JSON after the prefix: a dict with id, kind, shape, data (floats), tol."""
    a = json.loads(text)
    if not isinstance(a, dict) or not isinstance(a.get("id"), str) or a.get("kind") not in ANSWER_KINDS:
        raise ValueError("not an answer")
    shape = a.get("shape")
    data = a.get("data")
    if not isinstance(shape, list) or not all(isinstance(s, int) and s >= 0 for s in shape) \
            or not isinstance(data, list):
        raise ValueError("an answer needs a shape and data")
    size = 1
    for s in shape:
        size *= s
    values = [_number(x) for x in data]
    if len(values) != size:
        raise ValueError(f"{len(values)} values for the shape {shape}")
    return {"id": a["id"], "kind": a["kind"], "shape": shape, "data": values, "tol": _number(a.get("tol", 0))}


def parse_answers(text):
    """(answers, problems) from a cell's stdout: every line that starts with the prefix is an answer.

    A line that holds the prefix but is not a well-formed answer (cut, glued to other output, or
    forged badly) is a problem, not an answer.
    """
    answers, problems = [], []
    for line in text.split("\n"):
        if ANSWER_PREFIX.strip() not in line:
            continue
        if not line.startswith(ANSWER_PREFIX):
            problems.append("an answer line was mixed with other output")
            continue
        try:
            answers.append(parse_answer(line[len(ANSWER_PREFIX):]))
        except (ValueError, TypeError) as e:
            problems.append(f"an answer line could not be read ({e})")
    return answers, problems


def _agrees(got, want, tol):
    if math.isnan(want):
        return math.isnan(got)
    if math.isinf(want):
        return got == want
    return abs(got - want) <= tol * max(1.0, abs(want))


def _position(shape, index):
    at = []
    for s in reversed(shape):
        at.append(index % s if s else 0)
        index //= s if s else 1
    return "".join(f"[{i}]" for i in reversed(at))


def _shape_text(shape):
    return "(" + ",".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def compare_answer(want, got):
    """'' when `got` matches the instructor's `want` (with the instructor's tolerance), else why not."""
    if got["kind"] != want["kind"]:
        return f"{want['id']} is a {got['kind']}, expected a {want['kind']}"
    if list(got["shape"]) != list(want["shape"]):
        return f"{want['id']} has the wrong shape: expected {_shape_text(want['shape'])}, got {_shape_text(got['shape'])}"
    tol = float(want.get("tol", 0))
    wrong = [i for i, (g, w) in enumerate(zip(got["data"], want["data"])) if not _agrees(g, w, tol)]
    if not wrong:
        return ""
    i = wrong[0]
    g, w = got["data"][i], want["data"][i]
    if want["kind"] == "indices":
        g, w = int(g), int(w)
    where = f" at {_position(want['shape'], i)}" if want["shape"] else ""
    text = f"{want['id']} is wrong{where}: expected {w!r}, got {g!r}" + (f" (tolerance {tol:.2e})" if tol else "")
    if len(wrong) > 1:
        text += f"; {len(wrong)} of {len(want['data'])} entries are off"
    return text


def check_answers(expected, answers, problems):
    """The reasons a test cell fails, from its expected answers and what it handed over ([] = passed).

    Every expected id must be handed over exactly once; an answer with an id the cell does not
    expect is an attempt to forge one.
    """
    reasons = list(problems)
    by_id = {}
    for a in answers:
        by_id.setdefault(a["id"], []).append(a)
    wanted = {w["id"] for w in expected}
    for a_id in by_id:
        if a_id not in wanted:
            reasons.append(f"an unexpected answer {a_id!r} was handed over")
    for want in expected:
        got = by_id.get(want["id"], [])
        if not got:
            reasons.append(f"{want['id']} was not handed over (the test stopped before it?)")
        elif len(got) > 1:
            reasons.append(f"{want['id']} was handed over {len(got)} times")
        else:
            why = compare_answer(want, got[0])
            if why:
                reasons.append(why)
    return reasons


def _is_number(text):
    try:
        float(str(text).strip())
        return True
    except ValueError:
        return False


class CompareAnswers(NbGraderPreprocessor):
    """After execution: grades each test cell's answers against the instructor's expected values.

    A test cell whose answers are missing, duplicated, forged or wrong gets an error output (nbgrader
    then scores it 0) saying why; a number as a test cell's value is removed (nbgrader would read it
    as partial credit); the answer lines themselves are taken out of what the feedback shows.
    """

    expected_root = Unicode("", help="The folder of expected/<assignment>/<notebook>.json").tag(config=True)

    def preprocess(self, nb, resources):
        info = resources.get("nbgrader", {})
        path = os.path.join(self.expected_root, info.get("assignment", ""), info.get("notebook", "") + ".json")
        try:
            with open(path, encoding="utf-8") as f:
                expected = {gid: [parse_answer(json.dumps(a)) for a in answers]
                            for gid, answers in json.load(f)["cells"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
            self.log.error("No expected values in %s (%s): run `make release`", path, e)
            expected = None
        for cell in nb.cells:
            if cell.cell_type == "code" and utils.is_grade(cell):
                self._grade_cell(cell, expected)
        return nb, resources

    def _grade_cell(self, cell, expected):
        grade_id = cell.metadata.nbgrader.get("grade_id")
        answers, problems = parse_answers(cell_stdout(cell))
        if expected is None:
            reasons = ["the expected values of this assignment are missing on the grader's side (make release)"]
        else:
            reasons = check_answers(expected.get(grade_id, []), answers, problems)
        numeric = [o for o in cell.outputs if o.get("output_type") == "execute_result"
                   and _is_number(o.get("data", {}).get("text/plain", ""))]
        if numeric:
            add_note(cell, "a number as the test cell's value was ignored (no partial credit)")
        self._strip(cell, numeric)
        if reasons and not has_error(cell):
            shown = reasons[:3] + ([f"and {len(reasons) - 3} more"] if len(reasons) > 3 else [])
            cell.outputs.append(error_output(ANSWER_ENAME, "; ".join(shown)))
        if reasons and any("unexpected answer" in r or "handed over" in r and "times" in r for r in reasons):
            add_note(cell, "forged or repeated answer lines: " + "; ".join(
                r for r in reasons if "unexpected answer" in r or "times" in r)[:200])

    @staticmethod
    def _strip(cell, numeric):
        """Takes the answer lines out of the stdout (kept as one stream) and drops numeric values."""
        text = cell_stdout(cell)
        kept = "\n".join(line for line in text.split("\n") if ANSWER_PREFIX.strip() not in line)
        outputs, placed = [], False
        for o in cell.outputs:
            if any(o is n for n in numeric):
                continue
            if o.get("output_type") == "stream" and o.get("name") == "stdout":
                if not placed and kept.strip():
                    outputs.append(NotebookNode(output_type="stream", name="stdout", text=kept))
                placed = True
                continue
            outputs.append(o)
        cell.outputs = outputs


# ---- the static check: student code must not redefine what the tests use ---------------------------
#
# Test cells use fully qualified names only, so a student's declarations cannot change what they
# mean, except for the first part of each name (`org`, `java`), the student's own methods, and any
# simple name a test cell or the setup resolves. A student code cell (any code cell the source does
# not lock, added cells included) that declares one of those names, or that uses a kernel magic, is
# not run: it is replaced by the released stub, and the reason goes into the notes.

JAVA_KEYWORDS = set("""abstract assert boolean break byte case catch char class const continue default do double
else enum extends final finally float for goto if implements import instanceof int interface long native new
package private protected public return short static strictfp super switch synchronized this throw throws
transient try void volatile while true false null var record yield sealed permits non-sealed""".split())

_JAVA_TOKENS = re.compile(r'//[^\n]*|/\*.*?\*/|"""(?:.|\n)*?"""|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\''
                          r'|\d[\w.]*(?:[eEpP][+-]\d+)?|(\.\s*)?([A-Za-z_$][A-Za-z0-9_$]*)', re.S)


def name_heads(source):
    """The simple names a Java text resolves by itself: identifiers not after a dot, keywords aside."""
    heads = set()
    for m in _JAVA_TOKENS.finditer(source):
        if m.group(2) and not m.group(1) and m.group(2) not in JAVA_KEYWORDS:
            heads.add(m.group(2))
    return heads


_declared_names_classes = None
DECLARATION_KINDS = ("TYPE_DECL", "METHOD", "VAR", "IMPORT")


def declared_names(cells):
    """[[(kind, name), ...] per cell]: the top-level declarations JShell's parser finds in each cell."""
    global _declared_names_classes
    here = os.path.dirname(os.path.abspath(__file__))
    if _declared_names_classes is None:
        out = tempfile.mkdtemp(prefix="rnnwb-declared-names-")
        subprocess.run(["javac", "-d", out, os.path.join(here, "DeclaredNames.java")], check=True,
                       capture_output=True, timeout=120)
        _declared_names_classes = out
    result = subprocess.run(["java", "-cp", _declared_names_classes, "DeclaredNames"], check=True,
                            input="\0".join(c.replace("\0", " ") for c in cells).encode("utf-8"),
                            capture_output=True, timeout=120)
    found = [[] for _ in cells]
    for line in result.stdout.decode("utf-8").splitlines():
        index, kind, name = (line.split("\t") + ["", ""])[:3]
        if kind in DECLARATION_KINDS and name:
            found[int(index)].append((kind, name))
    return found


def magic_line(source):
    """The first line of a cell that is a kernel magic (%classpath, %%shell, ...), or ''."""
    for line in source.split("\n"):
        if line.strip().startswith("%"):
            return line.strip()
    return ""


class RejectShadowing(NbGraderPreprocessor):
    """Before execution: replaces student code cells that redefine a name the tests use, or use magics."""

    course_root = Unicode("", help="The course folder (source/ and release/ are read).").tag(config=True)

    # (source path, modification time) -> names: one parse of the source per notebook and process
    _names_cache = {}

    def preprocess(self, nb, resources):
        info = resources.get("nbgrader", {})
        assignment, notebook = info.get("assignment", ""), info.get("notebook", "")
        source_path = os.path.join(self.course_root, "source", assignment, notebook + ".ipynb")
        release_path = os.path.join(self.course_root, "release", assignment, notebook + ".ipynb")
        try:
            source = nbformat.read(source_path, as_version=4)
        except OSError:
            self.log.error("No source notebook %s: the static check is skipped", source_path)
            return nb, resources
        stubs = {}
        if os.path.exists(release_path):
            for c in nbformat.read(release_path, as_version=4).cells:
                gid = c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
                if gid:
                    stubs[gid] = c.source
        key = (source_path, os.path.getmtime(source_path))
        if key not in self._names_cache:
            self._names_cache[key] = self._names(source, assignment)
        reserved, allowed, locked = self._names_cache[key]
        student = [c for c in nb.cells if c.cell_type == "code"
                   and c.get("metadata", {}).get("nbgrader", {}).get("grade_id") not in locked]
        declared = declared_names([c.source for c in student])
        for cell, names in zip(student, declared):
            magic = magic_line(cell.source)
            clash = sorted({n for _, n in names if n in reserved and n not in allowed})
            if not magic and not clash:
                continue
            why = (f"uses the kernel magic {magic[:40]!r}" if magic else
                   f"declares {', '.join(repr(n) for n in clash)}, a name the tests or the setup use")
            gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            cell.source = stubs.get(gid, "// removed by the grader") if gid else "// removed by the grader"
            cell.outputs = []
            add_note(cell, f"this code cell was not run: it {why}")
            self.log.warning("Not running a cell of %s: it %s", notebook, why)
        return nb, resources

    def _names(self, source, assignment):
        """(reserved names, names the student must declare, grade ids of the locked cells)."""
        setup_text = ""
        setup_path = os.path.join(self.course_root, "source", assignment, "setup.jsh")
        if os.path.exists(setup_path):
            with open(setup_path, encoding="utf-8") as f:
                setup_text = f.read()
        locked, reserved = set(), name_heads(setup_text)
        solution_cells = []
        locked_cells = []
        for c in source.cells:
            nbg = c.get("metadata", {}).get("nbgrader", {})
            if c.cell_type != "code":
                continue
            if nbg.get("locked") or nbg.get("grade"):
                locked.add(nbg.get("grade_id"))
                reserved |= name_heads(c.source)
                locked_cells.append(c.source)
            elif nbg.get("solution"):
                solution_cells.append(c.source)
        declared = declared_names(solution_cells + locked_cells)
        allowed = {n for names in declared[:len(solution_cells)] for _, n in names}
        reserved |= {n for names in declared[len(solution_cells):] for _, n in names}
        return reserved, allowed, locked

# ---- similarity report (tools/similarity.py) ---------------------------------------------------

SIMILARITY_PARTNERS_SHOWN = 3


def similarity_notes(course_root):
    """student -> the grades.csv notes of the similarity report in course_root (none without one).

    One note per student: the most similar other submissions (or the library's own code) with the
    functions that matched, as pointers for a TA to compare the code, and the cells JPlag could not
    parse. similarity.csv holds every pair above the threshold.
    """
    pairs, notes = {}, {}
    path = os.path.join(course_root, "similarity.csv")
    if os.path.exists(path):
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                share = float(row["similarity"])
                functions = ", ".join(n.rsplit(" ", 1)[0] for n in row["matched_functions"].split(", ") if n)
                for me, other in ((row["student_a"], row["student_b"]), (row["student_b"], row["student_a"])):
                    pairs.setdefault(me, []).append((share, other, functions))
    for student, found in pairs.items():
        found.sort(key=lambda p: (-p[0], p[1]))
        # The library's functions are named (which graded parts to look at); the other pairs' are in the CSV.
        shown = [f"{share:.0f}% with the library" + (f" [{functions}]" if functions else "") if other == "library"
                 else f"{share:.0f}% with {other}" for share, other, functions in found[:SIMILARITY_PARTNERS_SHOWN]]
        more = len(found) - SIMILARITY_PARTNERS_SHOWN
        notes[student] = [("similarity (a pointer to compare the code, not a verdict; similarity.csv): "
                           + ", ".join(shown) + (f" and {more} more" if more > 0 else ""))]
    path = os.path.join(course_root, "similarity-unparsed.csv")
    if os.path.exists(path):
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                notes.setdefault(row["student"], []).append(
                    f"similarity: {row['cell']} not compared ({row['problem']})")
    notes.pop("library", None)
    return notes
