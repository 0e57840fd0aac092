"""The ELK content: the index template covers what `indefinite.logs` searches and maps its
filter fields as keywords; Kibana has a saved search per service on that index pattern."""

from __future__ import annotations

import orjson

from common.settings import DEFAULT_HTTP_PORTS
from indefinite.logs import DEFAULT_INDEX
from tests.observability.catalog import OBSERVABILITY


def test_index_template_maps_the_filter_fields_as_keywords() -> None:
    (path,) = (OBSERVABILITY / "elasticsearch").glob("*.json")
    template = orjson.loads(path.read_bytes())
    assert DEFAULT_INDEX in template["index_patterns"]
    fields = template["template"]["mappings"]["properties"]
    assert fields["@timestamp"]["type"] == "date"
    for dotted in ("service.name", "log.level", "trace.id", "user.id"):
        top, leaf = dotted.split(".")
        assert fields[top]["properties"][leaf]["type"] == "keyword", dotted
    assert fields["track_id"]["type"] == "keyword"


def test_a_saved_search_per_service() -> None:
    path = OBSERVABILITY / "kibana" / "saved-searches.ndjson"
    objects = [orjson.loads(line) for line in path.read_text().splitlines()]
    (pattern,) = [o for o in objects if o["type"] == "index-pattern"]
    assert pattern["attributes"]["title"] == DEFAULT_INDEX
    searched = set()
    for search in (o for o in objects if o["type"] == "search"):
        source = orjson.loads(search["attributes"]["kibanaSavedObjectMeta"]["searchSourceJSON"])
        searched.add(source["query"]["query"].split('"')[1])
        assert search["references"][0]["id"] == pattern["id"]
    assert searched == {"router", *DEFAULT_HTTP_PORTS}


def test_logstash_indexes_where_the_template_applies() -> None:
    conf = (OBSERVABILITY / "logstash" / "indefinite.conf").read_text()
    assert 'index => "indefinite-logs-%{+YYYY.MM.dd}"' in conf
    assert "beats" in conf
