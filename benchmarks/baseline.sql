-- talentflow, the plain-SQL baseline: the marts of docs/methodology.md#marts computed from the
-- landing zone in one DuckDB script on a fresh database, written from
-- docs/methodology.md#metrics (and the rules the dbt models document where the methodology
-- leaves a choice open). No dbt, no Dagster, no
-- Great Expectations. One step is not SQL: the probabilistic linking (names read in Python,
-- splink's model) is the project's own code, orchestration.defs.linking.splink_model.score_pairs,
-- called by the runner on this script's connection where the line `-- @score_pairs` stands;
-- everything before and after it (the linkage inputs, the exact links, the one-to-one
-- assignment, spells, metrics, marts) is written here.
--
-- Run it with `python -m benchmarks.baseline --landing DIR --database FILE`, which fills in the
-- ${...} parameters below (paths as SQL lists of files, the as-of year, the home country, the
-- link threshold) and times each statement and the splink step. Statements end with a
-- semicolon at the end of a line; the runner splits on that.
--
-- What keeps it fast (see NOTES "Writing the transformations in DuckDB"): the JSON is read
-- once, into typed columns (only fields whose type varies in real dumps stay JSON); lists are
-- unnested in the select list; texts are mapped to roles and organizations once per distinct
-- text; duplicate lines are looked for only among ids that occur twice; spells are expanded to
-- years with unnest(range(...)); every window has a total order.

SET preserve_insertion_order = false;

-- ---------------------------------------------------------------------------------- macros
-- A calendar year from a JSON scalar: a year (2021), a string ("2021", "2021-07", "July 2021"),
-- or epoch milliseconds as a number or a string (six digits or more). Anything else is null.
CREATE OR REPLACE TEMP MACRO year_from_number(n) AS (
    CASE
        WHEN abs(n) >= 100000
            THEN year(make_timestamp((n * 1000)::BIGINT) AT TIME ZONE 'UTC')
        ELSE floor(n)::INTEGER
    END
);

CREATE OR REPLACE TEMP MACRO json_year(v) AS (
    CASE
        WHEN json_type(v) IN ('UBIGINT', 'BIGINT', 'DOUBLE', 'HUGEINT')
            THEN year_from_number(v::DOUBLE)
        WHEN json_type(v) = 'VARCHAR'
            THEN CASE
                WHEN regexp_full_match(trim(v ->> '$'), '[0-9]{6,}')
                    THEN year_from_number(trim(v ->> '$')::DOUBLE)
                ELSE try_cast(
                    regexp_extract(v ->> '$', '(^|[^0-9])([0-9]{4})([^0-9]|$)', 2) AS INTEGER
                )
            END
    END
);

-- Text as a value: trimmed, empty is null.
CREATE OR REPLACE TEMP MACRO txt(s) AS (nullif(trim(s), ''));

-- A LinkedIn URL reduced to linkedin.com/in/<id> (docs/methodology.md#organizations).
CREATE OR REPLACE TEMP MACRO linkedin_key(url) AS (
    nullif(
        regexp_replace(
            regexp_replace(
                regexp_replace(
                    lower(trim(url)),
                    '^(https?://)?([a-z]{2,3}\.)?linkedin\.com/', 'linkedin.com/'
                ),
                '^(in/)?([^/.:]+/?)$', 'linkedin.com/in/\2'
            ),
            '[?#].*$|/+$', '', 'g'
        ),
        ''
    )
);

-- A GitHub login from a login or a github.com URL, lower-cased.
CREATE OR REPLACE TEMP MACRO github_key(v) AS (
    nullif(
        lower(regexp_extract(
            trim(v), '^(?:https?://)?(?:www\.)?(?:github\.com/)?@?([A-Za-z0-9-]+)/?$', 1
        )),
        ''
    )
);

-- An organization name for matching: case, punctuation and legal suffixes dropped (EN, ZH).
CREATE OR REPLACE TEMP MACRO org_key(name) AS (
    nullif(trim(regexp_replace(
        regexp_replace(
            regexp_replace(
                regexp_replace(
                    replace(lower(trim(name)), '&', ' and '),
                    '股份有限公司|有限责任公司|有限公司', ' ', 'g'
                ),
                '[^a-z0-9\p{Han}]+', ' ', 'g'
            ),
            '\b(the|inc|incorporated|co|ltd|limited|llc|corp|corporation|gmbh|plc|pte)\b',
            ' ', 'g'
        ),
        ' +', ' ', 'g'
    )), '')
);

-- Name tokens, sorted: "Zhang Wei" and "Wei Zhang" give the same key.
CREATE OR REPLACE TEMP MACRO name_key(full_name) AS (
    array_to_string(list_sort(string_split(
        trim(regexp_replace(lower(strip_accents(full_name)), '[^a-z\p{Han}]+', ' ', 'g')), ' '
    )), ' ')
);

-- ------------------------------------------------------------------------- landing (read once)
-- Lines that are not JSON objects come back as all-null rows (ignore_errors): no id, dropped.
CREATE TEMP TABLE src_profiles AS
SELECT
    txt(id) AS person_id,
    tmdate,
    content
FROM read_json(
    ${OPENREVIEW_PROFILES},
    format = 'newline_delimited',
    ignore_errors = true,
    columns = {
        id: 'VARCHAR',
        tmdate: 'JSON',
        content: 'STRUCT(
            names STRUCT(fullname VARCHAR, preferred JSON)[],
            linkedin VARCHAR,
            github VARCHAR,
            yearOfBirth JSON,
            history STRUCT(
                position VARCHAR, "start" JSON, "end" JSON,
                institution STRUCT(name VARCHAR, domain VARCHAR, country VARCHAR)
            )[]
        )'
    }
)
WHERE txt(id) IS NOT NULL;

CREATE TEMP TABLE src_notes AS
SELECT
    txt(id) AS note_id,
    tmdate,
    pdate,
    cdate,
    tcdate,
    ddate,
    content
FROM read_json(
    ${OPENREVIEW_NOTES},
    format = 'newline_delimited',
    ignore_errors = true,
    columns = {
        id: 'VARCHAR',
        tmdate: 'JSON',
        pdate: 'JSON',
        cdate: 'JSON',
        tcdate: 'JSON',
        ddate: 'JSON',
        content: 'STRUCT(authorids JSON, authors JSON)'
    }
)
WHERE txt(id) IS NOT NULL;

CREATE TEMP TABLE src_careers AS
SELECT
    txt(public_identifier) AS career_profile_id,
    profile_url,
    full_name,
    first_name,
    last_name,
    experiences,
    education
FROM read_json(
    ${CAREER_PROFILES},
    format = 'newline_delimited',
    ignore_errors = true,
    columns = {
        public_identifier: 'VARCHAR',
        profile_url: 'VARCHAR',
        full_name: 'VARCHAR',
        first_name: 'VARCHAR',
        last_name: 'VARCHAR',
        experiences: 'STRUCT(company VARCHAR, title VARCHAR, starts_at JSON, ends_at JSON)[]',
        education: 'STRUCT(school VARCHAR, degree_name VARCHAR, starts_at JSON, ends_at JSON)[]'
    }
)
WHERE txt(public_identifier) IS NOT NULL;

CREATE TEMP TABLE src_github AS
SELECT
    lower(txt(login)) AS github_login,
    blog
FROM read_json(
    ${GITHUB_USERS},
    format = 'newline_delimited',
    ignore_errors = true,
    columns = {login: 'VARCHAR', blog: 'VARCHAR'}
)
WHERE txt(login) IS NOT NULL;

-- ------------------------------------------------------------------ duplicates (docs/methodology.md#bad-input)
-- Lines with equal values are one record; of different versions under one id the greatest
-- tmdate wins (notes and profiles). Only ids seen more than once are looked at. (Versions left
-- side by side — same tmdate, different content — are a conflict that blocks the project's
-- build; here the first in a fixed order is kept.)
CREATE TEMP TABLE profiles AS
WITH dup AS (
    SELECT person_id FROM src_profiles GROUP BY person_id HAVING count(*) > 1
)
SELECT * FROM src_profiles WHERE person_id NOT IN (SELECT person_id FROM dup)
UNION ALL
SELECT * FROM (
    SELECT DISTINCT * FROM src_profiles WHERE person_id IN (SELECT person_id FROM dup)
)
QUALIFY row_number() OVER (
    PARTITION BY person_id
    ORDER BY try_cast(txt(tmdate ->> '$') AS DOUBLE) DESC NULLS LAST, content::VARCHAR
) = 1;

CREATE TEMP TABLE notes AS
WITH dup AS (
    SELECT note_id FROM src_notes GROUP BY note_id HAVING count(*) > 1
)
SELECT * FROM src_notes WHERE note_id NOT IN (SELECT note_id FROM dup)
UNION ALL
SELECT * FROM (
    SELECT DISTINCT * FROM src_notes WHERE note_id IN (SELECT note_id FROM dup)
)
QUALIFY row_number() OVER (
    PARTITION BY note_id
    ORDER BY try_cast(txt(tmdate ->> '$') AS DOUBLE) DESC NULLS LAST, content::VARCHAR
) = 1;

CREATE TEMP TABLE careers AS
WITH dup AS (
    SELECT career_profile_id FROM src_careers GROUP BY career_profile_id HAVING count(*) > 1
)
SELECT * FROM src_careers WHERE career_profile_id NOT IN (SELECT career_profile_id FROM dup)
UNION ALL
SELECT * FROM (
    SELECT DISTINCT * FROM src_careers
    WHERE career_profile_id IN (SELECT career_profile_id FROM dup)
)
QUALIFY row_number() OVER (
    PARTITION BY career_profile_id ORDER BY experiences::VARCHAR, education::VARCHAR
) = 1;

CREATE TEMP TABLE github AS
SELECT github_login, min(blog) AS blog FROM src_github GROUP BY github_login;

-- ------------------------------------------------------------------------------- the people
CREATE TEMP TABLE person_profiles AS
SELECT
    person_id,
    coalesce(
        list_filter(content.names, lambda n: (n.preferred ->> '$') = 'true')[1].fullname,
        txt(content.names[1].fullname)
    ) AS display_name,
    linkedin_key(txt(content.linkedin)) AS linkedin_url,
    github_key(txt(content.github)) AS github_login,
    try_cast(txt(content.yearOfBirth ->> '$') AS INTEGER) AS year_of_birth
FROM profiles;

-- Every stint as a source states it: OpenReview history entries, career experiences and
-- education. record_id is the person_id or the career_profile_id.
CREATE TEMP TABLE entries AS
SELECT
    'openreview' AS side,
    person_id AS record_id,
    'position' AS text_kind,
    lower(trim(h.position)) AS role_text,
    txt(h.institution.name) AS org_name,
    lower(txt(h.institution.domain)) AS org_domain,
    upper(txt(h.institution.country)) AS org_country,
    json_year(h."start") AS start_year,
    json_year(h."end") AS end_year
FROM (SELECT person_id, unnest(content.history) AS h FROM profiles)
UNION ALL
SELECT
    'career',
    career_profile_id,
    'title',
    lower(coalesce(txt(e.title), '')),
    txt(e.company),
    NULL,
    NULL,
    json_year(e.starts_at -> '$.year'),
    json_year(e.ends_at -> '$.year')
FROM (SELECT career_profile_id, unnest(experiences) AS e FROM careers)
UNION ALL
SELECT
    'career',
    career_profile_id,
    'degree',
    lower(txt(e.degree_name)),
    txt(e.school),
    NULL,
    NULL,
    json_year(e.starts_at -> '$.year'),
    json_year(e.ends_at -> '$.year')
FROM (SELECT career_profile_id, unnest(education) AS e FROM careers);

-- --------------------------------------------------------------------------------- registry
CREATE TEMP TABLE seed_organizations AS
SELECT * FROM read_csv(${SEED_ORGANIZATIONS}, header = true, all_varchar = true);

CREATE TEMP TABLE seed_aliases AS
SELECT * FROM read_csv(${SEED_ALIASES}, header = true, all_varchar = true);

CREATE TEMP TABLE seed_domains AS
SELECT * FROM read_csv(${SEED_DOMAINS}, header = true, all_varchar = true);

CREATE TEMP TABLE focus AS
SELECT company_id FROM read_csv(${SEED_FOCUS}, header = true, all_varchar = true);

CREATE TEMP TABLE role_patterns AS
SELECT priority::INTEGER AS priority, pattern, role
FROM read_csv(${SEED_ROLE_PATTERNS}, header = true, all_varchar = true);

CREATE TEMP TABLE ror AS
SELECT ror_id, name, aliases, labels, domains, upper(country_code) AS country, types
FROM read_csv(${ROR_CSV}, header = true, all_varchar = true)
WHERE status <> 'withdrawn';

-- The registry: the curated seed, and every ROR organization the seed does not claim as
-- `ror:<id>`, categorized by rule. top_org_id rolls labs and subsidiaries up (two levels).
CREATE TEMP TABLE organizations AS
WITH registry AS (
    SELECT org_id, name, category, org_type, country, parent_org_id, ror_id, 'curated' AS src
    FROM seed_organizations
    UNION ALL
    SELECT
        'ror:' || ror_id,
        name,
        CASE
            WHEN types LIKE '%company%' AND country <> '${HOME_COUNTRY}' THEN 'foreign_company'
            WHEN types LIKE '%company%' THEN 'other_company'
            ELSE 'academia'
        END,
        CASE
            WHEN types LIKE '%company%' THEN 'company'
            WHEN types LIKE '%education%' THEN 'university'
            ELSE 'institute'
        END,
        country,
        NULL,
        ror_id,
        'ror'
    FROM ror
    WHERE ror_id NOT IN (SELECT ror_id FROM seed_organizations WHERE ror_id IS NOT NULL)
)
SELECT
    registry.*,
    coalesce(grandparent.org_id, parent.org_id, registry.org_id) AS top_org_id
FROM registry
LEFT JOIN seed_organizations AS parent ON registry.parent_org_id = parent.org_id
LEFT JOIN seed_organizations AS grandparent ON parent.parent_org_id = grandparent.org_id;

-- Domain → organization: curated domains (and those of ROR records the seed claims) first; a
-- domain claimed by two organizations at the same precedence is ambiguous and dropped.
CREATE TEMP TABLE registry_domains AS
WITH ror_domains AS (
    SELECT DISTINCT ror_id, lower(trim(d)) AS domain
    FROM (SELECT ror_id, unnest(string_split(domains, '|')) AS d FROM ror)
    WHERE txt(d) IS NOT NULL
),
candidates AS (
    SELECT org_id, lower(domain) AS domain, 1 AS precedence FROM seed_domains
    UNION ALL
    SELECT o.org_id, rd.domain, 1
    FROM ror_domains AS rd INNER JOIN organizations AS o ON rd.ror_id = o.ror_id
    WHERE o.src = 'curated'
    UNION ALL
    SELECT o.org_id, rd.domain, 2
    FROM ror_domains AS rd INNER JOIN organizations AS o ON 'ror:' || rd.ror_id = o.org_id
),
best AS (
    SELECT domain, min(precedence) AS precedence FROM candidates GROUP BY domain
)
SELECT c.domain, min(c.org_id) AS org_id
FROM candidates AS c INNER JOIN best USING (domain, precedence)
GROUP BY c.domain
HAVING count(DISTINCT c.org_id) = 1;

-- Normalized name → organization, English and Chinese, the same way.
CREATE TEMP TABLE registry_names AS
WITH ror_names AS (
    SELECT DISTINCT ror_id, trim(n) AS name
    FROM (
        SELECT ror_id, name AS n FROM ror
        UNION ALL
        SELECT ror_id, unnest(string_split(aliases, '|')) FROM ror
        UNION ALL
        SELECT ror_id, unnest(string_split(labels, '|')) FROM ror
    )
    WHERE txt(n) IS NOT NULL
),
candidates AS (
    SELECT org_key(name) AS key, org_id, 1 AS precedence FROM (
        SELECT org_id, name FROM organizations WHERE src = 'curated'
        UNION ALL
        SELECT org_id, name_zh FROM seed_organizations
        UNION ALL
        SELECT org_id, alias FROM seed_aliases
        UNION ALL
        SELECT o.org_id, rn.name
        FROM ror_names AS rn INNER JOIN organizations AS o ON rn.ror_id = o.ror_id
        WHERE o.src = 'curated'
    )
    UNION ALL
    SELECT org_key(name), org_id, 2 FROM (
        SELECT o.org_id, rn.name
        FROM ror_names AS rn INNER JOIN organizations AS o ON 'ror:' || rn.ror_id = o.org_id
        UNION ALL
        -- ROR names companies "ByteDance (China)": the name without its country counts too
        SELECT org_id, regexp_replace(name, ' \([^)]*\)$', '')
        FROM organizations WHERE src = 'ror' AND org_type = 'company'
    )
),
best AS (
    SELECT key, min(precedence) AS precedence FROM candidates WHERE key IS NOT NULL GROUP BY key
)
SELECT c.key, min(c.org_id) AS org_id
FROM candidates AS c INNER JOIN best USING (key, precedence)
GROUP BY c.key
HAVING count(DISTINCT c.org_id) = 1;

-- ------------------------------------------------------------------ resolving organizations
-- Each distinct (name, domain, country) once: the longest registry domain it ends with, else
-- its normalized name, else the first comma-separated part of the name that resolves; then
-- the roll-up. Unresolved names keep `raw:<normalized name>`.
CREATE TEMP TABLE affiliations AS
WITH texts AS (
    SELECT org_name AS name, org_domain AS domain, org_country AS country, count(*) AS occurrences
    FROM entries
    WHERE org_name IS NOT NULL OR org_domain IS NOT NULL
    GROUP BY ALL
),
keyed AS (
    SELECT *, org_key(name) AS key, row_number() OVER (ORDER BY name, domain, country) AS aff
    FROM texts
),
suffixes AS (
    SELECT domain, unnest(list_transform(
        range(len(string_split(domain, '.'))),
        lambda i: array_to_string(string_split(domain, '.')[i + 1:], '.')
    )) AS suffix
    FROM (SELECT DISTINCT domain FROM keyed WHERE domain IS NOT NULL)
),
by_domain AS (
    SELECT s.domain, d.org_id
    FROM suffixes AS s INNER JOIN registry_domains AS d ON s.suffix = d.domain
    WHERE s.suffix LIKE '%.%'
    QUALIFY row_number() OVER (PARTITION BY s.domain ORDER BY length(s.suffix) DESC) = 1
),
parts AS (
    SELECT
        aff,
        unnest(string_split(name, ',')) AS part,
        generate_subscripts(string_split(name, ','), 1) AS part_index
    FROM keyed
    WHERE name LIKE '%,%'
),
by_part AS (
    SELECT parts.aff, n.org_id
    FROM parts INNER JOIN registry_names AS n ON org_key(parts.part) = n.key
    QUALIFY row_number() OVER (PARTITION BY parts.aff ORDER BY parts.part_index) = 1
),
resolved AS (
    SELECT
        keyed.*,
        coalesce(by_domain.org_id, by_name.org_id, by_part.org_id) AS matched_org_id
    FROM keyed
    LEFT JOIN by_domain ON keyed.domain = by_domain.domain
    LEFT JOIN registry_names AS by_name ON keyed.key = by_name.key
    LEFT JOIN by_part ON keyed.aff = by_part.aff
)
SELECT
    resolved.name,
    resolved.domain,
    resolved.country,
    resolved.occurrences,
    resolved.matched_org_id,
    coalesce(o.top_org_id, 'raw:' || coalesce(resolved.key, resolved.domain)) AS org_id
FROM resolved
LEFT JOIN organizations AS o ON resolved.matched_org_id = o.org_id;

-- Every organization a spell can point at: the registry, and the unresolved names (most
-- frequent spelling; academia when the name or domain says so).
CREATE TEMP TABLE org_lookup AS
SELECT org_id, name, category, country FROM organizations
UNION ALL
SELECT
    org_id,
    first(name ORDER BY occurrences DESC, name ASC),
    CASE
        WHEN bool_or(
            regexp_matches(lower(coalesce(name, '')),
                'universit|college|institute|academy|laborator|大学|学院|研究院|研究所')
            OR regexp_matches(lower(coalesce(domain, '')), '(^|\.)(edu|ac)(\.[a-z]{2})?$')
        ) THEN 'academia'
        ELSE 'other_company'
    END,
    first(country ORDER BY occurrences DESC, country ASC) FILTER (WHERE country IS NOT NULL)
FROM affiliations
WHERE matched_org_id IS NULL
GROUP BY org_id;

-- Each distinct position, title and degree text mapped once to a role: the lowest priority
-- pattern among the roles that kind of text may map to; a title matching none is a job.
CREATE TEMP TABLE role_map AS
WITH texts AS (
    SELECT DISTINCT text_kind, role_text FROM entries WHERE role_text IS NOT NULL
),
allowed (text_kind, role) AS (
    VALUES
    ('position', 'employee'), ('position', 'intern'), ('position', 'postdoc'),
    ('position', 'faculty'), ('position', 'student_bachelor'),
    ('position', 'student_master'), ('position', 'student_phd'),
    ('title', 'intern'), ('title', 'postdoc'), ('title', 'faculty'),
    ('degree', 'student_bachelor'), ('degree', 'student_master'), ('degree', 'student_phd')
),
matched AS (
    SELECT t.text_kind, t.role_text, min_by(p.role, p.priority) AS role
    FROM texts AS t
    INNER JOIN allowed AS a ON t.text_kind = a.text_kind
    INNER JOIN role_patterns AS p ON a.role = p.role AND regexp_matches(t.role_text, p.pattern)
    GROUP BY ALL
)
SELECT
    t.text_kind,
    t.role_text,
    coalesce(m.role, CASE WHEN t.text_kind = 'title' THEN 'employee' END) AS role
FROM texts AS t
LEFT JOIN matched AS m USING (text_kind, role_text);

CREATE TEMP TABLE resolved_entries AS
SELECT
    e.side,
    e.record_id,
    a.org_id,
    r.role,
    e.start_year,
    e.end_year
FROM entries AS e
LEFT JOIN affiliations AS a
    ON e.org_name IS NOT DISTINCT FROM a.name
    AND e.org_domain IS NOT DISTINCT FROM a.domain
    AND e.org_country IS NOT DISTINCT FROM a.country
LEFT JOIN role_map AS r ON e.text_kind = r.text_kind AND e.role_text = r.role_text;

-- ---------------------------------------------------------------------------------- linking
-- Linking (docs/methodology.md#people-and-linking) in three parts: the linkage inputs and the
-- exact links here, in SQL; the probabilistic scoring by the project's own splink model
-- (`-- @score_pairs` below: benchmarks/baseline.py calls
-- orchestration.defs.linking.splink_model.score_pairs on this connection); the one-to-one
-- assignment in SQL again. score_pairs reads tables named and shaped like the dbt models
-- int_linkage_records, int_linkage_organizations and int_exact_links, so they are built here,
-- in schema `intermediate`, from this script's own tables.
CREATE SCHEMA IF NOT EXISTS intermediate;

-- What linking compares, one row per OpenReview profile and per career profile
-- (int_linkage_records).
CREATE OR REPLACE TABLE intermediate.int_linkage_records AS
WITH org_lists AS (
    SELECT
        record_id,
        list_sort(list_distinct(list(org_id) FILTER (WHERE NOT is_school))) AS employer_org_ids,
        list_sort(list_distinct(list(org_id) FILTER (WHERE is_school))) AS school_org_ids
    FROM (
        SELECT record_id, org_id, coalesce(role LIKE 'student_%', false) AS is_school
        FROM resolved_entries
        WHERE org_id IS NOT NULL
    )
    GROUP BY record_id
),
github_by_linkedin AS (
    SELECT linkedin_key(txt(blog)) AS linkedin_url, min(github_login) AS github_login
    FROM github
    WHERE txt(blog) ILIKE '%linkedin.com/in/%'
    GROUP BY 1
),
people AS (
    SELECT 'openreview' AS side, person_id AS record_id, display_name AS full_name,
        linkedin_url, github_login
    FROM person_profiles
    UNION ALL
    SELECT 'career', c.career_profile_id, c.full_name, c.linkedin_url, g.github_login
    FROM (
        SELECT
            career_profile_id,
            coalesce(
                txt(full_name), txt(concat_ws(' ', txt(first_name), txt(last_name)))
            ) AS full_name,
            linkedin_key(coalesce(txt(profile_url), career_profile_id)) AS linkedin_url
        FROM careers
    ) AS c
    LEFT JOIN github_by_linkedin AS g ON c.linkedin_url = g.linkedin_url
)
SELECT
    people.*,
    name_key(people.full_name) AS name_key,
    coalesce(org_lists.employer_org_ids, []) AS employer_org_ids,
    coalesce(org_lists.school_org_ids, []) AS school_org_ids
FROM people
LEFT JOIN org_lists ON people.record_id = org_lists.record_id;

-- The dated organizations of each linkage record (int_linkage_organizations).
CREATE OR REPLACE TABLE intermediate.int_linkage_organizations AS
SELECT DISTINCT
    e.side,
    e.record_id,
    e.org_id,
    coalesce(e.role LIKE 'student_%', false) AS is_school,
    e.start_year,
    e.end_year
FROM resolved_entries AS e
INNER JOIN intermediate.int_linkage_records AS r
    ON e.record_id = r.record_id AND e.side = r.side
WHERE e.org_id IS NOT NULL;

-- Exact links, one-to-one on both sides (int_exact_links): the same LinkedIn URL, then a
-- GitHub login named on both sides; a method links a pair only when its value names exactly
-- one career profile and exactly one OpenReview profile, and a profile linked by URL takes no
-- GitHub link.
CREATE OR REPLACE TABLE intermediate.int_exact_links AS
WITH o AS (SELECT * FROM intermediate.int_linkage_records WHERE side = 'openreview'),
c AS (SELECT * FROM intermediate.int_linkage_records WHERE side = 'career'),
by_linkedin AS (
    SELECT c.record_id AS career_profile_id, o.record_id AS person_id
    FROM c INNER JOIN o ON c.linkedin_url = o.linkedin_url
    QUALIFY count(*) OVER (PARTITION BY c.record_id) = 1
        AND count(*) OVER (PARTITION BY o.record_id) = 1
),
by_github AS (
    SELECT c.record_id AS career_profile_id, o.record_id AS person_id
    FROM c INNER JOIN o ON c.github_login = o.github_login
    WHERE c.record_id NOT IN (SELECT career_profile_id FROM by_linkedin)
        AND o.record_id NOT IN (SELECT person_id FROM by_linkedin)
    QUALIFY count(*) OVER (PARTITION BY c.record_id) = 1
        AND count(*) OVER (PARTITION BY o.record_id) = 1
)
SELECT career_profile_id, person_id, 'linkedin_url' AS link_method, 1.0::DOUBLE AS link_score
FROM by_linkedin
UNION ALL
SELECT career_profile_id, person_id, 'github_login', 1.0::DOUBLE FROM by_github;

-- The probabilistic step is NOT plain SQL: the runner calls the project's own splink model
-- here (orchestration.defs.linking.splink_model.score_pairs, as the Dagster asset
-- intermediate/splink_link_scores does), which reads the three tables above and writes
-- intermediate.splink_link_scores: the pairs of profiles no exact method linked, scored at or
-- above the link threshold. Its seconds are reported on their own (benchmarks/baseline.py).
-- @score_pairs

-- One-to-one assignment (int_person_links): the exact links; then, of the scored pairs
-- between profiles no exact method linked, greedy by match weight (ties: smaller career id,
-- then smaller person id), computed as rounds of mutual best: a pair links when it comes
-- first among the open pairs of its career profile and of its OpenReview profile; its
-- profiles close and the next round looks again, for at most 12 rounds (the model's
-- `rounds`). Each round of the recursion holds the pairs still open and which of them link.
CREATE OR REPLACE TABLE intermediate.int_person_links AS
WITH RECURSIVE candidates AS (
    SELECT
        career_profile_id,
        person_id,
        match_probability,
        row_number() OVER (
            ORDER BY match_weight DESC, career_profile_id ASC, person_id ASC
        ) AS pair_rank
    FROM intermediate.splink_link_scores
    WHERE match_probability >= ${LINK_THRESHOLD}
        AND career_profile_id NOT IN (SELECT career_profile_id FROM intermediate.int_exact_links)
        AND person_id NOT IN (SELECT person_id FROM intermediate.int_exact_links)
),
rounds(round, career_profile_id, person_id, match_probability, pair_rank, picked) AS (
    SELECT
        1,
        career_profile_id,
        person_id,
        match_probability,
        pair_rank,
        pair_rank = min(pair_rank) OVER (PARTITION BY career_profile_id)
            AND pair_rank = min(pair_rank) OVER (PARTITION BY person_id)
    FROM candidates
    UNION ALL
    SELECT
        round + 1,
        career_profile_id,
        person_id,
        match_probability,
        pair_rank,
        pair_rank = min(pair_rank) OVER (PARTITION BY career_profile_id)
            AND pair_rank = min(pair_rank) OVER (PARTITION BY person_id)
    FROM (
        SELECT
            *,
            bool_or(picked) OVER (PARTITION BY career_profile_id) AS career_closed,
            bool_or(picked) OVER (PARTITION BY person_id) AS person_closed
        FROM rounds
        WHERE round < 12
    )
    WHERE NOT career_closed AND NOT person_closed
)
SELECT * FROM intermediate.int_exact_links
UNION ALL
SELECT career_profile_id, person_id, 'splink', match_probability
FROM rounds
WHERE picked;

-- ----------------------------------------------------------------------------------- spells
-- OpenReview entries belong to their profile, career entries to the profile they are linked
-- to. Kept out: no organization, an unmapped role, a year outside 1950..AS_OF_YEAR+1, an end
-- before the start. Exact duplicates go before merging; then spells at one organization in
-- one role that overlap or touch merge (min start, max end, open if either is open). Spells
-- without a start year stay apart, unmerged.
CREATE TEMP TABLE spells AS
WITH valid AS (
    SELECT DISTINCT
        CASE WHEN e.side = 'openreview' THEN e.record_id ELSE l.person_id END AS person_id,
        e.org_id,
        e.role,
        e.start_year,
        e.end_year
    FROM resolved_entries AS e
    LEFT JOIN intermediate.int_person_links AS l
        ON e.side = 'career' AND e.record_id = l.career_profile_id
    WHERE (e.side = 'openreview' OR l.person_id IS NOT NULL)
        AND e.org_id IS NOT NULL
        AND e.role IS NOT NULL
        AND NOT coalesce(e.start_year < 1950 OR e.start_year > ${AS_OF_YEAR} + 1, false)
        AND NOT coalesce(e.end_year < 1950 OR e.end_year > ${AS_OF_YEAR} + 1, false)
        AND NOT coalesce(e.end_year < e.start_year, false)
),
ordered AS (
    SELECT
        *,
        max(coalesce(end_year, 9999)) OVER (
            PARTITION BY person_id, org_id, role
            ORDER BY start_year, coalesce(end_year, 9999)
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
        ) AS reach_before
    FROM valid
    WHERE start_year IS NOT NULL
),
islands AS (
    SELECT
        *,
        sum(CASE WHEN reach_before IS NULL OR start_year > reach_before + 1 THEN 1 ELSE 0 END)
            OVER (
                PARTITION BY person_id, org_id, role
                ORDER BY start_year, coalesce(end_year, 9999)
                ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
            ) AS island
    FROM ordered
)
SELECT
    person_id,
    org_id,
    role,
    min(start_year) AS start_year,
    CASE WHEN max(coalesce(end_year, 9999)) = 9999 THEN NULL ELSE max(end_year) END AS end_year,
    true AS is_dated
FROM islands
GROUP BY person_id, org_id, role, island
UNION ALL
SELECT person_id, org_id, role, start_year, end_year, false
FROM valid
WHERE start_year IS NULL;

-- ---------------------------------------------------------------------------------- papers
-- Paper year: pdate, else cdate, else tcdate. Deleted notes and notes without a year left out.
-- Authors: the unified shape's objects (username), else authorids (v2 value-wrapped or v1
-- plain); only tilde ids are persons.
CREATE TEMP TABLE person_papers AS
WITH shaped AS (
    SELECT
        note_id,
        coalesce(json_year(pdate), json_year(cdate), json_year(tcdate)) AS paper_year,
        CASE
            WHEN json_type(content.authors, '$.value[0]') = 'OBJECT'
                THEN json_extract(content.authors, '$.value[*]')
        END AS author_objects,
        coalesce(
            nullif(json_extract(content.authorids, '$.value[*]'), []),
            json_extract(content.authorids, '$[*]')
        ) AS author_ids
    FROM notes
    WHERE coalesce(json_type(ddate), 'NULL') = 'NULL'
),
positions AS (
    SELECT
        note_id,
        paper_year,
        author_objects,
        author_ids,
        unnest(range(greatest(coalesce(len(author_objects), 0), coalesce(len(author_ids), 0))))
            AS i
    FROM shaped
    WHERE paper_year IS NOT NULL
),
authors AS (
    SELECT
        note_id,
        paper_year,
        coalesce(txt(author_objects[i + 1] ->> '$.username'), author_ids[i + 1] ->> '$')
            AS author_id
    FROM positions
)
SELECT DISTINCT author_id AS person_id, note_id, paper_year
FROM authors
WHERE author_id LIKE '~%';

-- ------------------------------------------------------------------------------ population
-- Researchers of a focus company C: an employee spell at C in whose years one of their papers
-- falls. cohort_year: the start of their first employee spell at C; leave_year: the end of
-- their latest one, when it is in or before AS_OF_YEAR.
CREATE TEMP TABLE company_researchers AS
WITH employee_spells AS (
    SELECT s.* FROM spells AS s
    WHERE s.role = 'employee' AND s.is_dated AND s.org_id IN (SELECT company_id FROM focus)
),
with_paper AS (
    SELECT DISTINCT e.person_id, e.org_id AS company_id
    FROM employee_spells AS e
    INNER JOIN person_papers AS p
        ON e.person_id = p.person_id
        AND p.paper_year BETWEEN e.start_year AND coalesce(e.end_year, ${AS_OF_YEAR})
),
per_company AS (
    SELECT
        person_id,
        org_id AS company_id,
        min(start_year) AS cohort_year,
        arg_max_null(end_year, (start_year, coalesce(end_year, 9999))) AS latest_end
    FROM employee_spells
    GROUP BY person_id, org_id
)
SELECT
    w.person_id,
    w.company_id,
    p.cohort_year,
    CASE WHEN p.latest_end <= ${AS_OF_YEAR} THEN p.latest_end END AS leave_year
FROM with_paper AS w
INNER JOIN per_company AS p USING (person_id, company_id);

-- Facts about each person with a spell: the first completed PhD (year, where), else a postdoc
-- start when no PhD spell is known; education abroad; the birth year estimate.
CREATE TEMP TABLE person_facts AS
WITH people AS (
    SELECT DISTINCT person_id FROM spells
),
phd AS (
    SELECT
        person_id,
        min(end_year) FILTER (WHERE end_year IS NOT NULL) AS phd_end,
        arg_min(org_id, (end_year, org_id)) FILTER (WHERE end_year IS NOT NULL) AS phd_org_id
    FROM spells
    WHERE role = 'student_phd' AND is_dated
    GROUP BY person_id
),
postdocs AS (
    SELECT person_id, min(start_year) AS first_postdoc
    FROM spells
    WHERE role = 'postdoc' AND is_dated
    GROUP BY person_id
),
overseas AS (
    SELECT DISTINCT s.person_id
    FROM spells AS s INNER JOIN org_lookup AS o ON s.org_id = o.org_id
    WHERE s.role LIKE 'student_%' AND s.is_dated AND o.country <> '${HOME_COUNTRY}'
),
bachelors AS (
    SELECT
        person_id,
        min(CASE WHEN is_dated THEN start_year END) AS first_start,
        min(end_year) AS first_end
    FROM spells
    WHERE role = 'student_bachelor'
    GROUP BY person_id
),
births AS (
    SELECT person_id, year_of_birth FROM person_profiles
    WHERE year_of_birth BETWEEN 1950 AND ${AS_OF_YEAR} - 15
)
SELECT
    people.person_id,
    coalesce(phd.phd_end, CASE WHEN phd.person_id IS NULL THEN postdocs.first_postdoc END)
        AS phd_year,
    phd.phd_org_id,
    overseas.person_id IS NOT NULL AS overseas_educated,
    coalesce(births.year_of_birth, bachelors.first_start - 18, bachelors.first_end - 22)
        AS birth_year_est
FROM people
LEFT JOIN phd USING (person_id)
LEFT JOIN postdocs USING (person_id)
LEFT JOIN overseas USING (person_id)
LEFT JOIN bachelors USING (person_id)
LEFT JOIN births USING (person_id);

-- Each researcher in their cohort: PhD by then; fresh graduate (no employee, postdoc or
-- faculty spell anywhere starting before Y, an education spell ending in Y-1 or Y) and fresh
-- PhD (the latest such ending is a PhD, a PhD winning a tie); the source: the prior job at
-- another organization (starting before Y, or within Y) with the greatest start; ties:
-- greatest end (open greatest), then employee, faculty, postdoc, then the smallest org_id.
CREATE TEMP TABLE cohort_members AS
WITH dated AS (
    SELECT * FROM spells WHERE is_dated
),
worked_before AS (
    SELECT DISTINCT r.person_id, r.company_id
    FROM company_researchers AS r
    INNER JOIN dated AS s
        ON r.person_id = s.person_id
        AND s.role IN ('employee', 'postdoc', 'faculty')
        AND s.start_year < r.cohort_year
),
graduations AS (
    SELECT
        r.person_id,
        r.company_id,
        arg_max(
            s.role = 'student_phd', (s.end_year, CASE WHEN s.role = 'student_phd' THEN 1 ELSE 0 END)
        ) AS is_phd
    FROM company_researchers AS r
    INNER JOIN dated AS s
        ON r.person_id = s.person_id
        AND s.role LIKE 'student_%'
        AND s.end_year BETWEEN r.cohort_year - 1 AND r.cohort_year
    GROUP BY r.person_id, r.company_id
),
prior_jobs AS (
    SELECT
        r.person_id,
        r.company_id,
        s.org_id
    FROM company_researchers AS r
    INNER JOIN dated AS s
        ON r.person_id = s.person_id
        AND r.company_id <> s.org_id
        AND s.role IN ('employee', 'postdoc', 'faculty')
        AND (s.start_year < r.cohort_year
            OR (s.start_year = r.cohort_year AND s.end_year = r.cohort_year))
    QUALIFY row_number() OVER (
        PARTITION BY r.person_id, r.company_id
        ORDER BY
            s.start_year DESC,
            coalesce(s.end_year, 9999) DESC,
            CASE s.role WHEN 'employee' THEN 1 WHEN 'faculty' THEN 2 ELSE 3 END,
            s.org_id
    ) = 1
)
SELECT
    r.person_id,
    r.company_id,
    r.cohort_year,
    coalesce(f.phd_year <= r.cohort_year, false) AS has_phd,
    w.person_id IS NULL AND g.person_id IS NOT NULL AS is_fresh_grad,
    w.person_id IS NULL AND coalesce(g.is_phd, false) AS is_fresh_phd,
    coalesce(f.overseas_educated, false) AS is_overseas_educated,
    f.birth_year_est,
    p.org_id AS source_org_id,
    CASE
        WHEN p.org_id IS NOT NULL THEN o.category
        WHEN w.person_id IS NULL AND g.person_id IS NOT NULL THEN 'fresh_graduate'
        ELSE 'unknown'
    END AS source_category,
    o.name AS source_org_name
FROM company_researchers AS r
LEFT JOIN person_facts AS f ON r.person_id = f.person_id
LEFT JOIN worked_before AS w ON r.person_id = w.person_id AND r.company_id = w.company_id
LEFT JOIN graduations AS g ON r.person_id = g.person_id AND r.company_id = g.company_id
LEFT JOIN prior_jobs AS p ON r.person_id = p.person_id AND r.company_id = p.company_id
LEFT JOIN org_lookup AS o ON p.org_id = o.org_id;

-- Leavers and where they went: the first spell at another organization (a job or study)
-- starting in or after the leave year; ties: employee, faculty, postdoc, study; then org_id.
CREATE TEMP TABLE leavers AS
WITH destinations AS (
    SELECT r.person_id, r.company_id, s.org_id
    FROM company_researchers AS r
    INNER JOIN spells AS s
        ON r.person_id = s.person_id
        AND s.is_dated
        AND r.company_id <> s.org_id
        AND (s.role IN ('employee', 'postdoc', 'faculty') OR s.role LIKE 'student_%')
        AND s.start_year >= r.leave_year
    WHERE r.leave_year IS NOT NULL
    QUALIFY row_number() OVER (
        PARTITION BY r.person_id, r.company_id
        ORDER BY
            s.start_year,
            CASE s.role WHEN 'employee' THEN 1 WHEN 'faculty' THEN 2 WHEN 'postdoc' THEN 3
                ELSE 4 END,
            s.org_id,
            s.role
    ) = 1
)
SELECT
    r.person_id,
    r.company_id,
    r.leave_year,
    d.org_id AS destination_org_id,
    coalesce(o.category, 'unknown') AS destination_category,
    o.name AS destination_org_name
FROM company_researchers AS r
LEFT JOIN destinations AS d ON r.person_id = d.person_id AND r.company_id = d.company_id
LEFT JOIN org_lookup AS o ON d.org_id = o.org_id
WHERE r.leave_year IS NOT NULL;

-- -------------------------------------------------------------------------------- the marts
CREATE SCHEMA IF NOT EXISTS marts;

CREATE OR REPLACE TABLE marts.researcher_cohorts AS
WITH years AS (
    SELECT company_id, unnest(range(min(cohort_year), ${AS_OF_YEAR} + 1)) AS year
    FROM company_researchers
    GROUP BY company_id
),
team AS (
    SELECT DISTINCT r.company_id, r.person_id,
        unnest(range(s.start_year, least(coalesce(s.end_year, ${AS_OF_YEAR}), ${AS_OF_YEAR}) + 1))
            AS year
    FROM company_researchers AS r
    INNER JOIN spells AS s
        ON r.person_id = s.person_id AND r.company_id = s.org_id
    WHERE s.role = 'employee' AND s.is_dated
),
team_by_year AS (
    SELECT
        t.company_id,
        t.year,
        count(*) AS headcount,
        avg(t.year - f.birth_year_est) AS avg_age_team
    FROM team AS t LEFT JOIN person_facts AS f ON t.person_id = f.person_id
    GROUP BY t.company_id, t.year
),
cohorts AS (
    SELECT
        company_id,
        cohort_year AS year,
        count(*) AS new_researchers,
        count(*) FILTER (WHERE has_phd) AS new_with_phd,
        count(*) FILTER (WHERE is_fresh_grad) AS fresh_grads,
        count(*) FILTER (WHERE is_fresh_phd) AS fresh_phds,
        count(*) FILTER (WHERE is_overseas_educated) AS overseas_educated,
        avg(cohort_year - birth_year_est) AS avg_age_new
    FROM cohort_members
    GROUP BY company_id, cohort_year
)
SELECT
    y.company_id,
    o.name AS company_name,
    y.year::INTEGER AS year,
    coalesce(t.headcount, 0)::INTEGER AS headcount,
    coalesce(c.new_researchers, 0)::INTEGER AS new_researchers,
    coalesce(c.new_with_phd, 0)::INTEGER AS new_with_phd,
    c.new_with_phd / nullif(c.new_researchers, 0)::DOUBLE AS phd_share,
    coalesce(c.fresh_grads, 0)::INTEGER AS fresh_grads,
    c.fresh_grads / nullif(c.new_researchers, 0)::DOUBLE AS fresh_grad_share,
    coalesce(c.fresh_phds, 0)::INTEGER AS fresh_phds,
    c.fresh_phds / nullif(c.new_researchers, 0)::DOUBLE AS fresh_phd_share,
    coalesce(c.overseas_educated, 0)::INTEGER AS overseas_educated,
    c.overseas_educated / nullif(c.new_researchers, 0)::DOUBLE AS overseas_education_share,
    t.avg_age_team::DOUBLE AS avg_age_team,
    c.avg_age_new::DOUBLE AS avg_age_new,
    y.year >= 2023 AS is_llm_era
FROM years AS y
LEFT JOIN team_by_year AS t ON y.company_id = t.company_id AND y.year = t.year
LEFT JOIN cohorts AS c ON y.company_id = c.company_id AND y.year = c.year
LEFT JOIN org_lookup AS o ON y.company_id = o.org_id;

CREATE OR REPLACE TABLE marts.company_inflows AS
WITH sizes AS (
    SELECT
        company_id,
        cohort_year,
        count(*) AS new_researchers,
        count(source_org_id) AS experienced
    FROM cohort_members
    GROUP BY ALL
)
SELECT
    m.company_id,
    m.cohort_year::INTEGER AS join_year,
    m.source_category,
    m.source_org_id,
    m.source_org_name,
    coalesce(m.source_org_id IN (SELECT company_id FROM focus), false)
        AS source_is_focus_company,
    count(*)::INTEGER AS researchers,
    count(*) / any_value(s.new_researchers)::DOUBLE AS share_of_cohort,
    CASE WHEN m.source_org_id IS NOT NULL THEN count(*) / any_value(s.experienced)::DOUBLE END
        AS share_of_experienced
FROM cohort_members AS m
INNER JOIN sizes AS s ON m.company_id = s.company_id AND m.cohort_year = s.cohort_year
GROUP BY m.company_id, m.cohort_year, m.source_category, m.source_org_id, m.source_org_name;

CREATE OR REPLACE TABLE marts.leaver_destinations AS
WITH totals AS (
    SELECT company_id, leave_year, count(*) AS leavers, count(destination_org_id) AS known
    FROM leavers
    GROUP BY ALL
)
SELECT
    l.company_id,
    l.leave_year::INTEGER AS leave_year,
    l.destination_category,
    l.destination_org_id,
    l.destination_org_name,
    count(*)::INTEGER AS researchers,
    count(*) / any_value(t.leavers)::DOUBLE AS share_of_leavers,
    CASE WHEN l.destination_org_id IS NOT NULL THEN count(*) / any_value(t.known)::DOUBLE END
        AS share_of_known
FROM leavers AS l
INNER JOIN totals AS t ON l.company_id = t.company_id AND l.leave_year = t.leave_year
GROUP BY
    l.company_id, l.leave_year, l.destination_category, l.destination_org_id,
    l.destination_org_name;

CREATE OR REPLACE TABLE marts.education_backgrounds AS
WITH researchers AS (
    SELECT person_id, company_id, CASE WHEN cohort_year >= 2023 THEN 'llm' ELSE 'pre_llm' END AS era
    FROM company_researchers
),
era_sizes AS (
    SELECT company_id, era, count(*) AS researchers FROM researchers GROUP BY ALL
),
studied AS (
    SELECT DISTINCT r.company_id, r.era, r.person_id, s.org_id
    FROM researchers AS r
    INNER JOIN spells AS s
        ON r.person_id = s.person_id AND s.role LIKE 'student_%' AND s.is_dated
),
by_institution AS (
    SELECT company_id, era, org_id, count(*) AS researchers FROM studied GROUP BY ALL
)
SELECT
    b.company_id,
    b.era,
    b.org_id AS institution_org_id,
    o.name AS institution_name,
    o.country,
    b.researchers::INTEGER AS researchers,
    b.researchers / e.researchers::DOUBLE AS share,
    (rank() OVER (PARTITION BY b.company_id, b.era ORDER BY b.researchers DESC))::INTEGER
        AS rank
FROM by_institution AS b
INNER JOIN era_sizes AS e ON b.company_id = e.company_id AND b.era = e.era
LEFT JOIN org_lookup AS o ON b.org_id = o.org_id;

CREATE OR REPLACE TABLE marts.researchers AS
WITH best_link AS (
    SELECT * FROM intermediate.int_person_links
    QUALIFY row_number() OVER (
        PARTITION BY person_id ORDER BY link_score DESC, career_profile_id
    ) = 1
)
SELECT
    r.person_id,
    r.company_id,
    p.display_name,
    r.cohort_year::INTEGER AS first_join_year,
    r.leave_year::INTEGER AS last_leave_year,
    coalesce(f.phd_year <= ${AS_OF_YEAR}, false) AS has_phd,
    phd_org.name AS phd_institution,
    f.birth_year_est::INTEGER AS birth_year_est,
    coalesce(f.overseas_educated, false) AS overseas_educated,
    l.career_profile_id,
    l.link_method,
    l.link_score::DOUBLE AS link_score
FROM company_researchers AS r
LEFT JOIN person_profiles AS p ON r.person_id = p.person_id
LEFT JOIN person_facts AS f ON r.person_id = f.person_id
LEFT JOIN org_lookup AS phd_org ON f.phd_org_id = phd_org.org_id
LEFT JOIN best_link AS l ON r.person_id = l.person_id;

-- What the run saw, for the report.
CREATE OR REPLACE TABLE marts.baseline_stats AS
SELECT
    (SELECT count(*) FROM profiles) AS openreview_profiles,
    (SELECT count(*) FROM notes) AS notes,
    (SELECT count(*) FROM careers) AS career_profiles,
    (SELECT count(*) FROM github) AS github_users,
    (SELECT count(*) FROM spells) AS spells,
    (
        SELECT count(*) FROM intermediate.int_linkage_records AS r
        WHERE r.side = 'openreview'
            AND r.record_id NOT IN (SELECT person_id FROM intermediate.int_exact_links)
    ) AS unlinked_openreview,
    (
        SELECT count(*) FROM intermediate.int_linkage_records AS r
        WHERE r.side = 'career'
            AND r.record_id NOT IN (SELECT career_profile_id FROM intermediate.int_exact_links)
    ) AS unlinked_career,
    (SELECT count(*) FROM intermediate.splink_link_scores) AS scored_pairs,
    (
        SELECT count(*) FROM intermediate.int_person_links WHERE link_method = 'linkedin_url'
    ) AS links_linkedin,
    (
        SELECT count(*) FROM intermediate.int_person_links WHERE link_method = 'github_login'
    ) AS links_github,
    (
        SELECT count(*) FROM intermediate.int_person_links WHERE link_method = 'splink'
    ) AS links_probabilistic;
