"""Dutch first, everything translated: the English catalogue has no empty or fuzzy entries, and is compiled."""

import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[1] / "src" / "wijkgericht" / "locale" / "en" / "LC_MESSAGES"


def _entries(text: str) -> list[tuple[str, str, bool]]:
    entries = []
    for block in text.split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', block + "\n", re.M)
        if match:
            msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
            msgstr = "".join(re.findall(r'"(.*)"', match.group(2)))
            entries.append((msgid, msgstr, "#, fuzzy" in block))
    return entries


def test_every_message_has_an_english_translation():
    entries = [e for e in _entries((LOCALE / "django.po").read_text()) if e[0]]
    assert len(entries) > 100
    untranslated = [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy]
    assert not untranslated, untranslated


def test_compiled_catalogue_is_not_older_than_its_source():
    assert (LOCALE / "django.mo").stat().st_size > 0
    mo = (LOCALE / "django.mo").read_bytes()
    for msgid, msgstr, _fuzzy in _entries((LOCALE / "django.po").read_text()):
        if msgid and "\\" not in msgstr:
            assert msgstr.encode() in mo, f"django.mo lacks {msgstr!r}: run `django-admin compilemessages`"
