{#- Dates for citing a row: every transaction behind an answer has one. -#}

{#- The date the FEC received a filing, read from the image number of its pages: an 18-digit image
    number (the FEC's format since 29 June 2015, YYYYMMDDSSPPPPPPPP) begins with the day the
    filing was imaged; an older 11-digit one holds only the year, so it gives null.
    https://www.fec.gov/updates/fec-moves-to-18-digit-image-indexing-system/ -#}
{% macro fec_image_date(image_number) -%}
    case
        when regexp_full_match({{ image_number }}, '\d{18}')
            then try_strptime(left({{ image_number }}, 8), '%Y%m%d')::date
    end
{%- endmacro %}

{#- Which date a cited row's transaction_date is: 'transaction' (the date the filer gave for the
    gift or payment) or 'filing' (none was given: the date of the filing that reports it). -#}
{% macro transaction_date_basis(transaction_date, filing_date) -%}
    case
        when {{ transaction_date }} is not null then 'transaction'
        when {{ filing_date }} is not null then 'filing'
    end
{%- endmacro %}
