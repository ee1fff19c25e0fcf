{#- Reading many fields of one JSON record: DuckDB parses the record once per call, and an
    expression used in several CASE branches (the parse macros) is evaluated again for each, so
    `record ->> 'field'` written where it is used parses a 3 KB Schedule A record dozens of times.
    `json_texts` reads every listed field with one parse (a list of texts, as `->>` gives them);
    `json_text_columns` names them, in a CTE of their own, for the models to use as columns.
    `fields`: names of top-level fields, or [column name, JSON path] pairs for nested ones
    (['committee__name', 'committee.name']). -#}
{% macro json_texts(json_column, fields) -%}
    json_extract_string({{ json_column }}, [
        {%- for field in fields %}
        {%- set path = field if field is string else field[1] %}
        '$.{{ path.split(".") | map("tojson") | join(".") }}'{{ "," if not loop.last }}
        {%- endfor %}
    ])
{%- endmacro %}

{% macro json_text_columns(texts_column, fields) -%}
    {%- for field in fields %}
        {{ texts_column }}[{{ loop.index }}] as {{ field if field is string else field[0] }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}
