{# Rules of the methodology (docs/methodology.md) that several models share, stated once. #}

{# A spell covers year Y when start_year <= Y <= end_year, an open end running to AS_OF_YEAR. #}
{% macro spell_covers(year, start_year, end_year) -%}
    {{ year }} between {{ start_year }} and coalesce({{ end_year }}, {{ var('as_of_year') }})
{%- endmacro %}

{# Out of range: before the earliest plausible year or after AS_OF_YEAR + 1. #}
{% macro is_implausible_year(year) -%}
    ({{ year }} < {{ var('earliest_plausible_year') }} or {{ year }} > {{ var('as_of_year') }} + 1)
{%- endmacro %}

{# The LLM era: years from llm_era_start_year on. #}
{% macro is_llm_era(year) -%}
    ({{ year }} >= {{ var('llm_era_start_year') }})
{%- endmacro %}

{# The roles of a job that makes a newcomer experienced, or a leaver's destination. #}
{% macro work_roles() -%}
    ('employee', 'postdoc', 'faculty')
{%- endmacro %}

{# Ties between spells break by role: employee, faculty, postdoc, then education. #}
{% macro role_precedence(role) -%}
    case {{ role }} when 'employee' then 1 when 'faculty' then 2 when 'postdoc' then 3 else 4 end
{%- endmacro %}

{# An education spell: a student_* role, any level. #}
{% macro is_education(role) -%}
    ({{ role }} like 'student_%')
{%- endmacro %}

{# A senior title (docs/methodology.md#moves), a seniority proxy of the moves: senior, principal,
   staff, lead, head, director, chief, vice president, distinguished; 资深, 高级, 首席, 总监,
   负责人. Case-insensitive; null text is not senior. #}
{% macro is_senior_title(text) -%}
    coalesce(regexp_matches(
        lower({{ text }}),
        '\b(senior|sr\.?|principal|staff|lead|head|director|chief|vp|vice president|distinguished)\b|资深|高级|首席|总监|负责人'
    ), false)
{%- endmacro %}
