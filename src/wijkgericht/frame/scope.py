"""Who is asking: the staff pages of every app admit a signed-in staff member only."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from wijkgericht.accounts.roles import Scope, request_scope


def staff_scope(request: HttpRequest) -> Scope:
    """The signed-in staff member's scope; 403 for anyone else."""
    scope = request_scope(request)
    if not scope.is_staff_member:
        raise PermissionDenied(_("Deze pagina is voor wethouders en medewerkers van de gemeente."))
    return scope
