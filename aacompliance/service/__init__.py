"""``aacompliance serve``: the HTTP API and web pages, on the same pipeline as ``check``.

Install with ``pip install 'aacompliance[service]'``. Modules:

- ``app``: the application factory ``create_app(ServiceConfig)``;
- ``pipeline``: the only module that calls the evaluation library (documents from bytes);
- ``api``, ``pages``: the routes; ``auth``, ``tokens``: who may call;
- ``decide``, ``decisions``: a decision and its log; ``metrics``: Prometheus;
- ``runtime``: the engine thread, time limits and the request guard.

FastAPI is imported only by ``app``, ``api`` and ``pages`` (not by ``check``).
"""
