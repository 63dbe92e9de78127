"""The service's settings, passed to every worker process as JSON."""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field

from aacompliance.pipeline.evaluate import Settings
from aacompliance.util.yamlio import MAX_FILE_BYTES

ENV = "AACOMPLIANCE_SERVICE_CONFIG"


@dataclass
class ServiceConfig:
    tokens_file: str
    decision_log: str | None = None
    #: Keep the submitted documents in the decision log (off: only their SHA-256).
    log_inputs: bool = False
    log_max_bytes: int = 50 * 1024 * 1024
    log_backups: int = 10
    #: Largest request body accepted (413 above).
    max_body_bytes: int = MAX_FILE_BYTES
    #: Longest a request may spend evaluating or rendering (503 above).
    request_timeout: float = 10.0
    statement_timeout: float = 60.0
    #: Requests up to this size (a few dozen subscriptions) are checked on the event loop's
    #: thread, in milliseconds; larger ones on the engine thread under ``request_timeout``
    #: (a 74 KB order form takes 160 ms: too long to hold the loop).
    inline_max_bytes: int = 8 * 1024
    #: Origins allowed to call the API from a browser; none by default (CORS off).
    cors_origins: list[str] = field(default_factory=list)
    #: Statement signing (PAdES) when both are set.
    sign_key: str | None = None
    sign_cert: str | None = None
    sign_passphrase_env: str | None = None
    #: The evaluation settings: the same as `check`'s --engine, --contracts, --policies, --revision.
    engine: str = "regorus"
    engine_options: dict = field(default_factory=dict)
    contracts_dir: str | None = None
    policy_dir: str | None = None
    revision: str | None = None
    #: Validated waivers applied to every request (``serve --waivers``), as ``check --waivers``.
    waivers: list = field(default_factory=list)
    #: Set the `Secure` flag on the web pages' session cookie (behind TLS).
    secure_cookies: bool = False

    def settings(self) -> Settings:
        return Settings(contracts_dir=self.contracts_dir, policy_dir=self.policy_dir, engine=self.engine,
                        revision=self.revision, engine_options=dict(self.engine_options),
                        waivers=list(self.waivers))

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls) -> "ServiceConfig":
        return cls(**json.loads(os.environ[ENV]))
