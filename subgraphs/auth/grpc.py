"""The internal gRPC face of auth (protos/indefinite/auth/v1/auth.proto)."""

from __future__ import annotations

from typing import Any

import grpc
from google.protobuf.timestamp_pb2 import Timestamp

from common.grpc import Register
from protos.indefinite.auth.v1 import auth_pb2, auth_pb2_grpc
from subgraphs.auth.service import AuthService
from subgraphs.auth.validation import parse_user_id


class AuthServicer(auth_pb2_grpc.AuthServiceServicer):
    def __init__(self, service: AuthService) -> None:
        self.service = service

    async def VerifyToken(
        self, request: auth_pb2.VerifyTokenRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> auth_pb2.VerifyTokenResponse:
        check = await self.service.sessions.verify_access_token(request.token)
        if not check.valid:
            return auth_pb2.VerifyTokenResponse(valid=False, expired=check.expired)
        return auth_pb2.VerifyTokenResponse(
            valid=True,
            user_id=str(check.user_id),
            role=check.role.value if check.role else "",
            session_id=str(check.session_id),
        )

    async def GetUser(
        self, request: auth_pb2.GetUserRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> auth_pb2.User:
        account = await self.service.accounts.get_account(
            user_id=parse_user_id(request.user_id, field="user_id")
        )
        created_at = Timestamp()
        created_at.FromDatetime(account.created_at)
        return auth_pb2.User(
            user_id=str(account.id),
            email=account.email,
            role=self.service.accounts.effective_role(account).value,
            state=account.state,
            created_at=created_at,
        )

    async def RevokeSession(
        self, request: auth_pb2.RevokeSessionRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> auth_pb2.RevokeSessionResponse:
        revoked = await self.service.sessions.revoke_session(
            user_id=parse_user_id(request.user_id, field="user_id"),
            session_id=parse_user_id(request.session_id, field="session_id"),
        )
        return auth_pb2.RevokeSessionResponse(revoked=revoked)


def register(service: AuthService) -> Register:
    """The `ServiceApp.grpc` callback that adds the auth servicer to a server."""

    def add(server: grpc.aio.Server) -> None:
        auth_pb2_grpc.add_AuthServiceServicer_to_server(  # type: ignore[no-untyped-call]
            AuthServicer(service), server
        )

    return add
