{# True when `expression` (an id in the form stg_privacy__opt_outs hashes) is named by an opt-out
   entry of `id_kind`: staging drops that record (docs/methodology.md#opt-outs). #}
{% macro is_opted_out(id_kind, expression) -%}
    coalesce(md5({{ expression }}) in (
        select opt_outs.id_hash from {{ ref('stg_privacy__opt_outs') }} as opt_outs
        where opt_outs.id_kind = '{{ id_kind }}'
    ), false)
{%- endmacro %}

{# stg_openreview__note_records: the author positions (from 1) whose id, in any of the note's
   author lists, has its md5 in the list column `person_ids` (the OpenReview ids that opted out,
   hashed); [] when it is empty. #}
{% macro opted_out_author_positions(person_ids) -%}
    case
        when len({{ person_ids }}) = 0 then []
        else list_filter(
            range(1, greatest(
                len(content_authors_value), len(content_authorids_value),
                len(content_authorids), len(content_authors)
            ) + 1),
            lambda i: list_contains({{ person_ids }}, md5(coalesce(
                content_authorids_value[i] ->> '$',
                content_authorids[i] ->> '$',
                content_authors_value[i] ->> '$.username'
            )))
        )
    end
{%- endmacro %}
