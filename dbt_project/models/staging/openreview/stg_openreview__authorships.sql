-- One row per author position of a note. Author ids that are not tilde ids (emails) are kept
-- as unlinked authorships: person_id is null for them.
{%- set texts = {
    'username': '$.username',
    'fullname': '$.fullname',
    'institution_name': '$.institutions[0].name',
    'institution_domain': '$.institutions[0].domain',
    'institution_country': '$.institutions[0].country',
} %}
with

author_lists as (
    select
        note_id,
        case when note_shape = 'v2_unified' then content_authors_value end as author_objects,
        coalesce(nullif(content_authorids_value, []), content_authorids) as author_ids,
        coalesce(nullif(content_authors_value, []), content_authors) as author_names
    from {{ ref('stg_openreview__note_records') }}
),

-- the lists side by side: a shorter list is padded with nulls up to the longest
positions as (
    select
        note_id,
        author_objects is null as is_name_only,
        unnest(range(
            greatest(coalesce(len(author_objects), 0), len(author_ids), len(author_names))
        )) as author_index,
        unnest(author_objects) as author_object,
        unnest(author_ids) as listed_id,
        unnest(author_names) as listed_name
    from author_lists
),

fields as (
    {{ json_fields(
        'select * from positions',
        'author_object',
        ['note_id', 'author_index', 'is_name_only', 'listed_id', 'listed_name'],
        texts=texts
    ) }}
),

renamed as (
    select
        note_id,
        author_index,
        coalesce(username, listed_id ->> '$') as author_id,
        coalesce(
            fullname,
            case when is_name_only then listed_name ->> '$' end
        ) as author_name,
        institution_name,
        lower(institution_domain) as institution_domain,
        upper(institution_country) as institution_country
    from fields
)

select
    *,
    case when author_id like '~%' then author_id end as person_id
from renamed
