{# int_exact_links: the pairs of its CTEs `careers` and `openreview` (int_linkage_records) that
   `column` names, one-to-one: the value names exactly one profile of each side, counted among
   the profiles that no earlier method (the CTE `linked`) took. #}
{% macro one_to_one_pairs(column, linked=none) %}
    select
        careers.record_id as career_profile_id,
        openreview.record_id as person_id,
        '{{ column }}' as link_method,
        cast(1 as double) as link_score
    from careers
    inner join openreview on careers.{{ column }} = openreview.{{ column }}
    {%- if linked %}
    where
        careers.record_id not in (select {{ linked }}.career_profile_id from {{ linked }})
        and openreview.record_id not in (select {{ linked }}.person_id from {{ linked }})
    {%- endif %}
    qualify
        count(*) over (partition by careers.record_id) = 1
        and count(*) over (partition by openreview.record_id) = 1
{%- endmacro %}
