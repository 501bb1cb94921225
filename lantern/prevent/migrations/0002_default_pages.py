"""Default public pages, written for Lantern from the partnership's published strategy and schools
spotlight. The partnership admin edits them in Lantern; these are only version 1."""

from django.db import migrations
from django.utils import timezone

PAGES = [
    (
        "child-exploitation",
        "What child exploitation looks like",
        "When someone uses a child for sex, crime or money, and how to spot it.",
        """Child exploitation is when a person or a group uses their power over a child or young person under 18 to make them do something. That might be sexual activity, carrying or selling drugs, stealing, or holding money or weapons.

It is abuse. The child is a victim, even if they seem to agree, even if they are getting something out of it, and even if they have broken the law.

## How it starts

It often starts with something that feels good: attention, gifts, money, food, a lift, a phone, a place to belong. Then it turns into a debt or a threat. Young people have described it as being "trapped and you haven't got a clue".

It can happen face to face or online, through games, social media and messages.

## Signs to look out for

- new phones, clothes, trainers or money they cannot explain
- older friends, or a boyfriend or girlfriend much older than them
- getting into cars with people you do not know
- going missing, staying out late, or coming home tired or hurt
- being secretive about their phone, or getting lots of calls and messages
- dropping old friends, or missing school
- seeming scared, angry, withdrawn or very low

One sign on its own does not mean a child is being exploited. But if something does not feel right, it is always right to ask for advice.

## Words young people use

Young people may not call it exploitation. They might talk about "working", "going OT" (out of town), "owing", "a debt", "the plug", "a trap house" or "running a line". If you hear words like these, ask what they mean.""",
    ),
    (
        "county-lines",
        "County lines",
        "How drug gangs use children to carry and sell drugs in other towns.",
        """County lines is when a gang or criminal network sells drugs in a town away from where they are based, using a phone line to take orders. They use children and vulnerable adults to carry and hide the drugs and money, and often to travel to other towns to sell them.

## How children are drawn in

Gangs offer money, gifts, friendship or protection. They may set the child up to "owe" them, for example by staging a robbery of the drugs they were carrying. Then they use threats and violence, sometimes against the child's family, to keep them working.

## Signs to look out for

- travelling to other towns, or being found a long way from home
- train or bus tickets, or unexplained taxi rides
- more than one phone, or a cheap phone that never stops ringing
- injuries they will not explain
- carrying a weapon
- spending time at an adult's home where drugs are sold (sometimes called "cuckooing")

The child is a victim of exploitation. If you are worried, tell someone: you could help stop the harm.""",
    ),
    (
        "going-missing",
        "When a child goes missing",
        "Why going missing matters, and what to do.",
        """Going missing from home, care or school can be a sign that a child is being harmed or exploited. While they are missing, they are at greater risk.

## If your child is missing

- Call the police on 999 if you think they are in danger. Otherwise call 101. You do not have to wait 24 hours.
- Tell the police who they might be with and where they might go, and share a recent photo.
- Keep your phone with you and charged.

## When they come back

Try to stay calm and welcoming, even if you are upset or angry. They will be offered a chat with someone independent (a "return interview") about what happened and whether they are safe. This is not about getting them into trouble.

## If they keep going missing

Going missing again and again is a strong warning sign. Talk to the children's services front door for your area: they can help.""",
    ),
    (
        "parents-and-carers",
        "For parents, carers and the community",
        "It could happen here: what you can do if you are worried.",
        """Exploitation happens in every kind of family and every kind of place: towns, villages, schools and online. Think "it could happen here".

## If you are worried about a child

It is not nosy or disloyal to ask for advice. If you are worried for someone, getting help is a positive thing to do.

- If a child is in danger right now, call 999.
- If it is not an emergency, call the police on 101, or contact the children's services front door for the area where the child lives.
- You can also tell the front door online, using the "Raise a worry about a child" form.

## Talking with your child

Ask open questions and listen without judging. Let them know that whatever has happened, it is not their fault and they will not be in trouble for telling you.

## Schools

Schools teach children about healthy relationships and about when a relationship is unequal or unsafe. They have ways for children to speak up for themselves or for a friend. If you are worried, talk to the school's designated safeguarding lead.""",
    ),
]


def create_pages(apps, schema_editor):
    PublicPage = apps.get_model("prevent", "PublicPage")
    PublicPageVersion = apps.get_model("prevent", "PublicPageVersion")
    now = timezone.now()
    for position, (slug, title, summary, body) in enumerate(PAGES, start=1):
        if PublicPage.objects.filter(slug=slug).exists():
            continue
        page = PublicPage.objects.create(slug=slug, position=position)
        PublicPageVersion.objects.create(
            page=page,
            number=1,
            title=title,
            summary=summary,
            body=body,
            status="published",
            published_at=now,
        )


def remove_pages(apps, schema_editor):
    PublicPage = apps.get_model("prevent", "PublicPage")
    PublicPageVersion = apps.get_model("prevent", "PublicPageVersion")
    slugs = [slug for slug, *_ in PAGES]
    PublicPageVersion.objects.filter(page__slug__in=slugs).delete()
    PublicPage.objects.filter(slug__in=slugs).delete()


class Migration(migrations.Migration):
    dependencies = [("prevent", "0001_initial")]

    operations = [migrations.RunPython(create_pages, remove_pages)]
