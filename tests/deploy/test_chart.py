"""charts/indefinite, rendered offline for the default and the production values: Helm's lint,
the Kubernetes schemas, and the properties the platform relies on (probes, limits, non-root,
network policies, service discovery, migrations, the stores' operators)."""

from __future__ import annotations

import importlib
import pkgutil
import shutil
from pathlib import Path
from typing import Any

import helm_python
import kubernetes_validate
import pytest

from common.contracts.topic import Topic
from tests.deploy.chart import (
    CHART,
    CUSTOM_KINDS,
    DATABASES,
    FULLNAME,
    NAMESPACE,
    SUBGRAPHS,
    Manifest,
    component,
    config_of,
    containers,
    json_setting,
    named,
    of_kind,
    pod_spec,
    production_values,
    render,
)

KUBERNETES_VERSION = "1.33.0"
WORKLOADS = (*SUBGRAPHS, "router", "ui")
PUBLIC = {"router", "ui"}


@pytest.fixture(scope="module")
def default() -> list[Manifest]:
    return render()


@pytest.fixture(scope="module")
def production() -> list[Manifest]:
    return render(production_values())


@pytest.fixture(params=["default", "production"])
def manifests(request: pytest.FixtureRequest) -> list[Manifest]:
    rendered: list[Manifest] = request.getfixturevalue(request.param)
    return rendered


@pytest.mark.parametrize("values", [None, "production"])
def test_helm_lint_is_clean(values: str | None) -> None:
    report = helm_python.lint(
        CHART,
        production_values() if values else None,
        strict=True,
        namespace=NAMESPACE,
        kube_version=f"v{KUBERNETES_VERSION}",
    )
    assert not report["errors"], report["errors"]
    problems = [m for m in report["messages"] if m["severity"] >= 2]  # warnings and errors
    assert not problems, problems


def test_every_object_matches_the_kubernetes_schemas(manifests: list[Manifest]) -> None:
    errors = []
    for manifest in manifests:
        if manifest["kind"] in CUSTOM_KINDS:
            continue
        try:
            kubernetes_validate.validate(manifest, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            errors.append(f"{manifest['kind']} {manifest['metadata']['name']}: {exc.message}")
    assert not errors, "\n".join(errors)


def test_custom_resources_name_their_operator_api(production: list[Manifest]) -> None:
    api = {
        "ServiceMonitor": "monitoring.coreos.com/v1",
        "Cluster": "postgresql.cnpg.io/v1",
        "Kafka": "kafka.strimzi.io/v1beta2",
        "KafkaNodePool": "kafka.strimzi.io/v1beta2",
        "KafkaTopic": "kafka.strimzi.io/v1beta2",
    }
    for manifest in production:
        if manifest["kind"] in api:
            assert manifest["apiVersion"] == api[manifest["kind"]]
            assert manifest["spec"], manifest["metadata"]["name"]


def test_every_workload_has_its_objects(manifests: list[Manifest]) -> None:
    for kind in (
        "Deployment",
        "Service",
        "ServiceAccount",
        "ConfigMap",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "NetworkPolicy",
    ):
        have = {component(m) for m in of_kind(manifests, kind)}
        assert set(WORKLOADS) <= have, f"{kind} missing for {set(WORKLOADS) - have}"


def test_deployments_are_probed_limited_and_unprivileged(manifests: list[Manifest]) -> None:
    for deployment in of_kind(manifests, "Deployment"):
        pod = pod_spec(deployment)
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["automountServiceAccountToken"] is False
        for container in containers(deployment):
            name = f"{deployment['metadata']['name']}/{container['name']}"
            security = container["securityContext"]
            assert security["runAsNonRoot"] is True, name
            assert security["readOnlyRootFilesystem"] is True, name
            assert security["allowPrivilegeEscalation"] is False, name
            assert security["capabilities"]["drop"] == ["ALL"], name
            assert {"cpu", "memory"} <= set(container["resources"]["limits"]), name
            assert {"cpu", "memory"} <= set(container["resources"]["requests"]), name
            if component(deployment) in WORKLOADS:
                assert container["livenessProbe"]["httpGet"]["path"] == "/healthz", name
                assert container["readinessProbe"]["httpGet"]["path"] == "/readyz", name
            else:
                assert container["livenessProbe"], name
                assert container["readinessProbe"], name


def test_network_policies_deny_by_default(manifests: list[Manifest]) -> None:
    deny = named(manifests, "NetworkPolicy", "default-deny")
    assert deny["spec"]["policyTypes"] == ["Ingress", "Egress"]
    assert "ingress" not in deny["spec"]
    assert "egress" not in deny["spec"]
    selector = deny["spec"]["podSelector"]["matchLabels"]
    assert selector == {
        "app.kubernetes.io/name": "indefinite",
        "app.kubernetes.io/instance": "demo",
    }


def _sources(policy: Manifest, port: str) -> list[dict[str, Any]]:
    return [
        source
        for rule in policy["spec"].get("ingress", [])
        if any(p["port"] == port for p in rule.get("ports", []))
        for source in rule["from"]
    ]


def test_only_the_router_reaches_subgraphs_and_only_router_and_ui_are_public(
    default: list[Manifest],
) -> None:
    router = {"matchLabels": {**_selector("router")}}
    for name in WORKLOADS:
        policy = named(default, "NetworkPolicy", name)
        http = _sources(policy, "http")
        from_ingress_controller = [
            s for s in http if s.get("namespaceSelector", {}).get("matchLabels") == _ingress_ns()
        ]
        assert bool(from_ingress_controller) == (name in PUBLIC), name
        if name in SUBGRAPHS:
            pods = [s["podSelector"] for s in http if "podSelector" in s]
            # auth also serves its JWKS to every pod of the release (token verification)
            assert pods[0] == router, name
            assert len(pods) == (2 if name == "auth" else 1), name


def _selector(name: str) -> dict[str, str]:
    return {
        "app.kubernetes.io/name": "indefinite",
        "app.kubernetes.io/instance": "demo",
        "app.kubernetes.io/component": name,
    }


def _ingress_ns() -> dict[str, str]:
    return {"kubernetes.io/metadata.name": "ingress-nginx"}


def test_the_router_finds_subgraphs_through_service_dns(manifests: list[Manifest]) -> None:
    services = {m["metadata"]["name"]: m for m in of_kind(manifests, "Service")}
    urls = json_setting(config_of(manifests, "router"), "ROUTER_SUBGRAPH_URLS")
    assert set(urls) == set(SUBGRAPHS)
    for name, url in urls.items():
        assert url == f"http://{FULLNAME}-{name}.{NAMESPACE}.svc:8080/graphql"
        ports = {p["name"]: p["port"] for p in services[f"{FULLNAME}-{name}"]["spec"]["ports"]}
        assert ports == {"http": 8080, "grpc": 50051}
    for name in SUBGRAPHS:
        for key, value in config_of(manifests, name).items():
            if key.endswith("_GRPC_TARGET"):
                target = key.removesuffix("_GRPC_TARGET").lower()
                assert value == f"{FULLNAME}-{target}.{NAMESPACE}.svc:50051", (name, key)
                assert f"{FULLNAME}-{target}" in services


def test_migrations_run_as_hook_jobs_before_the_services(manifests: list[Manifest]) -> None:
    jobs = {component(m): m for m in of_kind(manifests, "Job")}
    assert set(jobs) == {f"{name}-migrate" for name in DATABASES}
    for name in DATABASES:
        job = jobs[f"{name}-migrate"]
        hook = job["metadata"]["annotations"]["helm.sh/hook"]
        assert "pre-upgrade" in hook
        assert "install" in hook
        (container,) = containers(job)
        assert container["command"] == ["python", "-m", f"subgraphs.{name}", "migrate"]
        # with CloudNativePG the install creates the database: the first pods migrate it
        on_start = "true" if hook.startswith("post-install") else "false"
        assert config_of(manifests, name)["MIGRATE_ON_START"] == on_start
    for name in set(SUBGRAPHS) - set(DATABASES):
        assert config_of(manifests, name)["MIGRATE_ON_START"] == "true"


def test_the_edge_sends_the_api_to_the_router_and_the_rest_to_the_ui(
    default: list[Manifest],
) -> None:
    (ingress,) = of_kind(default, "Ingress")
    (rule,) = ingress["spec"]["rules"]
    backends = {p["path"]: p["backend"]["service"]["name"] for p in rule["http"]["paths"]}
    assert backends == {
        "/graphql": f"{FULLNAME}-router",
        "/api/v1": f"{FULLNAME}-router",
        "/": f"{FULLNAME}-ui",
    }


def test_generated_secrets_reach_only_their_service(default: list[Manifest]) -> None:
    def generated(name: str) -> set[str]:
        (container,) = containers(named(default, "Deployment", name))
        return {
            e["name"]
            for e in container.get("env", [])
            if e.get("valueFrom", {}).get("secretKeyRef", {}).get("name") == f"{FULLNAME}-generated"
        }

    assert generated("auth") == {"SUBGRAPH_SHARED_SECRET", "JWT_PRIVATE_KEY"}
    assert generated("notifications") == {"SUBGRAPH_SHARED_SECRET", "VAPID_PRIVATE_KEY"}
    assert generated("posts") == {"SUBGRAPH_SHARED_SECRET"}
    assert generated("router") == {"SUBGRAPH_SHARED_SECRET"}
    assert generated("ui") == set()


def test_production_uses_the_operators_and_pinned_images(production: list[Manifest]) -> None:
    clusters = {m["metadata"]["name"] for m in of_kind(production, "Cluster")}
    assert clusters == {f"{FULLNAME}-{name}-pg" for name in DATABASES}
    for name in DATABASES:
        (container,) = containers(named(production, "Deployment", name))
        (url,) = [e for e in container["env"] if e["name"] == "DATABASE_URL"]
        assert url["valueFrom"]["secretKeyRef"] == {
            "name": f"{FULLNAME}-{name}-pg-app",
            "key": "uri",
        }
        assert config_of(production, name)["KAFKA_BOOTSTRAP_SERVERS"] == (
            f"{FULLNAME}-kafka-kafka-bootstrap.{NAMESPACE}.svc:9092"
        )
    # the Alertmanager configuration ships as a Secret (the operator reads it so); no credentials
    credentials = [
        s
        for s in of_kind(production, "Secret")
        if not s["metadata"]["name"].endswith("-alertmanager")
    ]
    assert not credentials, "production reads only Secrets it is given"
    monitored = {component(m) for m in of_kind(production, "ServiceMonitor")}
    assert monitored == {*SUBGRAPHS, "router", "qa"}
    for manifest in (*of_kind(production, "Deployment"), *of_kind(production, "Job")):
        for container in containers(manifest):
            if "indefinite" in container["image"]:
                assert "@sha256:" in container["image"], manifest["metadata"]["name"]


def _contract_topics() -> set[str]:
    import common.contracts as contracts

    names = set()
    for info in pkgutil.iter_modules(contracts.__path__):
        module = importlib.import_module(f"common.contracts.{info.name}")
        names |= {v.name for v in vars(module).values() if isinstance(v, Topic)}
    return names


def test_strimzi_creates_every_topic_of_the_contracts(production: list[Manifest]) -> None:
    topics = {m["spec"]["topicName"] for m in of_kind(production, "KafkaTopic")}
    missing = _contract_topics() - topics
    assert not missing, f"add {sorted(missing)} to kafka.strimzi.topics in values.yaml"
    upstream = json_setting(config_of(production, "subscriptions"), "UPSTREAM_EVENT_TOPICS")
    assert set(upstream) <= topics


def test_helm_test_and_prober_run_the_qa_journeys(production: list[Manifest]) -> None:
    (pod,) = of_kind(production, "Pod")
    assert pod["metadata"]["annotations"]["helm.sh/hook"] == "test"
    (container,) = containers(pod)
    router = f"http://{FULLNAME}-router.{NAMESPACE}.svc:8080"
    assert container["command"] == ["python", "-m", "qa", "run", "--base-url", router]
    (prober,) = containers(named(production, "Deployment", "qa"))
    assert prober["command"] == ["python", "-m", "qa", "serve", "--base-url", router]


@pytest.mark.parametrize(
    ("values", "complaint"),
    [
        ({"servcies": {}}, "servcies"),
        ({"services": {"auth": {"config": {"ACCESS_TOKEN_TTL_SECOND": "1"}}}}, "ACCESS_TOKEN"),
        ({"config": {"ENVIRONMENT": "prod"}}, "ENVIRONMENT"),
        ({"services": {"feed": {"autoscaling": {"maxReplica": 3}}}}, "maxReplica"),
    ],
)
def test_the_values_schema_rejects_typos(values: dict[str, Any], complaint: str) -> None:
    with pytest.raises(helm_python.HelmError, match=complaint):
        render(values)


def test_observability_files_are_loaded_when_present(tmp_path: Path) -> None:
    chart = tmp_path / "indefinite"
    shutil.copytree(CHART, chart)
    files = chart / "files" / "observability"
    enabled = {
        "observability": {
            name: {"enabled": True}
            for name in ("prometheusRules", "grafanaDashboards", "alertmanager", "logs")
        }
    }
    shutil.rmtree(files)  # the folder may be missing altogether: nothing to load, no error
    empty = render(enabled, chart=chart)
    assert not of_kind(empty, "PrometheusRule")
    assert of_kind(empty, "DaemonSet")
    for folder, name, text in [
        ("prometheus", "platform.rules.yml", "groups: [{name: x, rules: []}]\n"),
        ("grafana", "router.json", '{"title": "Router"}\n'),
        (
            "alertmanager",
            "alertmanager.yml",
            "route: {receiver: none}\nreceivers: [{name: none}]\n",
        ),
        ("logstash", "platform.conf", "input { beats { port => 5044 } }\n"),
        ("elasticsearch", "logs.json", "{}\n"),
    ]:
        (files / folder).mkdir(parents=True, exist_ok=True)
        (files / folder / name).write_text(text)
    loaded = render(enabled, chart=chart)
    (rule,) = of_kind(loaded, "PrometheusRule")
    assert rule["spec"] == {"groups": [{"name": "x", "rules": []}]}
    dashboards = [m for m in of_kind(loaded, "ConfigMap") if "dashboard" in m["metadata"]["name"]]
    assert [d["metadata"]["labels"]["grafana_dashboard"] for d in dashboards] == ["1"]
    assert "platform.conf" in named(loaded, "ConfigMap", "logstash-pipeline")["data"]
    assert "logs.json" in named(loaded, "ConfigMap", "elk-assets")["data"]
    assert "alertmanager.yaml" in named(loaded, "Secret", "alertmanager")["stringData"]
