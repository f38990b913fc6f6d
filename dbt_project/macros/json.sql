{# Engine-specific JSON access lives here and in staging only (DuckDB today, Spark later). #}

{# The text of a JSON path, null when absent. #}
{% macro json_text(doc, path) -%}
    nullif(trim({{ doc }} ->> '{{ path }}'), '')
{%- endmacro %}

{# The JSON value at a path. #}
{% macro json_value(doc, path) -%}
    ({{ doc }} -> '{{ path }}')
{%- endmacro %}

{# The elements of a JSON array at a path, as a list of JSON ([] when absent or not an array). #}
{% macro json_array(doc, path) -%}
    json_extract({{ doc }}, '{{ path }}[*]')
{%- endmacro %}

{# A calendar year from a JSON scalar that may be a year (2021), a string ("2021", "2021-07",
   "July 2021"), or epoch milliseconds as a number or a string. Anything else is null. #}
{% macro json_year(value) -%}
    case
        when json_type({{ value }}) in ('UBIGINT', 'BIGINT', 'DOUBLE', 'HUGEINT')
            then {{ year_from_number(value ~ '::double') }}
        when json_type({{ value }}) = 'VARCHAR'
            then case
                when regexp_full_match(trim({{ value }} ->> '$'), '[0-9]{6,}')
                    then {{ year_from_number("trim(" ~ value ~ " ->> '$')::double") }}
                else try_cast(
                    regexp_extract({{ value }} ->> '$', '(^|[^0-9])([0-9]{4})([^0-9]|$)', 2)
                    as integer
                )
            end
    end
{%- endmacro %}

{# Numbers of six digits or more are epoch milliseconds (UTC); smaller ones are years. A number
   that is neither (past the year 9999 in milliseconds, NaN, infinite) is null: no value may
   stop a build. #}
{% macro year_from_number(number) -%}
    case
        when abs({{ number }}) < 100000 then floor({{ number }})::integer
        when abs({{ number }}) < 253402300800000
            then year(make_timestamp(({{ number }} * 1000)::bigint) at time zone 'UTC')
    end
{%- endmacro %}

{# A calendar month 1..12 from a JSON scalar, else null. #}
{% macro json_month(value) -%}
    case when try_cast({{ value }} ->> '$' as integer) between 1 and 12
        then try_cast({{ value }} ->> '$' as integer) end
{%- endmacro %}
