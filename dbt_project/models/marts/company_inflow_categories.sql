-- One row per focus company, join year and source category of its new researchers: the rows of
-- company_inflows summed over the source organizations of each category, from the same
-- int_cohort_members (docs/methodology.md#metrics). The SQL: macro category_mart
-- (macros/marts.sql).
{{ category_mart(ref('int_cohort_members'), 'cohort_year', 'join_year', 'source_category',
    known="source_category not in ('fresh_graduate', 'unknown')",
    share_of_all='share_of_cohort', share_of_known='share_of_experienced') }}
