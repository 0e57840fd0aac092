"""Settings of the auth service (environment variables, upper-cased field names)."""

from __future__ import annotations

from pydantic import SecretStr, model_validator

from common.settings import ServiceSettings, default_grpc_target


class Settings(ServiceSettings):
    service_name: str = "auth"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/auth"

    #: ES256 signing key: a PEM (PKCS#8 or SEC1) in the variable, or a file holding one. In
    #: development and test a missing key is generated (and written to the file when a path
    #: is given); in production a missing key refuses to start.
    jwt_private_key: SecretStr = SecretStr("")
    jwt_private_key_file: str = ""
    access_token_ttl_seconds: int = 15 * 60
    refresh_token_ttl_seconds: int = 30 * 24 * 3600
    one_time_token_ttl_seconds: int = 24 * 3600
    #: a session whose password login is this recent changes its password without the
    #: current one (GitHub's "sudo mode"); older ones re-authenticate (or log in again).
    reauth_window_seconds: int = 300

    #: argon2id cost; tests lower these (time 1, memory 8 KiB, parallelism 1).
    argon2_time_cost: int = 3
    argon2_memory_cost_kib: int = 65536
    argon2_parallelism: int = 4

    #: "a@x.io:OWNER,b@y.io:WRITER"; a bare email means WRITER.
    allow_list: str = ""
    #: one `email[:ROLE]` a line; blank lines and `#` comments ignored.
    allow_list_file: str = ""
    #: every confirmed account gets at least WRITER in its tokens.
    open_publishing: bool = False

    login_max_failures_per_account: int = 5
    login_max_failures_per_address: int = 30
    login_failure_window_seconds: int = 15 * 60
    #: link emails (confirm, restore) to one address per window; more are silently dropped.
    email_max_sends_per_window: int = 5
    email_send_window_seconds: int = 3600

    #: the web UI: links in emails are <public_base_url>/signup/<token>, /restorepwd/<token>.
    public_base_url: str = "http://127.0.0.1:3000"
    profiles_grpc_target: str = default_grpc_target("profiles")

    #: `python -m subgraphs.auth create-owner` reads these when its flags are absent.
    first_owner_email: str = ""
    first_owner_password: SecretStr = SecretStr("")
    first_owner_login: str = ""

    @model_validator(mode="after")
    def _refuse_missing_key_in_production(self) -> Settings:
        if (
            self.is_production
            and not self.jwt_private_key.get_secret_value()
            and not self.jwt_private_key_file
        ):
            raise ValueError("JWT_PRIVATE_KEY or JWT_PRIVATE_KEY_FILE is required in production")
        return self
