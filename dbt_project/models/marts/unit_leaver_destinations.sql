-- One row per focus company, leave year, unit left and destination category of its leavers
-- (docs/methodology.md#units): leaver_destination_categories broken down by the unit each leaver
-- left (int_leavers.unit_org_id), its shares over the unit's leavers of the year. Counts and
-- shares: macro counts_and_shares (macros/metrics.sql).
{{ counts_and_shares(
    ref('int_leavers'), 'leave_year', 'leave_year',
    by=['unit_org_id', 'unit_name', 'destination_category'],
    known="destination_category <> 'unknown'",
    share_of_all='share_of_unit_leavers', share_of_known='share_of_known',
    per=['unit_org_id']
) }}
