"""A civil servant records where a resident lives (or works or studies), after seeing proof at the desk: the
neighbourhood and the year of birth, never the address (models.ResidentVerification). Without DigiD this is how an
account may vote with its account. Looking an account up and recording its data is an access to personal data, so
every record is logged (accounts.PersonalDataAccess), as participation logs a look at a submitter's e-mail address.

Who may: the municipality's administrator for any of its neighbourhoods, a civil servant for the neighbourhoods of
their districts. Aldermen, moderators and residents may not.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkgericht.accounts.models import PersonalDataAccess, User
from wijkgericht.accounts.roles import Scope, user_scope
from wijkgericht.budgets.models import ResidentVerification
from wijkgericht.districts.models import Neighbourhood

OLDEST_BIRTH_YEAR = 1900
PURPOSE = "woonplaats gecontroleerd voor het wijkbudget"


def verifiable_neighbourhoods(scope: Scope) -> QuerySet[Neighbourhood]:
    """The neighbourhoods (active CBS year, in a district) this staff member may record residents for: every one of
    the municipalities they administer, those of their districts as a civil servant."""
    areas = Neighbourhood.objects.filter(year=F("municipality__division_year"), district__isnull=False)
    if not scope.is_superuser:
        areas = areas.filter(Q(municipality_id__in=scope.administrator_municipality_ids)
                             | Q(district_id__in=scope.civil_servant_district_ids))
    return areas.defer("geometry", "key_figures").select_related("district").order_by(
        "municipality__name", "district__name", "name")


def may_verify(user: User | None) -> bool:
    return verifiable_neighbourhoods(user_scope(user)).exists()


def resident_verify(*, actor: User, email: str, neighbourhood: Neighbourhood, birth_year: int,
                    works_or_studies: bool = False) -> ResidentVerification:
    """Record (or correct) the verified neighbourhood and year of birth of the account with this e-mail address;
    logged as access to that person's data."""
    if not verifiable_neighbourhoods(user_scope(actor)).filter(pk=neighbourhood.pk).exists():
        raise PermissionDenied(_("U mag geen bewoners van deze buurt controleren."))
    this_year = timezone.localdate().year
    if not OLDEST_BIRTH_YEAR <= birth_year <= this_year:
        raise ValidationError({"birth_year": _("Vul een geboortejaar in van %(first)d tot en met %(last)d.")
                               % {"first": OLDEST_BIRTH_YEAR, "last": this_year}})
    user = User.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    if user is None:
        raise ValidationError({"email": _("Er is geen account met dit e-mailadres. De bewoner maakt eerst zelf een "
                                          "account.")})
    if user.pk == actor.pk:
        raise ValidationError({"email": _("U kunt uw eigen adres niet controleren. Vraag een collega.")})
    with transaction.atomic():
        verification, _created = ResidentVerification.objects.update_or_create(
            user=user, defaults={"neighbourhood": neighbourhood, "birth_year": birth_year,
                                 "works_or_studies": works_or_studies,
                                 "source": ResidentVerification.Source.STAFF, "verified_by": actor,
                                 "verified_at": timezone.now()})
        PersonalDataAccess.objects.create(accessor=actor, subject=user, subject_label=user.pseudonym,
                                          purpose=f"{PURPOSE} ({neighbourhood.code})")
    return verification
