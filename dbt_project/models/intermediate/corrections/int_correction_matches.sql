-- One row per applicable correction (docs/methodology.md#corrections) and how much it matched:
--   map_organization: the entries whose organization name it maps (int_affiliations
--     occurrences), when its org_id is in the registry;
--   force_link: 1 when the link is made (int_person_links, method correction);
--   forbid_link: 1 when a method would link the pair (an exact link, or a splink score at or
--     above the threshold);
--   fix_spell, drop_spell: the spells of its person, organization, role and start year
--     (int_merged_spells).
-- A correction that matches nothing (0) is reported by the build, by its line.
with

corrections as (
    select * from {{ ref('stg_corrections__corrections') }}
),

mapped_names as (
    select
        corrections.line,
        sum(affiliations.occurrences) as matches
    from corrections
    inner join {{ ref('int_organizations') }} as registry on corrections.org_id = registry.org_id
    inner join {{ ref('int_affiliations') }} as affiliations
        on corrections.normalized_name = affiliations.normalized_name
    where corrections.kind = 'map_organization'
    group by corrections.line
),

forced_links as (
    select
        corrections.line,
        count(*) as matches
    from corrections
    inner join {{ ref('int_person_links') }} as links
        on corrections.career_profile_id = links.career_profile_id
            and corrections.person_id = links.person_id
            and links.link_method = 'correction'
    where corrections.kind = 'force_link'
    group by corrections.line
),

linkable_pairs as (
    select
        career_profile_id,
        person_id
    from {{ ref('int_exact_links') }}
    union
    select
        career_profile_id,
        person_id
    from {{ source('linking', 'splink_link_scores') }}
    where match_probability >= {{ var('link_threshold') }}
),

forbidden_links as (
    select
        corrections.line,
        count(*) as matches
    from corrections
    inner join linkable_pairs as pairs
        on corrections.career_profile_id = pairs.career_profile_id
            and corrections.person_id = pairs.person_id
    where corrections.kind = 'forbid_link'
    group by corrections.line
),

corrected_spells as (
    select
        corrections.line,
        count(*) as matches
    from corrections
    inner join {{ ref('int_merged_spells') }} as spells
        on corrections.person_id = spells.person_id
            and corrections.org_id = spells.org_id
            and corrections.role = spells.role
            and corrections.start_year is not distinct from spells.start_year
    where corrections.kind in ('fix_spell', 'drop_spell')
    group by corrections.line
)

select
    corrections.line,
    corrections.kind,
    corrections.who,
    corrections.made_on,
    corrections.why,
    cast(coalesce(
        mapped_names.matches,
        forced_links.matches,
        forbidden_links.matches,
        corrected_spells.matches,
        0
    ) as integer) as matches
from corrections
left join mapped_names on corrections.line = mapped_names.line
left join forced_links on corrections.line = forced_links.line
left join forbidden_links on corrections.line = forbidden_links.line
left join corrected_spells on corrections.line = corrected_spells.line
