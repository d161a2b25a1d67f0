"""The letters with voting codes, as one PDF for the printer (WeasyPrint): one A4 page per address with the address
block (for a window envelope), the round's explanation in plain Dutch, the code large and clear, and a QR code
(segno) to the round's code page.

Privacy: the QR code carries the code in the URL's fragment (…/stemcode/#ABCD-EFGH-JKMN). A browser never sends
the fragment to the server, so the code lands in no server or proxy log; a small script on the code page copies it
into the form (and removes it from the address bar). Without the script, or typing the printed address, the resident
types the code. The PDF is made in memory and streamed as the answer to the staff member's request; it is never
stored (only the codes' hashes are, services/codes.py).
"""

from __future__ import annotations

import base64
import io
import logging
from collections.abc import Sequence

import segno
from django.template.loader import render_to_string
from django.utils import timezone, translation

from wijkgericht.budgets.models import Round
from wijkgericht.budgets.services.codes import LetterData
from wijkgericht.core.links import absolute_url
from wijkgericht.districts.paths import page_path


def code_page_url(round: Round) -> str:  # noqa: A002
    """The round's code page, absolute (printed on the letter and in its QR code)."""
    return absolute_url(page_path("budgets:code_entry", round.municipality, round_slug=round.slug))


def qr_target(round: Round, code: str) -> str:  # noqa: A002
    """What the QR code says: the code page with the code in the fragment, never in the query string."""
    return f"{code_page_url(round)}#{code}"


def qr_png(target: str) -> bytes:
    """The QR code as a PNG of one pixel per module, without quiet zone (the page draws the white margin around
    it and scales it up without smoothing, so the printer gets sharp modules)."""
    buffer = io.BytesIO()
    segno.make(target, error="m", micro=False).save(buffer, kind="png", scale=1, border=0)
    return buffer.getvalue()


def letters_html(round: Round, letters: Sequence[LetterData]) -> str:  # noqa: A002
    """The letters as one HTML document, in Dutch whatever the staff member's language (residents read them)."""
    url = code_page_url(round)
    pages = [{
        "letter": letter,
        "qr": "data:image/png;base64," + base64.b64encode(qr_png(f"{url}#{letter.code}")).decode("ascii"),
    } for letter in letters]
    with translation.override("nl"):
        return render_to_string("budgets/codes_letter.html", {
            "round": round, "municipality": round.municipality, "pages": pages, "url": url,
            "today": timezone.localdate(),
        })


def letters_pdf(round: Round, letters: Sequence[LetterData]) -> bytes:  # noqa: A002
    """The letters as one PDF, in memory."""
    import weasyprint  # noqa: PLC0415 - loaded only when letters are printed (it pulls in Pango)

    # WeasyPrint reports every page it lays out at INFO: a line per letter in the site's log is noise.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    return weasyprint.HTML(string=letters_html(round, letters), base_url=None).write_pdf()
