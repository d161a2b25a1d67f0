"""Mark text from the database with its language when the interface speaks another one.

What the municipality, its staff and its residents write (district descriptions, item titles, comments,
activity texts) is stored in the municipality's language, settings.LANGUAGE_CODE (Dutch); the names it gives
(themes, activity kinds, portfolios, the coalition agreement) may also have an English column. On
the English pages (<html lang="en">) that running text must carry lang="nl", or screen readers read Dutch
with English pronunciation (WCAG 2.1 SC 3.1.2 Language of Parts). On Dutch pages nothing is added.

    {% load content_language %}
    <p class="utrecht-paragraph"{% content_lang %}>{{ item.description|linebreaksbr }}</p>
"""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


def _primary(code: str) -> str:
    return code.split("-")[0].lower()


@register.simple_tag
def content_lang(obj: object = None, field: str = "name") -> str:
    """` lang="nl"` (with its leading space) when the active interface language is not the content language.

    With an object whose `field` has a column per language (django-modeltranslation: a theme's, activity kind's or
    portfolio's name, the coalition agreement), nothing is added when that column is filled in the active language:
    the page then shows the translation, not the Dutch fallback.

        <span{% content_lang item.theme %}>{{ item.theme.name }}</span>
    """
    content = settings.LANGUAGE_CODE
    active = get_language()
    if active is None or _primary(active) == _primary(content):
        return ""
    if obj is not None and getattr(obj, f"{field}_{_primary(active)}", None):
        return ""
    return format_html(' lang="{}"', content)
