#!/usr/bin/env bash
# Install the Debian packages the test suite needs, when they are missing:
# chromium (browser tests), libharfbuzz-subset0 (fast font subsetting), poppler-utils and qpdf
# (PDF checks), Tesseract with Japanese (horizontal and vertical) and Korean, Ghostscript and
# unpaper (OCR of scans through OCRmyPDF), softhsm2 (a PKCS#11 token for the signing tests). As root it uses apt-get directly; otherwise sudo -n, else it says what to run.
set -euo pipefail
want=(chromium libharfbuzz-subset0 poppler-utils qpdf
  tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert tesseract-ocr-kor ghostscript unpaper
  softhsm2)
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "Install these packages for the full test suite: ${missing[*]}" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
  echo "The tests need: ${missing[*]}. Run: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "installed: ${missing[*]}"
