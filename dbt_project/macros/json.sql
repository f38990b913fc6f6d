{# Engine-specific JSON access lives here and in staging only (DuckDB today, Spark later).
   Values read as DuckDB's `->` and `->>` read a path: a missing path is null, and so is the text
   of a JSON null. Staging parses each landed record once, in the `stg_<source>__*_records`
   models, with json_fields. #}

{# The text at a JSON path, null when absent or blank. #}
{% macro json_text(doc, path) -%}
    {{ text_or_null(doc ~ " ->> '" ~ path ~ "'") }}
{%- endmacro %}

{# A JSON scalar's text (as `->>` gives it), null when blank. #}
{% macro text_or_null(text) -%}
    nullif(trim({{ text }}), '')
{%- endmacro %}

{# The elements of a JSON array, as a list of JSON: [] when the value is absent or not an array. #}
{% macro json_array(value) -%}
    coalesce(json_extract({{ value }}, '$[*]'), []::json[])
{%- endmacro %}

{# The columns at many paths of one JSON document per row, the document parsed once (a call per
   path would parse it again for each). `records` is a select with the JSON column `doc`;
   `keys` are the columns kept as they are; `texts`, `types` and `lists` map a column name to a
   path:
     texts: the text at the path (`doc ->> path`), null when absent or blank, as column `name`;
     types: the JSON type at the path (null when absent, 'NULL' for a JSON null), as `name_type`;
     lists: the elements of the array at the path as a list of JSON (json_array), as `name`. #}
{% macro json_fields(records, doc, keys, texts={}, types={}, lists={}) -%}
    {%- set parsed = [] -%}
    {%- set columns = [] -%}
    {%- if texts -%}
        {%- do parsed.append('json_extract_string(' ~ doc ~ ', ' ~ _json_paths(texts) ~ ') as texts') -%}
        {%- for name in texts -%}
            {%- do columns.append(text_or_null('texts[' ~ loop.index ~ ']') ~ ' as ' ~ name) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if types -%}
        {%- do parsed.append('json_type(' ~ doc ~ ', ' ~ _json_paths(types) ~ ') as types') -%}
        {%- for name in types -%}
            {%- do columns.append('types[' ~ loop.index ~ '] as ' ~ name ~ '_type') -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if lists -%}
        {%- do parsed.append('json_extract(' ~ doc ~ ', ' ~ _json_paths(lists) ~ ') as lists') -%}
        {%- for name in lists -%}
            {%- do columns.append(json_array('lists[' ~ loop.index ~ ']') ~ ' as ' ~ name) -%}
        {%- endfor -%}
    {%- endif %}
    select
        {{ (keys + columns) | join(',\n        ') }}
    from (
        select
            {{ (keys + parsed) | join(',\n            ') }}
        from ({{ records }}) as records
    ) as parsed
{%- endmacro %}

{% macro _json_paths(fields) -%}
    [{%- for path in fields.values() %}'{{ path }}'{{ ", " if not loop.last }}{% endfor -%}]
{%- endmacro %}

{# One row per record of a landed source (distinct_records), its JSON parsed once (json_fields),
   with record_id named `key`: the body of the `stg_<source>__*_records` models. #}
{% macro source_records(relation, key, version_path=none, texts={}, types={}, lists={}) -%}
    select
        record_id as {{ key }},
        * exclude (record_id)
    from (
        {{ json_fields(
            distinct_records(relation, version_path),
            'record',
            ['record_id', '_source_file', '_line', '_file_modified_at'],
            texts, types, lists
        ) | indent(8) }}
    ) as fields
{%- endmacro %}

{# One row per element of the JSON list `list_field` of `relation`, with `key` and the element's
   position from 0 as `index_name`; the element is column `entry`. #}
{% macro list_entries(relation, key, list_field, index_name) -%}
    select
        {{ key }},
        unnest({{ list_field }}) as entry,
        generate_subscripts({{ list_field }}, 1) - 1 as {{ index_name }}
    from {{ relation }}
{%- endmacro %}

{# A calendar year from a JSON scalar, given as its text and its JSON type (json_texts,
   json_types), that may be a year (2021), a string ("2021", "2021-07", "July 2021"), or epoch
   milliseconds as a number or a string. Anything else is null. #}
{% macro json_year(text, json_type) -%}
    case
        when {{ json_type }} in ('UBIGINT', 'BIGINT', 'DOUBLE', 'HUGEINT')
            then {{ year_from_number(text ~ '::double') }}
        when {{ json_type }} = 'VARCHAR'
            then case
                when regexp_full_match(trim({{ text }}), '[0-9]{6,}')
                    then {{ year_from_number("trim(" ~ text ~ ")::double") }}
                else try_cast(
                    regexp_extract({{ text }}, '(^|[^0-9])([0-9]{4})([^0-9]|$)', 2) as integer
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

{# A calendar month 1..12 from a JSON scalar's text, else null. #}
{% macro json_month(text) -%}
    case when try_cast({{ text }} as integer) between 1 and 12
        then try_cast({{ text }} as integer) end
{%- endmacro %}

{# The list with its elements at `positions` (from 1) replaced by null, the others in place; the
   list as it is when there are none (nearly always: no list is rebuilt for nothing). #}
{% macro without_positions(list, positions) -%}
    case
        when len({{ positions }}) = 0 then {{ list }}
        else list_transform(
            range(1, len({{ list }}) + 1),
            lambda i: if(list_contains({{ positions }}, i), null, {{ list }}[i])
        )
    end
{%- endmacro %}
