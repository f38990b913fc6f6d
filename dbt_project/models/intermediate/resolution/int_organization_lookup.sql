-- Every organization a spell can point at: the registry and the unresolved names, with the
-- attributes the marts report (name, category, type, country).
{%- set attributes = 'org_id, name, category, org_type, country' %}
select
    {{ attributes }},
    registry_source
from {{ ref('int_organizations') }}
union all
select
    {{ attributes }},
    'unresolved' as registry_source
from {{ ref('int_unresolved_organizations') }}
