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

{#- pre_hook of an incremental model keyed on `key`: delete its rows whose key is no longer in
    `relation` (e.g. a bulk file replaced its cycle). Nothing to do on a full build. -#}
{% macro delete_rows_gone_from(relation, key='sub_id') -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where {{ key }} in (
        select {{ key }} from {{ this }} anti join {{ relation }} using ({{ key }})
    )
    {%- else -%}
    select 1
    {%- endif -%}
{%- endmacro %}

{#- When the last successful build recorded by `influence transform` ended (build_state.project,
    ingest/pipeline/build_scope.py); -infinity when there is no record (every row is then new). -#}
{% macro last_successful_build_at() -%}
    {%- set relation = adapter.get_relation(
        database=target.database, schema='build_state', identifier='project') -%}
    {%- if relation is not none -%}
    (select coalesce(max(recorded_at), '-infinity'::timestamptz) from {{ relation }})
    {%- else -%}
    '-infinity'::timestamptz
    {%- endif -%}
{%- endmacro %}
