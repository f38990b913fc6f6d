-- One row per focus company, leave year and destination category of its leavers: the rows of
-- leaver_destinations summed over the destination organizations of each category, from the
-- same int_leavers (docs/methodology.md#metrics). The SQL: macro category_mart
-- (macros/marts.sql).
{{ category_mart(ref('int_leavers'), 'leave_year', 'leave_year', 'destination_category',
    known="destination_category <> 'unknown'",
    share_of_all='share_of_leavers', share_of_known='share_of_known') }}
