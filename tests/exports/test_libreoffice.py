"""Our Word and Excel files open in LibreOffice (a stand-in for the office suites boards use)."""

import shutil
import subprocess

import pytest

from actionplan.exports import export

pytestmark = pytest.mark.django_db


def test_libreoffice_is_installed():
    """`make test` installs LibreOffice (scripts/system-packages), so its absence is a failure, not a skip."""
    assert shutil.which("libreoffice"), "LibreOffice is missing: run `make install`"


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_file_opens_and_converts_to_pdf_in_libreoffice(history_plan, tmp_path, fmt):
    source = tmp_path / f"plan.{fmt}"
    source.write_bytes(export(history_plan, fmt))
    profile = tmp_path / "profile"  # its own profile, so a running LibreOffice does not interfere
    result = subprocess.run(
        ["libreoffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    converted = tmp_path / "plan.pdf"
    assert result.returncode == 0 and converted.exists(), result.stderr
    text = subprocess.run(
        ["pdftotext", str(converted), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Key points to note" in text and "April Bald" in text
