{# One row per record of a landed source (docs/methodology.md#bad-input). Lines whose parsed
   values are equal are one record (landing's record_hash; the first line landed is kept).
   With a version_path (notes and profiles: '$.tmdate'), the version with the greatest value
   wins. Versions that remain side by side — the same id with the same tmdate and different
   content, or different content where there is no version — are a conflict: both rows stay,
   and the key test of the staging model blocks the build.
   Only an id on several lines can have a duplicate: the windows run over those lines alone and
   every other line passes as it is, instead of sorting the whole source, JSON and all. Staging
   calls it once per source: in the `stg_<source>__*_records` models, and in stg_github__users,
   the only model of its source. #}
{% macro distinct_records(relation, version_path=none) -%}
    select *
    from {{ relation }} as lines
    where not exists ({{ _repeated_id(relation) }})
    union all
    select *
    from {{ relation }} as lines
    where exists ({{ _repeated_id(relation) }})
    qualify row_number() over (
        partition by record_id, coalesce(record_hash, '') order by _source_file, _line
    ) = 1
    {%- if version_path %}
        and rank() over (
            partition by record_id
            order by try_cast({{ json_text('record', version_path) }} as double) desc nulls last
        ) = 1
    {%- endif %}
{%- endmacro %}

{# The id of `lines` when it is on more than one line of the relation. #}
{% macro _repeated_id(relation) -%}
    select 1
    from (
        select record_id from {{ relation }} group by record_id having count(*) > 1
    ) as repeated
    where repeated.record_id is not distinct from lines.record_id
{%- endmacro %}
