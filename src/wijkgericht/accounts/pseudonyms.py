"""The pseudonym: the one name under which a resident is shown to others, so one rule for it wherever it is set
(registration and DigiD sign-in give a generated one, the account page and the admin let it be changed).

A pseudonym may not pass for the municipality or its board: no reserved word ("gemeente", "wethouder",
"moderator", …), no name of an alderman or mayor of any term, no municipality's name — anywhere in the name, in
any case, and also not spelled with look-alike letters (Cyrillic "е" for "e", "0" for "o", "rn" for "m", accents,
full-width or mathematical letters). Names are compared by their *skeleton*: Unicode NFKD without accents, each
character replaced by the Latin letter it can be confused with (confusable-homoglyphs, from Unicode's
confusables.txt), lower-cased, with the few Latin look-alikes (i/l/1/|, 0/o, rn/m, vv/w, cl/d) folded together.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from functools import lru_cache
from typing import Any

from confusable_homoglyphs.confusables import confusables_data
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wijkgericht.core.text import strip_invisible

MIN_LENGTH, MAX_LENGTH = 3, 40
# Words that would make a resident look like the municipality or someone acting for it.
RESERVED_WORDS = (
    "voormalig inwoner", "gemeente", "wethouder", "burgemeester", "moderator", "moderatie", "beheerder",
    "administrator", "wijkregisseur", "wijkcoordinator", "ambtenaar", "raadslid", "griffier", "wijkagent",
    "wijkgericht",
)
# Latin look-alikes within the Latin alphabet itself, after lower-casing; longer sequences first.
_LATIN_FOLDS = (("rn", "m"), ("vv", "w"), ("cl", "d"), ("i", "l"), ("1", "l"), ("|", "l"), ("!", "l"),
                ("0", "o"))
# A term this short is only matched as a whole word ("Ede" must not refuse "Frederik").
_SHORT = 5


def plain(value: str) -> str:
    """What is stored and shown: NFKC, without control or invisible characters (core.text, removed before
    anything else is checked; line breaks and tabs too), runs of white space as one."""
    text = unicodedata.normalize("NFKC", value or "")
    return " ".join(strip_invisible(text).split())


@lru_cache(maxsize=4096)
def _latin(char: str) -> str:
    """The ASCII letters or digits `char` can be confused with, or `char` itself."""
    if char.isascii():
        return char
    for glyph in confusables_data.get(char, ()):
        candidate = glyph["c"]
        if candidate.isascii() and candidate.isalnum():
            return candidate
    return char


def skeleton(value: str) -> str:
    """The look-alike-free form of `value`: words of lower-case ASCII (where a look-alike exists) separated by one
    space; "Wеthоudеr" with Cyrillic vowels, "W E T H O U D E R" and "ｗｅｔｈｏｕｄｅｒ" all give "wethouder"."""
    text = unicodedata.normalize("NFKD", plain(value))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = "".join(_latin(c) for c in text).casefold()
    text = unicodedata.normalize("NFKD", text)  # a replacement may bring accents of its own
    text = "".join(c for c in text if not unicodedata.combining(c))
    for look_alike, letter in _LATIN_FOLDS:
        text = text.replace(look_alike, letter)
    return " ".join(re.findall(r"[^\W_]+", text))


def _compact(text: str) -> str:
    return text.replace(" ", "")


def contains(name_skeleton: str, term: str) -> bool:
    """Whether the skeleton of a name holds `term` (any text): as a run of whole words, or, for a term of at least
    five letters, anywhere, also across spaces and punctuation ("wet-houder", "Ik ben wethouderJan")."""
    term_skeleton = skeleton(term)
    if not term_skeleton:
        return False
    if len(_compact(term_skeleton)) >= _SHORT:
        return _compact(term_skeleton) in _compact(name_skeleton)
    return f" {term_skeleton} " in f" {name_skeleton} "


def protected_names(*, exclude_user_id: int | None = None) -> list[str]:
    """Names a pseudonym may not carry: every alderman and mayor of every term (full name and initial + surname) and
    every municipality. The names of the aldermen linked to `exclude_user_id` are left out: an alderman may be
    shown under their own name."""
    from wijkgericht.districts.models import Municipality
    from wijkgericht.governance.models import Alderman

    names: list[str] = list(Municipality.objects.values_list("name", flat=True))
    aldermen = Alderman.objects.all()
    if exclude_user_id is not None:
        aldermen = aldermen.exclude(user_id=exclude_user_id)
    for name in aldermen.values_list("name", flat=True):
        names.append(name)
        words = name.split()
        if len(words) > 1:
            names.append(f"{words[0][0]} {' '.join(words[1:])}")
    return names


def _works_for_the_municipality(user: Any) -> bool:
    """Staff (a role, an alderman's account, Django staff) may be shown as what they are ("Moderator")."""
    from wijkgericht.accounts.models import StaffRole
    from wijkgericht.governance.models import Alderman

    if getattr(user, "pk", None) is None:
        return False
    return bool(user.is_staff or StaffRole.objects.filter(user=user).exists()
                or Alderman.objects.filter(user=user).exists())


def _email_local_part(email: str) -> str:
    return email.split("@")[0].lower()


def pseudonym_clean(value: str, *, user: Any) -> str:
    """A pseudonym as shown to others, or ValidationError with a Dutch message: plain text (escaped on output), no
    control or invisible characters, 3–40 characters, no e-mail address, not passing for the municipality, its
    staff (unless `user` is staff) or its board, and not already someone else's (ignoring case). A pseudonym that
    `user` already has is kept as it is."""
    from wijkgericht.accounts.models import User

    text = plain(value)
    user_id = getattr(user, "pk", None)
    if user_id is not None and User.objects.filter(pk=user_id, pseudonym=text).exists():
        return text  # unchanged: saving other fields never fails on a name given before this rule
    if len(text) < MIN_LENGTH:
        raise ValidationError(_("Kies een schuilnaam van minstens 3 tekens."), code="too_short")
    if len(text) > MAX_LENGTH:
        raise ValidationError(_("Een schuilnaam is hoogstens 40 tekens."), code="too_long")
    local = _email_local_part(getattr(user, "email", "") or "")
    if "@" in text or (len(local) >= 4 and local in text.lower()):
        raise ValidationError(_("Zet geen e-mailadres in uw schuilnaam: die is voor iedereen te zien."),
                              code="email")
    name = skeleton(text)
    if not _works_for_the_municipality(user) and any(contains(name, word) for word in RESERVED_WORDS):
        raise ValidationError(_("Deze schuilnaam is voorbehouden: hij mag niet lijken op de gemeente of iemand die "
                                "voor de gemeente werkt (zoals ‘gemeente’, ‘wethouder’ of ‘moderator’), ook niet "
                                "met andere tekens die er hetzelfde uitzien. Kies een andere."),
                              code="reserved")
    if any(contains(name, protected) for protected in protected_names(exclude_user_id=getattr(user, "pk", None))):
        raise ValidationError(_("Deze schuilnaam is voorbehouden: hij mag niet de naam van een gemeente, "
                                "wethouder of burgemeester bevatten. Kies een andere."), code="protected_name")
    if User.objects.filter(pseudonym__iexact=text).exclude(pk=getattr(user, "pk", None)).exists():
        raise ValidationError(_("Deze schuilnaam is al in gebruik; kies een andere."), code="taken")
    return text


def pseudonym_new() -> str:
    """A generated pseudonym for a new account ("Inwoner 3FA2C1"), not yet anyone's."""
    from wijkgericht.accounts.models import User

    while True:
        candidate = f"Inwoner {secrets.token_hex(3).upper()}"
        if not User.objects.filter(pseudonym__iexact=candidate).exists():
            return candidate
