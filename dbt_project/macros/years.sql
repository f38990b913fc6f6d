{# One row per year from `first_year` to `last_year`, in a select list (DuckDB's range;
   on Spark this is explode(sequence(first_year, last_year))). #}
{% macro year_series(first_year, last_year) -%}
    unnest(range({{ first_year }}, {{ last_year }} + 1))
{%- endmacro %}
