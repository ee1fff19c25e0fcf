{#- Incremental staging of the raw API tables: each raw row's JSON is read once, by the build
    after the load that wrote it. Raw tables are written by `influence load` only, never delete,
    and stamp every row a load inserts or replaces with that load's `loaded_at`, which grows from
    load to load (`ingest.load.load_time`): the rows loaded since the last build are those after
    the newest `loaded_at` already staged. A full refresh (`dbt build --full-refresh`, `influence
    transform --full-refresh`) reads every row again and gives the same table. -#}
{% macro loaded_since_last_build(column='loaded_at') -%}
    {%- if is_incremental() %}
    where {{ column }} > (
        select coalesce(max({{ column }}), '-infinity'::timestamptz) from {{ this }}
    )
    {%- endif %}
{%- endmacro %}
