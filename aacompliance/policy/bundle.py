"""OPA bundles: the policies and every contract revision as one reproducible tarball.

Layout (``opa run --server --bundle FILE.tar.gz`` loads it as is)::

    .manifest                               {"revision": ..., "roots": ["aacompliance"], "rego_version": 1}
    aacompliance/<...>.rego                 the policies (unit tests excluded)
    aacompliance/contracts/data.json        every revision: {contract-id: {version: terms}}
    aacompliance/catalogue/data.json        rule ids and kinds, from the policies' METADATA
    aacompliance/documents/data.json        where each kind keeps its id, account and date (waivers)
    aacompliance/meta/data.json             {"revision": ...}: lets a server say what it holds

The revision is the SHA-256 of the policies and data (not of the tarball), so
the same policies and contracts always give the same revision, and `check
--engine opa` can confirm that a server decides with exactly the local terms.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile

ROOT = "aacompliance"


def content_revision(modules: dict[str, str], data: dict) -> str:
    digest = hashlib.sha256()
    for path in sorted(modules):
        digest.update(path.encode() + b"\0" + modules[path].encode() + b"\0")
    digest.update(json.dumps(data, sort_keys=True, ensure_ascii=False).encode())
    return "sha256:" + digest.hexdigest()[:32]


def with_meta(data: dict, revision: str) -> dict:
    """The data document plus ``aacompliance.meta`` naming its revision."""
    out = json.loads(json.dumps(data))
    out.setdefault(ROOT, {})["meta"] = {"revision": revision}
    return out


def build_bundle(modules: dict[str, str], data: dict) -> tuple[bytes, str]:
    """A gzipped tar bundle (bytes, byte-identical for identical content) and its revision."""
    revision = content_revision(modules, data)
    files: dict[str, bytes] = {
        ".manifest": json.dumps({"revision": revision, "roots": [ROOT], "rego_version": 1,
                                 "metadata": {"producer": "aacompliance"}}, indent=2).encode(),
    }
    for path, source in modules.items():
        files[path] = source.encode("utf-8")
    for key, value in with_meta(data, revision)[ROOT].items():
        files[f"{ROOT}/{key}/data.json"] = json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(files):
            info = tarfile.TarInfo("/" + name)
            info.size, info.mtime, info.mode = len(files[name]), 0, 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(files[name]))
    packed = io.BytesIO()
    with gzip.GzipFile(fileobj=packed, mode="wb", mtime=0, filename="") as gz:
        gz.write(raw.getvalue())
    return packed.getvalue(), revision
