"""The default indicator catalogue Lantern ships with (version 1), written for Lantern.

Domains follow the screening tools partnerships use (DESIGN.md §6.1): the SAFEGUARD domains for
sexual exploitation, then criminal exploitation and county lines, trafficking and modern
slavery, radicalisation and online harm. Each indicator is (code, text, weight). Weights are
1 low, 2 medium, 3 high; high-weight indicators are required, so none is left unconsidered.
The wording describes what is happening to the child, never blames them (DESIGN.md §6.8).
"""

from __future__ import annotations

from typing import Any

NAME = "Exploitation screening indicators"

Indicator = tuple[str, str, int]

DOMAINS: list[tuple[str, str, list[Indicator]]] = [
    (
        "sexual_health",
        "Sexual health and behaviour",
        [
            (
                "sti_or_pregnancy",
                "Sexually transmitted infection, pregnancy, termination or repeated requests for emergency contraception",
                3,
            ),
            (
                "older_partner",
                "In contact with an adult, or someone much older, in a potentially exploitative relationship",
                3,
            ),
            (
                "sexual_abuse_disclosed",
                "Has told someone about sexual abuse or assault, even if they later took it back",
                3,
            ),
            ("taken_to_parties", "Taken by others to parties, hotels or houses where adults are present", 3),
            ("sexualised_behaviour", "Sexualised language or behaviour not expected for their age", 2),
        ],
    ),
    (
        "absent_or_missing",
        "Absent from school or going missing",
        [
            ("missing_overnight", "Missing from home or care, including overnight", 3),
            (
                "collected_by_unknown",
                "Collected from school or home by unknown adults or in unknown vehicles",
                3,
            ),
            ("persistent_absence", "Persistently absent from school, or leaves school during the day", 2),
            (
                "returns_unexplained",
                "Returns from being missing with injuries or items that are not explained, or cannot say where they were",
                2,
            ),
        ],
    ),
    (
        "familial_abuse",
        "Familial abuse and home circumstances",
        [
            ("abuse_or_neglect_history", "History of abuse or neglect in the family", 2),
            ("domestic_abuse", "Domestic abuse at home", 2),
            ("care_experience", "Looked after, or has recently moved placement or home", 1),
            ("family_breakdown", "Relationship with parents or carers has broken down", 1),
        ],
    ),
    (
        "emotional_physical",
        "Emotional and physical condition",
        [
            ("self_harm", "Self-harm, thoughts of suicide or an eating disorder", 2),
            ("change_in_presentation", "Marked change in mood, appearance or behaviour", 1),
            ("low_self_esteem", "Low self-esteem, withdrawn or anxious", 1),
        ],
    ),
    (
        "gangs_associates",
        "Gangs, older associates and crime",
        [
            (
                "older_associates",
                "Spends time with older young people or adults who are of concern to professionals",
                3,
            ),
            ("gang_links", "Linked to a group involved in violence, drug supply or other crime", 3),
            (
                "arrested_with_others",
                "Arrested or charged, especially alongside older people or away from home",
                2,
            ),
            ("peers_exploited", "Friends or siblings are known to be exploited", 2),
        ],
    ),
    (
        "technology_bullying",
        "Use of technology and sexual bullying",
        [
            (
                "sexual_images",
                "Has been pressured to send sexual images, or images of them have been shared",
                3,
            ),
            ("sexual_bullying", "Sexual bullying or harassment by peers", 2),
            ("unknown_contacts", "Contacted online or by phone by people the family do not know", 2),
            (
                "secretive_phone_use",
                "Secretive about phone or online use, or has several social media accounts",
                1,
            ),
        ],
    ),
    (
        "alcohol_drugs",
        "Alcohol and drug misuse",
        [
            ("given_substances", "Given alcohol or drugs by adults or older young people", 3),
            ("substance_misuse", "Misusing alcohol or drugs", 2),
        ],
    ),
    (
        "gifts_money",
        "Unexplained gifts or money",
        [
            ("unexplained_items", "Has money, clothes, phones or other items that are not explained", 2),
            (
                "paid_for_by_others",
                "Travel, food or places to stay paid for by people unknown to the family",
                2,
            ),
        ],
    ),
    (
        "distrust_authority",
        "Distrust of authority",
        [
            (
                "told_not_to_talk",
                "Appears to have been told not to talk to professionals, or has been threatened",
                3,
            ),
            ("wary_of_professionals", "Wary of, or hostile towards, professionals or the police", 1),
        ],
    ),
    (
        "criminal_county_lines",
        "Criminal exploitation and county lines",
        [
            ("found_with_drugs_weapons_cash", "Found with drugs, weapons or large sums of cash", 3),
            ("found_out_of_area", "Travelling without explanation, or found out of area", 3),
            (
                "unexplained_injuries",
                "Injuries that are not explained, or that suggest violence or threats",
                3,
            ),
            (
                "debt",
                "Owes money or is in debt to others, including debts created by seized drugs or cash",
                3,
            ),
            (
                "home_used_by_others",
                "Their home, or a relative's home, is being used by others to supply drugs (cuckooing)",
                3,
            ),
            ("missing_episodes", "Missing episodes, especially when found in another area", 3),
            (
                "new_or_multiple_phones",
                "Has new phones or more than one phone, or a high volume of calls and messages",
                2,
            ),
            ("older_people", "Associating with older people who are not family or family friends", 2),
            (
                "exclusion_pru_neet",
                "Excluded from school, in a pupil referral unit or alternative provision, or not in education, employment or training",
                2,
            ),
            ("holding_for_others", "Carrying or storing packages, money or items for others", 2),
        ],
    ),
    (
        "trafficking_slavery",
        "Trafficking and modern slavery",
        [
            ("moved_by_others", "Moved between places by others, or does not know where they are living", 3),
            ("documents_held", "Identity documents held by someone else", 3),
            (
                "work_unpaid_or_bonded",
                "Made to work for little or no pay, or to pay off a debt to those who control them",
                3,
            ),
            ("unaccompanied_arrival", "Arrived in the UK alone, or with an adult who is not their parent", 2),
            ("fearful_of_adults", "Fearful of the adults they live or travel with", 2),
        ],
    ),
    (
        "radicalisation",
        "Radicalisation",
        [
            (
                "contact_with_extremists",
                "In contact with people or groups who promote extremist views or violence",
                3,
            ),
            ("extremist_material", "Accessing or sharing extremist material", 2),
            (
                "changed_views",
                "Sudden change in views, friends or behaviour, with an 'us and them' outlook",
                1,
            ),
            ("seeking_belonging", "Isolated and looking for belonging or identity", 1),
        ],
    ),
    (
        "online_harm",
        "Online harm",
        [
            ("groomed_online", "Being groomed or pressured online by someone they have not met in person", 3),
            (
                "threatened_with_images",
                "Threatened with the release of images or information (sextortion)",
                3,
            ),
            ("online_gifts", "Given gifts, money or in-game currency online", 2),
            ("online_late_at_night", "Online late at night and tired at school", 1),
        ],
    ),
]


def install(catalogue_model: Any, domain_model: Any, indicator_model: Any, *, published_at: Any) -> Any:
    """Create version 1 from ``DOMAINS``. Takes the models so a migration can pass its historical ones."""
    catalogue = catalogue_model.objects.create(
        name=NAME,
        version_number=1,
        published_at=published_at,
        is_current=True,
        change_note="The default catalogue Lantern ships with.",
    )
    for domain_order, (domain_code, domain_name, indicators) in enumerate(DOMAINS, start=1):
        domain = domain_model.objects.create(
            catalogue=catalogue, code=domain_code, name=domain_name, order=domain_order
        )
        indicator_model.objects.bulk_create(
            indicator_model(
                domain=domain, code=code, text=text, weight=weight, required=weight == 3, order=order
            )
            for order, (code, text, weight) in enumerate(indicators, start=1)
        )
    return catalogue
