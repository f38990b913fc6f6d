-- Each distinct position text, job title and degree, mapped once to a role through the
-- role_patterns seed (the lowest priority that matches wins). What a kind of text may map to
-- (docs/methodology.md#spells): an OpenReview position any role; a career title intern, postdoc or
-- faculty, else employee (never a student role); a degree only a student role. role null =
-- unmapped.
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

matches as (
    select
        texts.text_kind,
        texts.text,
        patterns.role,
        patterns.priority
    from texts
    inner join allowed on texts.text_kind = allowed.text_kind
    inner join {{ ref('role_patterns') }} as patterns
        on allowed.role = patterns.role
            and regexp_matches(texts.text, patterns.pattern)
),

best as (
    select
        text_kind,
        text,
        role,
        priority
    from matches
    qualify row_number() over (partition by text_kind, text order by priority) = 1
)

select
    texts.text_kind,
    texts.text,
    -- a career title that names no intern, postdoc or faculty post is a job
    coalesce(best.role, case when texts.text_kind = 'title' then 'employee' end) as role,
    best.priority as matched_priority
from texts
left join best on texts.text_kind = best.text_kind and texts.text = best.text
where texts.text is not null
