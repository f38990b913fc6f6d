-- One row per entry of a profile's `history` (current entry first, index 0).
with

profiles as (
    {{ distinct_records(source('openreview', 'openreview_profiles'), '$.tmdate') }}
),

entries as (
    select
        record_id as person_id,
        unnest({{ json_array('record', '$.content.history') }}) as entry,
        generate_subscripts({{ json_array('record', '$.content.history') }}, 1) - 1
            as history_index
    from profiles
),

renamed as (
    select
        person_id,
        history_index,
        {{ json_text('entry', '$.position') }} as position,
        {{ json_text('entry', '$.institution.name') }} as institution_name,
        lower({{ json_text('entry', '$.institution.domain') }}) as institution_domain,
        upper({{ json_text('entry', '$.institution.country') }}) as institution_country,
        {{ json_text('entry', '$.institution.department') }} as department,
        {{ json_year(json_value('entry', '$.start')) }} as start_year,
        {{ json_year(json_value('entry', '$.end')) }} as end_year,
        -- end: null means current; a missing key is read the same way
        coalesce(json_type(entry, '$.end'), 'NULL') = 'NULL' as is_current
    from entries
)

select * from renamed
