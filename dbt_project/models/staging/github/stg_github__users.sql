with

source as (
    {{ distinct_records(source('github', 'github_users')) }}
),

renamed as (
    select
        lower(record_id) as github_login,
        try_cast({{ json_text('record', '$.id') }} as bigint) as github_user_id,
        {{ json_text('record', '$.name') }} as display_name,
        {{ json_text('record', '$.company') }} as company,
        {{ json_text('record', '$.blog') }} as blog,
        {{ json_text('record', '$.location') }} as location,
        {{ json_text('record', '$.bio') }} as bio,
        {{ json_text('record', '$.twitter_username') }} as twitter_username,
        _source_file,
        _line
    from source
)

select
    *,
    -- a blog field naming a LinkedIn profile ties the account to a career profile
    case
        when blog ilike '%linkedin.com/in/%' then {{ normalize_linkedin_url('blog') }}
    end as linkedin_url
from renamed
