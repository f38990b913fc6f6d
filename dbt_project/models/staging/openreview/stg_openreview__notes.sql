-- One row per note. Three shapes land (docs/methodology.md#input): API v2
-- (`content.authorids.value`), API v1 (plain `content.authorids`) and the 2026 unified-author v2
-- shape (`content.authors.value` as objects, no authorids).
with

source as (
    {{ distinct_records(source('openreview', 'openreview_notes'), '$.tmdate') }}
),

shaped as (
    select
        *,
        case
            when json_type(record, '$.content.authors.value[0]') = 'OBJECT' then 'v2_unified'
            when json_type(record, '$.content.authorids.value') = 'ARRAY' then 'v2'
            when json_type(record, '$.content.authorids') = 'ARRAY' then 'v1'
            when json_type(record, '$.content.title.value') is not null then 'v2'
            when json_type(record, '$.content') = 'OBJECT' then 'v1'
            else 'unknown'
        end as note_shape
    from source
),

renamed as (
    select
        record_id as note_id,
        {{ json_text('record', '$.forum') }} as forum_id,
        note_shape,
        coalesce(
            {{ json_text('record', '$.invitation') }},
            {{ json_text('record', '$.invitations[0]') }}
        ) as invitation,
        coalesce(
            {{ json_text('record', '$.content.venueid.value') }},
            {{ json_text('record', '$.content.venueid') }},
            {{ json_text('record', '$.domain') }}
        ) as venue_id,
        coalesce(
            {{ json_text('record', '$.content.venue.value') }},
            {{ json_text('record', '$.content.venue') }}
        ) as venue,
        coalesce(
            {{ json_text('record', '$.content.title.value') }},
            {{ json_text('record', '$.content.title') }}
        ) as title,
        coalesce(
            {{ json_year(json_value('record', '$.pdate')) }},
            {{ json_year(json_value('record', '$.cdate')) }},
            {{ json_year(json_value('record', '$.tcdate')) }}
        ) as paper_year,
        coalesce(json_type(record, '$.ddate'), 'NULL') <> 'NULL' as is_deleted,
        _source_file,
        _line
    from shaped
)

select * from renamed
