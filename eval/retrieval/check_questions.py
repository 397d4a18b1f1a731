#!/usr/bin/env python3
"""Checks a retrieval question file against the corpus.

Usage: python3 check_questions.py [questions-xx.jsonl ...]
(default: every questions-*.jsonl next to this script)

For each line: valid JSON, unique id, required keys, the file exists in
corpus/, and every must_contain phrase occurs verbatim in the file's text
after markup is stripped and whitespace is collapsed. To be sure a phrase
does not straddle markup, it must also occur in the raw file with only
whitespace collapsed. Unanswerable questions have file null, an empty
must_contain and answer null. Ids are <lang>-<three digits>: the decline
is tuned on the unanswerable questions with even numbers and checked on the
odd ones. Exit status 1 on any problem.
"""
import html
import html.parser
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
CORPUS = HERE / "corpus"


class _Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def collapse(text):
    return re.sub(r"\s+", " ", text).strip()


def strip_markdown(text):
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)      # links, images
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.M)   # headings
    text = re.sub(r"^\s*>\s?", "", text, flags=re.M)            # quotes
    text = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", text, flags=re.M)  # list markers
    text = re.sub(r"^\s*\|?[\s:|-]+\|[\s:|-]*$", "", text, flags=re.M)  # table rules
    text = text.replace("|", " ")
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    return text


def plain_text(path):
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        p = _Text()
        p.feed(raw)
        return collapse("".join(p.parts)), collapse(raw)
    if path.suffix == ".md":
        return collapse(strip_markdown(raw)), collapse(raw)
    return collapse(raw), collapse(raw)


def check(qfile):
    problems = []
    seen = set()
    unanswerable = []
    cache = {}
    for n, line in enumerate(qfile.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{qfile.name}:{n}"
        if not line.strip():
            problems.append(f"{where}: empty line")
            continue
        try:
            q = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"{where}: not JSON ({e})")
            continue
        for key in ("id", "lang", "question", "file", "must_contain", "answer"):
            if key not in q:
                problems.append(f"{where}: missing key {key}")
        qid = q.get("id")
        # The decline is tuned on unanswerable questions with even numbers and checked on the
        # odd ones (README), so the number must be there and the prefix must be the language.
        if not isinstance(qid, str) or not re.fullmatch(rf"{re.escape(str(q.get('lang')))}-\d{{3}}", qid):
            problems.append(f"{where}: id {qid!r} is not <lang>-<three digits> with lang {q.get('lang')!r}")
        if qid in seen:
            problems.append(f"{where}: duplicate id {qid}")
        seen.add(qid)
        f = q.get("file")
        phrases = q.get("must_contain") or []
        if f is None:
            if phrases or q.get("answer") is not None:
                problems.append(f"{where}: unanswerable {qid} must have empty must_contain and null answer")
            unanswerable.append(qid)
            continue
        path = CORPUS / f
        if not path.is_file():
            problems.append(f"{where}: {qid}: no such file {f}")
            continue
        if not 1 <= len(phrases) <= 3:
            problems.append(f"{where}: {qid}: needs 1-3 phrases")
        if f not in cache:
            cache[f] = plain_text(path)
        text, raw = cache[f]
        for ph in phrases:
            words = len(ph.split())
            if not 2 <= words <= 8:
                problems.append(f"{where}: {qid}: phrase has {words} words: {ph!r}")
            if ph not in text:
                problems.append(f"{where}: {qid}: phrase not in stripped {f}: {ph!r}")
            elif ph not in raw:
                problems.append(f"{where}: {qid}: phrase crosses markup in {f}: {ph!r}")
    return problems, len(seen), unanswerable


def main(args):
    files = [pathlib.Path(a) for a in args] or sorted(HERE.glob("questions-*.jsonl"))
    bad = 0
    for qf in files:
        problems, count, unanswerable = check(qf)
        for p in problems:
            print(p)
        bad += len(problems)
        even = sum(1 for i in unanswerable if isinstance(i, str) and i[-1:].isdigit() and int(i[-1]) % 2 == 0)
        print(f"{qf.name}: {count} questions ({len(unanswerable)} unanswerable: {even} even ids"
              f" to tune on, {len(unanswerable) - even} odd held out), {len(problems)} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
