{#- The one organisation-name key, shared by canonical lobbying clients and organisation links
    (FEC connected organisations and employer strings): upper case, accents stripped,
    parenthesised asides dropped, periods and apostrophes removed, & read as AND, other punctuation
    a space, the legal-form words THE, INC, INCORPORATED, LLC, LLP, LP, LTD, LIMITED, CORP,
    CORPORATION, CO, COMPANY, PLC, PC, PLLC and NA dropped, and a trailing AND dropped. A name made
    only of legal-form words keeps them. "Goldman Sachs & Co." gives "GOLDMAN SACHS". -#}
{% macro organization_name_words(name) -%}
    list_filter(
        string_split(
            trim(regexp_replace(
                replace(
                    regexp_replace(
                        strip_accents(upper(regexp_replace({{ name }}, '\([^)]*\)', '', 'g'))),
                        '[.'']', '', 'g'
                    ),
                    '&', ' AND '
                ),
                '[^A-Z0-9]+', ' ', 'g'
            )),
            ' '
        ),
        lambda word: word != ''
    )
{%- endmacro %}

{% macro organization_name_key(name) -%}
    coalesce(
        nullif(regexp_replace(
            array_to_string(
                list_filter(
                    {{ organization_name_words(name) }},
                    lambda word: word not in (
                        'THE', 'INC', 'INCORPORATED', 'LLC', 'LLP', 'LP', 'LTD', 'LIMITED',
                        'CORP', 'CORPORATION', 'CO', 'COMPANY', 'PLC', 'PC', 'PLLC', 'NA'
                    )
                ),
                ' '
            ),
            '( AND)+$', ''
        ), ''),
        nullif(array_to_string({{ organization_name_words(name) }}, ' '), '')
    )
{%- endmacro %}
