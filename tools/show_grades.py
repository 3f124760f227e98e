"""Prints a grades.csv written by `make grade` as a table: scores, then each student's notes.

    python tools/show_grades.py grading/grades.csv
"""
import csv
import sys
import textwrap


def main(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    notes_at = header.index("notes")
    table = [r[:notes_at] for r in [header] + body]
    widths = [max(len(r[i]) for r in table) for i in range(notes_at)]
    for r in table:
        print("  ".join(v.rjust(w) if i else v.ljust(w) for i, (v, w) in enumerate(zip(r, widths))))
    for r in body:
        if r[notes_at]:
            print(f"\n{r[0]}:")
            for note in r[notes_at].split(" | "):
                print(textwrap.fill(note, 110, initial_indent="  - ", subsequent_indent="    "))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
