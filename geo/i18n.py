"""Vietnamese / English labels and number formats.

Vietnamese is the default language. Numbers in the UI use the Vietnamese format (``1.234,5 ha``:
'.' groups thousands, ',' marks decimals) or the English one (``1,234.5 ha``). A missing figure is
shown as an em dash, never as 0.
"""

from __future__ import annotations

import math
import unicodedata
from typing import Literal

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")
NO_DATA = "—"


def fmt_number(value: float | int | None, lang: Lang = "vi", *, digits: int = 1) -> str:
    """Format a number for display: ``1.234,5`` (vi) or ``1,234.5`` (en); None/NaN → '—'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_DATA
    text = f"{float(value):,.{digits}f}" if digits else f"{round(float(value)):,}"
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def fmt_ha(value: float | None, lang: Lang = "vi", *, digits: int = 1) -> str:
    """Hectares: ``1.234,5 ha``; missing → '—'."""
    text = fmt_number(value, lang, digits=digits)
    return text if text == NO_DATA else f"{text} ha"


def fmt_pct(value: float | None, lang: Lang = "vi", *, digits: int = 1) -> str:
    """A percentage already in percent units (``61,2 %``); missing → '—'."""
    text = fmt_number(value, lang, digits=digits)
    return text if text == NO_DATA else f"{text} %"


def fmt_ratio(value: float | None, lang: Lang = "vi", *, digits: int = 1) -> str:
    """A fraction 0-1 shown as a percentage (``0.612`` → ``61,2 %``); missing → '—'."""
    return fmt_pct(None if value is None else 100.0 * value, lang, digits=digits)


def fmt_coverage(have: int, of: int, lang: Lang = "vi") -> str:
    """Coverage of an aggregate: ``68/86 khu`` / ``68/86 zones``."""
    return f"{have}/{of} {'khu' if lang == 'vi' else 'zones'}"


def nfc(text: str) -> str:
    """``text`` in Unicode NFC (the form every Vietnamese string is stored in)."""
    return unicodedata.normalize("NFC", text)


# Labels: key -> (Vietnamese, English). Each feature keeps its labels in its own section below;
# add keys inside your section only.
LABELS: dict[str, tuple[str, str]] = {
    # --- core labels ---
    "app_title": ("KCN Atlas — Khu công nghiệp vùng Đồng bằng sông Hồng",
                  "KCN Atlas — Industrial zones of the Red River Delta"),
    "region": ("Đồng bằng sông Hồng", "Red River Delta"),
    "zones": ("Số khu", "Zones"),
    "planned_area_ha": ("Diện tích quy hoạch", "Planned area"),
    "in_use_area_ha": ("Diện tích đất đã sử dụng", "Land in use"),
    "under_construction_area_ha": ("Diện tích đang xây dựng hạ tầng",
                                   "Area under construction"),
    "in_use_ratio": ("Tỷ lệ đã sử dụng / quy hoạch", "In use / planned"),
    "under_construction_ratio": ("Tỷ lệ đang xây dựng / quy hoạch",
                                 "Under construction / planned"),
    "not_started_ratio": ("Tỷ lệ chưa triển khai / quy hoạch", "Not started / planned"),
    "occupancy_pct": ("Tỷ lệ lấp đầy", "Occupancy"),
    "coverage": ("Độ phủ dữ liệu", "Coverage"),
    "kind_KCN": ("Khu công nghiệp (KCN)", "Industrial park (KCN)"),
    "kind_KCX": ("Khu chế xuất (KCX)", "Export-processing zone (KCX)"),
    "kind_KKT": ("Khu kinh tế (KKT)", "Economic zone (KKT)"),
    "status_operating": ("Đã đi vào hoạt động", "Operating"),
    "status_under_construction": ("Đang xây dựng hạ tầng", "Under construction"),
    "status_planned": ("Quy hoạch, chưa triển khai", "Planned, not started"),
    "status_unknown": ("Chưa rõ tình trạng", "Status unknown"),
    "province": ("Tỉnh/thành phố", "Province"),
    "province_2025": ("Tỉnh/thành phố (từ 1/7/2025)", "Province (since 1 July 2025)"),
    "no_data": ("không có số liệu", "no data"),
    # --- app labels ---
    "page_map": ("Bản đồ", "Map"),
    "page_landuse": ("Sử dụng đất", "Land use"),
    "page_housing": ("Nhà ở công nhân", "Worker housing"),
    "page_importer": ("Nhập dữ liệu", "Import"),
    "page_export": ("Xuất dữ liệu", "Export"),
    "page_about": ("Giới thiệu & nguồn", "About & sources"),
    "sidebar_view": ("Hiển thị", "View"),
    "sidebar_filters": ("Bộ lọc", "Filters"),
    "language": ("Ngôn ngữ", "Language"),
    "edition": ("Địa giới tỉnh", "Province boundaries"),
    "edition_2024": ("2024 (11 tỉnh ĐBSH)", "2024 (11 delta provinces)"),
    "edition_2025": ("2025 (sau sáp nhập)", "2025 (after the mergers)"),
    "filter_province": ("Tỉnh/thành phố", "Province"),
    "filter_kind": ("Loại khu", "Kind"),
    "filter_status": ("Tình trạng", "Status"),
    "filter_all": ("Tất cả", "All"),
    "period": ("Kỳ báo cáo", "Reporting period"),
    "period_latest": ("Số liệu mới nhất", "Latest figures"),
    "outside_delta_2025": ("ngoài vùng ĐBSH từ 2025", "outside the delta since 2025"),
    "selection_count": ("Đang chọn {n}/{total} khu", "{n} of {total} zones selected"),
    "share_link": ("Đường dẫn của chế độ xem này nằm trên thanh địa chỉ: gửi nó để mở đúng "
                   "chế độ xem này.", "The address bar holds this view: send the link to open "
                   "the same view."),
    "query_ignored": ("Bỏ qua tham số đường dẫn {key}={value!r}: không hợp lệ (hợp lệ: {valid}).",
                      "Ignored link parameter {key}={value!r}: not valid (valid: {valid})."),
    "data_error": ("Không đọc được dữ liệu", "Cannot read the data"),
    "headline": ("Tổng quan vùng", "Region overview"),
    "headline_computed": ("Tính từ dữ liệu khu", "Computed from the zone data"),
    "headline_reported": ("Báo cáo {period}", "Reported {period}"),
    "headline_caption": ("Theo bộ lọc hiện tại. Độ phủ = số khu có số liệu / số khu áp dụng. "
                         "Số liệu báo cáo là của cả vùng (báo cáo sơ kết {period}).",
                         "For the current filters. Coverage = zones with the figure / zones it "
                         "applies to. Reported figures are for the whole region ({period} "
                         "review)."),
    "operating_zones": ("Khu đang hoạt động", "Operating zones"),
    "uc_zones": ("Khu đang xây dựng", "Zones under construction"),
    "all_zones": ("Tất cả các khu", "All zones"),
    "figure": ("Chỉ tiêu", "Figure"),
    "map_options": ("Tùy chọn bản đồ", "Map options"),
    "basemap": ("Nền bản đồ OpenStreetMap (cần Internet)", "OpenStreetMap basemap (needs internet)"),
    "choropleth": ("Tô màu tỉnh theo", "Shade provinces by"),
    "choropleth_none": ("Không tô màu", "No shading"),
    "not_on_map": ("Không có trên bản đồ: {n} khu", "Not on the map: {n} zones"),
    "zone_table": ("Danh sách khu", "Zones"),
    "zone_detail": ("Thông tin khu", "Zone details"),
    "click_hint": ("Bấm vào một khu trên bản đồ hoặc chọn ở đây để xem thông tin.",
                   "Click a zone on the map, or pick it here, to see its details."),
    "select_zone": ("Chọn khu", "Select a zone"),
    "no_zone": ("(không chọn)", "(none)"),
    "no_zones_selected": ("Không có khu nào khớp bộ lọc.", "No zone matches the filters."),
    "map_unavailable": ("Chưa có trình dựng bản đồ (geo.mapping).",
                        "The map builder (geo.mapping) is not available yet."),
    "name": ("Tên khu", "Name"),
    "kind": ("Loại", "Kind"),
    "status": ("Tình trạng", "Status"),
    "developer": ("Chủ đầu tư hạ tầng", "Infrastructure developer"),
    "industrial_land_ha": ("Đất công nghiệp cho thuê", "Leasable industrial land"),
    "leased_land_ha": ("Đất đã cho thuê", "Leased land"),
    "used_area_ha": ("Đất đã sử dụng (nguồn)", "Land in use (source)"),
    "worker_housing_area_ha": ("Đất nhà ở công nhân", "Worker-housing land"),
    "workers": ("Lao động", "Workers"),
    "persons": ("người", "persons"),
    "as_of": ("Số liệu tại", "Figures as of"),
    "source": ("Nguồn", "Source"),
    "parent_zone": ("Nằm trong", "Lies in"),
    "geometry_quality": ("Ranh giới", "Outline"),
    "quality_approximate": ("gần đúng (hình tròn bằng diện tích quy hoạch)",
                            "approximate (a circle of the planned area)"),
    "quality_digitized": ("số hóa", "digitized"),
    "quality_surveyed": ("đo đạc", "surveyed"),
    "quality_none": ("không rõ vị trí", "location unknown"),
    "location_precision": ("Độ chính xác vị trí", "Location precision"),
    "precision_zone": ("theo khu", "zone"),
    "precision_commune": ("theo xã", "commune"),
    "precision_district": ("theo huyện", "district"),
    "in_use_basis": ("Cơ sở đất đã sử dụng", "Basis of land in use"),
    "basis_used_area_ha": ("số liệu nguồn", "figure from the source"),
    "basis_operating_area": ("diện tích quy hoạch của khu đang hoạt động",
                             "planned area of an operating zone"),
    "basis_kkt_excluded": ("KKT: không tính là đã sử dụng", "KKT: never counted as in use"),
    "basis_not_operating": ("chưa hoạt động", "not operating"),
    "basis_missing": ("thiếu số liệu", "figure missing"),
    "basis_leased_land": ("đất đã cho thuê / đất công nghiệp", "leased / industrial land"),
    "basis_stated_rate": ("tỷ lệ công bố", "stated rate"),
    "group_by": ("Nhóm theo", "Group by"),
    "group_region": ("Toàn vùng", "Region"),
    "group_province": ("Tỉnh (2024)", "Province (2024)"),
    "group_province_2025": ("Tỉnh (2025)", "Province (2025)"),
    "group_kind": ("Loại khu", "Kind"),
    "group_status": ("Tình trạng", "Status"),
    "group": ("Nhóm", "Group"),
    "kcn_only": ("Chỉ KCN/KCX (không tính KKT)", "KCN/KCX only (no KKT)"),
    "per_group": ("Theo nhóm", "By group"),
    "per_zone": ("Theo khu", "By zone"),
    "total": ("Tổng", "Total"),
    "kkt_uc_area": ("KKT đang xây dựng (tính riêng)", "KKT under construction (apart)"),
    "nested": ("KCN trong KKT", "KCN inside a KKT"),
    "incomplete": ("thiếu {parts}", "lacks {parts}"),
    "notes": ("Ghi chú", "Notes"),
    "chart_areas": ("Diện tích quy hoạch, đã sử dụng, đang xây dựng theo tỉnh (ha)",
                    "Planned, in use and under construction area by province (ha)"),
    "chart_occupancy": ("Tỷ lệ lấp đầy theo tỉnh (%)", "Occupancy by province (%)"),
    "not_started_area": ("Chưa triển khai", "Not started"),
    "area_ha": ("Diện tích (ha)", "Area (ha)"),
    "reconcile": ("Đối chiếu với số liệu báo cáo {period}", "Reconciliation with the {period} "
                  "report"),
    "reconcile_caption": ("Đối chiếu trên toàn bộ dữ liệu vùng (không theo bộ lọc), địa giới 2024.",
                          "Over the whole region's data (filters not applied), 2024 provinces."),
    "reported_zones": ("Số khu (báo cáo)", "Zones (reported)"),
    "computed_zones": ("Số khu (dữ liệu)", "Zones (data)"),
    "zones_diff": ("Chênh lệch số khu", "Zone difference"),
    "reported_area_ha": ("Diện tích (báo cáo)", "Area (reported)"),
    "computed_area_ha": ("Diện tích (dữ liệu)", "Area (data)"),
    "area_diff_ha": ("Chênh lệch diện tích", "Area difference"),
    "area_diff_pct": ("Chênh lệch (%)", "Difference (%)"),
    "area_basis": ("Cách tính", "Basis"),
    "zones_lacking_figure": ("Khu thiếu số liệu", "Zones lacking the figure"),
    "not_in_data": ("Khu có trong báo cáo nhưng không có trong dữ liệu: {n}",
                    "Zones in the report but not in the data: {n}"),
    "extra_in_data": ("Dữ liệu có nhiều hơn báo cáo {n} khu", "The data has {n} zones more than "
                      "the report"),
    "lacking_list": ("{status}: {n} khu thiếu số liệu", "{status}: {n} zones lack the figure"),
    "export_format": ("Định dạng", "Format"),
    "export_crs": ("Hệ tọa độ", "Coordinate system"),
    "crs_wgs84": ("WGS 84 (kinh độ/vĩ độ, EPSG:4326)", "WGS 84 (lon/lat, EPSG:4326)"),
    "crs_vn2000_province": ("VN-2000 TM-3 theo tỉnh của khu", "VN-2000 TM-3 of the zone's province"),
    "crs_utm48": ("VN-2000 UTM 48N (EPSG:3405)", "VN-2000 UTM 48N (EPSG:3405)"),
    "crs_only_some": ("Chỉ GeoPackage và Shapefile có thể dùng VN-2000; định dạng này luôn là "
                      "WGS 84.", "Only GeoPackage and Shapefile can use VN-2000; this format is "
                      "always WGS 84."),
    "crs_mixed": ("Các khu đã chọn thuộc {n} kinh tuyến trục VN-2000 khác nhau; mỗi khu được ghi "
                  "theo tỉnh của nó ({how}).", "The selected zones span {n} VN-2000 central "
                  "meridians; each zone is written in its province's CRS ({how})."),
    "export_download": ("Tải về {name}", "Download {name}"),
    "export_what": ("Xuất {n} khu đang chọn (theo bộ lọc ở thanh bên).",
                    "Exports the {n} selected zones (sidebar filters)."),
    "export_unavailable": ("Chưa có bộ ghi tệp (geo.export).",
                           "The file writers (geo.export) are not available yet."),
    "export_error": ("Không xuất được", "Export failed"),
    "coming_soon": ("Tính năng này đang được xây dựng.", "This feature is being built."),
    "about_intro": ("KCN Atlas là công cụ mã nguồn mở giúp cán bộ Ban Quản lý các KCN/KKT xem bản "
                    "đồ và số liệu sử dụng đất của các khu công nghiệp, khu chế xuất và khu kinh "
                    "tế vùng Đồng bằng sông Hồng, đối chiếu với số liệu báo cáo, và xuất dữ liệu "
                    "cho phần mềm GIS.",
                    "KCN Atlas is an open-source tool for the staff of industrial-zone boards: "
                    "maps and land-use accounts of the industrial parks, export-processing zones "
                    "and economic zones of the Red River Delta, reconciled with the reported "
                    "figures, and exports for GIS software."),
    "about_caveats": ("Lưu ý", "Caveats"),
    "about_sources": ("Nguồn dữ liệu", "Data sources"),
    "about_licences": ("Giấy phép", "Licences"),
    # --- housing labels ---
    # --- import labels ---
}


def t(key: str, lang: Lang = "vi") -> str:
    """The label ``key`` in ``lang``; an unknown key is returned as is (visible, not a crash)."""
    pair = LABELS.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "vi" else pair[1]
