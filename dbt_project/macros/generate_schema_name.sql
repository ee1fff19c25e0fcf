{#- Marts land in `main`, so a journalist's SQL client shows them first; the other layers keep
    their own schema names (`staging`, `intermediate`) without the target prefix. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
