"""The four subgraphs of the public gateways benchmark: accounts, inventory, products, reviews.

Our own implementation (Starlette + graphql-core, documents parsed and validated once) of the
schema and static data shape of graphql-hive/graphql-gateways-benchmark, written for Federation
2.9. One ASGI app serves all four at POST /accounts, /inventory, /products, /reviews (GET /health):

    uvicorn bench.subgraphs:app --host 127.0.0.1 --port 4200 --workers 2

The data are static, so each answer is memoized by (subgraph, request body): after the first
request a subgraph costs a dict lookup, which keeps these Python subgraphs from being the
bottleneck (upstream's are Rust). One deliberate difference: inventory computes
`shippingEstimate` from the `price` and `weight` the gateway sends through `@requires`
(upstream ignores them and always answers null).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

import orjson
from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    build_schema,
    execute,
    parse,
    validate,
)
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

__all__ = ["SDL", "app", "subgraph_schema"]

Resolver = Callable[..., Any]

_LINK = '@link(url: "https://specs.apollo.dev/federation/v2.9", import: [{imports}])'

SDL: Mapping[str, str] = {
    "accounts": f"""extend schema {_LINK.format(imports='"@key", "@shareable"')}

type Query {{
  me: User
  user(id: ID!): User
  users: [User]
}}

type User @key(fields: "id") {{
  id: ID!
  name: String
  username: String @shareable
  birthday: Int
}}
""",
    "inventory": f"""extend schema {_LINK.format(imports='"@key", "@external", "@requires"')}

type Product @key(fields: "upc") {{
  upc: String!
  weight: Int @external
  price: Int @external
  inStock: Boolean
  shippingEstimate: Int @requires(fields: "price weight")
}}
""",
    "products": f"""extend schema {_LINK.format(imports='"@key"')}

type Query {{
  topProducts(first: Int = 5): [Product]
}}

type Product @key(fields: "upc") {{
  upc: String!
  name: String
  price: Int
  weight: Int
}}
""",
    "reviews": f"""extend schema {_LINK.format(imports='"@key", "@external", "@provides"')}

type Review @key(fields: "id") {{
  id: ID!
  body: String
  product: Product
  author: User @provides(fields: "username")
}}

type User @key(fields: "id") {{
  id: ID!
  username: String @external
  reviews: [Review]
}}

type Product @key(fields: "upc") {{
  upc: String!
  reviews: [Review]
}}
""",
}

# The federation machinery each subgraph adds to its own SDL to serve it.
_FEDERATION_DEFINITIONS = """
directive @link(url: String!, import: [String]) repeatable on SCHEMA
directive @key(fields: String!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE
directive @external on OBJECT | FIELD_DEFINITION
directive @requires(fields: String!) on FIELD_DEFINITION
directive @provides(fields: String!) on FIELD_DEFINITION
directive @shareable repeatable on OBJECT | FIELD_DEFINITION
scalar _Any
type _Service { sdl: String }
"""

# --- static data (same shape as upstream: 6 users, 9 products, 11 reviews) ---------------------

USERS = [
    {"id": str(i), "name": name, "username": username, "birthday": 1234567890}
    for i, (name, username) in enumerate(
        [
            ("Ada Lovelace", "ada"),
            ("Alan Turing", "alan"),
            ("Grace Hopper", "grace"),
            ("Edsger Dijkstra", "edsger"),
            ("Barbara Liskov", "barbara"),
            ("Donald Knuth", "donald"),
        ],
        start=1,
    )
]
USERS_BY_ID = {u["id"]: u for u in USERS}

PRODUCTS = [
    {"upc": str(i), "name": name, "price": price, "weight": weight}
    for i, (name, price, weight) in enumerate(
        [
            ("Table", 899, 100),
            ("Couch", 1299, 1000),
            ("Glass", 15, 20),
            ("Chair", 499, 100),
            ("TV", 1299, 1000),
            ("Lamp", 6999, 300),
            ("Grill", 3999, 2000),
            ("Fridge", 100000, 6000),
            ("Sofa", 9999, 800),
        ],
        start=1,
    )
]
IN_STOCK = {"1": True, "2": False, "3": False, "4": False, "5": True, "6": True, "7": True}
IN_STOCK |= {"8": False, "9": True}

_WORDS = " ".join(
    [
        "federated graphs route each field to the service that owns it while the gateway plans",
        "fetches joins entities by key and merges the answers into one response for the client",
    ]
).split()


def _text(seed: int, length: int) -> str:
    words = [_WORDS[(seed * 7 + i * 3) % len(_WORDS)] for i in range(length // 6 + 1)]
    return " ".join(words)[:length].rstrip() + "."


# (review id, product upc, body length): four reviews on product 1, four on 2, one on 3, two on 4
_REVIEW_SHAPE = [(1, 1, 445), (2, 1, 290), (3, 1, 280), (4, 1, 140), (5, 2, 445), (6, 2, 290)]
_REVIEW_SHAPE += [(7, 2, 280), (8, 2, 140), (9, 3, 140), (10, 4, 140), (11, 4, 990)]
REVIEWS: list[dict[str, Any]] = [
    {"id": str(rid), "body": _text(rid, length), "product": {"upc": str(upc)}}
    for rid, upc, length in _REVIEW_SHAPE
]
REVIEWS_BY_ID = {r["id"]: r for r in REVIEWS}
REVIEWS_BY_UPC: dict[str, list[dict[str, Any]]] = {}
for _review in REVIEWS:
    REVIEWS_BY_UPC.setdefault(_review["product"]["upc"], []).append(_review)

# --- resolvers ----------------------------------------------------------------------------------


def _shipping_estimate(product: Mapping[str, Any], _info: Any) -> int | None:
    price, weight = product.get("price"), product.get("weight")
    if price is None:
        return None
    if price > 1000:
        return 0
    return None if weight is None else weight // 2


def _author(_review: Mapping[str, Any], _info: Any) -> dict[str, Any]:
    # Every review is by user 1, whose username this subgraph provides (@provides).
    return {"__typename": "User", "id": "1", "username": USERS[0]["username"]}


def _entity(typename: str, rep: Mapping[str, Any], subgraph: str) -> dict[str, Any] | None:
    if subgraph == "accounts" and typename == "User":
        user = USERS_BY_ID.get(rep["id"])
        return None if user is None else {"__typename": "User", **user}
    if subgraph == "products" and typename == "Product":
        product = next((p for p in PRODUCTS if p["upc"] == rep["upc"]), None)
        return None if product is None else {"__typename": "Product", **product}
    if subgraph == "inventory" and typename == "Product":
        return {"__typename": "Product", **rep, "inStock": IN_STOCK.get(rep["upc"])}
    if subgraph == "reviews" and typename == "Review":
        review = REVIEWS_BY_ID.get(rep["id"])
        return None if review is None else {"__typename": "Review", **review}
    if subgraph == "reviews" and typename in ("User", "Product"):
        return {**rep, "__typename": typename}
    return None


_RESOLVERS: Mapping[str, Mapping[tuple[str, str], Resolver]] = {
    "accounts": {
        ("Query", "me"): lambda _root, _info: USERS[0],
        ("Query", "user"): lambda _root, _info, id: USERS_BY_ID.get(id),
        ("Query", "users"): lambda _root, _info: USERS,
    },
    "inventory": {("Product", "shippingEstimate"): _shipping_estimate},
    "products": {("Query", "topProducts"): lambda _root, _info, first=5: PRODUCTS[:first]},
    "reviews": {
        ("Review", "author"): _author,
        ("User", "reviews"): lambda _user, _info: REVIEWS[0:2],
        ("Product", "reviews"): lambda product, _info: REVIEWS_BY_UPC.get(product["upc"], []),
    },
}


def subgraph_schema(name: str) -> GraphQLSchema:
    """The executable schema of subgraph `name`: its SDL plus _service and _entities."""
    sdl = SDL[name]
    entity_types = [line.split()[1] for line in sdl.splitlines() if "@key(" in line]
    has_query = "type Query {" in sdl
    extra = _FEDERATION_DEFINITIONS + f"union _Entity = {' | '.join(entity_types)}\n"
    extra += (
        f"{'extend ' if has_query else ''}type Query {{\n  _service: _Service!\n"
        "  _entities(representations: [_Any!]!): [_Entity]!\n}\n"
    )
    schema = build_schema(sdl + extra)
    query = schema.query_type
    assert query is not None
    query.fields["_service"].resolve = lambda _root, _info: {"sdl": sdl}
    query.fields["_entities"].resolve = lambda _root, _info, representations: [
        _entity(rep["__typename"], rep, name) for rep in representations
    ]
    entity_union = schema.type_map["_Entity"]
    assert isinstance(entity_union, GraphQLUnionType)
    entity_union.resolve_type = lambda value, _info, _type: value["__typename"]
    for (type_name, field_name), resolver in _RESOLVERS[name].items():
        object_type = schema.type_map[type_name]
        assert isinstance(object_type, GraphQLObjectType)
        object_type.fields[field_name].resolve = resolver
    return schema


_SCHEMAS = {name: subgraph_schema(name) for name in SDL}


@lru_cache(maxsize=256)
def _document(name: str, query: str) -> tuple[DocumentNode | None, tuple[GraphQLError, ...]]:
    try:
        document = parse(query)
    except GraphQLError as error:
        return None, (error,)
    errors = validate(_SCHEMAS[name], document)
    return (None, tuple(errors)) if errors else (document, ())


_MEMO: dict[tuple[str, bytes], bytes] = {}
_MEMO_LIMIT = 4096


async def _graphql(request: Request) -> Response:
    name = request.url.path.strip("/")
    raw = await request.body()
    cached = _MEMO.get((name, raw))
    if cached is None:
        cached = _answer(name, orjson.loads(raw))
        if len(_MEMO) < _MEMO_LIMIT:
            _MEMO[(name, raw)] = cached
    return Response(cached, media_type="application/json")


def _answer(name: str, body: Mapping[str, Any]) -> bytes:
    document, errors = _document(name, body.get("query") or "")
    if document is None:
        payload: dict[str, Any] = {"errors": [e.formatted for e in errors]}
    else:
        result = execute(
            _SCHEMAS[name],
            document,
            variable_values=body.get("variables"),
            operation_name=body.get("operationName"),
        )
        assert not hasattr(result, "__await__"), "bench resolvers are synchronous"
        payload = {"data": result.data}
        if result.errors:
            payload["errors"] = [e.formatted for e in result.errors]
    return orjson.dumps(payload)


async def _health(_request: Request) -> Response:
    return PlainTextResponse("OK")


app = Starlette(
    routes=[
        *(Route(f"/{name}", _graphql, methods=["POST"]) for name in SDL),
        Route("/health", _health),
    ]
)
