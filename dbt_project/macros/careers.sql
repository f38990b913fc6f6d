{# One row per element of a career profile's list field (experiences or education), with its
   position from 0, of the distinct records (macro distinct_records). #}
{% macro career_profile_entries(list_field, index_name) -%}
    select
        record_id as career_profile_id,
        unnest({{ json_array('record', '$.' ~ list_field) }}) as entry,
        generate_subscripts({{ json_array('record', '$.' ~ list_field) }}, 1) - 1
            as {{ index_name }}
    from ({{ distinct_records(source('careers', 'career_profiles')) }}) as profiles
{%- endmacro %}

{# The dates of a career profile entry (experience or education): years and months of
   starts_at and ends_at, and whether it is current (ends_at null or missing). #}
{% macro career_entry_dates(entry) -%}
    {{ json_year(json_value(entry, '$.starts_at.year')) }} as start_year,
    {{ json_month(json_value(entry, '$.starts_at.month')) }} as start_month,
    {{ json_year(json_value(entry, '$.ends_at.year')) }} as end_year,
    {{ json_month(json_value(entry, '$.ends_at.month')) }} as end_month,
    coalesce(json_type({{ entry }}, '$.ends_at'), 'NULL') = 'NULL' as is_current
{%- endmacro %}
