# The Python the lock was tested with here (3.11); the tag without a suffix may move to another.
FROM apache/airflow:3.3.2-python3.11

USER airflow

# The image runs exactly what uv.lock pins, in its own virtual environment put first on PATH:
# Airflow itself, dbt, DuckDB, Great Expectations, the project, and the `docker` group (the FAB
# auth manager of the compose UI, the PostgreSQL driver). --frozen installs the lock as it is and
# never re-resolves; the base image's own packages are not used.
ENV UV_PROJECT_ENVIRONMENT=/opt/airflow/influence/.venv \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_NO_CACHE=1
RUN pip install --no-cache-dir "uv==0.13.9"

WORKDIR /opt/airflow/influence
COPY --chown=airflow:0 pyproject.toml uv.lock README.md ./
# Dependencies first, so a code change does not reinstall them.
RUN uv sync --frozen --no-dev --group docker --no-install-project
COPY --chown=airflow:0 ingest/ ./ingest/
RUN uv sync --frozen --no-dev --group docker --no-editable \
    && uv pip check --python /opt/airflow/influence/.venv/bin/python
ENV PATH=/opt/airflow/influence/.venv/bin:$PATH
WORKDIR /opt/airflow

COPY --chown=airflow:0 dbt_project/ /opt/airflow/influence/dbt_project/
COPY --chown=airflow:0 watchlist.yml /opt/airflow/influence/
COPY --chown=airflow:0 review/ /opt/airflow/influence/review/
COPY --chown=airflow:0 dags/ /opt/airflow/dags/
# Containers run as ${AIRFLOW_UID}:0, not always as airflow; dbt writes target/ and logs/ here.
RUN chmod -R g+w /opt/airflow/influence/dbt_project

# The package is installed into the environment's site-packages, so repository-relative defaults
# do not reach these files.
ENV DBT_PROJECT_DIR=/opt/airflow/influence/dbt_project \
    DBT_PROFILES_DIR=/opt/airflow/influence/dbt_project \
    INFLUENCE_WATCHLIST=/opt/airflow/influence/watchlist.yml \
    INFLUENCE_REVIEW_DIR=/opt/airflow/influence/review
