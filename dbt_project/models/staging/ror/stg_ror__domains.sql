-- One row per web domain of a ROR organization.
with

domains as (
    select
        ror_id,
        unnest(string_split(domains, '|')) as domain
    from {{ ref('stg_ror__organizations') }}
)

select distinct
    ror_id,
    lower(trim(domain)) as domain
from domains
where nullif(trim(domain), '') is not null
