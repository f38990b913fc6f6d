-- One row per entry of a career profile's `experiences`; ends_at null means current.
{{ career_profile_entries('experiences', 'experience_index', {
    'company': '$.company',
    'title': '$.title',
    'location': '$.location',
}) }}
