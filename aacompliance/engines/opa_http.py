"""One OPA server endpoint, spoken to over HTTP with bounds a hostile server cannot lift.

The decision calls are driven here with ``requests`` rather than through
opa-python-client, because the client cannot give what a verdict needs:

- a **deadline per request** — ``requests``' timeout bounds each read, so a server
  sending one byte a second never times out; here the body is streamed and the clock
  checked between chunks, and the caller waits on the request for at most the
  deadline, whatever the server does (even with its headers);
- a **size cap** on the answer (from Content-Length, then while streaming);
- **no redirects** — a 307 would send the customer's documents to another host and
  trust its answer, a 302 would drop them (GET) and the empty input's answer reads
  "compliant": any 3xx is an EngineError naming the URL and where it pointed;
- a **path prefix** (an OPA behind a reverse proxy at ``https://host/opa``), honoured;
- a bearer token (OPA's ``--authentication=token``) and a CA file for TLS.
"""
from __future__ import annotations

import json
import threading
import time
from urllib.parse import urlsplit

from aacompliance.errors import EngineError, UsageError

#: An answer may be at most this large, plus a few times what was sent (decisions echo
#: figures about each document).
MAX_ANSWER_BYTES = 32 * 1024 * 1024
_CHUNK = 64 * 1024


class OpaEndpoint:
    """Where an OPA server is and how to reach it: ``post`` returns its JSON answer or raises
    EngineError with what failed and the URL."""

    engine = "opa"

    def __init__(self, url: str | None, *, timeout: float = 5.0, token: str | None = None, ca: str | None = None):
        if not url:
            raise UsageError("--engine opa needs the server's address: --opa-url URL or $AACOMPLIANCE_OPA_URL")
        parts = urlsplit(url if "://" in url else f"http://{url}")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UsageError(f"--opa-url {url!r} is not an http(s) URL, e.g. http://127.0.0.1:8181")
        if parts.username or parts.password:
            raise UsageError("--opa-url must not carry credentials; pass a bearer token with --opa-token")
        if parts.query or parts.fragment:
            raise UsageError(f"--opa-url {url!r} has a query or fragment; give the server's base address "
                             "(a path prefix such as https://host/opa is honoured)")
        if ca and parts.scheme != "https":
            raise UsageError("--opa-ca is for an https:// --opa-url")
        if not timeout or timeout <= 0:
            raise UsageError("--opa-timeout must be a positive number of seconds")
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        prefix = parts.path.rstrip("/")
        #: The base every API path is appended to, prefix included (never silently dropped).
        self.url = f"{parts.scheme}://{host}:{parts.port or 8181}{prefix}"
        self.timeout = float(timeout)
        self.token = token
        self.verify: bool | str = ca or True
        self._session = None

    def headers(self) -> dict:
        out = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.token:
            out["Authorization"] = f"Bearer {self.token}"
        return out

    def session(self):
        if self._session is None:
            import requests

            session = requests.Session()
            session.trust_env = False  # no proxy or .netrc from the environment slips in between
            session.verify = self.verify
            self._session = session
        return self._session

    def fail(self, what: str, url: str | None = None) -> EngineError:
        return EngineError(self.engine, " ".join(str(what).split())[:400], url or self.url)

    # -- one request, within its deadline ---------------------------------------------------

    def post(self, path: str, body: dict) -> dict:
        """POST ``body`` to ``path`` (e.g. ``/v1/query``); the JSON object answered."""
        url = self.url + path
        payload = json.dumps(body).encode("utf-8")
        outcome: dict = {}
        done = threading.Event()
        deadline = time.monotonic() + self.timeout

        def run():
            try:
                outcome["value"] = self._exchange(url, payload, deadline)
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting caller
                outcome["error"] = exc
            finally:
                done.set()

        worker = threading.Thread(target=run, name="opa-request", daemon=True)
        worker.start()
        if not done.wait(self.timeout + 0.05):
            # The server holds the request (e.g. drips its headers): give up at the deadline;
            # the worker ends at its next read, and never delays the verdict.
            raise self.fail(f"no answer within {self.timeout:g} s (deadline per request)", url)
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"]

    def _exchange(self, url: str, payload: bytes, deadline: float) -> dict:
        import requests

        try:
            response = self.session().post(url, data=payload, headers=self.headers(), stream=True,
                                           allow_redirects=False, timeout=(self.timeout, self.timeout))
        except requests.exceptions.SSLError as exc:
            raise self.fail(f"TLS failed (certificate not trusted? see --opa-ca): {_short(exc)}", url) from None
        except requests.exceptions.Timeout:
            raise self.fail(f"no answer within {self.timeout:g} s", url) from None
        except requests.exceptions.ConnectionError:
            raise self.fail("cannot connect (connection refused, or the host is unreachable)", url) from None
        except requests.exceptions.RequestException as exc:
            raise self.fail(f"the request failed: {_short(exc)}", url) from None
        try:
            if 300 <= response.status_code < 400:
                where = response.headers.get("Location", "nowhere")
                raise self.fail(f"the server answered HTTP {response.status_code}, a redirect to {where}; "
                                "redirects are never followed (documents would go to another server)", url)
            limit = MAX_ANSWER_BYTES + 4 * len(payload)
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise self.fail(f"the answer is {int(declared):,} bytes, above the {limit:,}-byte cap", url)
            chunks, size = [], 0
            try:
                for chunk in response.iter_content(_CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise self.fail(f"the answer exceeds the {limit:,}-byte cap", url)
                    if time.monotonic() > deadline:
                        raise self.fail(f"no answer within {self.timeout:g} s (deadline per request)",
                                        url)
                    chunks.append(chunk)
            except requests.exceptions.RequestException as exc:
                if "timed out" in str(exc).lower():
                    raise self.fail(f"no answer within {self.timeout:g} s", url) from None
                raise self.fail(f"the answer was cut: {_short(exc)}", url) from None
        finally:
            response.close()
        raw = b"".join(chunks)
        if response.status_code == 401 or response.status_code == 403:
            hint = "; pass --opa-token" if not self.token else "; check --opa-token"
            raise self.fail(f"HTTP {response.status_code} {_message(raw)}{hint}", url)
        if response.status_code >= 400:
            raise self.fail(f"HTTP {response.status_code} {_message(raw)}", url)
        try:
            answer = json.loads(raw)
        except ValueError:
            raise self.fail(f"the answer is not the JSON OPA sends: {raw[:80]!r}", url) from None
        if not isinstance(answer, dict):
            raise self.fail(f"the answer is not a JSON object: {json.dumps(answer)[:80]}", url)
        return answer

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None


def _short(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def _message(raw: bytes) -> str:
    try:
        value = json.loads(raw)
        return str(value.get("message", ""))[:200] if isinstance(value, dict) else ""
    except ValueError:
        return raw[:200].decode("utf-8", "replace")
