-- One row per organization left, organization joined and year of the moves
-- (docs/methodology.md#moves): how many researchers made that move, and how many of them
-- were senior (moves.seniority_is_senior).
select
    from_org_id,
    from_org_name,
    from_category,
    from_company_kind,
    to_org_id,
    to_org_name,
    to_category,
    to_company_kind,
    move_year,
    cast(count(*) as integer) as researchers,
    cast(count(*) filter (where seniority_is_senior) as integer) as senior_researchers
from {{ ref('moves') }}
group by
    from_org_id,
    from_org_name,
    from_category,
    from_company_kind,
    to_org_id,
    to_org_name,
    to_category,
    to_company_kind,
    move_year
