-- One row per name of a ROR organization: its name, aliases and labels (names in other
-- languages, such as 清华大学). Acronyms are left out: short and ambiguous across 51k records.
with

organizations as (
    select * from {{ ref('stg_ror__organizations') }}
),

names as (
    select
        ror_id,
        name,
        'name' as name_kind
    from organizations
    union all
    select
        ror_id,
        unnest(string_split(aliases, '|')),
        'alias'
    from organizations
    union all
    select
        ror_id,
        unnest(string_split(labels, '|')),
        'label'
    from organizations
)

select distinct
    ror_id,
    trim(name) as name,
    name_kind
from names
where nullif(trim(name), '') is not null
