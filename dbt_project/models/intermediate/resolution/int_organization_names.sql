-- Normalized name → organization, English and Chinese. A curated name wins; a ROR name that
-- normalizes the same for two organizations is ambiguous and left out.
with

organizations as (
    select * from {{ ref('int_organizations') }}
),

curated_names as (
    select
        org_id,
        name
    from organizations
    where registry_source = 'curated'
    union all
    select
        org_id,
        name_zh
    from organizations
    where registry_source = 'curated'
    union all
    select
        org_id,
        alias
    from {{ ref('organization_aliases') }}
    union all
    -- names of the ROR record a curated organization claims
    select
        organizations.org_id,
        ror_names.name
    from {{ ref('stg_ror__names') }} as ror_names
    inner join organizations
        on ror_names.ror_id = organizations.ror_id and organizations.registry_source = 'curated'
),

ror_names as (
    select
        'ror:' || ror_names.ror_id as org_id,
        ror_names.name
    from {{ ref('stg_ror__names') }} as ror_names
    inner join organizations
        on 'ror:' || ror_names.ror_id = organizations.org_id
    union all
    -- ROR names companies "ByteDance (China)": the name without its country also counts
    select
        organizations.org_id,
        regexp_replace(organizations.name, ' \([^)]*\)$', '')
    from organizations
    where organizations.registry_source = 'ror' and organizations.org_type = 'company'
),

candidates as (
    select
        {{ normalize_org_name('name') }} as normalized_name,
        org_id,
        1 as precedence
    from curated_names
    union all
    select
        {{ normalize_org_name('name') }},
        org_id,
        2
    from ror_names
),

best as (
    select
        normalized_name,
        min(precedence) as precedence
    from candidates
    where normalized_name is not null
    group by normalized_name
)

select
    candidates.normalized_name,
    min(candidates.org_id) as org_id
from candidates
inner join best
    on candidates.normalized_name = best.normalized_name
        and candidates.precedence = best.precedence
group by candidates.normalized_name
having count(distinct candidates.org_id) = 1
