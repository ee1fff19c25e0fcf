{#- Typed values from the text the APIs (and the FEC's bulk files) send: one rule per type, used by
    every staging model. A value that is present but does not parse is NULL in staging and a row
    of `audit.parse_rejects` with its reason (macros `money_problem` and `date_problem`), so a
    number is never dropped in silence.

    Money: a plain decimal (`1000`, `1000.5`, `-250.00`), optionally with a leading `$` and comma
    thousands separators (`"1,000.00"`, `"$1,000"`, `"-$2,700"`). Anything else (`NaN`, `1e20`,
    `12 dollars`, `1,00`) is "not a number"; a number beyond decimal(14, 2) (a trillion dollars) is
    "out of range". Blank text is a missing value, not a reject.
    Dates: ISO `YYYY-MM-DD` (a time part after `T` or a space is dropped), `MM/DD/YYYY`, and the
    bulk files' `MMDDYYYY`. Anything else, or an impossible day (`2016-02-30`), is "not a date". -#}

{% macro _money_pattern() -%}
    '-?\$?(\d{1,3}(,\d{3})+|\d+)(\.\d*)?|-?\$?\.\d+'
{%- endmacro %}

{% macro parse_money(text) -%}
    case
        when regexp_full_match(trim({{ text }}), {{ _money_pattern() }})
            then try_cast(replace(replace(trim({{ text }}), '$', ''), ',', '') as decimal(14, 2))
    end
{%- endmacro %}

{% macro money_problem(text) -%}
    case
        when {{ text }} is null or trim({{ text }}) = '' then null
        when not regexp_full_match(trim({{ text }}), {{ _money_pattern() }}) then 'not a number'
        when {{ parse_money(text) }} is null then 'out of range for decimal(14, 2)'
    end
{%- endmacro %}

{% macro parse_date(text) -%}
    case
        when regexp_full_match(trim({{ text }}), '\d{4}-\d{2}-\d{2}([T ].*)?')
            then try_strptime(left(trim({{ text }}), 10), '%Y-%m-%d')::date
        when regexp_full_match(trim({{ text }}), '\d{1,2}/\d{1,2}/\d{4}')
            then try_strptime(trim({{ text }}), '%m/%d/%Y')::date
        when regexp_full_match(trim({{ text }}), '\d{8}')
            then try_strptime(trim({{ text }}), '%m%d%Y')::date
    end
{%- endmacro %}

{% macro date_problem(text) -%}
    case
        when {{ text }} is null or trim({{ text }}) = '' then null
        when {{ parse_date(text) }} is null then 'not a date'
    end
{%- endmacro %}

{#- The problems of one row, as a list of {column_name, raw_value, reason} (empty when every value
    parsed). `fields` is a list of [column name, text expression, 'money' or 'date']. -#}
{% macro parse_problems(fields) -%}
    list_filter([
        {%- for name, text, kind in fields %}
        {
            'column_name': '{{ name }}',
            'raw_value': {{ text }},
            'reason': {% if kind == 'money' %}{{ money_problem(text) }}{% else %}{{ date_problem(text) }}{% endif %}
        }{{ "," if not loop.last }}
        {%- endfor %}
    ], lambda problem: problem.reason is not null)
{%- endmacro %}

{#- The FEC's two-year period of a year: the even year that closes it (2015 and 2016 -> 2016). -#}
{% macro fec_cycle(year) -%}
    ({{ year }} + {{ year }} % 2)
{%- endmacro %}
