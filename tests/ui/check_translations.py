#!/usr/bin/env python3
"""Fails while a translation of the workbench is incomplete (the ctest entry i18n.<lang>_complete).

check_translations.py LUPDATE SOURCE_DIR TS_FILE

Runs lupdate over the window's sources (ui/ and app/gui/, as the update_translations target does)
into a temporary copy of TS_FILE, so that the repository's file stays untouched, and counts:

  missing     messages in the source that the .ts lacks (lupdate adds them unfinished)
  unfinished  messages marked unfinished, or with an empty translation (missing ones included)
  vanished    messages in the .ts that the source no longer has (lupdate -no-obsolete drops them)
  mismatched  translations whose placeholders (%1, %n, ...) differ from the source's, that lose
              the source's menu accelerator (&), or that leave out a term of the glossary beside
              the .ts (glossary-<lang>.md, its "Checked terms": "- `English` → translation")

and exits 1 unless all are 0. `cmake --build build --target update_translations` brings new
strings into the .ts; translate them in Qt Linguist (or the XML), following glossary-zh_CN.md.
"""
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path


def messages(ts_path):
    """(context, source, comment) -> (type, [translations]) for every message of a .ts file."""
    result = {}
    for context in ET.parse(ts_path).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            key = (name, message.findtext("source"), message.findtext("comment") or "")
            translation = message.find("translation")
            forms = [f.text or "" for f in translation.iter("numerusform")]
            if not forms:
                forms = [translation.text or ""]
            result[key] = (translation.get("type", ""), forms)
    return result


def checked_terms(ts_file):
    """[(regex of the English term, plural too, its translation)] from the glossary beside the .ts."""
    lang = ts_file.stem.split("_", 1)[1] if "_" in ts_file.stem else ""
    glossary = ts_file.with_name(f"glossary-{lang}.md")
    if not glossary.exists():
        return []
    terms = []
    for line in glossary.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^- `([^`]+)` → (.+)$", line.strip())
        if m:
            word = re.compile(r"(?<![\w-])" + re.escape(m.group(1)) + r"(?:e?s)?(?![\w-])", re.I)
            terms.append((word, m.group(2).strip()))
    return terms


def placeholders(text):
    return sorted(set(re.findall(r"%(?:\d+|n|L\d+)", text)))


def main():
    if len(sys.argv) != 4:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    lupdate, source_dir, ts_file = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    committed = messages(ts_file)
    with tempfile.TemporaryDirectory(prefix="resdense-i18n-") as tmp:
        copy = Path(tmp) / ts_file.name
        shutil.copyfile(ts_file, copy)
        run = subprocess.run(
            [lupdate, "-locations", "none", str(source_dir / "ui"), str(source_dir / "app" / "gui"),
             "-ts", str(copy)],
            capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stdout + run.stderr, file=sys.stderr)
            print(f"lupdate failed with exit code {run.returncode}", file=sys.stderr)
            return 1
        updated = messages(copy)

    terms = checked_terms(ts_file)
    missing, unfinished, vanished, mismatched = [], [], [], []
    for key, (kind, forms) in updated.items():
        context, source, _ = key
        where = f"{context}: {source!r}"
        if kind in ("vanished", "obsolete"):
            vanished.append(where)
            continue
        if key not in committed:
            missing.append(where)
        if kind == "unfinished" or not all(f.strip() for f in forms):
            unfinished.append(where)
            continue
        for form in forms:
            if placeholders(form) != placeholders(source):
                mismatched.append(f"{where} -> {form!r} (placeholders)")
            elif "&" in source.replace("&&", "") and re.search(r"&\w", source) and \
                    not re.search(r"&\w", form):
                mismatched.append(f"{where} -> {form!r} (accelerator)")
            for word, term in terms:
                if word.search(source) and term not in form:
                    mismatched.append(f"{where} -> {form!r} (glossary: {word.pattern} → {term})")

    total = sum(1 for kind, _ in updated.values() if kind not in ("vanished", "obsolete"))
    print(f"{ts_file.name}: {total} messages in the source; {len(missing)} missing, "
          f"{len(unfinished)} unfinished, {len(vanished)} vanished, {len(mismatched)} mismatched")
    for title, items in (("missing", missing), ("unfinished", unfinished),
                         ("vanished", vanished), ("mismatched", mismatched)):
        for item in items:
            print(f"  {title}: {item}")
    return 0 if not (missing or unfinished or vanished or mismatched) else 1


if __name__ == "__main__":
    sys.exit(main())
