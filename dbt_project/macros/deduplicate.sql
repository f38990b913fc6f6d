{# Drops exact duplicate lines (same id, same JSON text), keeping the first landed. Different
   records under one id stay, so that the key checks catch the conflict. #}
{% macro drop_exact_duplicates(relation) -%}
    select *
    from {{ relation }}
    qualify row_number() over (
        partition by record_id, record::varchar order by _source_file, _line
    ) = 1
{%- endmacro %}
