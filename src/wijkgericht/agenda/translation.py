"""The names a municipality gives that residents read, in Dutch and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from wijkgericht.agenda.models import ActivityKind


@register(ActivityKind)
class ActivityKindTranslation(TranslationOptions):
    fields = ("name", "description")
