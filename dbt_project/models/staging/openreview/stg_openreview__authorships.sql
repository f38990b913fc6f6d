-- One row per author position of a note. Author ids that are not tilde ids (emails) are kept
-- as unlinked authorships: person_id is null for them.
with

notes as (
    {{ distinct_records(source('openreview', 'openreview_notes'), '$.tmdate') }}
),

author_lists as (
    select
        record_id as note_id,
        case
            when json_type(record, '$.content.authors.value[0]') = 'OBJECT'
                then {{ json_array('record', '$.content.authors.value') }}
        end as author_objects,
        coalesce(
            nullif({{ json_array('record', '$.content.authorids.value') }}, []),
            {{ json_array('record', '$.content.authorids') }}
        ) as author_ids,
        coalesce(
            nullif({{ json_array('record', '$.content.authors.value') }}, []),
            {{ json_array('record', '$.content.authors') }}
        ) as author_names
    from notes
),

positions as (
    select
        note_id,
        author_objects,
        author_ids,
        author_names,
        unnest(range(
            greatest(
                coalesce(len(author_objects), 0), len(author_ids), len(author_names)
            )
        )) as author_index
    from author_lists
),

renamed as (
    select
        note_id,
        author_index,
        coalesce(
            {{ json_text('author_objects[author_index + 1]', '$.username') }},
            author_ids[author_index + 1] ->> '$'
        ) as author_id,
        coalesce(
            {{ json_text('author_objects[author_index + 1]', '$.fullname') }},
            case when author_objects is null then author_names[author_index + 1] ->> '$' end
        ) as author_name,
        {{ json_text('author_objects[author_index + 1]', '$.institutions[0].name') }}
            as institution_name,
        lower({{ json_text('author_objects[author_index + 1]', '$.institutions[0].domain') }})
            as institution_domain,
        upper({{ json_text('author_objects[author_index + 1]', '$.institutions[0].country') }})
            as institution_country
    from positions
)

select
    *,
    case when author_id like '~%' then author_id end as person_id
from renamed
