with

source as (
    {{ distinct_records(source('careers', 'career_profiles')) }}
),

renamed as (
    select
        record_id as career_profile_id,
        {{ normalize_linkedin_url(
            "coalesce(" ~ json_text('record', '$.profile_url') ~ ", record_id)"
        ) }} as linkedin_url,
        coalesce(
            {{ json_text('record', '$.full_name') }},
            nullif(trim(concat_ws(
                ' ',
                {{ json_text('record', '$.first_name') }},
                {{ json_text('record', '$.last_name') }}
            )), '')
        ) as full_name,
        {{ json_text('record', '$.first_name') }} as first_name,
        {{ json_text('record', '$.last_name') }} as last_name,
        {{ json_text('record', '$.city') }} as city,
        upper({{ json_text('record', '$.country') }}) as country,
        _source_file,
        _line
    from source
)

select * from renamed
