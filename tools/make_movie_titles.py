"""Builds data/movie_titles.txt from the movies.json of the npm package vega-datasets 3.2.1.

Usage:
    python tools/make_movie_titles.py [PACKAGE] [--out PATH]

PACKAGE is the extracted npm package (the folder holding data/movies.json), or movies.json
itself. Without it, the script runs `npm pack vega-datasets@3.2.1` in a temporary folder,
extracts the tarball there and removes the folder afterwards.

Cleaning rules (data/README.md repeats them):
  1. keep only titles that are strings (the file has numbers and a null on purpose);
  2. repair mis-decoded accents: a title holding non-ASCII characters that all exist in
     Mac Roman is re-encoded as Mac Roman and decoded as Windows-1252 (the file was decoded with
     the wrong code page: "AstÈrix" becomes "Astérix", "DÈj‡ Vu" becomes "Déjà Vu"); a title
     that does not round-trip ("Alien³") is left as it is;
  3. replace the two symbols that do not fold well: "½" by " 1/2", "¢" by "c";
  4. fold to ASCII: Unicode NFKD, drop combining marks, then drop any character still
     outside ASCII (none are left in 3.2.1 after rules 2 and 3);
  5. collapse runs of whitespace into one space, trim, drop empty titles;
  6. lowercase, then drop repeated titles, keeping the first occurrence and the file's order.
The result is written atomically, one title per line, newline-terminated.
"""
import argparse
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unicodedata

PACKAGE = "vega-datasets@3.2.1"
DEFAULT_OUT = pathlib.Path(__file__).resolve().parent.parent / "data" / "movie_titles.txt"
SYMBOLS = {"½": " 1/2", "¢": "c"}


def repair_mojibake(title):
    """Undoes a Windows-1252 text decoded as Mac Roman, when the title round-trips."""
    if title.isascii():
        return title
    try:
        return title.encode("mac_roman").decode("cp1252")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return title


def fold_ascii(text):
    for symbol, replacement in SYMBOLS.items():
        text = text.replace(symbol, replacement)
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch for ch in kept if ch.isascii())


def clean_titles(movies):
    """The cleaned, lowercased, de-duplicated titles, in the file's order."""
    seen = set()
    titles = []
    for movie in movies:
        title = movie.get("Title") if isinstance(movie, dict) else None
        if not isinstance(title, str):
            continue
        title = fold_ascii(repair_mojibake(title))
        title = re.sub(r"\s+", " ", title).strip().lower()
        if title and title not in seen:
            seen.add(title)
            titles.append(title)
    return titles


def find_movies_json(path):
    path = pathlib.Path(path)
    if path.is_file():
        return path
    for candidate in (path / "data" / "movies.json", path / "package" / "data" / "movies.json"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"no data/movies.json under {path}")


def write_atomically(path, text):
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def convert(movies_json, out):
    with open(movies_json, encoding="utf-8") as f:
        movies = json.load(f)
    titles = clean_titles(movies)
    write_atomically(out, "".join(t + "\n" for t in titles))
    return titles


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", nargs="?", help="extracted vega-datasets package or its movies.json")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="output file (default: data/movie_titles.txt)")
    args = parser.parse_args(argv)
    if args.package:
        titles = convert(find_movies_json(args.package), args.out)
    else:
        tmp = tempfile.mkdtemp(prefix="vega-datasets-")
        try:
            subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True,
                           stdout=subprocess.DEVNULL)
            tarballs = list(pathlib.Path(tmp).glob("vega-datasets-*.tgz"))
            if len(tarballs) != 1:
                raise RuntimeError(f"npm pack left {len(tarballs)} tarballs in {tmp}")
            with tarfile.open(tarballs[0]) as tar:
                tar.extract("package/data/movies.json", path=tmp, filter="data")
            titles = convert(pathlib.Path(tmp) / "package" / "data" / "movies.json", args.out)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"wrote {len(titles)} titles to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
