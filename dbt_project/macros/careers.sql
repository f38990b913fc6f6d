{# One row per element of a career profile's list field (experiences or education) of
   stg_careers__profile_records: its position from 0 as `index_name`, the texts at `fields`
   (column name → JSON path), and its dates: years and months of starts_at and ends_at, and
   whether it is current (ends_at null or missing). Each element is parsed once. #}
{% macro career_profile_entries(list_field, index_name, fields) -%}
    {%- set texts = dict(fields) -%}
    {%- do texts.update({
        'starts_at_year': '$.starts_at.year',
        'starts_at_month': '$.starts_at.month',
        'ends_at_year': '$.ends_at.year',
        'ends_at_month': '$.ends_at.month',
    }) -%}
    {%- set types = {
        'starts_at_year': '$.starts_at.year',
        'ends_at_year': '$.ends_at.year',
        'ends_at': '$.ends_at',
    } -%}
    select
        career_profile_id,
        {{ index_name }},
        {%- for name in fields %}
        {{ name }},
        {%- endfor %}
        {{ json_year('starts_at_year', 'starts_at_year_type') }} as start_year,
        {{ json_month('starts_at_month') }} as start_month,
        {{ json_year('ends_at_year', 'ends_at_year_type') }} as end_year,
        {{ json_month('ends_at_month') }} as end_month,
        coalesce(ends_at_type, 'NULL') = 'NULL' as is_current
    from (
        {{ json_fields(
            list_entries(
                ref('stg_careers__profile_records'), 'career_profile_id', list_field, index_name
            ),
            'entry',
            ['career_profile_id', index_name],
            texts=texts, types=types
        ) | indent(8) }}
    ) as entries
{%- endmacro %}
