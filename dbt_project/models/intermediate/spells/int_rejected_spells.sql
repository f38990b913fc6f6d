-- The spell candidates kept out of the metrics, each with its reason
-- (docs/methodology.md#bad-input): no organization, a role that maps to nothing, a year out of
-- 1950..AS_OF_YEAR+1, an end before its start.
select *
from {{ ref('int_spell_candidates') }}
where rejection_reason is not null
