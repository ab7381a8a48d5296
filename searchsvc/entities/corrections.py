"""Editors' corrections of entities: what each one says, whether it contradicts another, and the
names the corpus decided once they are applied. Pure: the store is in index/corrections_store.py and
the rewrite of the articles a correction touches in index/corrector.py.

A correction names an entity by its type and name as the index shows it (or an alias of it):
- merge: the name is another way of writing `into` (two entities become one);
- rename: the entity is called `to`, and the old name stays an alias;
- retype: the entity is of type `to_type`;
- hide: the entity is not an entity (it leaves filters, facets, chips and lists);
- detach: `alias` is not this entity: it becomes an entity of its own.
They apply in the order they were made.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from ..ingest.articles import ENTITY_TYPES
from .corpus_names import NameDecisions

ACTIONS = ("merge", "rename", "retype", "hide", "detach")
TARGET = {"merge": "into", "rename": "to", "retype": "to_type", "detach": "alias"}  # what each action needs
MAX_NAME = 200  # characters of a name or a note's worth of words
MAX_NOTE = 2000


class CorrectionRefused(ValueError):
    """A correction that cannot be stored: `status` is 404 (an unknown name, with `suggestions`),
    409 (it contradicts correction `conflicts_with`) or 422 (it makes no sense as written)."""

    def __init__(self, status: int, message: str, suggestions: Sequence[str] = (), conflicts_with: int | None = None):
        super().__init__(message)
        self.status, self.suggestions, self.conflicts_with = status, list(suggestions), conflicts_with


@dataclass(frozen=True)
class Correction:
    """One editor's correction; `id` and `time` are given when it is stored."""

    type: str
    name: str
    action: str
    into: str | None = None
    to: str | None = None
    to_type: str | None = None
    alias: str | None = None
    note: str = ""
    id: int = 0
    time: str = ""

    @property
    def target(self) -> str | None:
        """The other name (or type) the action needs."""
        return getattr(self, TARGET[self.action]) if self.action in TARGET else None

    def required_target(self) -> str:
        """The target of an action that needs one, which a checked correction has."""
        if self.target is None:
            raise ValueError(f"{self.describe()}: no {TARGET.get(self.action, 'target')} given")
        return self.target

    def as_dict(self) -> dict:
        return {key: value for key, value in asdict(self).items() if value is not None}

    @classmethod
    def from_dict(cls, data: dict) -> Correction:
        known = {key: data[key] for key in cls.__dataclass_fields__ if key in data}
        return cls(**known)

    def describe(self) -> str:
        said = {
            "merge": f"merged into {self.into!r}",
            "rename": f"renamed {self.to!r}",
            "retype": f"retyped {self.to_type}",
            "hide": "hidden",
            "detach": f"{self.alias!r} detached",
        }
        return f"{self.type} {self.name!r} {said[self.action]}"


def well_formed(correction: Correction) -> Correction:
    """The correction with its names trimmed, or CorrectionRefused(422) saying which field is wrong."""
    problems = []
    if correction.type not in ENTITY_TYPES:
        problems.append(f"type must be one of {', '.join(ENTITY_TYPES)}")
    if correction.action not in ACTIONS:
        problems.append(f"action must be one of {', '.join(ACTIONS)}")
    trimmed: dict[str, Any] = {
        key: (value.strip() if isinstance(value, str) else value)
        for key, value in asdict(correction).items()
        if key != "note"
    }
    if not trimmed["name"]:
        problems.append("name must not be empty")
    needed = TARGET.get(correction.action)
    if needed and not trimmed[needed]:
        problems.append(f"{correction.action} needs {needed!r}")
    if needed == "to_type" and trimmed["to_type"] and trimmed["to_type"] not in ENTITY_TYPES:
        problems.append(f"to_type must be one of {', '.join(ENTITY_TYPES)}")
    if needed == "to_type" and trimmed["to_type"] == correction.type:
        problems.append(f"{correction.name!r} is already among {correction.type}")
    if needed and trimmed[needed] and needed != "to_type" and trimmed[needed].casefold() == trimmed["name"].casefold():
        problems.append(f"{needed!r} must differ from name")
    if any(len(v) > MAX_NAME for v in trimmed.values() if isinstance(v, str)) or len(correction.note) > MAX_NOTE:
        problems.append(f"names are at most {MAX_NAME} characters, the note {MAX_NOTE}")
    if problems:
        raise CorrectionRefused(422, "; ".join(problems))
    unused = {key: None for key in TARGET.values() if key != needed}
    return Correction(**{**trimmed, **unused, "note": correction.note.strip()})


def apply_corrections(decisions: NameDecisions, corrections: Iterable[Correction]) -> NameDecisions:
    """The corpus's decisions with the corrections applied in their order."""
    kinds, aliases, hidden = dict(decisions.kinds), dict(decisions.aliases), set(decisions.hidden)

    def canonical(name: str) -> str:
        seen = {name}
        while name in aliases and aliases[name] not in seen:
            name = aliases[name]
            seen.add(name)
        return name

    for c in sorted(corrections, key=lambda c: c.id):
        name = canonical(c.name)
        if c.action == "merge":  # the name given: an entity (its aliases follow it) or one alias alone
            into = canonical(c.required_target())
            if into != name:
                aliases[c.name] = into
                kinds.setdefault(into, kinds.get(name, c.type))
        elif c.action == "rename":
            to = c.required_target()
            aliases.pop(to, None)  # the new name is no alias of anything any more
            aliases[name] = to
            kinds[to] = kinds.get(name, c.type)
        elif c.action == "retype":
            kinds[name] = c.required_target()
        elif c.action == "hide" and c.name in aliases:  # one alias alone: a name of its own, hidden
            aliases.pop(c.name)
            kinds[c.name] = c.type
            hidden.add((c.type, c.name))
        elif c.action == "hide":
            hidden.add((kinds.get(name, c.type), name))
        elif c.action == "detach":
            aliases.pop(c.required_target(), None)
            kinds[c.required_target()] = c.type
    resolved = {alias: canonical(alias) for alias in aliases}
    return NameDecisions(kinds=kinds, aliases={a: n for a, n in resolved.items() if a != n}, hidden=frozenset(hidden))


@dataclass
class Known:
    """The names a correction may use: those the index shows per type, and the aliases in force."""

    names: dict[str, set[str]] = field(default_factory=dict)  # type -> names the index shows
    decisions: NameDecisions = field(default_factory=NameDecisions)  # with the corrections in force

    def shown(self, kind: str, value: str) -> str | None:
        """The name as the index shows it among `kind`, in any letter case."""
        folded = {name.casefold(): name for name in self.names.get(kind, ())}
        return folded.get(value.casefold())

    def entity_of(self, kind: str, value: str) -> str | None:
        """The name the index shows for `value`: itself, or the entity it is an alias of."""
        return self.shown(kind, value) or self.shown(kind, self.decisions.resolve(value) or "")

    def anywhere(self, value: str) -> tuple[str, str] | None:
        for kind in ENTITY_TYPES:
            found = self.entity_of(kind, value)
            if found is not None:
                return kind, found
        return None


def check(correction: Correction, existing: Sequence[Correction], known: Known, close_names) -> Correction:
    """The correction as it will be stored (names as the index writes them), or CorrectionRefused.
    `close_names(kind, value)` gives the did-you-mean of an unknown name.

    A merge or a hide of an alias moves or hides that alias alone ("Charles", taken for Ray
    Charles, merged into Prince Charles); a rename, a retype or a detach acts on the entity."""
    c = well_formed(correction)
    for earlier in existing:
        if _contradicts(c, earlier):
            raise CorrectionRefused(
                409,
                f"contradicts correction {earlier.id} ({earlier.describe()}): "
                f"undo it first (DELETE /api/corrections/{earlier.id})",
                conflicts_with=earlier.id,
            )
    name = known.shown(c.type, c.name)
    if name is None and known.entity_of(c.type, c.name) is not None:
        acts_on_alias = c.action in ("merge", "hide")
        name = _alias_as_written(c.name, known.decisions) if acts_on_alias else known.entity_of(c.type, c.name)
    if name is None:
        elsewhere = known.anywhere(c.name)
        where = f"; it is among {elsewhere[0]} as {elsewhere[1]!r}" if elsewhere else ""
        raise CorrectionRefused(404, f"no entity {c.name!r} among {c.type}{where}", close_names(c.type, c.name))
    c = replace(c, name=name)
    if c.action == "merge":
        into = known.anywhere(c.required_target())
        if into is None:
            raise CorrectionRefused(404, f"no entity {c.into!r} to merge into", close_names(c.type, c.into))
        if into[1] == name or known.decisions.canonical(name) == into[1]:
            raise CorrectionRefused(409, f"{c.name!r} and {c.into!r} are already one entity")
        c = replace(c, into=into[1])
    if c.action == "rename":
        taken = known.anywhere(c.required_target())
        if taken is not None and taken[1] != name:
            raise CorrectionRefused(409, f"{c.to!r} is already an entity ({taken[0]}): merge into it instead")
    if c.action == "detach":
        alias = c.required_target()
        if alias.casefold() == name.casefold() or known.entity_of(c.type, alias) != name:
            aliases = sorted(known.decisions.also_known_as().get(name, []))
            raise CorrectionRefused(404, f"{c.alias!r} is not an alias of {name!r}", aliases)
        c = replace(c, alias=_alias_as_written(alias, known.decisions))
    return c


def _alias_as_written(value: str, decisions: NameDecisions) -> str:
    return next((alias for alias in decisions.aliases if alias.casefold() == value.casefold()), value)


def _contradicts(new: Correction, old: Correction) -> bool:
    """Two corrections of one entity that cannot both hold: hiding what another merges, renames or
    retypes; two merges or renames; two retypes; or one that undoes the other (a merge back)."""
    same = new.type == old.type and new.name.casefold() == old.name.casefold()
    if same and (
        new.action == old.action != "detach"
        or "hide" in (new.action, old.action)
        or {new.action, old.action} == {"merge", "rename"}
    ):
        return True
    if same and new.action == old.action == "detach":
        return new.required_target().casefold() == old.required_target().casefold()
    if new.action == "merge" and old.action == "merge":
        return (
            old.name.casefold() == (new.into or "").casefold()
            and old.required_target().casefold() == new.name.casefold()
        )
    for target in (new.into, new.to):  # merging into, or renaming to, a hidden name
        if target and old.action == "hide" and old.name.casefold() == target.casefold():
            return True
    return False
