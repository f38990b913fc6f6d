-- One row per focus company, era and institution where its researchers studied: how many
-- researchers of that era have any (dated) education spell there, their share of all the
-- era's researchers with its 95% Wilson interval (macro share_with_interval), and the
-- institution's rank (ties share a rank). Who they are: int_education_members.
with

members as (
    select * from {{ ref('int_education_members') }}
),

era_sizes as (
    select
        company_id,
        era,
        count(distinct person_id) as researchers
    from members
    group by company_id, era
),

by_institution as (
    select
        company_id,
        era,
        institution_org_id as org_id,
        count(*) as researchers
    from members
    where institution_org_id is not null
    group by company_id, era, institution_org_id
)

select
    by_institution.company_id,
    by_institution.era,
    by_institution.org_id as institution_org_id,
    organizations.name as institution_name,
    organizations.country,
    cast(by_institution.researchers as integer) as researchers,
    {{ share_with_interval('by_institution.researchers', 'era_sizes.researchers', 'share') }},
    cast(rank() over (
        partition by by_institution.company_id, by_institution.era
        order by by_institution.researchers desc
    ) as integer) as rank
from by_institution
inner join era_sizes
    on by_institution.company_id = era_sizes.company_id
        and by_institution.era = era_sizes.era
left join {{ ref('int_organization_lookup') }} as organizations
    on by_institution.org_id = organizations.org_id
