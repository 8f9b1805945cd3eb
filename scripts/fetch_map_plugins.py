"""Vendor the two Leaflet plugins of the zone map into ``geo/maps/vendor/`` (run by hand, once
per version change; tests and the app never fetch anything).

- leaflet-measure 3.1.0 (MIT, ljagis): distance and area measuring (folium.plugins.MeasureControl);
- leaflet-mouse-position 1.2.0 (MIT, Ardhi Lukianto): the live WGS 84 coordinate readout
  (folium.plugins.MousePosition).

No Python package ships these files (XStatic has Leaflet, not its plugins), so the published npm
tarballs are the source: ``npm pack NAME@VERSION`` (the npm registry, its ordinary client), then
the distributed files, the licence and a Vietnamese build of leaflet-measure (the English build
with its interface strings replaced from :data:`MEASURE_VI`; the plugin has no Vietnamese locale)
are copied to ``geo/maps/vendor/<name>-<version>/``. The large demo image is left out.

Usage: ``python scripts/fetch_map_plugins.py`` (needs ``npm``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENDOR = REPO / "geo" / "maps" / "vendor"

MEASURE = ("leaflet-measure", "3.1.0")
MOUSE = ("leaflet-mouse-position", "1.2.0")

MEASURE_VI: dict[str, str] = {
    "Measure": "Đo",
    "Measure distances and areas": "Đo khoảng cách và diện tích",
    "Create a new measurement": "Bắt đầu đo",
    "Start creating a measurement by adding points to the map":
        "Nhấp lên bản đồ để thêm các điểm đo",
    "Finish measurement": "Kết thúc đo",
    "Last point": "Điểm cuối",
    "Area": "Diện tích",
    "Point location": "Vị trí điểm",
    "Area measurement": "Đo diện tích",
    "Linear measurement": "Đo khoảng cách",
    "Path distance": "Chiều dài đường",
    "Center on this area": "Phóng tới vùng này",
    "Center on this line": "Phóng tới đường này",
    "Center on this location": "Phóng tới điểm này",
    "Cancel": "Hủy",
    "Delete": "Xóa",
    "Kilometers": "km",
    "Hectares": "ha",
    "Meters": "m",
    "Sq Meters": "m²",
}


def _pack(name: str, version: str, into: Path) -> Path:
    """``npm pack`` the package into ``into``; returns the unpacked ``package/`` folder."""
    subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=into, check=True,
                   stdout=subprocess.DEVNULL)
    tarball = next(into.glob(f"{name}-{version}.tgz"))
    with tarfile.open(tarball) as tar:
        tar.extractall(into / name, filter="data")
    return into / name / "package"


def vietnamese_measure(js: str) -> str:
    """The English leaflet-measure build with its interface strings in Vietnamese.

    Only whole strings in their contexts are replaced (``>text<``, ``"text"``, ``title="..."``)
    so code is never touched; the perimeter line is worded separately.
    """
    js = js.replace(" Perimeter</p>", " chu vi</p>")
    for en in sorted(MEASURE_VI, key=len, reverse=True):
        vi = MEASURE_VI[en]
        for before, after in ((">", "<"), ('"', '"'), ("> ", " <")):
            js = js.replace(f"{before}{en}{after}", f"{before}{vi}{after}")
    return js


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        name, version = MEASURE
        src = _pack(name, version, work)
        dst = VENDOR / f"{name}-{version}"
        shutil.rmtree(dst, ignore_errors=True)
        (dst / "assets").mkdir(parents=True)
        for f in ("leaflet-measure.js", "leaflet-measure.css"):
            shutil.copy2(src / "dist" / f, dst / f)
        for png in sorted((src / "dist" / "assets").glob("*.png")):
            if png.name != "leaflet-measure.png":  # the README's 600 kB demo picture
                shutil.copy2(png, dst / "assets" / png.name)
        js = (src / "dist" / "leaflet-measure.js").read_text(encoding="utf-8")
        (dst / "leaflet-measure.vi.js").write_text(vietnamese_measure(js), encoding="utf-8")
        shutil.copy2(src / "LICENSE", dst / "LICENSE")
        name, version = MOUSE
        src = _pack(name, version, work)
        dst = VENDOR / f"{name}-{version}"
        shutil.rmtree(dst, ignore_errors=True)
        dst.mkdir(parents=True)
        for f in ("L.Control.MousePosition.js", "L.Control.MousePosition.css"):
            shutil.copy2(src / "src" / f, dst / f)
        shutil.copy2(src / "MIT-LICENCE.txt", dst / "LICENSE")
    manifest = {"leaflet-measure": {"version": MEASURE[1], "licence": "MIT",
                                    "source": "npm pack leaflet-measure@3.1.0"},
                "leaflet-mouse-position": {"version": MOUSE[1], "licence": "MIT",
                                           "source": "npm pack leaflet-mouse-position@1.2.0"}}
    (VENDOR / "VERSIONS.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(f"vendored into {VENDOR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
