"""Team line-ups in sports reports, read as lists rather than as prose.

    Horak, Staniforth, Penney, Nordt, Bishop; Mapletoft, Edwards; ...
    Replacements: Everitt for Mapletoft (53), Hodgson for Edwards (77)
    Everton: Martyn, Hibbert, Yobo, Barton (Macken 68), Stubbs. Subs: Wright, Pistone. Booked: Fowler.
    G Thomas (Toulouse, capt); K Morgan (Newport-Gwent), T Shanklin (Cardiff)

The model reads such lists as prose and types their surnames at random (people, clubs, towns: "Horak"
a place, "Penney" an organization). Here every item of a line-up is a person, a club in brackets
after a player is an organization, and a team named before the list is an organization. A line-up is
a segment of a line (cut at full stops and at labels like "Subs:") whose items, split at commas,
semicolons and slashes, are nearly all short capitalised names, few of them known places; without a
label it must fill its line and hold a semicolon or ten items.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .gazetteer import country, is_place, nations

# Labels that open a part of a line-up ("Subs Not Used:", "Replacements (from):").
LABELS = re.compile(
    r"^(replacements|subs|substitutes|subs not used|not used|booked|sent off|sin bin|goals|"
    r"scorers|tries|cons|pens|drop goals?|backs|forwards|reserves|bench)(\s*\(from\))?$",
    re.I,
)
NOT_LINE_UP_LABELS = re.compile(r"^(ref|referee|att|attendance|venue|kick-off)$", re.I)
PARTICLES = {"van", "der", "de", "da", "di", "du", "le", "la", "von", "den", "dos", "del"}
NAME_WORD = re.compile(r"^(?:[A-Z]\.?|[A-Z][\w'’\-]*[a-z][\w'’\-]*|Mc[A-Z]\w*|O'[A-Z]\w*)$")
MIN_ITEMS = 5
LONG_LINE_ITEMS = 10
SHARE_OF_NAMES = 0.8
MAX_PLACE_SHARE = 0.3
SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+")
ITEM_NOISE = re.compile(r"\s+(\d+(\s*(og|pen|mins?))?|og|pen|\(capt\)|capt)$", re.I)


@dataclass(frozen=True)
class Named:
    kind: str  # "people", "organizations" or "places"
    start: int  # characters in the text
    end: int


def _name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 4 and words[-1][:1].isupper() and all(w in PARTICLES or NAME_WORD.match(w) for w in words)


def _strip_noise(text: str, start: int) -> tuple[str, int]:
    """The item without a trailing minute, 'og', 'pen' or '(capt)'; and its start."""
    stripped = text.rstrip(" .")
    while True:
        shorter = ITEM_NOISE.sub("", stripped)
        if shorter == stripped:
            break
        stripped = shorter
    lead = len(stripped) - len(stripped.lstrip())
    return stripped.strip(), start + lead


def _items(segment: str, offset: int) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """(item text, start, bracketed parts with their starts) for each comma/semicolon/slash item,
    commas inside brackets kept in their bracket."""
    items, depth, begin = [], 0, 0
    for i, ch in enumerate(segment + ","):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in ",;/" and depth == 0:
            raw = segment[begin:i]
            brackets = [(m.group(1), offset + begin + m.start(1)) for m in re.finditer(r"\(([^()]*)\)?", raw)]
            outside = re.sub(r"\([^()]*\)?", lambda m: " " * len(m.group(0)), raw)
            text, start = _strip_noise(outside, offset + begin)
            if ")" in raw and _strip_noise(raw[raw.rindex(")") + 1 :], 0)[0]:
                text = ""  # "A Mehrtens (NZ) G Gregan": a separator is missing, the item is two
            items.append((text, start, brackets))
            begin = i + 1
    return items


def _bracket_names(brackets: list[tuple[str, int]]) -> Iterator[Named]:
    """'(Macken 68)' is a substitute, a person; '(Toulouse, capt)', '(Cardiff)' a club."""
    for content, start in brackets:
        for part in re.finditer(r"[^,]+", content):
            text, at = _strip_noise(part.group(0), start + part.start())
            if not text or text.lower() in ("capt", "from") or not _name(text) or len(text) <= 3:
                continue  # "(Aus, capt)", "(NZ)": a country's code, not a club
            substitute = bool(re.search(r"\d", part.group(0)))
            yield Named("people" if substitute else _team_kind(text), at, at + len(text))


def _team_kind(name: str) -> str:
    """A club is an organization; a country's team, the place ('(England)', 'Wales:')."""
    return "places" if country(name) or name in nations() else "organizations"


def _segments(text: str) -> Iterator[tuple[str | None, str, int, bool]]:
    """(label or None, segment, its start, whether it fills its line) for each part of each line."""
    for line in re.finditer(r"[^\n]+", text):
        cuts = [0, *(m.end() for m in SENTENCE_END.finditer(line.group(0))), len(line.group(0))]
        pieces = [(a, line.group(0)[a:b]) for a, b in zip(cuts, cuts[1:]) if line.group(0)[a:b].strip()]
        for at, piece in pieces:
            label, body, body_at = None, piece, at
            while True:
                match = re.match(r"[\s\"'“”]*([A-Z][\w .'()-]{0,40}?|)\s*:\s*", body)
                if not match:
                    break
                label, body_at, body = match.group(1), body_at + match.end(), body[match.end() :]
            fills_line = len(pieces) == 1 and label is None
            yield label, body, line.start() + body_at, fills_line


def line_up_names(text: str) -> list[Named]:
    """Every person and club named in the line-ups of a text, by character offsets."""
    found: list[Named] = []
    for label, segment, offset, fills_line in _segments(text):
        if label is not None and NOT_LINE_UP_LABELS.match(label):
            continue
        items = [item for item in _items(segment, offset) if item[0]]
        replacements = [re.fullmatch(r"(.+?)\s+for\s+(.+)", item[0]) for item in items]
        names = [item for item, swap in zip(items, replacements) if swap or _name(item[0])]
        line_up_label = label is not None and bool(LABELS.match(label))  # "Subs:"
        team = label is not None and not line_up_label and _name(label)  # "Everton:"
        labelled = line_up_label or team or label == ""  # ": Waterreus, Hutton...": the team's name stripped
        enough = len(items) >= MIN_ITEMS or (line_up_label and items)
        if not names or not enough or len(names) < SHARE_OF_NAMES * len(items):
            continue
        if not labelled and not (fills_line and (";" in segment or len(items) >= LONG_LINE_ITEMS)):
            continue
        if not line_up_label and sum(is_place(item[0]) for item in names) > MAX_PLACE_SHARE * len(names):
            continue  # "London, Paris, Berlin, Rome, Madrid": places, unless after "Subs:" ("Wright")
        if team and label is not None:
            at = text.rfind(label, 0, offset)
            found.append(Named(_team_kind(label), at, at + len(label)))
        for (item, start, brackets), swap in zip(items, replacements):
            if swap:
                for group in (1, 2):
                    if _name(swap.group(group)):
                        found.append(Named("people", start + swap.start(group), start + swap.end(group)))
            elif _name(item):
                found.append(Named("people", start, start + len(item)))
            found.extend(_bracket_names(brackets))
    return found
