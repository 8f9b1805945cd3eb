"""Writing the lot register: the generic layer export (:func:`geo.exports.writers.export_layer`)
with the lot fields described, plus DXF — the CAD drawing a detailed plan comes in.

GeoJSON, GeoPackage, zipped Shapefile, KML, CSV and XLSX as every layer (see
:mod:`geo.exports.writers`; spreadsheet cells starting with ``= + - @`` are neutralised there).
DXF: one closed polyline per lot on a layer named by its use class (ASCII legend name, e.g.
``DAT_CAY_XANH_MAT_NUOC``; prefixed ``SYNTHETIC_`` for synthetic lots), with a TEXT of its
``lot_id`` inside, in a VN-2000 TM-3 projection (metres; default EPSG:9209, 105°30′) — what the
importer reads back (``python -m geo import FILE --layer lots --province ...``).
"""

from __future__ import annotations

import io
import os
from typing import Final

import ezdxf
import geopandas as gpd
import pandas as pd
import shapely

from geo.core.crs import require_crs
from geo.core.lots_schema import SYNTHETIC_SOURCE, USE_LEGEND_VI
from geo.core.text import fold
from geo.errors import ExportError
from geo.exports.fields import FieldInfo
from geo.exports.formats import format_from_path
from geo.exports.writers import export_layer
from geo.store.atomic import write_bytes_atomic

LOT_FIELD_INFO: Final[dict[str, FieldInfo]] = {
    "lot_id": FieldInfo("Số hiệu lô", "Lot number", "", "lot_id"),
    "zone_id": FieldInfo("Mã khu", "Zone id", "", "zone_id"),
    "use_class": FieldInfo("Chức năng sử dụng đất", "Use class", "", "use_class"),
    "use_label": FieldInfo("Tên theo chú giải quy hoạch", "Legend name in the plan", "",
                           "use_label"),
    "planned_area_ha": FieldInfo("Diện tích lô", "Lot area", "ha", "plan_ha"),
    "lease_status": FieldInfo("Tình trạng cho thuê", "Lease status", "", "lease"),
    "tenant": FieldInfo("Nhà đầu tư thuê đất", "Tenant", "", "tenant"),
    "investor_type": FieldInfo("Loại nhà đầu tư (FDI/DDI)", "Investor type (FDI/DDI)", "",
                               "investor"),
    "certificate_date": FieldInfo("Ngày cấp GCN đầu tư", "Investment certificate date", "",
                                  "cert_date"),
    "building_density_pct": FieldInfo("Mật độ xây dựng tối đa", "Building density limit", "%",
                                      "density"),
    "height_limit_m": FieldInfo("Chiều cao tối đa", "Height limit", "m", "height_m"),
    "source": FieldInfo("Nguồn", "Source", "", "source"),
    "as_of": FieldInfo("Thời điểm", "As of", "", "as_of"),
}
DXF_DEFAULT_EPSG: Final = 9209
SYNTHETIC_NOTE: Final = ("SYNTHETIC — not real data: a generated lot plan for trying KCN Atlas; "
                         "no real lot data ships with it")


def lot_notes(lots: pd.DataFrame) -> list[str]:
    """The caveats a lot file carries (the synthetic label when any lot is synthetic)."""
    if "source" in lots.columns and (lots["source"] == SYNTHETIC_SOURCE).any():
        return [SYNTHETIC_NOTE]
    return []


def export_lots(lots: gpd.GeoDataFrame, *, fmt: str, crs: str | int | None = None) -> bytes:
    """The bytes of a lots file in a format of :data:`geo.exports.formats.FORMATS` (layer
    ``lots``, fields described, synthetic lots labelled); see :func:`export_layer`, which
    neutralises CSV and XLSX cells that a spreadsheet would run as a formula."""
    return export_layer(lots, fmt=fmt, crs=crs, layer="lots",
                        field_descriptions=LOT_FIELD_INFO, notes=lot_notes(lots))


def dxf_layer_name(use_class: str, *, synthetic: bool) -> str:
    """``DAT_CAY_XANH_MAT_NUOC`` (ASCII legend name of the class), ``SYNTHETIC_`` first when
    the lot is synthetic."""
    name = fold(USE_LEGEND_VI.get(use_class, use_class)).upper().replace(" ", "_")
    return f"SYNTHETIC_{name}" if synthetic else name


def lots_dxf(lots: gpd.GeoDataFrame, *, epsg: int = DXF_DEFAULT_EPSG) -> bytes:
    """The bytes of a DXF drawing of ``lots`` (any CRS) in EPSG ``epsg`` (metres).

    Raises
    ------
    CRSError
        ``lots`` has no CRS.
    """
    require_crs(lots, what="lots")
    metric = lots.to_crs(epsg)
    doc = ezdxf.new()
    msp = doc.modelspace()
    synthetic = (metric["source"] == SYNTHETIC_SOURCE).to_numpy() \
        if "source" in metric.columns else [False] * len(metric)
    points = shapely.point_on_surface(metric.geometry.to_numpy())
    for geom, point, lot_id, use, synth in zip(metric.geometry, points, metric["lot_id"],
                                               metric["use_class"], synthetic, strict=True):
        if geom is None or geom.is_empty:
            continue
        layer = dxf_layer_name(str(use), synthetic=bool(synth))
        for part in shapely.get_parts(geom):
            msp.add_lwpolyline(list(part.exterior.coords)[:-1], close=True,
                               dxfattribs={"layer": layer})
        msp.add_text(str(lot_id), dxfattribs={"layer": layer, "height": 2.0}).set_placement(
            (point.x, point.y))
    stream = io.StringIO()
    doc.write(stream)
    return stream.getvalue().encode("utf-8")


def write_lots_file(lots: gpd.GeoDataFrame, path: str | os.PathLike[str], *,
                    crs: str | int | None = None) -> str:
    """Write ``lots`` to ``path`` atomically in the format of its extension (``.geojson``,
    ``.gpkg``, ``.zip`` shapefile, ``.kml``, ``.csv``, ``.xlsx`` or ``.dxf``); returns the
    format. ``crs`` for gpkg/shp/dxf (dxf: an EPSG code, default 9209).

    Raises
    ------
    ExportError
        Unknown extension, or a CRS the format cannot take.
    """
    if str(path).lower().endswith(".dxf"):
        epsg = DXF_DEFAULT_EPSG if crs is None else int(str(crs).upper().removeprefix("EPSG:"))
        if not 2000 <= epsg <= 99999:
            raise ExportError(f"--crs {crs}: a DXF needs a projected EPSG code in metres")
        write_bytes_atomic(path, lots_dxf(lots, epsg=epsg), error=ExportError)
        return "dxf"
    fmt = format_from_path(path)
    write_bytes_atomic(path, export_lots(lots, fmt=fmt, crs=crs), error=ExportError)
    return fmt
