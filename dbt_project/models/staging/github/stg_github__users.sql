{%- set texts = {
    'user_id': '$.id',
    'display_name': '$.name',
    'company': '$.company',
    'blog': '$.blog',
    'location': '$.location',
    'bio': '$.bio',
    'twitter_username': '$.twitter_username',
} %}
with

users as (
    {{ source_records(source('github', 'github_users'), 'login', texts=texts) }}
)

select
    lower(login) as github_login,
    try_cast(user_id as bigint) as github_user_id,
    * exclude (login, user_id),
    -- a blog field naming a LinkedIn profile ties the account to a career profile
    case
        when blog ilike '%linkedin.com/in/%' then {{ normalize_linkedin_url('blog') }}
    end as linkedin_url
from users
where not {{ is_opted_out('github', 'lower(login)') }}
