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
        {{ career_entry_dates('entry') }}
    from entries
)

select * from renamed
