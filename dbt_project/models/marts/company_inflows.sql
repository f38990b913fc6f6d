-- One row per focus company, join year and source of its new researchers
-- (docs/methodology.md#metrics): the organization of each newcomer's latest prior spell, or
-- fresh_graduate / unknown. Counts and shares: macro counts_and_shares (macros/metrics.sql).
with

newcomers as (
    select
        *,
        coalesce(
            source_org_id in (
                select focus.company_id from {{ ref('focus_companies') }} as focus
                where focus.kind = 'focus'
            ),
            false
        ) as source_is_focus_company
    from {{ ref('int_cohort_members') }}
)

-- share_of_experienced: of the newcomers with a prior spell; none for fresh_graduate and unknown
{{ counts_and_shares(
    'newcomers', 'cohort_year', 'join_year',
    by=['source_category', 'source_org_id', 'source_org_name', 'source_is_focus_company'],
    known='source_org_id is not null',
    share_of_all='share_of_cohort', share_of_known='share_of_experienced'
) }}
