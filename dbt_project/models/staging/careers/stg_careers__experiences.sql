-- One row per entry of a career profile's `experiences`; ends_at null means current.
with

entries as (
    {{ career_profile_entries('experiences', 'experience_index') }}
),

renamed as (
    select
        career_profile_id,
        experience_index,
        {{ json_text('entry', '$.company') }} as company,
        {{ json_text('entry', '$.title') }} as title,
        {{ json_text('entry', '$.location') }} as location,
        {{ json_year(json_value('entry', '$.starts_at.year')) }} as start_year,
        {{ json_month(json_value('entry', '$.starts_at.month')) }} as start_month,
        {{ json_year(json_value('entry', '$.ends_at.year')) }} as end_year,
        {{ json_month(json_value('entry', '$.ends_at.month')) }} as end_month,
        coalesce(json_type(entry, '$.ends_at'), 'NULL') = 'NULL' as is_current
    from entries
)

select * from renamed
