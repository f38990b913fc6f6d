-- Web domain → organization. Curated domains (and those of the ROR records the seed claims)
-- win; a ROR domain shared by several ROR organizations is ambiguous and left out.
with

organizations as (
    select * from {{ ref('int_organizations') }}
),

candidates as (
    select
        org_id,
        lower(domain) as domain,
        1 as precedence
    from {{ ref('organization_domains') }}
    union all
    select
        organizations.org_id,
        ror_domains.domain,
        1
    from {{ ref('stg_ror__domains') }} as ror_domains
    inner join organizations
        on ror_domains.ror_id = organizations.ror_id and organizations.registry_source = 'curated'
    union all
    select
        'ror:' || ror_domains.ror_id,
        ror_domains.domain,
        2
    from {{ ref('stg_ror__domains') }} as ror_domains
    inner join organizations on 'ror:' || ror_domains.ror_id = organizations.org_id
),

best as (
    select
        domain,
        min(precedence) as precedence
    from candidates
    group by domain
)

select
    candidates.domain,
    min(candidates.org_id) as org_id
from candidates
inner join best
    on candidates.domain = best.domain and candidates.precedence = best.precedence
group by candidates.domain
having count(distinct candidates.org_id) = 1
