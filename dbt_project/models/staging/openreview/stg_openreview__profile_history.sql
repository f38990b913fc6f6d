-- One row per entry of a profile's `history` (current entry first, index 0).
{%- set texts = {
    'position': '$.position',
    'institution_name': '$.institution.name',
    'institution_domain': '$.institution.domain',
    'institution_country': '$.institution.country',
    'department': '$.institution.department',
    'entry_start': '$.start',
    'entry_end': '$.end',
} %}
{%- set types = {
    'entry_start': '$.start',
    'entry_end': '$.end',
} %}
with

fields as (
    {{ json_fields(
        list_entries(
            ref('stg_openreview__profile_records'), 'person_id', 'history', 'history_index'
        ),
        'entry',
        ['person_id', 'history_index'],
        texts=texts, types=types
    ) }}
),

renamed as (
    select
        person_id,
        history_index,
        position,
        institution_name,
        lower(institution_domain) as institution_domain,
        upper(institution_country) as institution_country,
        department,
        {{ json_year('entry_start', 'entry_start_type') }} as start_year,
        {{ json_year('entry_end', 'entry_end_type') }} as end_year,
        -- end: null means current; a missing key is read the same way
        coalesce(entry_end_type, 'NULL') = 'NULL' as is_current
    from fields
)

select * from renamed
