"""A municipality's identity: who publishes the site (the header, the footer, the mails' sign-off and sender name)
and its colours as NL Design System tokens, the style sheet over the Utrecht theme (served by web at
/huisstijl/<code>.css, with the content version in the address). Only colours the model's validator accepted are
written; anything else is left out, so the default theme shows."""

from __future__ import annotations

from email.utils import formataddr, parseaddr

from django.conf import settings
from django.utils.translation import gettext as _

from wijkgericht.core.colours import HEX, darker
from wijkgericht.districts.models import Municipality
from wijkgericht.districts.selectors import municipality_for


def publisher(municipality: Municipality | None = None) -> str:
    """Who publishes the site, for what belongs to no one municipality's page (account mail, notifications): the
    default municipality's publisher ("Gemeente Barendrecht"); the software's name only while none is set up."""
    municipality = municipality or municipality_for(None)
    return municipality.publisher if municipality is not None else _("Wijkgericht")


def mail_sender(name: str) -> str:
    """The address of settings.DEFAULT_FROM_EMAIL with `name` as the sender's name, whatever name the setting has
    (its default says "Wijkgericht"): "Gemeente Barendrecht <noreply@example.nl>"."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return formataddr((name, address)) if address else settings.DEFAULT_FROM_EMAIL


def _tokens(municipality: Municipality) -> dict[str, str]:
    tokens: dict[str, str] = {}
    brand = municipality.brand_colour
    if brand and HEX.match(brand):
        shade, deep = darker(brand, 0.15), darker(brand, 0.3)
        tokens |= {
            "--site-accent": brand,
            "--utrecht-button-primary-action-background-color": brand,
            "--utrecht-button-primary-action-border-color": brand,
            "--utrecht-button-primary-action-color": "#ffffff",
            "--utrecht-button-primary-action-hover-background-color": shade,
            "--utrecht-button-primary-action-hover-color": "#ffffff",
            "--utrecht-button-primary-action-focus-background-color": shade,
            "--utrecht-button-primary-action-active-background-color": deep,
            "--utrecht-button-primary-action-active-border-color": deep,
            "--utrecht-button-secondary-action-color": brand,
            "--utrecht-button-secondary-action-border-color": brand,
            "--utrecht-button-secondary-action-hover-color": shade,
            "--utrecht-button-secondary-action-hover-border-color": shade,
            "--utrecht-button-secondary-action-active-color": deep,
            "--utrecht-button-secondary-action-active-border-color": deep,
            "--utrecht-checkbox-checked-background-color": brand,
            "--utrecht-checkbox-checked-border-color": brand,
            "--utrecht-badge-counter-background-color": brand,
        }
    link = municipality.link_colour
    if link and HEX.match(link):
        tokens |= {
            "--utrecht-link-color": link,
            "--utrecht-link-hover-color": darker(link, 0.15),
            "--utrecht-link-active-color": darker(link, 0.3),
            "--utrecht-link-visited-color": link,
        }
    return tokens


def theme_css(municipality: Municipality) -> str:
    """The municipality's colours as CSS custom properties on the Utrecht theme; an empty rule when it set none."""
    body = "".join(f"\n  {name}: {value};" for name, value in _tokens(municipality).items())
    # The code is validated (GM and four digits); no free text goes into the style sheet.
    return f"/* {municipality.code}: colours set in the back office (Gemeente, Huisstijl) */\n" \
           f".utrecht-theme {{{body}\n}}\n"
