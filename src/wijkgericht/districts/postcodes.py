"""Dutch addresses as people and files write them: the postcode and the house number, one definition for the
address search (pages and API) and for the CBS postcode table. (A point, lat/lon: `lookup.parse_point`.)"""

from __future__ import annotations

import re

#: A postcode as stored and looked up: four digits, the first not 0, and two capitals ("2991AB").
POSTCODE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}\Z")
#: What the API's `postcode` parameter accepts, before `normalise_postcode`: "2991AB", "2991 ab" (OpenAPI pattern).
POSTCODE_PARAMETER = r"^[1-9][0-9]{3} ?[A-Za-z]{2}$"
# Dutch house numbers run from 1 to 99999 (BAG); Address.number is an integer column that also has a ceiling.
MAX_HOUSE_NUMBER = 99999
# ASCII digits only: str.isdigit() also takes '²', which int() refuses, and int() reads '٣' as 3, ' 12 ' as 12 and
# '1_0' as 10; 5,000 digits make it raise. Leading zeros are allowed, so a bounded number of digits.
_HOUSE_NUMBER = re.compile(r"[0-9]{1,9}")


def normalise_postcode(raw: str | None) -> str:
    """`raw` without white space, in capitals: what POSTCODE checks ("2991 ab" gives "2991AB")."""
    return re.sub(r"\s+", "", raw or "").upper()


def parse_postcode(raw: str | None) -> str | None:
    """The postcode in user or file input ("2991 ab" gives "2991AB"), or None when it is not one."""
    postcode = normalise_postcode(raw)
    return postcode if POSTCODE.match(postcode) else None


def parse_house_number(raw: object) -> int | None:
    """The house number in user or file input (1 to MAX_HOUSE_NUMBER, white space around it allowed), or None."""
    text = str(raw or "").strip()
    if not _HOUSE_NUMBER.fullmatch(text):
        return None
    number = int(text)
    return number if 0 < number <= MAX_HOUSE_NUMBER else None
