{# A LinkedIn profile URL reduced to `linkedin.com/in/<id>`: scheme, www. or country
   subdomain, query, trailing slash and case dropped (docs/methodology.md#organizations). A bare public identifier
   (as some dumps give it) becomes the same form. #}
{% macro normalize_linkedin_url(url) -%}
    nullif(
        regexp_replace(
            regexp_replace(
                regexp_replace(
                    lower(trim({{ url }})),
                    '^(https?://)?([a-z]{2,3}\.)?linkedin\.com/', 'linkedin.com/'
                ),
                '^(in/)?([^/.:]+/?)$', 'linkedin.com/in/\2'
            ),
            '[?#].*$|/+$', '', 'g'
        ),
        ''
    )
{%- endmacro %}

{# A GitHub login from a login or a github.com URL, lower-cased. #}
{% macro github_login(value) -%}
    nullif(
        lower(regexp_extract(
            trim({{ value }}),
            '^(?:https?://)?(?:www\.)?(?:github\.com/)?@?([A-Za-z0-9-]+)/?$', 1
        )),
        ''
    )
{%- endmacro %}
