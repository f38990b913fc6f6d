-- One row per entry of a career profile's `education`.
{{ career_profile_entries('education', 'education_index', {
    'school': '$.school',
    'degree_name': '$.degree_name',
    'field_of_study': '$.field_of_study',
}) }}
