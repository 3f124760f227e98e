"""Tests of the grader's side of the answers and of the static check (grading/rnn_grading.py).

    python tools/test_answers.py        (run by make grading-test)

Synthetic test cells' outputs through CompareAnswers (the instructor's tolerance, ids exactly once,
forged and glued lines, a number as the cell's value), and student cells through RejectShadowing's
parser (JShell's, run by the JDK on PATH).
"""
import json
import pathlib
import sys
import tempfile
import unittest

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "grading"))

import rnn_grading as g  # noqa: E402

EXPECTED = {"part": [
    {"id": "part/m", "kind": "matrix", "shape": [1, 2], "data": [1.0, "NaN"], "tol": 1e-3},
    {"id": "part/ix", "kind": "indices", "shape": [2], "data": [4, 0], "tol": 0},
]}


def line(id_, kind, shape, data, tol):
    return g.ANSWER_PREFIX + json.dumps({"id": id_, "kind": kind, "shape": shape, "data": data, "tol": tol}) + "\n"


GOOD = line("part/m", "matrix", [1, 2], [1.0004, "NaN"], 1e-12) + line("part/ix", "indices", [2], [4, 0], 0)


def test_cell(*texts, value=None):
    cell = new_code_cell("{ }", metadata={"nbgrader": {"grade": True, "grade_id": "part", "points": 1,
                                                       "solution": False, "locked": True}})
    # The kernel splits long output over several stream messages: the pieces join into lines.
    cell.outputs = [new_output("stream", name="stdout", text=t) for t in texts]
    if value is not None:
        cell.outputs.append(new_output("execute_result", data={"text/plain": value}, execution_count=1))
    return cell


def grade(cell):
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp) / "a"
        folder.mkdir()
        (folder / "nb.json").write_text(json.dumps({"cells": EXPECTED}))
        nb = new_notebook(cells=[cell])
        g.CompareAnswers(expected_root=tmp).preprocess(nb, {"nbgrader": {"assignment": "a", "notebook": "nb"}})
        return nb.cells[0]


def errors(cell):
    return [o["evalue"] for o in cell.outputs if o["output_type"] == "error"]


class CompareAnswersTest(unittest.TestCase):
    def test_right_answers_pass_with_the_instructors_tolerance_and_the_lines_are_removed(self):
        cell = grade(test_cell("a = 1\n" + GOOD[:50], GOOD[50:] + "\u2714 part: 2 results\n"))
        self.assertEqual(errors(cell), [])
        self.assertEqual(g.cell_stdout(cell), "a = 1\n\u2714 part: 2 results\n")

    def test_a_wrong_value_fails_naming_id_position_expected_and_got(self):
        cell = grade(test_cell(line("part/m", "matrix", [1, 2], [1.01, "NaN"], 1.0) + line("part/ix", "indices", [2], [4, 0], 0)))
        self.assertEqual(errors(cell), ["part/m is wrong at [0][0]: expected 1.0, got 1.01 (tolerance 1.00e-03)"])

    def test_missing_repeated_and_unexpected_answers_fail(self):
        self.assertIn("part/ix was not handed over", errors(grade(test_cell(GOOD.split("\n")[0] + "\n")))[0])
        repeated = grade(test_cell(GOOD + line("part/ix", "indices", [2], [4, 0], 0)))
        self.assertIn("part/ix was handed over 2 times", errors(repeated)[0])
        self.assertIn("forged or repeated answer lines", g.cell_notes(repeated)[0])
        forged = grade(test_cell(GOOD + line("part/other", "scalar", [], [1.0], 1.0)))
        self.assertIn("an unexpected answer 'part/other'", errors(forged)[0])

    def test_a_line_glued_to_other_output_or_unreadable_fails(self):
        self.assertIn("mixed with other output", errors(grade(test_cell("x" + GOOD)))[0])
        bad = grade(test_cell(GOOD + g.ANSWER_PREFIX + '{"id": "part/m", "kind": "matrix", "shape": [1, 2], "data": [1]}\n'))
        self.assertIn("could not be read", errors(bad)[0])

    def test_a_number_as_the_cells_value_is_removed_and_noted(self):
        cell = grade(test_cell(GOOD, value="1.5"))
        self.assertEqual([o for o in cell.outputs if o["output_type"] == "execute_result"], [])
        self.assertIn("a number as the test cell's value was ignored (no partial credit)", g.cell_notes(cell))
        self.assertEqual(errors(cell), [])

    def test_without_expected_values_every_test_cell_fails(self):
        cell = test_cell(GOOD)
        nb = new_notebook(cells=[cell])
        g.CompareAnswers(expected_root="/nonexistent").preprocess(nb, {"nbgrader": {"assignment": "a", "notebook": "nb"}})
        self.assertIn("expected values of this assignment are missing", errors(nb.cells[0])[0])


class StaticCheckTest(unittest.TestCase):
    def test_jshell_finds_top_level_declarations_only(self):
        found = g.declared_names([
            "int org = 1;\nclass Rnn { int inner; }\ndouble[] f(int a) { int local = 2; return null; }",
            "var Check = 5; import java.util.List;",
            "int x = ;",
            "System.out.println(1);",
        ])
        self.assertEqual(found[0], [("VAR", "org"), ("TYPE_DECL", "Rnn"), ("METHOD", "f")])
        self.assertEqual(found[1], [("VAR", "Check"), ("IMPORT", "List")])
        self.assertEqual(found[2], [])
        self.assertEqual(found[3], [])

    def test_name_heads_skip_qualified_parts_strings_comments_and_numbers(self):
        self.assertEqual(g.name_heads('var r = org.rnnworkbench.X.f(1e-7, "java"); // System\nrnnForward(r);'),
                         {"r", "org", "rnnForward"})

    def test_magics_are_found(self):
        self.assertEqual(g.magic_line("int a;\n  %classpath /tmp\n"), "%classpath /tmp")
        self.assertEqual(g.magic_line("int percent = 5 % 2;"), "")


if __name__ == "__main__":
    unittest.main(verbosity=1)
