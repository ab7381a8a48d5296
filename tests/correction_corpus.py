"""A made-up corpus with the machine's mistakes an editor corrects: a singer's surname taken for a
prince ("Charles"), a person typed as an organization, a first name typed as a place, and an acronym
beside its long form. Entities come from a filled cache (crafted.build_index), so building it loads no model."""

from __future__ import annotations

from .crafted import record

ARTICLES = [
    *(
        record(
            f"ray-{n}",
            f"Ray Charles album {n}",
            f"Ray Charles recorded song number {n} in a studio.",
            "entertainment",
            f"2005-01-0{n}T10:00:00+00:00",
            people=("Ray Charles",),
        )
        for n in range(1, 5)
    ),
    record(
        "charles-1",
        "Prince visits school",
        "Charles opened a school in Wales on Monday.",
        "politics",
        "2005-02-01T10:00:00+00:00",
        people=("Charles",),
        places=("Wales",),
    ),
    record(
        "prince-1",
        "Prince Charles to wed",
        "Prince Charles will marry in April, the palace said.",
        "politics",
        "2005-02-10T10:00:00+00:00",
        people=("Prince Charles",),
        orgs=("Camilla Parker Bowles",),
    ),
    *(
        record(
            f"eu-{n}",
            f"European Union talks {n}",
            f"The European Union met about trade, round {n}.",
            "business",
            f"2005-03-0{n}T10:00:00+00:00",
            orgs=("European Union",),
        )
        for n in range(1, 4)
    ),
    record(
        "eu-4", "EU budget row", "The EU argued over its budget.", "business", "2005-03-09T10:00:00+00:00", orgs=("EU",)
    ),
    record(
        "mayor-1",
        "London mayor speaks",
        "London mayor Sadiq Khan spoke about buses.",
        "politics",
        "2016-06-01T10:00:00+00:00",
        people=("Sadiq Khan",),
        places=("London", "Sadiq"),
    ),
]
