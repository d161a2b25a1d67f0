"""Support once per person: a resident backs something (an item, a meeting request, next a budget proposal) at most
once, and the count is what the pages show.

A concrete model subclasses `SupportBase`, adds the foreign key to what is supported, names it in `support_target`
and declares the unique constraint over (that key, `user`) — the constraint, not a prior lookup, is what makes
twenty simultaneous clicks one support on PostgreSQL and SQLite alike (a system check insists on it). The services
here know nothing of who may support what: each app checks its own rules (status, own item, audience) and then
calls `support_once`."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from django.conf import settings
from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError, models, transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce


class SupportBase(models.Model):
    """One person's support for one target; the user is kept as None (anonymised) when the person deletes their
    account, so the support still counts."""

    # The name of the concrete model's foreign key to what is supported ("item", "request").
    support_target: ClassVar[str]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.user_id} → {getattr(self, f'{self.support_target}_id')}"

    @classmethod
    def check(cls, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        target = getattr(cls, "support_target", None)
        try:
            field = cls._meta.get_field(target) if target else None
        except FieldDoesNotExist:
            field = None
        if field is None or not field.many_to_one:
            return [*errors, checks.Error(f"{cls.__name__}.support_target must name its foreign key to what is "
                                          "supported.", obj=cls, id="core.E001")]
        once = {target, "user"}
        if not any(isinstance(c, models.UniqueConstraint) and set(c.fields) == once and c.condition is None
                   for c in cls._meta.constraints):
            errors.append(checks.Error(f"{cls.__name__} needs UniqueConstraint(fields=[{target!r}, 'user']): "
                                       "without it, simultaneous clicks count twice.", obj=cls, id="core.E002"))
        return errors


S = TypeVar("S", bound=SupportBase)


def support_once(model: type[S], *, target: models.Model, user: Any) -> tuple[S, bool]:
    """`user` supports `target`: (the support, True) if this added it, (the earlier one, False) if `user` already
    supported it. Race-safe: the insert runs in a savepoint and the unique constraint refuses a second row, also
    when twenty requests of one person arrive at once (the losers find the winner's committed row). `user` None is
    a support without an account (the demo's examples), which the constraint does not deduplicate."""
    lookup = {model.support_target: target, "user": user}
    try:
        with transaction.atomic():
            return model.objects.create(**lookup), True
    except IntegrityError:
        earlier = model.objects.filter(**lookup).first()
        if earlier is None:  # some other constraint failed: not a double support
            raise
        return earlier, False


def support_withdraw(model: type[SupportBase], *, target: models.Model, user: Any) -> bool:
    """`user` no longer supports `target`; True if there was a support to withdraw."""
    deleted, _per_model = model.objects.filter(**{model.support_target: target, "user": user}).delete()
    return deleted > 0


def support_count(model: type[SupportBase], *, target: models.Model) -> int:
    """How many support `target`, anonymised supports (deleted accounts) included."""
    return model.objects.filter(**{model.support_target: target}).count()


def support_counts(model: type[SupportBase]) -> Coalesce:
    """Supports per target row, for `.annotate(support_count=support_counts(Model))` on the targets' queryset: a
    correlated subquery, which unlike Count over a join lets the database take a page of targets from their list
    index and count only the rows shown (bench/participation)."""
    counted = (model.objects.filter(**{model.support_target: OuterRef("pk")}).order_by()
               .values(model.support_target).annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(counted), 0)


def supporter_ids(model: type[SupportBase], *, target: models.Model) -> QuerySet[Any]:
    """The ids of the people (with an account) who support `target`, as a subquery for `pk__in`."""
    return (model.objects.filter(**{model.support_target: target}, user__isnull=False)
            .values_list("user_id", flat=True))


def supported_by(model: type[SupportBase], *, user: Any, targets: Any) -> set[int]:
    """Which of `targets` (objects, ids or a queryset) `user` supports; empty for a visitor who is not signed in."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(model.objects.filter(**{"user": user, f"{model.support_target}__in": targets})
               .values_list(f"{model.support_target}_id", flat=True))
