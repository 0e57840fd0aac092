"""The checked-in gRPC code is what `make protos` generates from protos/ today."""

from indefinite.protos import main


def test_generated_grpc_code_is_current() -> None:
    assert main(["--check"]) == 0, "stale generated gRPC code: run `make protos`"
