"""nbgrader extensions for grading Java notebooks robustly; nbgrader_config.py plugs them in.

- RobustExecute: nbgrader's Execute preprocessor, made to survive a student's code. A cell that
  runs past the per-cell timeout, or that kills the kernel (System.exit, a crashed JVM), gets an
  error output saying so (a test cell with an error scores 0), the kernel is restarted, the cells
  above it that had run cleanly are run again (their outputs are left as they were), and grading
  goes on with the next cell. With nbgrader's own Execute, a kernel death ends the grading of the
  student's whole submission (nbgrader removes it from autograded/), and a JJava cell interrupted
  after a timeout goes on running in its thread, keeping a core busy for the rest of the notebook.
- NotedOverwriteCells: nbgrader's OverwriteCells, which already puts back the original of a test
  cell a student edited (its checksum differs); this one also says so in the graded notebook, and
  writes the notice of a re-added missing cell as a Java comment (nbgrader writes "# ", which does
  not compile in Java).
- PartsCsvExport: `nbgrader export` to a CSV with one row per student, one column per graded part
  (test cell), the total, the maximum and a notes column that says why points were lost.

Notes travel in the graded notebooks themselves, under the cell metadata key "rnn_workbench": the
export reads them from autograded/, so the feedback HTML and grades.csv tell the same story.
"""
import copy
import csv
import glob
import logging
import os
import re

import nbformat
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from traitlets import Bool

from nbgrader import utils
from nbgrader.api import MissingEntry
from nbgrader.plugins import ExportPlugin
from nbgrader.preprocessors import ClearHiddenTests, Execute, OverwriteCells

NOTES_KEY = "rnn_workbench"
TIMEOUT_ENAME = "CellTimeoutError"
DEAD_KERNEL_ENAME = "DeadKernelError"


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
    """Execute that restarts the kernel after a timeout or a kernel death and carries on."""

    # A JJava interrupt stops waiting for the cell but leaves its thread spinning (measured: a
    # `while (true) {}` kept a core busy after the interrupt), so a timed-out cell ends with a
    # restart rather than an interrupt.
    interrupt_on_timeout = Bool(
        False, help="Interrupt instead of restarting after a timeout (not useful with JJava)."
    ).tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        self.restarts = 0
        return super().preprocess(nb, resources, km)

    def preprocess_cell(self, cell, resources, index):
        earlier_notes = cell_notes(cell)  # from the sanitizing step (an edited or missing cell)
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
            if any(o.get("ename") == TIMEOUT_ENAME for o in cell.get("outputs", [])):
                # the interrupt path (interrupt_on_timeout = True): the loop still runs, so restart too
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
                "The kernel died while this cell ran: the code called System.exit, or the Java virtual machine "
                "crashed. The kernel was restarted and the cells above it run again, so grading went on with "
                "the next cell.")))
            add_note(cell, "the kernel died while it ran (System.exit?)")
            self._restart_and_replay(index, "a kernel death")
        # The feedback shows these notes too (a stdout output never changes a score).
        for note in earlier_notes:
            cell.outputs.append(NotebookNode(output_type="stream", name="stdout", text=f"[grading note] {note}\n"))
        return cell, self.resources

    def _restart_and_replay(self, index, reason):
        """A fresh kernel, then the cells above `index` that are not test cells and ran cleanly."""
        self.restarts += 1
        self.log.warning("Restarting the kernel after %s in cell %d (restart %d of this notebook)",
                         reason, index, self.restarts)
        self._fresh_kernel()
        for i, earlier in enumerate(self.nb.cells[:index]):
            if earlier.cell_type != "code" or utils.is_grade(earlier) or has_error(earlier):
                continue
            replay = copy.deepcopy(earlier)  # its outputs stay as they were
            try:
                self.execute_cell(replay, i, store_history=False)
            except (CellTimeoutError, DeadKernelError) as e:
                self.log.error("Replaying cell %d after the restart failed (%s); going on without it", i,
                               type(e).__name__)
                self._fresh_kernel()
                continue
            if has_error(replay):
                self.log.warning("Cell %d failed when replayed after the restart", i)

    def _fresh_kernel(self):
        try:
            self._cleanup_kernel()
        except Exception as e:  # a dead kernel may fail to shut down: it is gone either way
            self.log.warning("Cleaning up the old kernel failed: %s", e)
        self.km = self.create_kernel_manager()
        self.start_new_kernel()
        self.start_new_kernel_client()


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
            explained = any(o.get("ename") in (TIMEOUT_ENAME, DEAD_KERNEL_ENAME) for o in cell.get("outputs", []))
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
