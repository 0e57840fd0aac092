"""The domain logic of auth assembled: one object per noun, sharing the stores.

schema.py (GraphQL), grpc.py and the create-owner command reach the nouns through this front:
`accounts` (lookups, effective role), `registration` (sign-up, first OWNER), `links` (emailed
one-time links), `sessions` (login, tokens, logout), `credentials` (password changes) and
`admin` (roles, states, emails, deletion). Every verb raises common.errors.*; nothing here
knows about GraphQL.
"""

from __future__ import annotations

from collections.abc import Mapping

from common.auth import Role
from common.db import Database
from common.revocation import RevocationList
from protos.indefinite.profiles.v1 import profiles_pb2_grpc
from subgraphs.auth.accounts import Accounts
from subgraphs.auth.admin import Admin
from subgraphs.auth.credentials import Credentials
from subgraphs.auth.keys import Signer
from subgraphs.auth.links import Links
from subgraphs.auth.passwords import Passwords
from subgraphs.auth.registration import Registration
from subgraphs.auth.sessions import Sessions
from subgraphs.auth.settings import Settings
from subgraphs.auth.throttle import EmailQuota, LoginThrottle


class AuthService:
    def __init__(
        self,
        *,
        settings: Settings,
        db: Database,
        throttle: LoginThrottle,
        email_quota: EmailQuota,
        signer: Signer,
        profiles: profiles_pb2_grpc.ProfilesServiceStub,
        allow_list: Mapping[str, Role],
        revocations: RevocationList,
    ) -> None:
        self.settings = settings
        passwords = Passwords(settings)
        self.accounts = Accounts(settings=settings, db=db)
        self.links = Links(settings=settings, db=db, email_quota=email_quota)
        self.registration = Registration(
            settings=settings,
            db=db,
            passwords=passwords,
            links=self.links,
            email_quota=email_quota,
            profiles=profiles,
            allow_list=allow_list,
        )
        self.sessions = Sessions(
            db=db,
            signer=signer,
            throttle=throttle,
            passwords=passwords,
            accounts=self.accounts,
            revocations=revocations,
        )
        self.credentials = Credentials(
            settings=settings,
            db=db,
            passwords=passwords,
            sessions=self.sessions,
            links=self.links,
            profiles=profiles,
        )
        self.admin = Admin(
            db=db, accounts=self.accounts, sessions=self.sessions, passwords=passwords
        )
