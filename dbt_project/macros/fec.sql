{% macro fec_image_url(image_number) -%}
    case
        when {{ image_number }} is not null
            then 'https://docquery.fec.gov/cgi-bin/fecimg/?' || {{ image_number }}
    end
{%- endmacro %}
