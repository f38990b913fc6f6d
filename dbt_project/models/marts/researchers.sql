-- One row per researcher of a focus company (docs/methodology.md#marts–4). Identifiers stay here,
-- in the working warehouse; publishing pseudonymizes them.
with

links as (
    select *
    from {{ ref('int_person_links') }}
    -- a profile with several linked career profiles shows the best link
    qualify row_number() over (
            partition by person_id order by link_score desc, career_profile_id asc
        ) = 1
)

select
    researchers.person_id,
    researchers.company_id,
    profiles.display_name,
    cast(researchers.cohort_year as integer) as first_join_year,
    cast(researchers.leave_year as integer) as last_leave_year,
    coalesce(facts.phd_year <= {{ var('as_of_year') }}, false) as has_phd,
    phd_orgs.name as phd_institution,
    cast(facts.birth_year_est as integer) as birth_year_est,
    coalesce(facts.is_overseas_educated, false) as overseas_educated,
    links.career_profile_id,
    links.link_method,
    cast(links.link_score as double) as link_score
from {{ ref('int_company_researchers') }} as researchers
left join {{ ref('stg_openreview__profiles') }} as profiles
    on researchers.person_id = profiles.person_id
left join {{ ref('int_person_facts') }} as facts
    on researchers.person_id = facts.person_id
left join {{ ref('int_organization_lookup') }} as phd_orgs
    on facts.phd_org_id = phd_orgs.org_id
left join links on researchers.person_id = links.person_id
