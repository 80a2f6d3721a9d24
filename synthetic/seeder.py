"""The synthetic records, written with bulk inserts: programs, partners and their years,
activities, events with their dates and partners, publications (see seed_synthetic)."""

import datetime
import random
from calendar import monthrange

from django.conf import settings
from django.utils.text import slugify

from cicte.enums import ContentStatus, Language, YearStatus
from cicte.models import ReportingYear
from events.enums import (
    DatePrecision,
    EventFormat,
    EventKind,
    ParticipationLevel,
    SecretariatRole,
)
from events.models import Event, EventDate, EventPartner
from partners.enums import PartnerCategory, PartnerRole
from partners.models import Partner, PartnerYear
from programs.enums import ActivityKind
from programs.models import Activity, ActivityPartner, Program, ProgramYear
from publications.enums import PublicationKind
from publications.models import CoPublisher, Edition, Publication
from synthetic.vocabulary import (
    EVENT_KINDS,
    KIND_WORDS,
    MEETING_WORDS,
    PARTNER_CATEGORIES,
    PARTNER_NAMES,
    PARTNER_WORDS,
    PLACES,
    PROGRAMS,
    SYNTHETIC_TITLE_PREFIX,
    TOPICS,
    YEARS,
)

BATCH = 5000


def weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


class Texts:
    """Keyword arguments for a model's text fields, in every column modeltranslation adds.

    bulk_create skips the pre_save hook that turns a missing translation into "", so every
    language column is set here: English always, Spanish when given, the others empty.
    """

    def __init__(self):
        try:
            from modeltranslation.translator import NotRegistered, translator
        except ImportError:  # pragma: no cover - the site always has modeltranslation
            translator, NotRegistered = None, Exception
        self.translator = translator
        self.not_registered = NotRegistered
        self.languages = getattr(settings, "MODELTRANSLATION_LANGUAGES", ())
        self.fields = {}

    def translated(self, model) -> frozenset:
        if model not in self.fields:
            try:
                names = self.translator.get_options_for_model(model).get_field_names()
            except (self.not_registered, AttributeError):
                names = ()
            self.fields[model] = frozenset(names)
        return self.fields[model]

    def __call__(self, model, **values) -> dict:
        """values: field name → English text, or (English, Spanish or "")."""
        kwargs = {}
        translated = self.translated(model)
        for name, value in values.items():
            english, spanish = value if isinstance(value, tuple) else (value, "")
            kwargs[name] = english
            if name in translated:
                for language in self.languages:
                    kwargs[f"{name}_{language}"] = {"en": english, "es": spanish}.get(language, "")
        return kwargs


class Seeder:
    def __init__(self, rng, years, events, log):
        self.rng = rng
        self.years = years
        self.events = events
        self.log = log
        self.texts = Texts()
        self.counts = {}

    def save(self, model, objects, name):
        model.objects.bulk_create(objects, batch_size=BATCH)
        self.counts[name] = self.counts.get(name, 0) + len(objects)
        self.log(f"{len(objects)} {name}")
        return objects

    def run(self):
        self.reporting_years = self.save(
            ReportingYear,
            [
                ReportingYear(
                    year=year,
                    status=YearStatus.PUBLISHED if year == self.years[-1] else YearStatus.CLOSED,
                    **self.texts(
                        ReportingYear,
                        title=f"{SYNTHETIC_TITLE_PREFIX} {year}",
                        introduction="Made-up data for trying the site at scale.",
                        general_assembly_session="",
                        approved_at="",
                    ),
                )
                for year in self.years
            ],
            "reporting years",
        )
        self.programs = self.make_programs()
        self.partners = self.make_partners()
        self.make_partner_years()
        self.activities = self.make_activities()
        self.make_events()
        self.make_publications()
        return self.counts

    def make_programs(self):
        existing = {program.slug: program for program in Program.objects.all()}
        created = 0
        for position, (slug, english, spanish, parent) in enumerate(PROGRAMS):
            if slug in existing:
                continue
            program = Program(
                slug=slug,
                position=position,
                parent=existing.get(parent),
                **self.texts(Program, name=(english, spanish), description=english + "."),
            )
            program.save()
            existing[slug] = program
            created += 1
        self.counts["programs"] = created
        programs = list(Program.objects.order_by("position", "pk"))
        self.save(
            ProgramYear,
            [
                ProgramYear(
                    program=program,
                    year=year,
                    **self.texts(
                        ProgramYear,
                        narrative=(
                            f"In {year.year} the program went on with its work.",
                            f"En {year.year} el programa continuó su trabajo.",
                        ),
                    ),
                )
                for year in self.reporting_years
                for program in programs
            ],
            "program years",
        )
        return programs

    def make_partners(self):
        rng = self.rng
        count = max(len(PARTNER_CATEGORIES), self.events // 50)
        countries = [code for _city, code in PLACES]
        partners = []
        for number in range(1, count + 1):
            category = weighted(rng, PARTNER_CATEGORIES)
            kind = rng.choice(PARTNER_NAMES[category])
            name = f"{rng.choice(PARTNER_WORDS)} {kind} {number}"
            partners.append(
                Partner(
                    slug=f"{slugify(name)}",
                    category=category,
                    country=rng.choice(countries)
                    if category == PartnerCategory.MEMBER_STATE
                    else "",
                    website=f"https://partner-{number}.example.org",
                    **self.texts(
                        Partner,
                        name=name,
                        acronym="".join(word[0] for word in name.split()[:-1]).upper(),
                        acronym_note="",
                        description=f"{name} works with the secretariat.",
                    ),
                )
            )
        return self.save(Partner, partners, "partners")

    def make_partner_years(self):
        """One partner in seven is listed in each year's Annex 4; a quarter of them gave funds."""
        rows = []
        for year in self.reporting_years:
            for partner in self.rng.sample(self.partners, max(1, len(self.partners) // 7)):
                rows.append(
                    PartnerYear(
                        partner=partner,
                        year=year,
                        listed_in_annex=True,
                        financial_contributor=self.rng.random() < 0.25,
                        **self.texts(PartnerYear, name_as_printed=""),
                    )
                )
        self.save(PartnerYear, rows, "partner years (contributions)")

    def make_activities(self):
        rng = self.rng
        per_year = max(1, self.events // 5 // YEARS)
        activities, roles = [], []
        countries = [code for _city, code in PLACES]
        for year in self.reporting_years:
            for number in range(per_year):
                topic_en, topic_es = rng.choice(TOPICS)
                start = datetime.date(year.year, rng.randint(1, 12), rng.randint(1, 28))
                activity = Activity(
                    program=rng.choice(self.programs),
                    year=year,
                    kind=rng.choice(ActivityKind.values),
                    slug=f"synthetic-activity-{year.year}-{number}",
                    start_date=start,
                    end_date=min(
                        start + datetime.timedelta(days=rng.randint(0, 200)),
                        datetime.date(year.year, 12, 31),
                    ),
                    countries=rng.sample(countries, rng.randint(1, 4)),
                    participants=rng.randint(10, 500),
                    **self.texts(
                        Activity,
                        title=(
                            f"Project on {topic_en} {number}",
                            f"Proyecto de {topic_es} {number}",
                        ),
                        description=f"Training and assistance on {topic_en}.",
                        figures_note="",
                    ),
                )
                activities.append(activity)
        self.save(Activity, activities, "activities")
        for activity in activities:
            for partner in rng.sample(self.partners, rng.randint(0, 3)):
                roles.append(
                    ActivityPartner(
                        activity=activity, partner=partner, role=rng.choice(PartnerRole.values)
                    )
                )
        self.save(ActivityPartner, roles, "activity partners")
        self.activities_by_year = {}
        for activity in activities:
            self.activities_by_year.setdefault(activity.year_id, []).append(activity)
        return activities

    def event_title(self, kind, topic, city, number):
        (topic_en, topic_es) = topic
        word_en, word_es = KIND_WORDS.get(kind, MEETING_WORDS)
        english = f"{word_en} on {topic_en} in {city}"
        spanish = f"{word_es} sobre {topic_es} en {city}"
        if number % 3 == 0:
            english = f"{english} ({number})"
            spanish = f"{spanish} ({number})"
        return english, spanish

    def date_ranges(self, year):
        """One to three ranges in the year: mostly single days, some weeks, a few months."""
        rng = self.rng
        ranges = []
        starts = set()
        for _n in range(weighted(rng, [(1, 70), (2, 22), (3, 8)])):
            month = rng.randint(1, 12)
            shape = rng.random()
            if shape < 0.05:
                start = datetime.date(year, month, 1)
                last = rng.randint(month, 12)
                end = datetime.date(year, last, monthrange(year, last)[1])
                precision = DatePrecision.MONTH
            else:
                start = datetime.date(year, month, rng.randint(1, 28))
                length = 0 if shape < 0.6 else rng.randint(1, 5)
                end = start + datetime.timedelta(days=length)
                precision = DatePrecision.DAY
            if start not in starts:
                starts.add(start)
                ranges.append((start, end, precision))
        return ranges

    def make_events(self):
        rng = self.rng
        per_year, extra = divmod(self.events, YEARS)
        total = 0
        for index, year in enumerate(self.reporting_years):
            count = per_year + (1 if index < extra else 0)
            events, dates, links, roles = [], [], [], []
            activities = self.activities_by_year.get(year.pk, [])
            for number in range(count):
                kind = weighted(rng, EVENT_KINDS)
                city, country = rng.choice(PLACES)
                virtual = kind in EventKind.virtual_forums()
                topic = rng.choice(TOPICS)
                english, spanish = self.event_title(kind, topic, city, number)
                ranges = self.date_ranges(year.year)
                level = ""
                if kind == EventKind.HIGH_LEVEL_MEETING or (not virtual and rng.random() < 0.03):
                    level = rng.choice(ParticipationLevel.values)
                event = Event(
                    year=year,
                    slug=f"synthetic-{year.year}-{number}",
                    kind=kind,
                    format=EventFormat.VIRTUAL
                    if virtual
                    else weighted(
                        rng,
                        [
                            (EventFormat.IN_PERSON, 6),
                            (EventFormat.HYBRID, 2),
                            (EventFormat.VIRTUAL, 2),
                        ],
                    ),
                    status=ContentStatus.PUBLISHED if rng.random() < 0.95 else ContentStatus.DRAFT,
                    city="" if virtual else city,
                    country="" if virtual else country,
                    # Half the virtual events serve the country drawn for them, as the 2020
                    # national and sub-regional webinars do (no draw: the data stays the same).
                    countries_served=[country] if virtual and number % 2 == 0 else [],
                    activity=rng.choice(activities) if activities and rng.random() < 0.3 else None,
                    secretariat_role=weighted(
                        rng,
                        [
                            (SecretariatRole.ORGANISER, 4),
                            (SecretariatRole.CO_ORGANISER, 3),
                            (SecretariatRole.PARTICIPANT, 4),
                            (SecretariatRole.OBSERVER, 1),
                        ],
                    ),
                    participation_level=level,
                    attendance=rng.randint(15, 900) if rng.random() < 0.6 else None,
                    starts_on=min(start for start, _end, _p in ranges),
                    ends_on=max(end for _start, end, _p in ranges),
                    **self.texts(
                        Event,
                        # One event in three has its Spanish title and description.
                        title=(english, spanish if rng.random() < 0.35 else ""),
                        description=(
                            f"The secretariat's {english.lower()}: experts from the region on "
                            f"{topic[0]}.",
                            f"Expertos de la región sobre {topic[1]}."
                            if rng.random() < 0.35
                            else "",
                        ),
                        attendance_note="",
                    ),
                )
                event.choose_annex()  # save() would; bulk_create does not call it
                event.calendar_id = event.slug  # as events.signals would
                event._synthetic_ranges = ranges
                events.append(event)
            Event.objects.bulk_create(events, batch_size=BATCH)
            for event in events:
                for start, end, precision in event._synthetic_ranges:
                    dates.append(EventDate(event=event, start=start, end=end, precision=precision))
                for program in rng.sample(
                    self.programs, weighted(rng, [(1, 60), (2, 30), (3, 10)])
                ):
                    links.append(Event.programs.through(event=event, program=program))
                partners = rng.sample(
                    self.partners, weighted(rng, [(0, 25), (1, 30), (2, 25), (3, 12), (4, 8)])
                )
                for position, partner in enumerate(partners):
                    roles.append(
                        EventPartner(
                            event=event,
                            partner=partner,
                            role=rng.choice(PartnerRole.values),
                            position=position,
                            **self.texts(EventPartner, name_as_printed=""),
                        )
                    )
            EventDate.objects.bulk_create(dates, batch_size=BATCH)
            Event.programs.through.objects.bulk_create(links, batch_size=BATCH)
            EventPartner.objects.bulk_create(roles, batch_size=BATCH)
            for name, rows in (
                ("events", events),
                ("event date ranges", dates),
                ("event programs", links),
                ("event partners", roles),
            ):
                self.counts[name] = self.counts.get(name, 0) + len(rows)
            total += len(events)
            self.log(f"{total} events")

    def make_publications(self):
        rng = self.rng
        per_year = max(1, self.events // 20 // YEARS)
        publications, links, co_publishers, editions = [], [], [], []
        for year in self.reporting_years:
            for number in range(per_year):
                topic_en, topic_es = rng.choice(TOPICS)
                kind = rng.choice(PublicationKind.values)
                publications.append(
                    Publication(
                        year=year,
                        slug=f"synthetic-publication-{year.year}-{number}",
                        kind=kind,
                        published_on=datetime.date(year.year, rng.randint(1, 12), 1),
                        status=ContentStatus.PUBLISHED
                        if rng.random() < 0.95
                        else ContentStatus.DRAFT,
                        **self.texts(
                            Publication,
                            title=(
                                f"{kind.replace('_', ' ').capitalize()} on {topic_en} {number}",
                                f"Estudio sobre {topic_es} {number}",
                            ),
                            description=f"A publication on {topic_en}.",
                        ),
                    )
                )
        self.save(Publication, publications, "publications")
        for publication in publications:
            for program in rng.sample(self.programs, rng.randint(1, 2)):
                links.append(Publication.programs.through(publication=publication, program=program))
            for position, partner in enumerate(rng.sample(self.partners, rng.randint(0, 2))):
                co_publishers.append(
                    CoPublisher(
                        publication=publication,
                        partner=partner,
                        position=position,
                        **self.texts(CoPublisher, name_as_printed=""),
                    )
                )
            for language in rng.sample(Language.values, rng.randint(1, 4)):
                editions.append(
                    Edition(
                        publication=publication,
                        language=language,
                        url=f"https://example.org/{publication.slug}-{language}.pdf",
                    )
                )
        self.save(Publication.programs.through, links, "publication programs")
        self.save(CoPublisher, co_publishers, "co-publishers")
        self.save(Edition, editions, "language editions")
