{# One row per record of a landed source (docs/methodology.md#bad-input). Lines whose parsed
   values are equal are one record (landing's record_hash; the first line landed is kept).
   With a version_path (notes and profiles: '$.tmdate'), the version with the greatest value
   wins. Versions that remain side by side — the same id with the same tmdate and different
   content, or different content where there is no version — are a conflict: both rows stay,
   and the key test of the staging model blocks the build. #}
{% macro distinct_records(relation, version_path=none) -%}
    select *
    from {{ relation }}
    qualify row_number() over (
        partition by record_id, coalesce(record_hash, '') order by _source_file, _line
    ) = 1
    {%- if version_path %}
        and rank() over (
            partition by record_id
            order by try_cast({{ json_text('record', version_path) }} as double) desc nulls last
        ) = 1
    {%- endif %}
{%- endmacro %}
