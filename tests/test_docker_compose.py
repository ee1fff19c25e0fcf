"""Checks on docker-compose.yml and the Dockerfile, which no engine here can run."""

import base64
import os
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


def _docker_compose() -> str:
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.fail(
            "docker-compose is not installed: run `make install`, which installs Debian's "
            "docker-compose package (1.29.2) used to validate docker-compose.yml"
        )
    return binary


def _config(env_file, tmp_path) -> subprocess.CompletedProcess:
    """`docker-compose config` with only `env_file` (and no shell variable) to substitute."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("FERNET_KEY", "AIRFLOW__API_AUTH__JWT_SECRET")}
    return subprocess.run(
        [_docker_compose(), "-f", str(COMPOSE_FILE), "--project-directory", str(tmp_path),
         "--env-file", str(env_file), "config", "-q"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, env=env)


@pytest.fixture(scope="module")
def made_env(tmp_path_factory):
    """The .env `make env` writes: .env.example with a new Fernet key and JWT secret."""
    work = tmp_path_factory.mktemp("make-env")
    for name in ("Makefile", ".env.example"):
        shutil.copy(REPO_ROOT / name, work / name)
    subprocess.run(["make", "-s", "env"], cwd=work, check=True, capture_output=True, timeout=60)
    return work / ".env"


def test_compose_file_validates_with_docker_compose(made_env, tmp_path):
    result = _config(made_env, tmp_path)
    assert result.returncode == 0, result.stderr


def test_compose_refuses_to_start_without_a_fernet_key_and_jwt_secret(tmp_path):
    (tmp_path / "blank.env").write_text((REPO_ROOT / ".env.example").read_text())
    result = _config(tmp_path / "blank.env", tmp_path)
    assert result.returncode != 0
    assert "is not set - run make env" in result.stderr


def test_make_env_generates_a_fernet_key_and_a_jwt_secret(made_env):
    values = dict(line.split("=", 1) for line in made_env.read_text().splitlines()
                  if line and not line.startswith("#"))
    assert len(base64.urlsafe_b64decode(values["FERNET_KEY"])) == 32  # what Fernet needs
    assert len(values["AIRFLOW__API_AUTH__JWT_SECRET"]) >= 32
    assert oct(made_env.stat().st_mode)[-3:] == "600"
    compose = COMPOSE_FILE.read_text()
    assert "airflow_jwt_secret" not in compose and "FERNET_KEY:-" not in compose


def test_readme_and_compose_agree_on_how_to_start_and_log_in():
    readme = (REPO_ROOT / "README.md").read_text()
    compose = COMPOSE_FILE.read_text()
    for command in ("make env", "docker compose up --build -d"):
        assert command in readme and command in compose, command
    assert "docker compose up -d" not in readme
    assert "login airflow / airflow" in readme and "login airflow / airflow" in compose


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
    assert instructions[0] == ("FROM", "apache/airflow:3.3.2-python3.11")
    version = instructions[0][1].split(":", 1)[1].split("-")[0]
    pins = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert f"apache-airflow=={version}" in pins, "Dockerfile base image and pyproject pin drifted"


def test_dockerfile_installs_exactly_the_lock():
    instructions = _dockerfile_instructions()
    runs = [rest for keyword, rest in instructions if keyword == "RUN"]
    syncs = [r for r in runs if "uv sync" in r]
    assert syncs and all("--frozen" in r and "--no-dev" in r for r in syncs)
    assert any("--no-install-project" not in r for r in syncs)  # the project itself, from the lock
    assert not any("pip install" in r and "uv==" not in r for r in runs)  # pip installs only uv
    assert ("COPY", "--chown=airflow:0 pyproject.toml uv.lock README.md ./") in instructions
    env = " ".join(rest for keyword, rest in instructions if keyword == "ENV")
    assert "PATH=/opt/airflow/influence/.venv/bin:$PATH" in env
    # what the compose file needs beyond the project is locked too: the `docker` group
    groups = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["dependency-groups"]
    assert {"apache-airflow-providers-fab", "psycopg2-binary"} <= set(groups["docker"])
    assert all("--group docker" in r for r in syncs)
    env = " ".join(rest for keyword, rest in _dockerfile_instructions() if keyword == "ENV")
    assert "DBT_PROJECT_DIR=/opt/airflow/influence/dbt_project" in env
    assert "DBT_PROFILES_DIR=/opt/airflow/influence/dbt_project" in env
