"""Operation handling: parse (cached), validate, coerce variables, normalize."""

from router.operation.collect import FieldCollector
from router.operation.normalize import normalize_operation, select_operation
from router.operation.parse import DocumentCache, parse_document
from router.operation.tree import Field, InlineFragment, NormalizedOperation, Selection
from router.operation.validate import validate_document
from router.operation.variables import coerce_variables

__all__ = [
    "DocumentCache",
    "Field",
    "FieldCollector",
    "InlineFragment",
    "NormalizedOperation",
    "Selection",
    "coerce_variables",
    "normalize_operation",
    "parse_document",
    "select_operation",
    "validate_document",
]
