"""Venue ids, their file names, and the default venue list."""

from __future__ import annotations

import re

# The major ML venues hosted on OpenReview, with the first year each put its submissions there.
# ICLR 2017 used a lower-case group (`ICLR.cc/2017/conference`); every later year `Conference`.
VENUE_SERIES: tuple[tuple[str, int], ...] = (
    ("ICLR.cc/{year}/Conference", 2018),
    ("NeurIPS.cc/{year}/Conference", 2021),
    ("ICML.cc/{year}/Conference", 2023),
    ("colmweb.org/COLM/{year}/Conference", 2024),
)
EXTRA_VENUES: tuple[str, ...] = ("ICLR.cc/2017/conference",)


def default_venues(last_year: int) -> list[str]:
    """Every venue of VENUE_SERIES from its first year to `last_year`, oldest first."""
    venues = list(EXTRA_VENUES)
    for template, first in VENUE_SERIES:
        venues += [template.format(year=year) for year in range(first, last_year + 1)]
    return sorted(venues, key=lambda v: (_year(v), v))


def _year(venue: str) -> int:
    match = re.search(r"/(\d{4})/", venue)
    return int(match.group(1)) if match else 0


def venue_slug(venue: str) -> str:
    """The file name stem of a venue: `ICLR.cc/2024/Conference` → `ICLR.cc_2024_Conference`."""
    slug = re.sub(r"[^A-Za-z0-9.\-]+", "_", venue.strip()).strip("._")
    if not slug:
        raise ValueError(f"not a venue id: {venue!r}")
    return slug
