-- One row per focus company, leave year and destination of its leavers
-- (docs/methodology.md#metrics). Counts and shares: macro counts_and_shares (macros/metrics.sql).
-- share_of_known: of the leavers with a known destination; none for unknown
{{ counts_and_shares(
    ref('int_leavers'), 'leave_year', 'leave_year',
    by=['destination_category', 'destination_org_id', 'destination_org_name'],
    known='destination_org_id is not null',
    share_of_all='share_of_leavers', share_of_known='share_of_known'
) }}
