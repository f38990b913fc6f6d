with

profiles as (
    select * from {{ ref('stg_careers__profile_records') }}
),

renamed as (
    select
        career_profile_id,
        {{ normalize_linkedin_url(
            "coalesce(profile_url, career_profile_id)"
        ) }} as linkedin_url,
        coalesce(
            full_name,
            nullif(trim(concat_ws(
                ' ',
                first_name,
                last_name
            )), '')
        ) as full_name,
        first_name,
        last_name,
        city,
        upper(country) as country,
        -- the fetch time of a career record: when its file was written
        year(_file_modified_at) as fetched_year,
        _source_file,
        _line
    from profiles
)

select * from renamed
