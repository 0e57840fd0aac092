"""The API schema: federation machinery removed, @inaccessible pruned (whole printed SDL)."""

from __future__ import annotations

from graphql import print_schema

from tests.router.harness import supergraph


def test_api_schema_strips_join_link_and_inaccessible() -> None:
    assert print_schema(supergraph("shareable").api_schema) == (
        "type Query {\n"
        "  deal: Deal!\n"
        "}\n"
        "\n"
        "type Deal {\n"
        "  id: ID!\n"
        "  name: String\n"
        "  amount: Int\n"
        "  kind: DealKind\n"
        "}\n"
        "\n"
        "enum DealKind {\n"
        "  FLASH\n"
        "  SEASONAL\n"
        "}"
    )


def test_interface_object_schema_keeps_interface_and_implementations() -> None:
    assert print_schema(supergraph("interface_object").api_schema) == (
        "type Query {\n"
        "  accounts: [Account!]!\n"
        "  recent: [Account!]!\n"
        "}\n"
        "\n"
        "interface Account {\n"
        "  id: ID!\n"
        "  lastSeen: String\n"
        "}\n"
        "\n"
        "type Admin implements Account {\n"
        "  id: ID!\n"
        "  level: Int\n"
        "  lastSeen: String\n"
        "}\n"
        "\n"
        "type Member implements Account {\n"
        "  id: ID!\n"
        "  nickname: String\n"
        "  lastSeen: String\n"
        "}"
    )
