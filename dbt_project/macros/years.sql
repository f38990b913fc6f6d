{# One row per year from `first_year` to `last_year`, in a select list (DuckDB's range;
   on Spark this is explode(sequence(first_year, last_year))). #}
{% macro year_series(first_year, last_year) -%}
    unnest(range({{ first_year }}, {{ last_year }} + 1))
{%- endmacro %}

{# How precise a date is: 'month' when its month is known, 'year' when only its year, null when
   there is no date. #}
{% macro date_precision(year, month) -%}
    case when {{ year }} is null then null when {{ month }} is not null then 'month' else 'year' end
{%- endmacro %}
