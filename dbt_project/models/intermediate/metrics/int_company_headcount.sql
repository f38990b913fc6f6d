-- One row per focus company C and year Y, from C's first cohort year to AS_OF_YEAR, zero years
-- included: headcount(C, Y), the researchers of C with an employee spell at C covering Y, and
-- their mean age in Y (people without a birth year estimate left out), and stale_headcount: those
-- of them whose every covering spell rests on a stale open claim in Y
-- (docs/methodology.md#staleness). Who they are: int_headcount_members.
select
    members.company_id,
    members.year,
    count(members.person_id) as headcount,
    count(members.person_id) filter (where members.rests_on_stale) as stale_headcount,
    avg(members.year - facts.birth_year_est) as avg_age_team
from {{ ref('int_headcount_members') }} as members
left join {{ ref('int_person_facts') }} as facts on members.person_id = facts.person_id
group by members.company_id, members.year
