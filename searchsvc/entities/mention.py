"""One mention's type and name: spaCy's label corrected by the first of the mention rules that applies,
in their order; each rule has a name, so a benchmark can tell which decided what."""

from __future__ import annotations

from .context_rules import (
    acronym_that_is_no_place,
    after_an_honorific,
    between_two_places,
    club_by_its_cue,
    club_in_a_sports_report,
    country_as_a_person,
    country_as_a_team,
    employer_after_a_person,
    facility_by_its_head,
    in_a_list_of_places,
    known_place_after_a_place_cue,
    natural_feature_of_any_label,
    one_word_after_the,
    organization_by_the_word_before,
    person_after_a_role,
    person_in_capitals,
    small_town_in_a_list_of_places,
    town_before_a_word_for_its_people,
    venue,
    venue_by_its_head,
)
from .mention_span import LABEL_TYPES, SKIP, Span
from .name_rules import (
    a_word_only_organizations_hold,
    an_initial_before_a_surname,
    band_by_its_plural_verb,
    city_club,
    common_word_no_gazetteer_knows,
    company_by_the_word_after,
    group_of_people,
    label_of_no_type,
    legal_forms_alone,
    maker_of_a_product,
    nationality_or_group,
    no_entity_by_its_words,
    organization_by_its_head,
    party_members,
    party_named_alone,
    person_with_a_digit,
    place_with_a_digit,
    post_nominals,
    team_by_its_head,
    unit_after_a_number,
)
from .names import (
    fold,
)

# In this order: the first rule that applies decides a span's type and name; when none does, the
# model's label stands.
RULES = (
    no_entity_by_its_words,
    legal_forms_alone,
    party_members,
    party_named_alone,
    nationality_or_group,
    group_of_people,
    organization_by_its_head,
    post_nominals,
    a_word_only_organizations_hold,
    an_initial_before_a_surname,
    team_by_its_head,
    city_club,
    label_of_no_type,
    maker_of_a_product,
    company_by_the_word_after,
    place_with_a_digit,
    person_with_a_digit,
    band_by_its_plural_verb,
    common_word_no_gazetteer_knows,
    unit_after_a_number,
    club_in_a_sports_report,
    person_in_capitals,
    venue,
    natural_feature_of_any_label,
    venue_by_its_head,
    after_an_honorific,
    town_before_a_word_for_its_people,
    club_by_its_cue,
    known_place_after_a_place_cue,
    in_a_list_of_places,
    small_town_in_a_list_of_places,
    acronym_that_is_no_place,
    one_word_after_the,
    employer_after_a_person,
    organization_by_the_word_before,
    person_after_a_role,
    facility_by_its_head,
    country_as_a_team,
    country_as_a_person,
    between_two_places,
)
MODELS_LABEL = "the model's label"  # the name decide() gives when no rule applies


def decide(ent) -> tuple[str, tuple[str, str] | None]:
    """The name of the rule that types one mention, and its type and text (None: no entity)."""
    if not ent.text.split():
        return "empty", None
    folded = fold(ent.text).split() or [""]
    span = Span(ent, ent.text, folded, LABEL_TYPES.get(ent.label_))
    for rule in RULES:
        found = rule(span)
        if found is not None:
            return rule.__name__, None if found is SKIP else found
    assert span.kind is not None  # label_of_no_type has answered for the others
    return MODELS_LABEL, (span.kind, span.text)


def mention(ent) -> tuple[str, str] | None:
    """Type and text of one mention, spaCy's label corrected by the words around it; None to skip."""
    return decide(ent)[1]
