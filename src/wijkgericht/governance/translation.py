"""The names a municipality gives that residents read, in Dutch and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from wijkgericht.governance.models import Portfolio, Term


@register(Portfolio)
class PortfolioTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Term)
class TermTranslation(TranslationOptions):
    fields = ("coalition_agreement",)
