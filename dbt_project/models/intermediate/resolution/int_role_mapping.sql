-- Each distinct position text, job title and degree, mapped once through the role_patterns seed
-- from the text alone (the lowest priority that matches and is allowed for the kind of text
-- wins). What a kind of text may map to (docs/methodology.md#spells): an OpenReview position any
-- role; a career title intern, postdoc or faculty, else employee (never a student role); a
-- degree only a student role. A pattern without a role (a teaching or research assistant) fits
-- every kind of text: the text has no role, for the pattern's no_role_reason.
-- The organization decides the rest, in int_resolved_entries: `role` holds at an academic
-- organization; `role_outside_academia` anywhere else. The academic posts (postdoc, faculty)
-- need academia: elsewhere they take the pattern's outside_academia (employee for a postdoc or a
-- professor, none for teaching: a side job); every other role is the same everywhere.
-- role null and no_role_reason null = unmapped (no pattern matches).
with

texts as (
    select distinct
        'position' as text_kind,
        lower(trim(position)) as text
    from {{ ref('stg_openreview__profile_history') }}
    union
    select distinct
        'title',
        lower(trim(coalesce(title, '')))
    from {{ ref('stg_careers__experiences') }}
    union
    select distinct
        'degree',
        lower(trim(degree_name))
    from {{ ref('stg_careers__education') }}
),

allowed as (
    select
        allowed_roles.text_kind,
        allowed_roles.role
    from (
        values
        ('position', 'employee'), ('position', 'intern'), ('position', 'postdoc'),
        ('position', 'faculty'), ('position', 'student_bachelor'),
        ('position', 'student_master'), ('position', 'student_phd'),
        ('title', 'intern'), ('title', 'postdoc'), ('title', 'faculty'),
        ('degree', 'student_bachelor'), ('degree', 'student_master'), ('degree', 'student_phd')
    ) as allowed_roles (text_kind, role)
),

-- an empty cell of the seed is no value
patterns as (
    select
        priority,
        pattern,
        nullif(role, '') as role,
        nullif(outside_academia, '') as outside_academia,
        nullif(no_role_reason, '') as no_role_reason
    from {{ ref('role_patterns') }}
),

matches as (
    select
        texts.text_kind,
        texts.text,
        patterns.role,
        patterns.outside_academia,
        patterns.no_role_reason,
        patterns.priority
    from texts
    inner join patterns on regexp_matches(texts.text, patterns.pattern)
    left join allowed
        on texts.text_kind = allowed.text_kind and patterns.role = allowed.role
    -- a pattern's role must be allowed for the kind of text; a pattern without one fits any
    where allowed.role is not null or patterns.role is null
),

best as (
    select *
    from matches
    qualify row_number() over (partition by text_kind, text order by priority) = 1
),

mapped as (
    select
        texts.text_kind,
        texts.text,
        -- a career title that names no post and no assistantship is a job
        case
            when best.priority is null and texts.text_kind = 'title' then 'employee'
            else best.role
        end as role,
        best.outside_academia,
        best.no_role_reason,
        best.priority as matched_priority
    from texts
    left join best on texts.text_kind = best.text_kind and texts.text = best.text
    where texts.text is not null
)

select
    text_kind,
    text,
    role,
    case
        when role in ('postdoc', 'faculty') then outside_academia
        else role
    end as role_outside_academia,
    no_role_reason,
    matched_priority
from mapped
