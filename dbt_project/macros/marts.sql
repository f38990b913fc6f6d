{# Steps of the marts (docs/methodology.md#metrics, #uncertainty), stated once: a share with
   its interval (every mart), and the marts by category. #}

{#
  A share with the bounds of its 95% Wilson interval (macro wilson_interval), as three columns
  `name`, `name`_ci_low, `name`_ci_high: `successes` / `n`, null when n is 0 or null. Used by
  every mart's shares (directly, or through counts_and_shares): keep its signature.
#}
{% macro share_with_interval(successes, n, name) -%}
    cast({{ successes }} as double) / nullif({{ n }}, 0) as {{ name }},
    {{ wilson_interval(successes, n, 'low') }} as {{ name }}_ci_low,
    {{ wilson_interval(successes, n, 'high') }} as {{ name }}_ci_high
{%- endmacro %}

{#
  The marts by category (company_inflow_categories, leaver_destination_categories): one row
  per focus company, year and category of the people of `relation` (int_cohort_members,
  int_leavers), counted and shared by the same macro as the marts by organization
  (counts_and_shares, macros/metrics.sql) from the same rows, so that each row's researchers
  and shares are the sums of theirs over the organizations of the category; with the
  company's name. Columns:

    company_id, company_name, <year_as>, <category>, researchers,
    <share_of_all> (+ _ci_low, _ci_high), <share_of_known> (+ _ci_low, _ci_high).

  known: a condition on the category, true where the organization is known (the rows whose
  organization id is not null: those of the known denominator of the marts by organization).
#}
{% macro category_mart(relation, year, year_as, category, known, share_of_all, share_of_known) %}
with

counted as (
    {{ counts_and_shares(
        relation, year, year_as, by=[category], known=known,
        share_of_all=share_of_all, share_of_known=share_of_known
    ) }}
)

select
    counted.company_id,
    organizations.name as company_name,
    counted.* exclude (company_id)
from counted
left join {{ ref('int_organization_lookup') }} as organizations
    on counted.company_id = organizations.org_id
{% endmacro %}
