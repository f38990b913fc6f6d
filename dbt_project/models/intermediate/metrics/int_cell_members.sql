-- Who stands behind a number (docs/methodology.md#provenance): one row per cell of an aggregate
-- mart and each person it counts, read from the models the marts aggregate, so that every rule
-- keeps one home. A cell is (mart, company_id, year or era, category, org_id):
--   researcher_cohorts (company_id, year): role_in_cell headcount (int_headcount_members), and
--     new_researcher for the cohort of that year (int_cohort_members);
--   company_inflows (company_id, year = join_year, category = source_category, org_id =
--     source_org_id): inflow (int_cohort_members);
--   leaver_destinations (company_id, year = leave_year, category = destination_category,
--     org_id = destination_org_id): leaver (int_leavers);
--   education_backgrounds (company_id, era, org_id = institution_org_id): school
--     (int_education_members);
--   unit_headcounts (company_id, year, org_id = unit_org_id): headcount (int_headcount_members)
--     and leaver (int_leavers, year = leave_year);
--   unit_leaver_destinations (company_id, year = leave_year, category = destination_category,
--     org_id = unit_org_id): leaver (int_leavers).
-- The category marts' cells are the unions of these rows over org_id.
{#- per kind of member: mart, role_in_cell, model, its columns for year, era, category and
    org_id (none: null), and which of its rows are members -#}
{%- set cells = [
    ['researcher_cohorts', 'headcount', 'int_headcount_members',
        'year', none, none, none, 'person_id is not null'],
    ['researcher_cohorts', 'new_researcher', 'int_cohort_members',
        'cohort_year', none, none, none, 'true'],
    ['company_inflows', 'inflow', 'int_cohort_members',
        'cohort_year', none, 'source_category', 'source_org_id', 'true'],
    ['leaver_destinations', 'leaver', 'int_leavers',
        'leave_year', none, 'destination_category', 'destination_org_id', 'true'],
    ['education_backgrounds', 'school', 'int_education_members',
        none, 'era', none, 'institution_org_id', 'institution_org_id is not null'],
    ['unit_headcounts', 'headcount', 'int_headcount_members',
        'year', none, none, 'unit_org_id', 'person_id is not null'],
    ['unit_headcounts', 'leaver', 'int_leavers',
        'leave_year', none, none, 'unit_org_id', 'true'],
    ['unit_leaver_destinations', 'leaver', 'int_leavers',
        'leave_year', none, 'destination_category', 'unit_org_id', 'true'],
] %}

{% for mart, role, model, year, era, category, org_id, members in cells %}
    {%- if not loop.first %}
        union all
    {% endif %}
    select
        '{{ mart }}' as mart,
        company_id,
        cast({{ year or 'null' }} as integer) as year,
        cast({{ era or 'null' }} as varchar) as era,
        cast({{ category or 'null' }} as varchar) as category,
        cast({{ org_id or 'null' }} as varchar) as org_id,
        person_id,
        '{{ role }}' as role_in_cell
    from {{ ref(model) }}
    where {{ members }}
{% endfor %}
