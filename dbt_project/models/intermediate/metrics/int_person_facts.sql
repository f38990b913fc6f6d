-- One row per person with a spell: the facts the marts read about them.
--   phd_year: the first year a PhD was completed (a student_phd spell's end year); when no
--     PhD spell is known at all, a postdoc implies one completed by the postdoc's start year.
--   phd_org_id: where the first completed PhD was (null when only implied by a postdoc).
--   is_overseas_educated: any education spell at an institution outside the home country.
--   birth_year_est: yearOfBirth when given and plausible (1950..AS_OF_YEAR-15), else the
--     earliest bachelor start - 18, else the earliest bachelor end - 22, else null.
--   has_education: any dated education (student_*) spell, the denominator of the shares of
--     known education.
--   has_career_profile: a career profile is linked to the person (int_person_links).
-- Only dated spells count, except that a bachelor spell with no start still gives its end
-- to birth_year_est (docs/methodology.md#metrics).
with

spells as (
    select * from {{ ref('int_spells') }}
),

people as (
    select distinct person_id from spells
),

completed_phds as (
    select
        person_id,
        end_year,
        org_id
    from spells
    where role = 'student_phd' and is_dated and end_year is not null
    qualify row_number() over (partition by person_id order by end_year, org_id) = 1
),

phd_known as (
    select distinct person_id from spells
    where role = 'student_phd' and is_dated
),

postdocs as (
    select
        person_id,
        min(start_year) as first_postdoc_year
    from spells
    where role = 'postdoc' and is_dated
    group by person_id
),

overseas as (
    select distinct spells.person_id
    from spells
    inner join {{ ref('int_organization_lookup') }} as organizations
        on spells.org_id = organizations.org_id
    where {{ is_education('spells.role') }}
        and spells.is_dated
        and organizations.country <> '{{ var("home_country") }}'
),

educated as (
    select distinct person_id from spells
    where {{ is_education('role') }} and is_dated
),

linked as (
    select distinct person_id from {{ ref('int_person_links') }}
),

bachelors as (
    select
        person_id,
        min(case when is_dated then start_year end) as first_bachelor_start,
        min(end_year) as first_bachelor_end
    from spells
    where role = 'student_bachelor'
    group by person_id
),

profiles as (
    select
        person_id,
        year_of_birth
    from {{ ref('stg_openreview__profiles') }}
    where
        year_of_birth
        between {{ var('earliest_plausible_year') }} and {{ var('as_of_year') }} - 15
)

select
    people.person_id,
    coalesce(
        completed_phds.end_year,
        case when phd_known.person_id is null then postdocs.first_postdoc_year end
    ) as phd_year,
    completed_phds.org_id as phd_org_id,
    overseas.person_id is not null as is_overseas_educated,
    coalesce(
        profiles.year_of_birth,
        bachelors.first_bachelor_start - 18,
        bachelors.first_bachelor_end - 22
    ) as birth_year_est,
    educated.person_id is not null as has_education,
    linked.person_id is not null as has_career_profile
from people
left join completed_phds on people.person_id = completed_phds.person_id
left join phd_known on people.person_id = phd_known.person_id
left join postdocs on people.person_id = postdocs.person_id
left join overseas on people.person_id = overseas.person_id
left join bachelors on people.person_id = bachelors.person_id
left join educated on people.person_id = educated.person_id
left join linked on people.person_id = linked.person_id
left join profiles on people.person_id = profiles.person_id
