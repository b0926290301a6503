"""The rules every message passes through before it is stored: the attachment settings of its channel
(global switch, size, count, formats), the PCI rule (only text-based files: a file that is or holds
an image is refused), and the blocklist. Deterministic and documented in docs/fidelity.md
(Webex Engage → conversations); the tests build their own small files.

PCI detection, on the bytes (never the file name):
- an image by its magic bytes (PNG, JPEG, GIF, BMP, TIFF, WebP, ICO, HEIC/AVIF), whatever its
  extension says;
- a PDF (``%PDF-``) holding an image XObject (``/Subtype /Image``) or an inline image (``BI`` …
  ``ID``), in the raw file or inside any Flate-compressed stream (object streams included);
- an Office Open XML zip (DOCX / XLSX / PPTX) with a part under ``word/media/``, ``xl/media/``,
  ``ppt/media/`` or any part with an image extension; a damaged zip is refused too.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlmodel import Session, select

from mockserver.engage.channels.models import EngageAttachmentChannel
from mockserver.engage.models import EngageTenant
from mockserver.engage.settings.models import EngageBlockWord

MB = 1024 * 1024
_IMAGE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF87a", "GIF"), (b"GIF89a", "GIF"),
    (b"BM", "BMP"), (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"), (b"\x00\x00\x01\x00", "ICO"),
)
_IMAGE_EXT = {"png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp", "ico", "heic", "heif", "avif", "emf", "wmf", "svg"}
_OOXML_MEDIA = ("word/media/", "xl/media/", "ppt/media/")
_PDF_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_PDF_INLINE = re.compile(rb"(?:^|\s)BI\s.{0,2000}?\sID\s", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_OOXML_EXT = {"docx", "docm", "dotx", "xlsx", "xlsm", "xltx", "pptx", "pptm", "potx", "ppsx"}


def image_kind(data: bytes) -> str | None:
    """The image type of ``data`` by its first bytes, or None."""
    for magic, kind in _IMAGE_MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"avif", b"heif"):
        return "HEIC/AVIF"
    return None


def _pdf_has_image(data: bytes) -> bool:
    if _PDF_IMAGE.search(data) or _PDF_INLINE.search(data):
        return True
    for m in _STREAM.finditer(data):
        try:
            inner = zlib.decompress(m.group(1))
        except zlib.error:
            continue
        if _PDF_IMAGE.search(inner) or _PDF_INLINE.search(inner):
            return True
    return False


def pci_refusal(file_name: str, data: bytes) -> str | None:
    """Why the PCI rule refuses this file, or None when it is text-based."""
    kind = image_kind(data)
    if kind:
        return f"PCI: '{file_name}' is a {kind} image (detected from its content); only text-based files are exchanged"
    if data.startswith(b"%PDF-"):
        if _pdf_has_image(data):
            return (f"PCI: '{file_name}' is a PDF that contains images; documents with images are not attached, "
                    "only text-based files are exchanged")
        return None
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = z.namelist()
        except (zipfile.BadZipFile, ValueError, OSError):
            return f"PCI: '{file_name}' is a damaged archive and cannot be checked; it is not attached"
        media = [n for n in names if n.startswith(_OOXML_MEDIA) or n.rsplit(".", 1)[-1].lower() in _IMAGE_EXT]
        if media:
            return (f"PCI: '{file_name}' contains images ({media[0]}); documents with images are not attached, "
                    "only text-based files are exchanged")
        return None
    return None


def extension(file_name: str) -> str:
    return file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""


@dataclass
class AttachmentPolicy:
    enabled: bool
    max_size_mb: int
    max_count: int
    extensions: list[str]


def attachment_policy(session: Session, org_id: str, channel: str) -> AttachmentPolicy:
    """The settings as they stand now (Engage admin → Settings → attachments)."""
    t = session.get(EngageTenant, org_id)
    c = session.get(EngageAttachmentChannel, f"{org_id}:{channel}")
    enabled = bool(t.attachments_enabled) if t is not None else False
    if c is None:  # a channel without settings (apple): attachments are not exchanged
        return AttachmentPolicy(False if channel not in ("email", "chat", "messenger", "whatsapp", "sms") else enabled,
                                0, 0, [])
    return AttachmentPolicy(enabled, int(c.max_size_mb), int(c.max_count), [str(e).lower() for e in c.extensions])


def apply_attachments(policy: AttachmentPolicy, channel: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each attachment as stored: ``{fileName, mimeType, size, dropped, reason}``; a dropped one keeps
    its name and the reason, never its content."""
    out: list[dict[str, Any]] = []
    kept = 0
    for a in items:
        name = a["fileName"]
        content: bytes | None = a.get("content")
        size = len(content) if content is not None else int(a.get("size") or 0)
        reason: str | None = None
        ext = extension(name)
        if not policy.enabled:
            reason = "Attachments are switched off for this tenant (Engage → Settings → Enable Attachment)"
        elif not policy.extensions or ext not in policy.extensions:
            allowed = ", ".join(policy.extensions) or "none"
            reason = f"'.{ext or '?'}' files are not a supported format on {channel} (supported: {allowed})"
        elif size > policy.max_size_mb * MB:
            reason = f"'{name}' is {size} bytes; {channel} attachments may be at most {policy.max_size_mb} MB"
        elif kept >= policy.max_count:
            reason = f"{channel} messages carry at most {policy.max_count} attachment(s); '{name}' is one too many"
        elif content is not None:
            reason = pci_refusal(name, content)
            if reason is None and ext in _OOXML_EXT and not content.startswith(b"PK"):
                reason = f"'{name}' is not a valid .{ext} document (its content is not an Office Open XML package)"
            elif reason is None and ext == "pdf" and not content.startswith(b"%PDF-"):
                reason = f"'{name}' is not a valid PDF (its content does not start with %PDF-)"
        if reason is None:
            kept += 1
        out.append({"fileName": name, "mimeType": a.get("mimeType") or "application/octet-stream", "size": size,
                    "dropped": reason is not None, "reason": reason})
    return out


# --- blocklist -----------------------------------------------------------------------------------
@lru_cache(maxsize=256)
def _pattern(word: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)", re.IGNORECASE)


@dataclass
class BlockResult:
    text: str
    html: str | None
    subject: str | None
    masked: list[str]
    blocked: list[str]


def apply_blocklist(session: Session, org_id: str, direction: str, text: str, html: str | None,
                    subject: str | None) -> BlockResult:
    """Inbound (the customer's words): every blocklisted word is masked with asterisks before an agent
    sees it. Outbound (agent, bot, announcement): a word whose action is ``block`` refuses the message
    (``blocked``), a ``mask`` word is masked."""
    words = session.exec(select(EngageBlockWord).where(EngageBlockWord.org_id == org_id)).all()
    masked: list[str] = []
    blocked: list[str] = []
    for w in words:
        p = _pattern(w.word)
        hit = any(p.search(x) for x in (text, html or "", subject or ""))
        if not hit:
            continue
        if direction != "inbound" and w.action == "block":
            blocked.append(w.word)
            continue
        masked.append(w.word)
        star = lambda m: "*" * len(m.group(0))  # noqa: E731
        text = p.sub(star, text)
        html = p.sub(star, html) if html else html
        subject = p.sub(star, subject) if subject else subject
    return BlockResult(text, html, subject, sorted(masked), sorted(blocked))
