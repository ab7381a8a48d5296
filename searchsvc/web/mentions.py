"""Mark entity mentions in article text, escaped, each linked to a search for its entity."""

from __future__ import annotations

import re
from collections.abc import Callable

import pycountry
from markupsafe import Markup, escape

from ..entities.names import COUNTRY_ALIASES, country


def mention_forms(kind: str, name: str) -> set[str]:
    """The ways an entity is written in text: its name, a person's surname, a country's short forms."""
    forms = {name}
    if kind == "people" and len(name.split()) > 1:
        forms.add(name.split()[-1])
    if kind == "places" and country(name) == name:
        for alias, _code in COUNTRY_ALIASES.items():
            if country(alias) == name:
                forms.add(alias.title() if alias.islower() and len(alias) > 3 else alias.upper())
        found = pycountry.countries.get(name=name) or pycountry.countries.get(common_name=name)
        if found:
            forms.update({found.alpha_2, found.alpha_3, ".".join(found.alpha_2) + "."})
    return {form for form in forms if len(form) >= 2}


def mark_mentions(text: str, entities: dict[str, list[str]], link: Callable[[str, str], str]) -> Markup:
    """Escape text and wrap each mention in a link to link(kind, name)."""
    forms: dict[str, tuple[str, str]] = {}
    for kind, names in entities.items():
        for name in names:
            for form in mention_forms(kind, name):
                forms.setdefault(form, (kind, name))
    if not forms:
        return escape(text)
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?!\w)"
    )
    parts, last = [], 0
    for match in pattern.finditer(text):
        kind, name = forms[match.group(1)]
        parts.append(escape(text[last : match.start()]))
        parts.append(
            Markup('<a class="mention {}" href="{}" title="{}">{}</a>').format(
                kind, link(kind, name), name, match.group(1)
            )
        )
        last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)
