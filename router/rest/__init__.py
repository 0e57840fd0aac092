"""The REST shim: upstream's ``/api/v1`` routes as GraphQL operations on the router's pipeline.

routes/    the route table (single source of truth), one module per upstream area
spec.py    Route / Field / Param / Call / Reply and case-insensitive body decoding
wire.py    upstream's wire shapes as pydantic models (validation, PascalCase, schemas)
pagination.py  offset/limit over Relay connections (page walking)
problems.py    application/problem+json errors
openapi.py / docs.py  the OpenAPI 3.1 document and the HTML page, from the table
app.py     the ASGI app the router mounts at /api/v1 (starlette routing)
"""

from router.rest.app import RestShim
from router.rest.openapi import openapi_document
from router.rest.routes import ROUTES

__all__ = ["ROUTES", "RestShim", "openapi_document"]
