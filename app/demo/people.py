"""Deterministic, fast generators of Arabic demonstration people and organisations.

``sila demo --scale N`` fills a database with up to a million records, so a person
must cost a few microseconds and the same seed must give the same data on every run
and every machine:

- every draw comes from the instance's own :class:`random.Random` (never the module
  one), and only through ``random()`` and ``getrandbits()``, whose output for a given
  seed is stable across CPython versions and platforms; no set is ever iterated and
  nothing depends on ``hash()``;
- the word lists are expanded once, at import, into lookup tables whose size is a
  power of two, so each pick is one small ``getrandbits(k)`` used as an index (no
  ``choice``, no ``choices``); the most common names fill more slots and so come up
  more often;
- mobiles, national IDs and landlines are never repeated within one
  :class:`DemoPeople` (a dedup screen should not find spurious duplicates in demo
  data, and unique columns must accept it). They come from Lehmer generators
  (``x ← a·x mod p``, ``p`` prime, ``a`` a primitive root chosen from the seed), which
  visit every residue once per period: pseudo-random order, no memory, no retry.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import islice
from typing import Final, Literal, TypeVar

from app.demo.names import (
    BANKS,
    CITY_IDS,
    CITY_NAMES,
    FAMILY_NAMES,
    FEMALE_FIRST_NAMES,
    FEMALE_PROFESSIONS,
    MALE_FIRST_NAMES,
    MALE_PROFESSIONS,
    MUNICIPALITIES,
    NEIGHBOURHOODS,
    ORGANISATION_PATTERNS,
    UNIVERSITIES,
    CityId,
)

__all__ = [
    "DEFAULT_CITY_WEIGHTS",
    "EMAIL_DOMAIN",
    "MOBILE_PREFIXES",
    "DemoOrganisation",
    "DemoPeople",
    "DemoPerson",
    "Gender",
]

T = TypeVar("T")
Gender = Literal["m", "f"]

# Saudi mobile operator prefixes after +966: STC 50/53/55, Mobily 54/56, Zain 58/59,
# virtual operators 57.
MOBILE_PREFIXES: Final[tuple[str, ...]] = ("50", "53", "54", "55", "56", "57", "58", "59")
EMAIL_DOMAIN: Final = "example.sa"
EMAIL_WORDS: Final[tuple[str, ...]] = (
    "user", "member", "contact", "mail", "home", "family", "hello", "info",
)
# Jeddah is the largest of the three cities, Taif the smallest.
DEFAULT_CITY_WEIGHTS: Final[Mapping[CityId, float]] = {"jeddah": 50, "makkah": 35, "taif": 15}
# First digit of the 7-digit subscriber number of a landline in area code 012.
_LANDLINE_LEADS: Final[Mapping[CityId, str]] = {"makkah": "5", "jeddah": "6", "taif": "7"}

_EMAIL_PER_1024: Final = 307  # about 30 % of people give an e-mail address
_CITIZENS_PER_4: Final = 3  # about 75 % are citizens (ID 1…), the rest residents (ID 2…)

# Bits of a lookup index; a table has 2**bits slots.
_NAME_BITS: Final = 12
_PROFESSION_BITS: Final = 10
_CITY_BITS: Final = 8
_HOOD_BITS: Final = 9


@dataclass(frozen=True, slots=True)
class DemoPerson:
    """One generated person. ``full_name`` is ``first father family``.

    First and father's names are one word each; a family name may be two
    (``بن لادن``), so the parts are read back by splitting at the first two spaces.
    """

    full_name: str
    gender: Gender
    mobile: str  # canonical +9665XXXXXXXX
    city: CityId
    neighbourhood: str
    profession: str
    email: str | None
    national_id: str  # 10 digits: 1… citizen, 2… resident (no check digit)

    @property
    def first_name(self) -> str:
        return self.full_name.split(" ", 1)[0]

    @property
    def father_name(self) -> str:
        return self.full_name.split(" ", 2)[1]

    @property
    def family_name(self) -> str:
        return self.full_name.split(" ", 2)[2]


@dataclass(frozen=True, slots=True)
class DemoOrganisation:
    """One generated donor, company or public body."""

    name: str
    city: CityId
    neighbourhood: str
    phone: str  # canonical landline +96612XXXXXXX


def _expand(items: Sequence[T], weights: Sequence[float], bits: int) -> tuple[T, ...]:
    """A table of ``2**bits`` slots where each item fills a share close to its weight.

    Every item gets at least one slot; the rest are shared by largest remainder (ties
    to the earlier item), so drawing a uniform index follows the weights.
    """
    size = 1 << bits
    if not items or len(items) != len(weights) or len(items) > size:
        raise ValueError("need 1 to 2**bits items, one weight each")
    total = math.fsum(weights)
    if total <= 0 or min(weights) < 0:
        raise ValueError("weights must be non-negative and not all zero")
    spare = size - len(items)
    exact = [w * spare / total for w in weights]
    counts = [1 + int(e) for e in exact]
    by_remainder = sorted(range(len(items)), key=lambda i: (int(exact[i]) - exact[i], i))
    for i in by_remainder[: size - sum(counts)]:
        counts[i] += 1
    return tuple(item for item, count in zip(items, counts, strict=True) for _ in range(count))


def _popular(items: Sequence[str], flatness: float, bits: int) -> tuple[str, ...]:
    """Zipf-like table: the item at rank ``i`` has weight ``1 / (i + flatness)``."""
    return _expand(items, [1 / (i + flatness) for i in range(len(items))], bits)


_MALE_FIRST = _popular(MALE_FIRST_NAMES, 3, _NAME_BITS)  # محمد ≈ 8 %
_FEMALE_FIRST = _popular(FEMALE_FIRST_NAMES, 3, _NAME_BITS)
_FAMILY = _popular(FAMILY_NAMES, 12, _NAME_BITS)  # flatter: الغامدي ≈ 3 %
_MALE_PROFESSION = _popular(MALE_PROFESSIONS, 2, _PROFESSION_BITS)
_FEMALE_PROFESSION = _popular(FEMALE_PROFESSIONS, 2, _PROFESSION_BITS)
_HOODS: dict[CityId, tuple[str, ...]] = {
    city: _expand(hoods, [1] * len(hoods), _HOOD_BITS) for city, hoods in NEIGHBOURHOODS.items()
}
# A mobile's national number is 9 digits: the 2-digit prefix, then 7 digits.
_MOBILE_BLOCK: Final = 10_000_000
_MOBILE_BASES: Final = tuple(int(prefix) * _MOBILE_BLOCK for prefix in MOBILE_PREFIXES)


@dataclass(frozen=True)
class _Cycle:
    """A Lehmer generator's constants: ``modulus`` prime, ``root`` a primitive root.

    ``factors`` are the distinct primes of ``modulus - 1`` (kept for the test that
    checks ``root`` really is primitive); values at or above ``limit`` are skipped.
    """

    limit: int
    modulus: int
    root: int
    factors: tuple[int, ...]


_MOBILE_CYCLE: Final = _Cycle(80_000_000, 80_000_023, 5, (2, 3, 317, 42_061))
_NATIONAL_ID_CYCLE: Final = _Cycle(1_000_000_000, 1_000_000_007, 5, (2, 500_000_003))
_LANDLINE_CYCLE: Final = _Cycle(1_000_000, 1_000_003, 2, (2, 3, 166_667))


class _Unique:
    """Distinct pseudo-random integers in ``[1, limit)``, in an order set by the seed.

    The multiplier is ``root**e`` with ``e`` coprime to ``modulus - 1``, itself a
    primitive root, so every seed walks the whole cycle in its own order: no value
    repeats before ``modulus - 1`` draws.
    """

    __slots__ = ("limit", "modulus", "multiplier", "state")

    def __init__(self, rnd: random.Random, cycle: _Cycle) -> None:
        self.limit = cycle.limit
        self.modulus = cycle.modulus
        order = cycle.modulus - 1
        while True:
            exponent = 1 + rnd.getrandbits(48) % (order - 1)
            if math.gcd(exponent, order) == 1:
                break
        self.multiplier = pow(cycle.root, exponent, cycle.modulus)
        self.state = 1 + rnd.getrandbits(48) % order

    def next(self) -> int:
        x = self.state * self.multiplier % self.modulus
        while x >= self.limit:
            x = x * self.multiplier % self.modulus
        self.state = x
        return x


def _format_mobile(x: int) -> str:
    """Draw ``x`` of the mobile cycle (``[1, 8·10⁷)``) as ``+9665XXXXXXXX``."""
    return f"+966{_MOBILE_BASES[x // _MOBILE_BLOCK] + x % _MOBILE_BLOCK}"


def _people(
    rnd: random.Random,
    cities: tuple[tuple[CityId, tuple[str, ...]], ...],
    mobiles: _Unique,
    citizens: _Unique,
    residents: _Unique,
) -> Iterator[DemoPerson]:
    """The endless stream behind :meth:`DemoPeople.person` and :meth:`DemoPeople.people`.

    Seven ``getrandbits`` calls of at most 15 bits per person (CPython's fast path,
    cheaper than cutting one wide draw): gender and first name, father, family, city,
    neighbourhood, profession, then e-mail and citizenship. The unique streams' state
    lives on their objects, shared with :meth:`DemoPeople.mobile`; only their
    constants are copied into locals here.
    """
    bits = rnd.getrandbits
    male, female, family = _MALE_FIRST, _FEMALE_FIRST, _FAMILY
    male_jobs, female_jobs = _MALE_PROFESSION, _FEMALE_PROFESSION
    bases, block, words, at_domain = _MOBILE_BASES, _MOBILE_BLOCK, EMAIL_WORDS, "@" + EMAIL_DOMAIN
    make = DemoPerson
    m_mul, m_mod, m_lim = mobiles.multiplier, mobiles.modulus, mobiles.limit
    c_mul, c_mod, c_lim = citizens.multiplier, citizens.modulus, citizens.limit
    r_mul, r_mod, r_lim = residents.multiplier, residents.modulus, residents.limit
    name_bits, job_bits, city_bits, hood_bits = _NAME_BITS, _PROFESSION_BITS, _CITY_BITS, _HOOD_BITS
    first_bits = name_bits + 1
    half = 1 << (name_bits - 1)
    citizen_base, resident_base = 1_000_000_000, 2_000_000_000
    gender: Gender
    while True:
        drawn = bits(first_bits)
        father_slot = bits(name_bits)
        father = male[father_slot]
        if drawn & 1:
            gender = "f"
            first = female[drawn >> 1]
            job = female_jobs[bits(job_bits)]
        else:
            gender = "m"
            first = male[drawn >> 1]
            if first == father:  # a son is seldom named after his own father
                father = male[father_slot ^ half]
            job = male_jobs[bits(job_bits)]
        city, hoods = cities[bits(city_bits)]

        x = mobiles.state * m_mul % m_mod
        while x >= m_lim:
            x = x * m_mul % m_mod
        mobiles.state = x
        mobile = f"+966{bases[x // block] + x % block}"

        extra = bits(15)  # e-mail 10 bits, its word 3, citizenship 2
        if extra >> 13 < _CITIZENS_PER_4:
            y = citizens.state * c_mul % c_mod
            while y >= c_lim:
                y = y * c_mul % c_mod
            citizens.state = y
            national_id = str(citizen_base + y)
        else:
            y = residents.state * r_mul % r_mod
            while y >= r_lim:
                y = y * r_mul % r_mod
            residents.state = y
            national_id = str(resident_base + y)

        # The mobile is unique, so an address built on it is unique too.
        email = (
            f"{words[(extra >> 10) & 7]}{mobile[4:]}{at_domain}"
            if extra & 1023 < _EMAIL_PER_1024
            else None
        )
        yield make(
            f"{first} {father} {family[bits(name_bits)]}", gender, mobile,
            city, hoods[bits(hood_bits)], job, email, national_id,
        )


class DemoPeople:
    """Arabic demonstration people and organisations from Makkah, Jeddah and Taif.

    Everything comes from one ``random.Random(seed)``: the same seed and the same
    sequence of calls give the same data on every run and machine. Within one
    instance no mobile, national ID or landline is handed out twice.

    ``cities`` weighs how people and organisations spread over the city ids
    (default :data:`DEFAULT_CITY_WEIGHTS`); a city left out gets nobody.
    """

    def __init__(self, seed: int = 1447, *, cities: Mapping[CityId, float] | None = None) -> None:
        self.seed = seed
        self._rnd = random.Random(seed)
        weights = DEFAULT_CITY_WEIGHTS if cities is None else cities
        unknown = [city for city in weights if city not in NEIGHBOURHOODS]
        if unknown:
            raise ValueError(f"unknown city id(s): {', '.join(map(str, unknown))}")
        order = [city for city in CITY_IDS if weights.get(city, 0) > 0]  # fixed order
        if not order:
            raise ValueError("at least one city needs a positive weight")
        self._city_ids = _expand(order, [weights[c] for c in order], _CITY_BITS)
        self._mobiles = _Unique(self._rnd, _MOBILE_CYCLE)
        self._citizens = _Unique(self._rnd, _NATIONAL_ID_CYCLE)
        self._residents = _Unique(self._rnd, _NATIONAL_ID_CYCLE)
        self._landlines = _Unique(self._rnd, _LANDLINE_CYCLE)
        self._stream = _people(
            self._rnd,
            tuple((city, _HOODS[city]) for city in self._city_ids),
            self._mobiles,
            self._citizens,
            self._residents,
        )

    # People ---------------------------------------------------------------------------

    def person(self) -> DemoPerson:
        """The next person; ``person()`` n times gives the same people as ``people(n)``."""
        return next(self._stream)

    def people(self, n: int) -> Iterator[DemoPerson]:
        """The next ``n`` people, lazily: the fast path for bulk loading.

        Measured on one core of the (shared, noisy) development container, CPython
        3.11.7, consuming and discarding 100,000 people per run: 250,000–415,000 people
        per second through ``people(n)``, typically about 300,000 (2.5–4 µs each);
        ``person()`` in a loop is about the same (285,000 typical, 410,000 at best).
        A million people take 3–4 s. Building the frozen dataclass is about 1.1 µs of
        that; the draws, the unique mobile and ID and the strings are the rest.
        """
        if n < 0:
            raise ValueError("n must not be negative")
        return islice(self._stream, n)

    def mobile(self) -> str:
        """A canonical Saudi mobile (``+9665XXXXXXXX``) not yet handed out by this instance."""
        return _format_mobile(self._mobiles.next())

    # Places and organisations ---------------------------------------------------------

    def city(self) -> CityId:
        """A city id, following the instance's city weights."""
        return self._city_ids[self._rnd.getrandbits(_CITY_BITS)]

    def neighbourhood(self, city: CityId | None = None) -> str:
        """A neighbourhood of ``city``, or of a city drawn by weight when None."""
        if city is None:
            city = self.city()
        hoods = _HOODS.get(city)
        if hoods is None:
            raise ValueError(f"unknown city id: {city!r}")
        return hoods[self._rnd.getrandbits(_HOOD_BITS)]

    def landline(self, city: CityId) -> str:
        """A canonical landline in area code 012 (``+96612XXXXXXX``), unique per instance."""
        return f"+96612{_LANDLINE_LEADS[city]}{self._landlines.next():06d}"

    def organisation(self) -> DemoOrganisation:
        """A donor, company or public body of a city drawn by weight."""
        city = self.city()
        hood = self.neighbourhood(city)
        name = self.choice(ORGANISATION_PATTERNS).format(
            family=self.choice(FAMILY_NAMES),
            neighbourhood=hood,
            city=CITY_NAMES[city],
            municipality=MUNICIPALITIES[city],
            university=UNIVERSITIES[city],
            bank=self.choice(BANKS),
        )
        return DemoOrganisation(name, city, hood, self.landline(city))

    # Generic draws --------------------------------------------------------------------

    def choice(self, seq: Sequence[T]) -> T:
        """A uniformly chosen element of ``seq`` (IndexError when it is empty)."""
        if not seq:
            raise IndexError("cannot choose from an empty sequence")
        return seq[int(self._rnd.random() * len(seq))]

    def weighted(self, items: Sequence[T], weights: Sequence[float]) -> T:
        """An element of ``items`` drawn with probability proportional to its weight."""
        if not items or len(items) != len(weights):
            raise ValueError("need at least one item and exactly one weight per item")
        if min(weights) < 0:
            raise ValueError("weights must not be negative")
        total = math.fsum(weights)
        if total <= 0:
            raise ValueError("at least one weight must be positive")
        target = self._rnd.random() * total
        running = 0.0
        for item, weight in zip(items, weights, strict=True):
            running += weight
            if target < running and weight > 0:
                return item
        return next(i for i, w in zip(reversed(items), reversed(weights), strict=True) if w > 0)

    def date_between(self, start: date, end: date) -> date:
        """A uniformly chosen day from ``start`` to ``end``, both included."""
        days = (end - start).days
        if days < 0:
            raise ValueError("end is before start")
        return start + timedelta(days=int(self._rnd.random() * (days + 1)))
