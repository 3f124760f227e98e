"""Checks of the grader's defences that need no kernel: feedback sanitizing and its CSP, the rebuilding
of outputs that come out of the sandbox, the files that go in. `make grading-test` runs it first.

    python tools/test_grading_safety.py      prints one line per check, exits 1 on any failure
"""
import os
import pathlib
import sys
import tempfile

import nbformat

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "grading"))
import rnn_grading as rg  # noqa: E402
import sandbox as sb  # noqa: E402

FAILURES = []


def expect(ok, what):
    print(f"{'ok  ' if ok else 'FAIL'} {what}")
    if not ok:
        FAILURES.append(what)


def hostile_notebook():
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell(
        "# Title\n\nSome *text*, $a < b$.\n<script>alert(1)</script><style>h4{display:none}</style>"
        "<div class=\"navbar-fixed-top\" onclick=\"x()\" style=\"position:fixed\">Score: 6 / 6</div>"
        "<a href=\"javascript:alert(1)\">link</a><svg><script>alert(2)</script></svg>"))
    nb.cells.append(nbformat.v4.new_markdown_cell("Plain markdown, no markup: a < b and $x^2$."))
    code = nbformat.v4.new_code_cell("display(...)")
    code.outputs = [
        nbformat.v4.new_output("display_data", data={
            "text/html": "<b>bold</b><script>document.title='x'</script><style>body{color:red}</style>",
            "application/javascript": "alert(3)",
            "image/svg+xml": "<svg onload=\"alert(4)\"></svg>",
            "text/plain": "shown as text",
        }),
        nbformat.v4.new_output("stream", name="stdout", text="<script>stays text, escaped by the template</script>"),
    ]
    nb.cells.append(code)
    return nb


def test_sanitize():
    nb = hostile_notebook()
    notes = rg.sanitize_notebook(nb)
    md, plain, code = nb.cells
    for bad in ("<script", "<style", "alert(", "class=", "onclick", "style=", "javascript:", "<svg"):
        expect(bad not in md.source, f"markdown: {bad} removed")
    expect("Score: 6 / 6" in md.source and "<div>" in md.source, "markdown: the text and harmless tags stay")
    expect(plain.source == "Plain markdown, no markup: a < b and $x^2$.", "markdown without markup: unchanged")
    data = code.outputs[0]["data"]
    expect(set(data) == {"text/html", "text/plain"}, f"outputs: only safe types stay (got {sorted(data)})")
    expect(data["text/html"] == "<b>bold</b>", f"outputs: text/html reduced to plain markup (got {data['text/html']!r})")
    expect(code.outputs[1]["text"].startswith("<script>"), "outputs: stream text left as text")
    joined = " | ".join(notes)
    expect("<script>, <style>" in joined and "markdown cell 1" in joined, f"notes name the markdown cell: {joined}")
    expect("application/javascript in the output of cell 3" in joined, "notes name the dropped output type")


def test_csp():
    html = ("<html><head><style>h4{color:red}</style></head><body><h4>Score</h4>"
            "<style>h4{display:none}</style></body></html>")
    out = rg.with_csp(html)
    head = out.split("</head>")[0]
    expect(head.startswith("<html><head>\n<meta http-equiv=\"Content-Security-Policy\""), "CSP first in <head>")
    expect("script-src 'none'" in head and "default-src 'none'" in head, "CSP: no script, nothing by default")
    expect(head.count("'sha256-") == 1, "CSP: only the head's style is allowed (by hash)")
    try:
        rg.with_csp("<html><body></body></html>")
        expect(False, "a page without <head> is refused")
    except ValueError:
        expect(True, "a page without <head> is refused")


def test_clean_outputs():
    outs = rg.clean_outputs([
        {"output_type": "stream", "name": "/etc/passwd", "text": ["a", "b"]},
        {"output_type": "error", "ename": 1, "evalue": None, "traceback": "not a list"},
        {"output_type": "display_data", "data": {"text/plain": ["x"], "application/json": {"k": object()}},
         "metadata": {"nbgrader": {"points": 100}}},
        {"output_type": "execute_result", "data": {}, "execution_count": True},
        {"output_type": "forged", "text": "x"},
        "not an output",
    ])
    expect([o["output_type"] for o in outs] == ["stream", "error", "display_data", "execute_result"],
           "outputs: unknown kinds dropped")
    expect(outs[0]["name"] == "stdout" and outs[0]["text"] == "ab", "stream: name limited, text joined")
    expect(outs[1]["traceback"] == [] and outs[1]["ename"] == "1", "error: fields rebuilt as strings")
    expect(outs[2]["metadata"] == {} and isinstance(outs[2]["data"]["application/json"]["k"], str),
           "display_data: metadata dropped, JSON made plain")
    expect(outs[3]["execution_count"] is None, "execute_result: a bool is no execution count")


def test_folder_files():
    with tempfile.TemporaryDirectory() as d:
        pathlib.Path(d, "setup.jsh").write_text("// setup")
        pathlib.Path(d, "part_a.ipynb").write_text("{}")
        os.symlink("/etc/hostname", os.path.join(d, "link.txt"))
        pathlib.Path(d, "big.bin").write_bytes(b"0" * (2 << 20))
        os.mkdir(os.path.join(d, "folder"))
        files = rg.folder_files(d)
    expect(sorted(files) == ["setup.jsh"], f"files in: regular small files only, no notebook or link (got {sorted(files)})")


def test_sizes():
    expect(sb.parse_size("3g", "X") == 3 << 30 and sb.parse_size("512m", "X") == 512 << 20, "sizes parsed")
    try:
        sb.parse_size("lots", "GRADING_MEMORY")
        expect(False, "a bad size is refused")
    except ValueError as e:
        expect("GRADING_MEMORY" in str(e), "a bad size is refused, naming the setting")


if __name__ == "__main__":
    for test in (test_sanitize, test_csp, test_clean_outputs, test_folder_files, test_sizes):
        test()
    print(f"grading safety: {len(FAILURES)} failures")
    sys.exit(1 if FAILURES else 0)
