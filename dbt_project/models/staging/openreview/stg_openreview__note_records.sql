-- One row per distinct note (macro distinct_records, applied once for the source), its JSON
-- parsed once: the shape, texts, JSON types and author lists that stg_openreview__notes and
-- stg_openreview__authorships read. Neither reads raw.openreview_notes.
{%- set texts = {
    'forum': '$.forum',
    'invitation': '$.invitation',
    'first_invitation': '$.invitations[0]',
    'content_venueid_value': '$.content.venueid.value',
    'content_venueid': '$.content.venueid',
    'note_domain': '$.domain',
    'content_venue_value': '$.content.venue.value',
    'content_venue': '$.content.venue',
    'content_title_value': '$.content.title.value',
    'content_title': '$.content.title',
    'pdate': '$.pdate',
    'cdate': '$.cdate',
    'tcdate': '$.tcdate',
} %}
{%- set types = {
    'pdate': '$.pdate',
    'cdate': '$.cdate',
    'tcdate': '$.tcdate',
    'ddate': '$.ddate',
    'first_author': '$.content.authors.value[0]',
    'content_authorids_value': '$.content.authorids.value',
    'content_authorids': '$.content.authorids',
    'content_title_value': '$.content.title.value',
    'content': '$.content',
} %}
{%- set lists = {
    'content_authors_value': '$.content.authors.value',
    'content_authorids_value': '$.content.authorids.value',
    'content_authorids': '$.content.authorids',
    'content_authors': '$.content.authors',
} %}
with

records as (
    select
        records.*,
        opted_out.person_ids
    from (
        {{ source_records(
            source('openreview', 'openreview_notes'), 'note_id', '$.tmdate',
            texts=texts, types=types, lists=lists
        ) }}
    ) as records
    cross join (
        select coalesce(list(opt_outs.id_hash), []) as person_ids
        from {{ ref('stg_privacy__opt_outs') }} as opt_outs
        where opt_outs.id_kind = 'openreview'
    ) as opted_out
),

-- the author positions of people who opted out (docs/methodology.md#opt-outs): their ids and
-- names become null in every author list, so that no model carries them; the other authors keep
-- their places
redactions as (
    select
        *,
        {{ opted_out_author_positions('person_ids') }} as redacted_positions
    from records
)

select
    * exclude (person_ids, redacted_positions, {{ lists | join(', ') }}),
    {{ without_positions('content_authors_value', 'redacted_positions') }}
        as content_authors_value,
    {{ without_positions('content_authorids_value', 'redacted_positions') }}
        as content_authorids_value,
    {{ without_positions('content_authorids', 'redacted_positions') }} as content_authorids,
    {{ without_positions('content_authors', 'redacted_positions') }} as content_authors,
    -- the shapes of docs/methodology.md#input, tested in this order
    case
        when first_author_type = 'OBJECT' then 'v2_unified'
        when content_authorids_value_type = 'ARRAY' then 'v2'
        when content_authorids_type = 'ARRAY' then 'v1'
        when content_title_value_type is not null then 'v2'
        when content_type = 'OBJECT' then 'v1'
        else 'unknown'
    end as note_shape
from redactions
