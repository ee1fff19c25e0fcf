{#- LDA filing periods as calendar dates: quarters for LD-2 reports, halves for LD-203 reports
    (and for LD-2 reports before 2008, which were semi-annual). -#}
{% macro lda_period_start_date(filing_period, filing_year) -%}
    case {{ filing_period }}
        when 'first_quarter' then make_date({{ filing_year }}, 1, 1)
        when 'second_quarter' then make_date({{ filing_year }}, 4, 1)
        when 'third_quarter' then make_date({{ filing_year }}, 7, 1)
        when 'fourth_quarter' then make_date({{ filing_year }}, 10, 1)
        when 'mid_year' then make_date({{ filing_year }}, 1, 1)
        when 'year_end' then make_date({{ filing_year }}, 7, 1)
    end
{%- endmacro %}

{% macro lda_period_end_date(filing_period, filing_year) -%}
    case {{ filing_period }}
        when 'first_quarter' then make_date({{ filing_year }}, 3, 31)
        when 'second_quarter' then make_date({{ filing_year }}, 6, 30)
        when 'third_quarter' then make_date({{ filing_year }}, 9, 30)
        when 'fourth_quarter' then make_date({{ filing_year }}, 12, 31)
        when 'mid_year' then make_date({{ filing_year }}, 6, 30)
        when 'year_end' then make_date({{ filing_year }}, 12, 31)
    end
{%- endmacro %}

{#- Filing type codes (constants/filing/filingtypes/): the second character is A for an
    amendment, @ for an amended termination, T for a termination (RA: amended registration). -#}
{% macro lda_is_amendment(filing_type) -%}
    coalesce(substr({{ filing_type }}, 2, 1) in ('A', '@'), false)
{%- endmacro %}

{#- Text for whole-word name matching: upper case, accents stripped, every run of other characters
    a word break, one-letter words (initials) dropped, words joined by single spaces and padded
    with a space at each end: "Rep. Debbie Wasserman-Schultz" gives " REP DEBBIE WASSERMAN
    SCHULTZ " and "Donald J. Trump" gives " DONALD TRUMP ". -#}
{% macro lda_match_text(text) -%}
    ' ' || array_to_string(
        list_filter(
            string_split(
                regexp_replace(strip_accents(upper({{ text }})), '[^A-Z0-9]+', ' ', 'g'), ' '
            ),
            lambda word: length(word) > 1
        ),
        ' '
    ) || ' '
{%- endmacro %}
