FROM apache/airflow:3.3.2

USER airflow

COPY --chown=airflow:0 pyproject.toml uv.lock README.md /opt/airflow/influence/
COPY --chown=airflow:0 ingest/ /opt/airflow/influence/ingest/
# Pinning apache-airflow to the image's own version keeps pip from upgrading or downgrading it while
# resolving the project's dependencies (https://airflow.apache.org/docs/docker-stack/build.html).
# pip check fails the build, not a task run, if a pin clashes with a provider shipped in the image.
RUN pip install --no-cache-dir "apache-airflow==${AIRFLOW_VERSION}" /opt/airflow/influence \
    && pip check

COPY --chown=airflow:0 dbt_project/ /opt/airflow/influence/dbt_project/
COPY --chown=airflow:0 watchlist.yml /opt/airflow/influence/
COPY --chown=airflow:0 review/ /opt/airflow/influence/review/
COPY --chown=airflow:0 dags/ /opt/airflow/dags/
# Containers run as ${AIRFLOW_UID}:0, not always as airflow; dbt writes target/ and logs/ here.
RUN chmod -R g+w /opt/airflow/influence/dbt_project

# The package is installed into site-packages, so repository-relative defaults do not reach these files.
ENV DBT_PROJECT_DIR=/opt/airflow/influence/dbt_project \
    DBT_PROFILES_DIR=/opt/airflow/influence/dbt_project \
    INFLUENCE_WATCHLIST=/opt/airflow/influence/watchlist.yml \
    INFLUENCE_REVIEW_DIR=/opt/airflow/influence/review
