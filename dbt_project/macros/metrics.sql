{# Steps that several metric models and marts share (docs/methodology.md#metrics), stated once.
   A share with its interval: macro share_with_interval (macros/marts.sql). #}

{# Rows of the same researcher: the same person at the same company (the metrics' key). #}
{% macro same_researcher(left, right) -%}
    {{ left }}.person_id = {{ right }}.person_id and {{ left }}.company_id = {{ right }}.company_id
{%- endmacro %}

{#
  The marts by organization (company_inflows, leaver_destinations): the people of `relation`
  (one row per person and company) counted by company, year and the columns `by`, with two
  shares, as the columns

    company_id, <year_as> (the column `year`), <by...>, researchers,
    <share_of_all> (+ _ci_low, _ci_high)   = researchers / all the company's people of the year,
    <share_of_known> (+ _ci_low, _ci_high) = researchers / those of them for whom `known` holds;
                                             null on the rows whose people it does not hold for
                                             (fresh_graduate, unknown).

  known: a condition on the columns `by` (the organization is known). per: columns of `by` that
  narrow the denominators (the unit: shares of the unit's people of the year). Rows only for
  the groups with people.
#}
{% macro counts_and_shares(
    relation, year, year_as, by, known, share_of_all, share_of_known, per=[]
) -%}
    {%- set keys = ['company_id', year] + by -%}
    select
        company_id,
        cast({{ year }} as integer) as {{ year_as }},
        {{ by | join(', ') }},
        cast(researchers as integer) as researchers,
        {{ share_with_interval('researchers', 'total', share_of_all) }},
        {{ share_with_interval('researchers', 'known', share_of_known) }}
    from (
        select
            {{ keys | join(', ') }},
            count(*) as researchers,
            -- the denominators, over the company's groups of the year
            sum(count(*)) over company_year as total,
            case
                when {{ known }} then sum(count(*) filter (where {{ known }})) over company_year
            end as known
        from {{ relation }}
        group by {{ keys | join(', ') }}
        window company_year as (partition by {{ (['company_id', year] + per) | join(', ') }})
    ) as counted
{%- endmacro %}
