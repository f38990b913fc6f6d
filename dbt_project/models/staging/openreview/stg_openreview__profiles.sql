with

profiles as (
    select * from {{ ref('stg_openreview__profile_records') }}
),

renamed as (
    select
        person_id,
        coalesce(
            json_extract_string(
                list_filter(names, lambda n: (n ->> '$.preferred') = 'true')[1], '$.fullname'
            ),
            {{ json_text('names[1]', '$.fullname') }}
        ) as display_name,
        {{ normalize_linkedin_url('linkedin') }} as linkedin_url,
        {{ github_login('github') }} as github_login,
        homepage,
        try_cast(year_of_birth as integer) as year_of_birth,
        list_transform(
            emails, lambda e: lower(regexp_extract(e ->> '$', '@(.+)$', 1))
        ) as email_domains,
        -- a history that is not a list has 0 entries; a missing one, null
        case when history_type is not null then len(history)::ubigint end as history_entries,
        {{ json_year('tmdate', 'tmdate_type') }} as modified_year,
        _source_file,
        _line
    from profiles
)

select * from renamed
