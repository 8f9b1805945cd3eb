"""Vietnamese / English labels of the map-as-a-tool work (issue 10 B): the map's controls,
zone search, the printable map, number inputs, deep links, import status and the licence.
Merged into :data:`geo.core.i18n.LABELS`."""

from __future__ import annotations

MAPUX_LABELS: dict[str, tuple[str, str]] = {
    "map_legend": ("Chú giải", "Legend"),
    "map_layer_province_names": ("Tên tỉnh", "Province names"),
    "zone_search": ("Tìm khu (gõ không dấu được, vd. “que vo”)",
                    "Find a zone (accents optional, e.g. “que vo”)"),
    "zone_search_none": ("Không có khu nào khớp với “{q}”.", "No zone matches “{q}”."),
    "zone_search_found": ("{n} khu khớp; đã chọn: {name}", "{n} zones match; selected: {name}"),
    "click_point": ("Điểm đã nhấp", "Clicked point"),
    "click_point_vn2000": ("VN-2000 ({province}, EPSG:{epsg}): X (Bắc) = {x} m; Y (Đông) = {y} m",
                           "VN-2000 ({province}, EPSG:{epsg}): X (north) = {x} m; "
                           "Y (east) = {y} m"),
    "click_point_outside": ("ngoài các tỉnh của bản đồ: không có hệ VN-2000 của tỉnh",
                            "outside the map's provinces: no provincial VN-2000 system"),
    "click_point_hint": ("Nhấp lên bản đồ để xem tọa độ VN-2000 của điểm (tọa độ WGS 84 hiện ở "
                         "góc dưới bên trái khi di chuột). Nút thước ở góc trên bên trái để đo "
                         "khoảng cách và diện tích (ha).",
                         "Click the map for the point's VN-2000 coordinates (WGS 84 shows at "
                         "the bottom left under the pointer). The ruler button at the top left "
                         "measures distances and areas (ha)."),
    "map_print": ("Tải ảnh bản đồ", "Download the map image"),
    "map_print_png": ("Ảnh PNG", "PNG image"),
    "map_print_pdf": ("PDF (A4 ngang)", "PDF (A4 landscape)"),
    "map_print_help": ("Bản đồ khu theo tình trạng trên nền các tỉnh, chú giải và số liệu đang "
                       "hiển thị, vẽ trên máy chủ (không cần mạng)",
                       "The zones by status over the provinces, the legend and the figures "
                       "shown, drawn on the server (no network needed)"),
    "map_print_title": ("Khu công nghiệp, khu chế xuất, khu kinh tế — {scope}",
                        "Industrial, export-processing and economic zones — {scope}"),
    "map_print_scope_all": ("vùng Đồng bằng sông Hồng", "Red River Delta"),
    "map_print_caption": ("{n} khu; diện tích quy hoạch {planned}; đất đã sử dụng {in_use}; "
                          "đang xây dựng {building}. Kỳ số liệu: {period}. Nguồn: KCN Atlas.",
                          "{n} zones; planned area {planned}; land in use {in_use}; under "
                          "construction {building}. Period: {period}. Source: KCN Atlas."),
    "map_print_period_latest": ("mới nhất", "latest"),
    "map_print_selected": ("Khu đang chọn: {name}", "Selected zone: {name}"),
    "number_bad": ("{field}: “{value}” không phải là số. Viết theo kiểu Việt Nam, "
                   "vd. 0,75 hoặc 1.234,5.",
                   "{field}: “{value}” is not a number. Write e.g. 0.75 or 1,234.5."),
    "number_range": ("{field}: {value} nằm ngoài khoảng cho phép {low} – {high}.",
                     "{field}: {value} is outside the allowed range {low} – {high}."),
    "housing_show_params": ("Tham số tính toán (mở để thay đổi)",
                            "Parameters (open to change)"),
    "import_status_done": ("Đã xong", "Done"),
    "import_file_kept": ("Tệp đã tải lên trong phiên này: {name} ({size}). Tải tệp khác để "
                         "thay.", "File uploaded in this session: {name} ({size}). Upload "
                         "another to replace it."),
    "import_file_forget": ("Bỏ tệp này", "Forget this file"),
    "local_time_note": ("Giờ Việt Nam (UTC+7)", "Vietnam time (UTC+7)"),
    "about_licence": ("Giấy phép", "Licence"),
    "about_licence_text": (
        "Mã nguồn: giấy phép Apache-2.0 (tệp LICENSE). Ranh giới tỉnh: Natural Earth (phạm vi "
        "công cộng). Số liệu khu: từ nguồn công khai, mỗi khu ghi đường dẫn nguồn (source_url). "
        "Leaflet (BSD-2), leaflet-measure và Leaflet.MousePosition (MIT) đi kèm để bản đồ "
        "chạy không cần mạng.",
        "Code: Apache-2.0 licence (the LICENSE file). Province boundaries: Natural Earth "
        "(public domain). Zone facts: from public sources, each zone with its source URL "
        "(source_url). Leaflet (BSD-2), leaflet-measure and Leaflet.MousePosition (MIT) ship "
        "with the app so that the map works offline."),
}
