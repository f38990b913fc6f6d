{# Schemas are named exactly as configured (staging, intermediate, marts, registry), not prefixed
   with the target schema, so that readers find them under the names docs/methodology.md#marts gives. #}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name if custom_schema_name is not none else target.schema }}
{%- endmacro %}
