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
        {{ json_year(json_value('entry', '$.starts_at.year')) }} as start_year,
        {{ json_month(json_value('entry', '$.starts_at.month')) }} as start_month,
        {{ json_year(json_value('entry', '$.ends_at.year')) }} as end_year,
        {{ json_month(json_value('entry', '$.ends_at.month')) }} as end_month,
        coalesce(json_type(entry, '$.ends_at'), 'NULL') = 'NULL' as is_current
    from entries
)

select * from renamed
