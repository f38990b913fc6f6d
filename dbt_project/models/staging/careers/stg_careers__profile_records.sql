-- One row per distinct career profile (macro distinct_records, applied once for the source), its
-- JSON parsed once: the texts and lists that stg_careers__profiles, stg_careers__experiences and
-- stg_careers__education read. None of them reads raw.career_profiles.
{%- set texts = {
    'profile_url': '$.profile_url',
    'full_name': '$.full_name',
    'first_name': '$.first_name',
    'last_name': '$.last_name',
    'city': '$.city',
    'country': '$.country',
} %}
{%- set lists = {
    'experiences': '$.experiences',
    'education': '$.education',
} %}
with

records as (
    {{ source_records(
        source('careers', 'career_profiles'), 'career_profile_id',
        texts=texts, lists=lists
    ) }}
)

select * from records
where not {{ is_opted_out('career_profile', normalize_linkedin_url('career_profile_id')) }}
    and not {{ is_opted_out('career_profile', normalize_linkedin_url('profile_url')) }}
