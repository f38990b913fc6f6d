-- Every distinct affiliation text (institution name, domain, country) of profiles and career
-- profiles, resolved to an organization in the order of docs/methodology.md#organizations: the
-- institution domain (longest registry domain it ends with), then the normalized name, in English
-- or Chinese, then the first comma-separated part of the name that resolves ("WeChat AI, Tencent")
-- or, for a name carrying a former name or an acronym in parentheses, the name outside them, else
-- each part inside, each read the same way: whole, then by comma-separated part ("Reichman
-- University (IDC Herzliya)" by "Reichman University", else by "IDC Herzliya"); then the parent
-- roll-up. A name that resolves to nothing keeps `raw:<normalized name>`. An analyst's
-- map_organization correction (docs/methodology.md#corrections) of the normalized name comes
-- before every method; of two for one name, the later line wins.
with

corrected_names as (
    select
        corrections.normalized_name,
        corrections.org_id
    from {{ ref('stg_corrections__corrections') }} as corrections
    inner join {{ ref('int_organizations') }} as registry on corrections.org_id = registry.org_id
    where corrections.kind = 'map_organization'
    qualify row_number() over (
            partition by corrections.normalized_name order by corrections.line desc
        ) = 1
),

texts as (
    select
        institution_name as name,
        institution_domain as domain,
        institution_country as country,
        'openreview_history' as source
    from {{ ref('stg_openreview__profile_history') }}
    union all
    select
        company,
        null,
        null,
        'career_experience'
    from {{ ref('stg_careers__experiences') }}
    union all
    select
        school,
        null,
        null,
        'career_education'
    from {{ ref('stg_careers__education') }}
),

affiliations as (
    select
        {{ affiliation_key('name', 'domain', 'country') }} as affiliation_key,
        name,
        domain,
        country as given_country,
        {{ normalize_org_name('name') }} as normalized_name,
        count(*) as occurrences
    from texts
    where name is not null or domain is not null
    group by name, domain, country
),

domain_suffixes as (
    select distinct
        domain,
        unnest({{ domain_suffixes('domain') }}) as suffix
    from affiliations
    where domain is not null
),

by_domain as (
    select
        domain_suffixes.domain,
        registry_domains.org_id
    from domain_suffixes
    inner join {{ ref('int_organization_domains') }} as registry_domains
        on domain_suffixes.suffix = registry_domains.domain
    where domain_suffixes.suffix like '%.%'
    qualify row_number() over (
            partition by domain_suffixes.domain order by length(domain_suffixes.suffix) desc
        ) = 1
),

-- What a name that does not resolve whole is read as, in order (readings): a name carrying a
-- former name or an acronym in parentheses, as the name outside them, then as each part inside
-- ("Reichman University (IDC Herzliya)": "Reichman University", then "IDC Herzliya"); any other
-- name as itself. Each reading resolves like a name: whole, then by its first comma-separated
-- part that resolves ("WeChat AI, Tencent").
readings as (
    select
        affiliation_key,
        name as reading,
        0 as reading_index,
        'name_part' as resolution_method
    from affiliations
    where name like '%,%' and len({{ names_in_parentheses('name') }}) = 0
    union all
    select
        affiliation_key,
        {{ name_outside_parentheses('name') }},
        0,
        'name_parenthesis'
    from affiliations
    where len({{ names_in_parentheses('name') }}) > 0
    union all
    select
        affiliation_key,
        unnest({{ names_in_parentheses('name') }}),
        generate_subscripts({{ names_in_parentheses('name') }}, 1),
        'name_parenthesis'
    from affiliations
    where len({{ names_in_parentheses('name') }}) > 0
),

reading_parts as (
    select
        affiliation_key,
        reading_index,
        resolution_method,
        reading as part,
        0 as part_index
    from readings
    union all
    select
        affiliation_key,
        reading_index,
        resolution_method,
        unnest(string_split(reading, ',')),
        generate_subscripts(string_split(reading, ','), 1)
    from readings
    where reading like '%,%'
),

by_name_part as (
    select
        reading_parts.affiliation_key,
        reading_parts.resolution_method,
        registry_names.org_id
    from reading_parts
    inner join {{ ref('int_organization_names') }} as registry_names
        on {{ normalize_org_name('reading_parts.part') }} = registry_names.normalized_name
    qualify row_number() over (
            partition by reading_parts.affiliation_key
            order by reading_parts.reading_index, reading_parts.part_index
        ) = 1
),

resolved as (
    select
        affiliations.*,
        coalesce(
            corrected_names.org_id, by_domain.org_id, by_name.org_id, by_name_part.org_id
        ) as matched_org_id,
        case
            when corrected_names.org_id is not null then 'correction'
            when by_domain.org_id is not null then 'domain'
            when by_name.org_id is not null then 'name'
            when by_name_part.org_id is not null then by_name_part.resolution_method
            else 'unresolved'
        end as resolution_method,
        coalesce(by_name.org_id, by_name_part.org_id) as named_org_id,
        'raw:' || coalesce(affiliations.normalized_name, affiliations.domain) as unresolved_org_id
    from affiliations
    left join corrected_names on affiliations.normalized_name = corrected_names.normalized_name
    left join by_domain on affiliations.domain = by_domain.domain
    left join {{ ref('int_organization_names') }} as by_name
        on affiliations.normalized_name = by_name.normalized_name
    left join by_name_part on affiliations.affiliation_key = by_name_part.affiliation_key
)

select
    resolved.affiliation_key,
    resolved.name,
    resolved.domain,
    resolved.given_country,
    resolved.normalized_name,
    resolved.occurrences,
    resolved.matched_org_id,
    resolved.resolution_method,
    coalesce(registry.top_org_id, resolved.unresolved_org_id) as org_id,
    -- the lab or subsidiary named, before the roll-up (the org itself when it has no parent);
    -- when a domain found the parent and the name one of its units (ailab.tencent.com, "Tencent
    -- AI Lab"), the unit
    case
        when registry.org_id = registry.top_org_id and named.top_org_id = registry.org_id
            then named.org_id
        else coalesce(registry.org_id, resolved.unresolved_org_id)
    end as unit_org_id
from resolved
left join {{ ref('int_organizations') }} as registry
    on resolved.matched_org_id = registry.org_id
left join {{ ref('int_organizations') }} as named
    on resolved.named_org_id = named.org_id
