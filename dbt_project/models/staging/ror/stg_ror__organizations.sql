-- One row per ROR organization, withdrawn records left out. List fields stay `|`-separated
-- text here and are split in stg_ror__names / stg_ror__domains.
select
    ror_id,
    name,
    aliases,
    labels,
    domains,
    upper(country_code) as country,
    types,
    status
from {{ source('ror', 'ror_organizations') }}
where status <> 'withdrawn'
