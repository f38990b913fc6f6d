-- One row per person and paper they authored (tilde ids only), with the paper year: the year
-- of pdate, else cdate, else tcdate. Deleted notes (ddate) and notes without a year are left
-- out; every other authored note counts, whatever its decision.
select distinct
    authorships.person_id,
    notes.note_id,
    notes.paper_year
from {{ ref('stg_openreview__authorships') }} as authorships
inner join {{ ref('stg_openreview__notes') }} as notes
    on authorships.note_id = notes.note_id
where authorships.person_id is not null
    and not notes.is_deleted
    and notes.paper_year is not null
