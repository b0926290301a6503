"""The U2C catalog (names -> this sandbox's URLs) and the client log upload's three steps:
``logs/urls`` (a temporary upload URL), ``PUT`` the text there, ``logs/meta`` (what the log is)."""

from __future__ import annotations

from sqlmodel import Session, select

from mockserver.core.clock import clock
from mockserver.core.errors import ApiError
from mockserver.core.ids import ids
from mockserver.identity.public import Principal
from mockserver.platform.models import ClientLog

MAX_LOG_BYTES = 10 * 1024 * 1024


def catalog(base: str) -> dict:
    """Every service the agent SDK resolves, on the sandbox's own origin (the one the client used):
    the Contact Center gateway is the sandbox root (``v1/notification/subscribe``,
    ``organization/...``), the rest live under their own prefixes. ``hostCatalog`` stays empty: one
    host serves everything, and the SDK then uses each link as is."""
    base = base.rstrip("/")
    return {
        "format": "hostmap",
        "serviceLinks": {
            "wcc-api-gateway": f"{base}/",
            "clientLogs": f"{base}/clientlogs/api/v1",
            "metrics": f"{base}/metrics/api/v1",
            "hydra": f"{base}/v1",
            "u2c": f"{base}/u2c/api/v1",
        },
        "hostCatalog": {},
        "timestamp": str(clock.now_ms() // 1000),
    }


def new_upload(session: Session, p: Principal, file: str, base: str) -> dict:
    log = ClientLog(id=ids.uuid(), pod=p.pod, org_id=p.org_id, user_id=p.person_id, file_name=file,
                    log_filename=f"{p.person_id}/{clock.now_ms()}_{file}", created_ms=clock.now_ms())
    session.add(log)
    session.commit()
    return {"tempURL": f"{base.rstrip('/')}/clientlogs/api/v1/logs/upload/{log.id}", "logFilename": log.log_filename,
            "userId": p.person_id}


def upload(session: Session, upload_id: str, data: bytes) -> None:
    log = session.get(ClientLog, upload_id)
    if log is None or log.finalized_ms is not None:
        raise ApiError(404, "Not found.", ["This upload URL is unknown or already used; ask POST logs/urls for another."])
    if len(data) > MAX_LOG_BYTES:
        raise ApiError(413, "Too large.", [f"A client log may be at most {MAX_LOG_BYTES} bytes."])
    log.content = data.decode("utf-8", "replace")
    log.size, log.uploaded_ms = len(data), clock.now_ms()
    session.add(log)
    session.commit()


def finalize(session: Session, p: Principal, filename: str, meta: list[dict], base: str, tracking_id: str) -> dict:
    log = session.exec(select(ClientLog).where(ClientLog.log_filename == filename, ClientLog.org_id == p.org_id)).first()
    if log is None:
        raise ApiError(400, "Invalid request.", [f"filename: '{filename}' is not a logFilename this user was given by logs/urls."])
    log.meta, log.finalized_ms = meta, clock.now_ms()
    session.add(log)
    session.commit()
    return {"trackingid": tracking_id, "url": f"{base.rstrip('/')}/sandbox/clientlogs/{log.id}", "userId": log.user_id}


def view(log: ClientLog, content: bool = False) -> dict:
    out = {"id": log.id, "orgId": log.org_id, "userId": log.user_id, "file": log.file_name, "logFilename": log.log_filename,
           "createdTime": log.created_ms, "uploadedTime": log.uploaded_ms, "finalizedTime": log.finalized_ms,
           "size": log.size, "meta": log.meta}
    if content:
        out["content"] = log.content
    return out


def listing(session: Session, org_id: str | None, user_id: str | None, limit: int) -> list[ClientLog]:
    q = select(ClientLog)
    if org_id:
        q = q.where(ClientLog.org_id == org_id.lower())
    if user_id:
        q = q.where(ClientLog.user_id == user_id.lower())
    return list(session.exec(q.order_by(ClientLog.created_ms.desc()).limit(limit)).all())  # type: ignore[union-attr]


def get(session: Session, log_id: str) -> ClientLog:
    log = session.get(ClientLog, log_id.lower())
    if log is None:
        raise ApiError(404, "Not found.", [f"No client log {log_id} (a reset forgets them)."])
    return log
