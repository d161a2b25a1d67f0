"""The names a municipality gives that residents read, in Dutch and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from wijkgericht.participation.models import Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)
