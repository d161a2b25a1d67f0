"""The realisation of a selected proposal: updates (planned → in progress → done, news without a step too) with a
text and optionally a photo (checked and re-encoded by core.images). The backing item follows: in progress when the
work starts, done when it is done. Supporters and followers are told of each update."""

from __future__ import annotations

from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wijkgericht.accounts.models import User
from wijkgericht.budgets import permissions, selectors, workflow
from wijkgericht.budgets.models import REALISATION_LABELS, Proposal, RealisationUpdate
from wijkgericht.budgets.services.common import require
from wijkgericht.core.images import PhotoRejected, photo_process
from wijkgericht.core.text import clean_text
from wijkgericht.districts.versioning import public_pages_changed
from wijkgericht.notifications.services import notify
from wijkgericht.participation import audience
from wijkgericht.participation import services as items
from wijkgericht.participation import workflow as item_workflow

_ITEM_STEP = {workflow.IN_PROGRESS: (item_workflow.ACCEPTED, item_workflow.IN_PROGRESS),
              workflow.DONE: (item_workflow.IN_PROGRESS, item_workflow.DONE)}


@transaction.atomic
def realisation_update(*, proposal: Proposal, actor: User | None, status: str, text: str,
                       photo: IO[bytes] | None = None, alt_text: str = "") -> RealisationUpdate:
    """Post news on a selected proposal's realisation; the status moves only forward (or stays)."""
    locked = Proposal.objects.select_for_update(of=("self",)).select_related(
        "share", "share__round", "item").get(pk=proposal.pk)
    require(actor, permissions.REALISE, municipality_id=locked.share.round.municipality_id,
            district_id=locked.share.district_id)
    if locked.status != workflow.SELECTED:
        raise ValidationError(_("Alleen een gekozen voorstel wordt uitgevoerd."), code="not_selected")
    if status not in workflow.REALISATION_STATUSES:
        raise ValidationError({"status": _("Kies hoe ver de uitvoering is.")})
    current = selectors.realisation_status(locked)
    try:
        workflow.check_realisation(current, status)
    except workflow.TransitionRefused as refused:
        if current == workflow.PLANNED and status == workflow.DONE:
            raise ValidationError({"status": _("Meld eerst dat de uitvoering begonnen is.")}) from refused
        raise ValidationError({"status": _("De uitvoering is al ‘%(current)s’; ze kan niet terug naar "
                                           "‘%(target)s’.") % {"current": REALISATION_LABELS[current],
                                                               "target": REALISATION_LABELS[status]}}) from refused
    text = clean_text(text, max_length=3000, field="text")
    alt_text = clean_text(alt_text, max_length=200, field="alt_text", required=False)
    image = None
    if photo is not None:
        if not alt_text:
            raise ValidationError({"alt_text": _("Beschrijf kort wat er op de foto staat.")})
        try:
            image = photo_process(photo)
        except PhotoRejected as exc:
            raise ValidationError({"photo": str(exc)}) from exc
    update = RealisationUpdate(proposal=locked, status=status, text=text, alt_text=alt_text if image else "",
                               actor=actor)
    if image is not None:
        update.photo.save(image.name, image, save=False)
    update.save()
    step = _ITEM_STEP.get(status)
    item = locked.item
    if step and item.status == step[0] and not item.merged_into_id:
        items.item_transition(item=item, actor=None, target=step[1])
    public_pages_changed(locked.share.round.municipality_id)
    if not item.is_example:
        notify(recipients=audience.residents(item), event="budget.realisation",
               params={"title": item.title, "status": REALISATION_LABELS[status], "text": text},
               url=selectors.proposal_path(locked), item=item, actor=actor)
    return update
