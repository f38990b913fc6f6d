{# Settings of CONTRACT §2, read from the same environment variables as the Python code. #}
{% macro as_of_year() -%}
    {{ env_var('TALENTFLOW_AS_OF_YEAR', modules.datetime.date.today().year) | int }}
{%- endmacro %}

{% macro home_country() -%}
    '{{ env_var('TALENTFLOW_HOME_COUNTRY', 'CN') | upper }}'
{%- endmacro %}
