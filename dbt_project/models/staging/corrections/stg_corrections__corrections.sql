-- One row per applicable correction of corrections.yml (docs/methodology.md#corrections), named
-- by its line; a name to map is normalized like every organization name (macro
-- normalize_org_name), so that it matches the names as int_affiliations reads them.
select
    _line as line,
    kind,
    person_id,
    career_profile_id,
    org_id,
    role,
    start_year,
    name,
    {{ normalize_org_name('name') }} as normalized_name,
    sets_start_year,
    new_start_year,
    sets_end_year,
    new_end_year,
    who,
    made_on,
    why
from {{ source('corrections', 'corrections') }}
