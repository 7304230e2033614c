"""Checks every uploaded file passes before anything reads it: a size limit, its type
told from its content (not its name), and archives that would unpack to far more than
they weigh (zip bombs) refused."""

from __future__ import annotations

import io
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (and other old Office files)
ZIP_MAGIC = b"PK\x03\x04"
MAX_MEMBERS = 2000
# A member, or a whole archive, unpacking to more than 200× its packed size is suspicious.
MAX_RATIO = 200


class UploadRefused(Exception):
    """The file cannot be read; the message names it and says why."""

    def reason(self, name: str) -> str:
        """The message without the file's name in front, as every language puts it
        ("name: …", and "name : …" in French)."""
        text = str(self)
        # French puts a space before the colon: a no-break one (U+00A0 or U+202F).
        for prefix in (f"{name}: ", f"{name} : ", f"{name}\u00a0: ", f"{name}\u202f: "):
            if text.startswith(prefix):
                return text[len(prefix) :]
        return text


def megabytes(n: int) -> str:
    """A size in megabytes as the reader writes it ("5 MB", "5 Mo")."""
    return _("%(size)s MB") % {"size": f"{n / 1024 / 1024:.0f}"}


def check_upload(name: str, data: bytes) -> str:
    """The kind of an uploaded file — "xlsx", "xls" or "zip" (of CSV files) — or
    UploadRefused."""
    limit = settings.UPLOAD_MAX_BYTES
    if len(data) > limit:
        raise UploadRefused(
            _("%(name)s: the file is larger than the limit of %(limit)s.")
            % {"name": name, "limit": megabytes(limit)}
        )
    if not data:
        raise UploadRefused(_("%(name)s: the file is empty.") % {"name": name})
    if data.startswith(OLE_MAGIC):
        return "xls"
    if not data.startswith(ZIP_MAGIC):
        raise UploadRefused(
            _(
                "%(name)s: this is not an Excel workbook nor a ZIP of CSV files "
                "(judged by its content, whatever its name)."
            )
            % {"name": name}
        )
    members = check_archive(name, data)
    names = {m.filename for m in members}
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return "xlsx"
    files = [m.filename for m in members if not m.is_dir()]
    if files and all(f.lower().endswith(".csv") for f in files):
        return "zip"
    raise UploadRefused(
        _("%(name)s: a ZIP archive, but neither an Excel workbook nor an export of CSV files.")
        % {"name": name}
    )


def _size(n: int) -> str:
    return _("%(size)s KB") % {"size": f"{n / 1024:.0f}"} if n < 1024 * 1024 else megabytes(n)


def check_archive(name: str, data: bytes) -> list[zipfile.ZipInfo]:
    """The members of a ZIP archive (or .xlsx workbook), or UploadRefused if its headers
    say it holds too many files or would unpack to far more than it weighs: one member
    or all of them together, since many small members make a bomb as well as one."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except zipfile.BadZipFile:
        raise UploadRefused(
            _("%(name)s: the file is damaged (an incomplete ZIP or workbook).") % {"name": name}
        ) from None
    if len(members) > MAX_MEMBERS:
        raise UploadRefused(
            ngettext(
                "%(name)s: the archive holds %(count)s file; refused.",
                "%(name)s: the archive holds %(count)s files; refused.",
                len(members),
            )
            % {"name": name, "count": len(members)}
        )
    total = 0
    for member in members:
        total += member.file_size
        if (
            member.file_size > MAX_RATIO * max(member.compress_size, 1)
            and member.file_size > 1_000_000
        ):
            raise UploadRefused(
                ngettext(
                    "%(name)s: %(member)s would unpack to %(unpacked)s from %(packed)s byte "
                    "— refused as an archive bomb.",
                    "%(name)s: %(member)s would unpack to %(unpacked)s from %(packed)s bytes "
                    "— refused as an archive bomb.",
                    member.compress_size,
                )
                % {
                    "name": name,
                    "member": member.filename,
                    "unpacked": megabytes(member.file_size),
                    "packed": member.compress_size,
                }
            )
    if total > settings.UPLOAD_MAX_UNPACKED_BYTES:
        raise UploadRefused(
            _(
                "%(name)s: the archive would unpack to %(unpacked)s, over the limit of "
                "%(limit)s — refused as an archive bomb."
            )
            % {
                "name": name,
                "unpacked": megabytes(total),
                "limit": megabytes(settings.UPLOAD_MAX_UNPACKED_BYTES),
            }
        )
    if total > MAX_RATIO * len(data) and total > 1_000_000:
        raise UploadRefused(
            _(
                "%(name)s: the archive would unpack to %(unpacked)s from %(packed)s, over "
                "%(ratio)s times its size — refused as an archive bomb."
            )
            % {
                "name": name,
                "unpacked": _size(total),
                "packed": _size(len(data)),
                "ratio": MAX_RATIO,
            }
        )
    return members
