"""Checks on docker-compose.yml and the Dockerfile, which no engine here can run."""

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
DOCKERFILE = REPO_ROOT / "Dockerfile"

AIRFLOW_SERVICES = [
    "airflow-init",
    "airflow-apiserver",
    "airflow-scheduler",
    "airflow-dag-processor",
]
SECRET_VARIABLES = ["FEC_API_KEY", "LDA_API_KEY"]
# api.data.gov keys are 40 characters, LDA tokens 40 hex digits: any long opaque run is suspect.
KEY_LIKE = re.compile(r"[A-Za-z0-9_\-]{32,}")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def _environment(service: dict) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {key: str(value) for key, value in env.items()}


def _dockerfile_instructions() -> list[tuple[str, str]]:
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    instructions = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            instructions.append((keyword.upper(), rest.strip()))
    return instructions


def test_compose_file_validates_with_docker_compose():
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.fail(
            "docker-compose is not installed: run `make install`, which installs Debian's "
            "docker-compose package (1.29.2) used to validate docker-compose.yml"
        )
    result = subprocess.run(
        [binary, "-f", "docker-compose.yml", "config", "-q"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_services_exist(compose):
    services = compose["services"]
    for name in ["postgres", *AIRFLOW_SERVICES]:
        assert name in services, f"service {name} is missing"
    assert services["airflow-apiserver"]["command"] == "api-server"
    assert "8080:8080" in services["airflow-apiserver"]["ports"]


def test_local_executor_without_celery(compose):
    services = compose["services"]
    for name in AIRFLOW_SERVICES:
        env = _environment(services[name])
        assert env["AIRFLOW__CORE__EXECUTOR"] == "LocalExecutor", name
        assert not any(key.startswith("AIRFLOW__CELERY__") for key in env), name
    assert not {"redis", "airflow-worker", "flower"} & services.keys()


def test_examples_are_off_and_no_runtime_pip_installs(compose):
    for name in AIRFLOW_SERVICES:
        env = _environment(compose["services"][name])
        assert env["AIRFLOW__CORE__LOAD_EXAMPLES"] == "false", name
        assert "_PIP_ADDITIONAL_REQUIREMENTS" not in env, name


def test_healthchecks(compose):
    services = compose["services"]
    postgres_check = " ".join(services["postgres"]["healthcheck"]["test"])
    assert "pg_isready" in postgres_check
    api_check = " ".join(services["airflow-apiserver"]["healthcheck"]["test"])
    assert re.search(r"localhost:8080/api/v2/(version|monitor/health)", api_check), api_check
    for name in AIRFLOW_SERVICES:
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy", name


def test_image_is_built_from_the_local_dockerfile(compose):
    for name in AIRFLOW_SERVICES:
        service = compose["services"][name]
        assert service["build"] == ".", name
        assert service["image"] == "influence-airflow:latest", name


def test_dags_and_data_are_mounted(compose):
    for name in AIRFLOW_SERVICES:
        service = compose["services"][name]
        assert "./dags:/opt/airflow/dags" in service["volumes"], name
        assert "./data:/opt/airflow/data" in service["volumes"], name
        assert _environment(service)["INFLUENCE_DATA_DIR"] == "/opt/airflow/data", name


def test_init_creates_the_single_writer_pool(compose):
    init = compose["services"]["airflow-init"]
    script = "\n".join(init["command"])
    assert re.search(r"airflow pools set duckdb_writer 1 ", script), script
    assert _environment(init)["_AIRFLOW_DB_MIGRATE"] == "true"


def test_tasks_get_project_settings_with_safe_defaults(compose):
    env = _environment(compose["services"]["airflow-scheduler"])
    assert env["INFLUENCE_MODE"] == "${INFLUENCE_MODE:-offline}"
    assert env["FEC_API_BASE_URL"] == "${FEC_API_BASE_URL:-https://api.open.fec.gov/v1}"
    assert env["LDA_API_BASE_URL"] == "${LDA_API_BASE_URL:-https://lda.gov/api/v1}"
    assert env["DBT_SEND_ANONYMOUS_USAGE_STATS"] == "false"
    assert env["DO_NOT_TRACK"] == "1"


def test_no_secret_values_in_compose_file(compose):
    for name, service in compose["services"].items():
        env = _environment(service)
        for variable in SECRET_VARIABLES:
            if variable in env:
                assert env[variable] == f"${{{variable}:-}}", (
                    f"{name}: {variable} must only reference the host environment"
                )
        for key, value in env.items():
            # Keep ${VAR:-default} defaults in the scan: a default can leak a key too.
            literal = re.sub(r"\$\{\w+(:?[-?])?|\}", " ", value)
            assert not KEY_LIKE.search(literal), f"{name}: {key} looks like a real key: {value}"


def test_dockerfile_extends_the_pinned_airflow_image():
    instructions = _dockerfile_instructions()
    assert instructions[0] == ("FROM", "apache/airflow:3.3.2")
    version = instructions[0][1].split(":", 1)[1]
    pins = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert f"apache-airflow=={version}" in pins, "Dockerfile base image and pyproject pin drifted"


def test_dockerfile_installs_the_project_without_moving_airflow():
    runs = [rest for keyword, rest in _dockerfile_instructions() if keyword == "RUN"]
    assert any('pip install --no-cache-dir "apache-airflow==${AIRFLOW_VERSION}"' in r for r in runs)
    env = " ".join(rest for keyword, rest in _dockerfile_instructions() if keyword == "ENV")
    assert "DBT_PROJECT_DIR=/opt/airflow/influence/dbt_project" in env
    assert "DBT_PROFILES_DIR=/opt/airflow/influence/dbt_project" in env
