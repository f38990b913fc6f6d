-- One row per distinct OpenReview profile (macro distinct_records, applied once for the source),
-- its JSON parsed once: the texts, JSON types and lists that stg_openreview__profiles and
-- stg_openreview__profile_history read. Neither reads raw.openreview_profiles.
{%- set texts = {
    'linkedin': '$.content.linkedin',
    'github': '$.content.github',
    'homepage': '$.content.homepage',
    'year_of_birth': '$.content.yearOfBirth',
    'tmdate': '$.tmdate',
} %}
{%- set types = {
    'tmdate': '$.tmdate',
    'history': '$.content.history',
} %}
{%- set lists = {
    'names': '$.content.names',
    'emails': '$.content.emails',
    'history': '$.content.history',
} %}
with

records as (
    {{ source_records(
        source('openreview', 'openreview_profiles'), 'person_id', '$.tmdate',
        texts=texts, types=types, lists=lists
    ) }}
)

select * from records
where not {{ is_opted_out('openreview', 'person_id') }}
