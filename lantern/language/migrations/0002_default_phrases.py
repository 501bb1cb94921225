"""The default appropriate-language list of DESIGN.md §6.8, in Lantern's own words.

Written into the migration (not imported from app code) so it always seeds the same list.
Each phrase starts at version 1 with a revision row recording that Lantern shipped it.
"""

from django.db import migrations
from django.utils import timezone

DEFAULT_PHRASES = [
    (
        "{put|puts|putting|place|places|placing} {himself|herself|themselves|themself} {at risk|in danger}",
        "may have been groomed or is being exploited",
        "It suggests the child is responsible for the harm done to them. The risk comes from the "
        "people exploiting them; the child is a victim.",
    ),
    (
        "sexually active",
        "has been sexually abused or may have been coerced",
        "Said of a child who is being abused, it hides the abuse and implies the child chose it.",
    ),
    (
        "in a relationship with",
        "in a potentially exploitative relationship with",
        "A 'relationship' between an adult and a child can hide grooming and abuse. Name the power "
        "imbalance and the risk.",
    ),
    (
        "{boyfriend|boyfriends|girlfriend|girlfriends}",
        "an adult in a potentially exploitative relationship with them",
        "Calling an adult who abuses a child their boyfriend or girlfriend hides the exploitation. "
        "If this is a relationship between young people of a similar age, this advice may not apply.",
    ),
    (
        "involved in {CSE|CCE|child sexual exploitation|child criminal exploitation|exploitation|county lines}",
        "a victim of exploitation",
        "'Involved in' suggests the child chose to take part. A child who is exploited is a victim.",
    ),
    (
        "recruited",
        "criminally exploited",
        "Recruitment is the language of employment and choice. A child drawn into crime by others is "
        "being criminally exploited.",
    ),
    (
        "{working for|works for|worked for}",
        "being criminally exploited by",
        "A child 'working for' a dealer or a group is being criminally exploited, not employed. "
        "If this is about lawful work, this advice does not apply.",
    ),
    (
        "{consented|consensual}",
        "a child cannot consent to their own abuse",
        "A child cannot consent to being abused or exploited. If this is about consent to share "
        "information or to a referral, this advice does not apply.",
    ),
    (
        "{child prostitute|child prostitutes|child prostitution|prostitute|prostitutes|prostitution}",
        "child sexual exploitation",
        "A child cannot be a prostitute. The child is a victim of sexual exploitation and abuse.",
    ),
    (
        "{keeps|kept|keep} going missing",
        "is being controlled or may have been trafficked",
        "It blames the child. Repeated missing episodes are a sign that someone may be controlling "
        "or moving them.",
    ),
    (
        "{went|goes|has gone|gone} missing again",
        "is being controlled or may have been trafficked",
        "It suggests the child is being difficult. Repeated missing episodes are a sign that someone "
        "may be controlling or moving them.",
    ),
    (
        "{risky|high risk|high-risk} lifestyle",
        "describe the harm and who is causing it",
        "It suggests the child chose the harm. Say what is happening to the child and who is responsible.",
    ),
    (
        "{lifestyle choice|lifestyle choices}",
        "is being exploited (describe the control or coercion)",
        "Children cannot make a free choice to be exploited. It places the blame on the child.",
    ),
    (
        "{streetwise|street-wise|street wise}",
        "has experiences that may have normalised abuse and exploitation",
        "It suggests the child can look after themselves. Knowledge gained through exploitation "
        "increases their vulnerability, not their safety.",
    ),
    (
        "promiscuous",
        "may be being sexually abused or exploited",
        "It blames the child and hides abuse. Describe what is happening to them and who is responsible.",
    ),
]


def add_defaults(apps, schema_editor):
    Phrase = apps.get_model("language", "LanguagePhrase")
    Revision = apps.get_model("language", "LanguagePhraseRevision")
    now = timezone.now()
    for pattern, suggestion, why in DEFAULT_PHRASES:
        if Phrase.objects.filter(pattern=pattern).exists():
            continue
        phrase = Phrase.objects.create(
            pattern=pattern, suggestion=suggestion, why=why, active=True, version=1
        )
        Revision.objects.create(
            phrase=phrase,
            version=1,
            change="created",
            pattern=pattern,
            suggestion=suggestion,
            why=why,
            active=True,
            changed_at=now,
            changed_by=None,
            changed_by_name="",
        )


def remove_defaults(apps, schema_editor):
    Phrase = apps.get_model("language", "LanguagePhrase")
    Revision = apps.get_model("language", "LanguagePhraseRevision")
    patterns = [pattern for pattern, _, _ in DEFAULT_PHRASES]
    untouched = Phrase.objects.filter(pattern__in=patterns, version=1)
    Revision.objects.filter(phrase__in=untouched).delete()
    untouched.delete()


class Migration(migrations.Migration):
    dependencies = [("language", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
