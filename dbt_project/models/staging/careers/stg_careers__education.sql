-- One row per entry of a career profile's `education`.
with

entries as (
    {{ career_profile_entries('education', 'education_index') }}
),

renamed as (
    select
        career_profile_id,
        education_index,
        {{ json_text('entry', '$.school') }} as school,
        {{ json_text('entry', '$.degree_name') }} as degree_name,
        {{ json_text('entry', '$.field_of_study') }} as field_of_study,
        {{ career_entry_dates('entry') }}
    from entries
)

select * from renamed
