-- The organization registry (docs/methodology.md#organizations): the curated seed, plus every ROR
-- organization the seed does not claim, as `ror:<id>`. top_org_id rolls subsidiaries and labs up to
-- their group.
with

curated as (
    select * from {{ ref('organizations') }}
),

ror as (
    select ror_organizations.*
    from {{ ref('stg_ror__organizations') }} as ror_organizations
    where ror_organizations.ror_id not in (
            select curated.ror_id from curated
            where curated.ror_id is not null
        )
),

-- ROR says what an organization is, not which of our categories it falls in: companies are
-- foreign when headquartered outside the home country; education, facilities, government,
-- nonprofit and healthcare bodies are research organizations (academia).
ror_categorized as (
    select
        'ror:' || ror_id as org_id,
        name,
        cast(null as varchar) as name_zh,
        case
            when types like '%company%' and country <> '{{ var("home_country") }}'
                then 'foreign_company'
            when types like '%company%' then 'other_company'
            else 'academia'
        end as category,
        case
            when types like '%company%' then 'company'
            when types like '%education%' then 'university'
            else 'institute'
        end as org_type,
        country,
        cast(null as varchar) as parent_org_id,
        ror_id,
        'ror' as registry_source
    from ror
),

registry as (
    select
        org_id,
        name,
        name_zh,
        category,
        org_type,
        country,
        parent_org_id,
        ror_id,
        'curated' as registry_source
    from curated
    union all
    select * from ror_categorized
)

select
    registry.*,
    -- two levels of roll-up cover the seed (lab → subsidiary → group)
    coalesce(grandparent.org_id, parent.org_id, registry.org_id) as top_org_id
from registry
left join curated as parent on registry.parent_org_id = parent.org_id
left join curated as grandparent on parent.parent_org_id = grandparent.org_id
