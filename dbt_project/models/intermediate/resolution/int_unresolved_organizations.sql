-- Affiliation names that resolved to no registry organization, grouped by their stable id (`raw:` +
-- normalized name), with counts: the list to grow the registry from. Category by rule
-- (docs/methodology.md#organizations): academia when the name or domain says so, else
-- other_company.
with

unresolved as (
    select * from {{ ref('int_affiliations') }}
    where resolution_method = 'unresolved'
),

named as (
    select
        org_id,
        -- the most frequent spelling names the organization; ties go to the smallest text
        first(name order by occurrences desc, name asc) as name,
        first(given_country order by occurrences desc, given_country asc)
        filter (where given_country is not null) as country,
        bool_or({{ looks_academic('name', 'domain') }}) as looks_academic,
        string_agg(distinct domain, ', ' order by domain) as domains,
        count(*) as spellings,
        sum(occurrences) as occurrences
    from unresolved
    group by org_id
)

select
    org_id,
    name,
    case when looks_academic then 'academia' else 'other_company' end as category,
    case when looks_academic then 'institute' end as org_type,
    country,
    domains,
    spellings,
    occurrences
from named
