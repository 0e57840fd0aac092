"""@override, including progressive labels (only percent(100) counts as on)."""

from __future__ import annotations

from tests.router.harness import assert_plan


def test_override_moves_field_to_new_owner() -> None:
    assert_plan(
        "override",
        '{ customer(id: "1") { name plan } }',
        """
        QueryPlan {
          Sequence {
            Fetch(service: "profiles") {
              {
                customer(id: "1") {
                  name
                  __typename
                  id
                }
              }
            },
            Flatten(path: "customer") {
              Fetch(service: "billing") {
                {
                  ... on Customer {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Customer {
                    plan
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_label_percent_100_is_overridden() -> None:
    assert_plan(
        "override",
        '{ customer(id: "1") { balance } }',
        """
        QueryPlan {
          Sequence {
            Fetch(service: "profiles") {
              {
                customer(id: "1") {
                  __typename
                  id
                }
              }
            },
            Flatten(path: "customer") {
              Fetch(service: "billing") {
                {
                  ... on Customer {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Customer {
                    balance
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_label_percent_50_stays_with_original() -> None:
    assert_plan(
        "override",
        '{ customer(id: "1") { invoices } }',
        """
        QueryPlan {
          Sequence {
            Fetch(service: "profiles") {
              {
                customer(id: "1") {
                  __typename
                  id
                }
              }
            },
            Flatten(path: "customer") {
              Fetch(service: "legacy") {
                {
                  ... on Customer {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Customer {
                    invoices
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_custom_label_stays_with_original() -> None:
    assert_plan(
        "override",
        '{ customer(id: "1") { flagged } }',
        """
        QueryPlan {
          Sequence {
            Fetch(service: "profiles") {
              {
                customer(id: "1") {
                  __typename
                  id
                }
              }
            },
            Flatten(path: "customer") {
              Fetch(service: "legacy") {
                {
                  ... on Customer {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Customer {
                    flagged
                  }
                }
              },
            },
          },
        }
        """,
    )
