{# Fails on every combination of `columns` that occurs more than once (dbt packages cannot be
   fetched here, so this stands in for dbt_utils.unique_combination_of_columns). #}
{% test unique_combination(model, columns) %}
    select {{ columns | join(', ') }}, count(*) as occurrences
    from {{ model }}
    group by {{ columns | join(', ') }}
    having count(*) > 1
{% endtest %}
