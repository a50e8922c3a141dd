"""The admin upload of an HSDS zip: checked before anything is read, then saved to a private folder."""

from __future__ import annotations

import uuid
import zipfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from resources.hsds.read import PackageError, check_zip


class UploadForm(forms.Form):
    package = forms.FileField(label=_("HSDS package (.zip)"))
    source_name = forms.CharField(label=_("Source (who published the data)"), max_length=200)
    source_url = forms.URLField(
        label=_("Where it was published"), max_length=500, required=False, assume_scheme="https"
    )
    license = forms.CharField(label=_("Licence"), max_length=200, required=False)
    allows_republication = forms.BooleanField(
        label=_("The licence allows us to republish it (export and API)"), required=False
    )
    take_all = forms.BooleanField(label=_("Take every service, not only those about survivors"), required=False)
    publish = forms.BooleanField(label=_("Publish the listings that need no look at once"), required=False)

    def clean_package(self):
        upload = self.cleaned_data["package"]
        limit = settings.HSDS_UPLOAD_MAX_MB * 1_000_000
        if not upload.name.lower().endswith(".zip"):
            raise forms.ValidationError(_("Upload a .zip file."))
        if upload.size > limit:
            raise forms.ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": settings.HSDS_UPLOAD_MAX_MB})
        try:
            with zipfile.ZipFile(upload) as archive:
                check_zip(archive, max_files=settings.HSDS_UPLOAD_MAX_FILES, max_unpacked=limit * 4)
                names = [info.filename.lower() for info in archive.infolist()]
        except zipfile.BadZipFile:
            raise forms.ValidationError(_("This is not a readable zip file.")) from None
        except PackageError as error:
            raise forms.ValidationError(str(error)) from None
        if not any(name.endswith((".csv", ".json")) for name in names):
            raise forms.ValidationError(_("The zip holds no CSV or JSON files."))
        upload.seek(0)
        return upload


def save_upload(upload) -> Path:
    """Into settings.HSDS_UPLOAD_DIR (created private: owner only), under a random name."""
    directory = Path(settings.HSDS_UPLOAD_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = directory / f"{uuid.uuid4().hex}.zip"
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    path.chmod(0o600)
    return path
