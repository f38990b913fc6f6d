with

source as (
    {{ distinct_records(source('openreview', 'openreview_profiles'), '$.tmdate') }}
),

renamed as (
    select
        record_id as person_id,
        coalesce(
            json_extract_string(
                list_filter(
                    {{ json_array('record', '$.content.names') }},
                    lambda n: (n ->> '$.preferred') = 'true'
                )[1],
                '$.fullname'
            ),
            {{ json_text('record', '$.content.names[0].fullname') }}
        ) as display_name,
        {{ normalize_linkedin_url(json_text('record', '$.content.linkedin')) }} as linkedin_url,
        {{ github_login(json_text('record', '$.content.github')) }} as github_login,
        {{ json_text('record', '$.content.homepage') }} as homepage,
        try_cast({{ json_text('record', '$.content.yearOfBirth') }} as integer) as year_of_birth,
        list_transform(
            {{ json_array('record', '$.content.emails') }},
            lambda e: lower(regexp_extract(e ->> '$', '@(.+)$', 1))
        ) as email_domains,
        json_array_length(record, '$.content.history') as history_entries,
        {{ json_year(json_value('record', '$.tmdate')) }} as modified_year,
        _source_file,
        _line
    from source
)

select * from renamed
