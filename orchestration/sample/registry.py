"""The organizations the sample world draws from: the curated seeds (organizations, their aliases
and domains, the focus companies), with ROR's domains. The pools the world draws other
organizations from hold every top-level organization but the focus companies and those it is
told to leave out (the world: the comparison teams of targets.json, which only comparison.py
places people at)."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from orchestration.settings import DBT_PROJECT_DIR, ROR_CSV

SEEDS = DBT_PROJECT_DIR / "seeds"


@dataclass
class Organization:
    org_id: str
    category: str
    country: str
    names: list[str]
    domains: list[str]


class Registry:
    """The organizations the world draws from: the curated seed, with ROR's domains. `pools`
    (by category, and academia_home / academia_abroad) leave out the focus companies and the
    organizations of `excluded` (e.g. the comparison teams); `by_id` holds them all."""

    def __init__(self, excluded: Iterable[str] = ()) -> None:
        rows = list(csv.DictReader((SEEDS / "organizations.csv").open(encoding="utf-8")))
        parent = {r["org_id"]: r["parent_org_id"] for r in rows}
        names: dict[str, list[str]] = defaultdict(list)
        domains: dict[str, list[str]] = defaultdict(list)

        def top(org_id: str) -> str:
            while parent.get(org_id):
                org_id = parent[org_id]
            return org_id

        for r in rows:  # a subsidiary's names and domains are names of its group
            names[top(r["org_id"])] += [r["name"]] + ([r["name_zh"]] if r["name_zh"] else [])
        for r in csv.DictReader((SEEDS / "organization_aliases.csv").open(encoding="utf-8")):
            names[top(r["org_id"])].append(r["alias"])
        for r in csv.DictReader((SEEDS / "organization_domains.csv").open(encoding="utf-8")):
            domains[top(r["org_id"])].append(r["domain"])
        claimed = {r["ror_id"]: r["org_id"] for r in rows if r["ror_id"]}
        with ROR_CSV.open(encoding="utf-8") as handle:
            for r in csv.DictReader(handle):
                if r["ror_id"] in claimed and r["domains"]:
                    domains[top(claimed[r["ror_id"]])] += r["domains"].split("|")[:1]
        # the focus companies: the seed's rows of kind `focus` (a seed without the column: all);
        # the comparison companies (kind `comparison`) stay in the pools unless `excluded`
        focus = [
            r["company_id"]
            for r in csv.DictReader((SEEDS / "focus_companies.csv").open(encoding="utf-8"))
            if (r.get("kind") or "focus") == "focus"
        ]
        self.by_id = {
            r["org_id"]: Organization(
                r["org_id"],
                r["category"],
                r["country"],
                list(dict.fromkeys(names[r["org_id"]])),
                list(dict.fromkeys(domains[r["org_id"]])),
            )
            for r in rows
            if not r["parent_org_id"]
        }
        self.focus = [self.by_id[c] for c in focus]
        self.excluded = set(excluded)
        self.pools: dict[str, list[Organization]] = defaultdict(list)
        for org in self.by_id.values():
            if org.org_id in focus or org.org_id in self.excluded:
                continue
            if org.category == "academia":
                self.pools["academia_home" if org.country == "CN" else "academia_abroad"].append(
                    org
                )
            self.pools[org.category].append(org)
