-- One row per note. Three shapes land (docs/methodology.md#input): API v2
-- (`content.authorids.value`), API v1 (plain `content.authorids`) and the 2026 unified-author v2
-- shape (`content.authors.value` as objects, no authorids); stg_openreview__note_records tells
-- them apart.
with

notes as (
    select * from {{ ref('stg_openreview__note_records') }}
),

renamed as (
    select
        note_id,
        forum as forum_id,
        note_shape,
        coalesce(
            invitation, first_invitation
        ) as invitation,
        coalesce(
            content_venueid_value,
            content_venueid,
            note_domain
        ) as venue_id,
        coalesce(
            content_venue_value, content_venue
        ) as venue,
        coalesce(
            content_title_value, content_title
        ) as title,
        coalesce(
            {{ json_year('pdate', 'pdate_type') }},
            {{ json_year('cdate', 'cdate_type') }},
            {{ json_year('tcdate', 'tcdate_type') }}
        ) as paper_year,
        coalesce(ddate_type, 'NULL') <> 'NULL' as is_deleted,
        _source_file,
        _line
    from notes
)

select * from renamed
