-- One row per id that an opt-out entry covers (docs/methodology.md#opt-outs), as the md5 of the
-- form staging compares (macro is_opted_out): the model matches people without naming them. An
-- OpenReview entry also covers the LinkedIn profile and the GitHub account its profile names, so
-- that the person's linked records leave with it.
with

entries as (
    select
        _line as entry_line,
        id_kind,
        case
            when id_kind = 'career_profile' then {{ normalize_linkedin_url('id') }}
            when id_kind = 'github' then {{ github_login('id') }}
            else id
        end as id,
        try_cast(requested_on as date) as requested_on,
        channel
    from {{ source('privacy', 'opt_outs') }}
),

opted_out_profiles as (
    select
        entries.entry_line,
        entries.requested_on,
        entries.channel,
        profiles.record
    from entries
    inner join {{ source('openreview', 'openreview_profiles') }} as profiles
        on entries.id = profiles.record_id
    where entries.id_kind = 'openreview'
),

named_by_profiles as (
    select
        entry_line,
        'career_profile' as id_kind,
        {{ normalize_linkedin_url(json_text('record', '$.content.linkedin')) }} as id,
        requested_on,
        channel
    from opted_out_profiles
    union all
    select
        entry_line,
        'github',
        {{ github_login(json_text('record', '$.content.github')) }},
        requested_on,
        channel
    from opted_out_profiles
),

covered as (
    select * from entries
    union
    select * from named_by_profiles
    where id is not null
),

landed as (
    -- union, not union all: a career profile is named by its id and by its URL
    select
        'openreview' as id_kind,
        record_id as id
    from {{ source('openreview', 'openreview_profiles') }}
    union
    select
        'career_profile',
        {{ normalize_linkedin_url('record_id') }}
    from {{ source('careers', 'career_profiles') }}
    union
    select
        'career_profile',
        {{ normalize_linkedin_url(json_text('record', '$.profile_url')) }}
    from {{ source('careers', 'career_profiles') }}
    union
    select
        'github',
        lower(record_id)
    from {{ source('github', 'github_users') }}
)

select
    covered.entry_line,
    covered.id_kind,
    md5(covered.id) as id_hash,
    covered.requested_on,
    covered.channel,
    landed.id is not null as matches_landed_record
from covered
left join landed on covered.id_kind = landed.id_kind and covered.id = landed.id
