{# One row per element of a career profile's list field (experiences or education), with its
   position from 0, after exact duplicate lines are dropped. #}
{% macro career_profile_entries(list_field, index_name) -%}
    select
        record_id as career_profile_id,
        unnest({{ json_array('record', '$.' ~ list_field) }}) as entry,
        generate_subscripts({{ json_array('record', '$.' ~ list_field) }}, 1) - 1
            as {{ index_name }}
    from ({{ drop_exact_duplicates(source('careers', 'career_profiles')) }}) as profiles
{%- endmacro %}
