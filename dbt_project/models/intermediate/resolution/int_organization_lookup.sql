-- Every organization a spell can point at: the registry and the unresolved names, with the
-- attributes the marts report (name, category, type, country).
select
    org_id,
    name,
    category,
    org_type,
    country,
    registry_source
from {{ ref('int_organizations') }}
union all
select
    org_id,
    name,
    category,
    org_type,
    country,
    'unresolved'
from {{ ref('int_unresolved_organizations') }}
