"""Vietnamese / English labels of the figures' basis (issue 10; merged into
:data:`geo.core.labels.LABELS`): which zones a figure rests on, reported vs derived, the
occupancy rule, the boundary checks of an import."""

from __future__ import annotations

FIGURE_LABELS: dict[str, tuple[str, str]] = {
    # view basis
    "view_basis": ("Cơ sở", "Basis"),
    "basis_kcn_kcx": ("KCN/KCX", "KCN/KCX"),
    "basis_all_kinds_kkt_once": ("tất cả các khu, KKT tính một lần",
                                 "all zones, each KKT counted once"),
    "basis_caption": ("Cơ sở của các số liệu: {basis}.", "Figures on the basis: {basis}."),
    "kcn_kcx_default": ("Chỉ KCN/KCX (mặc định; KKT xem riêng)",
                        "KCN/KCX only (default; KKTs shown apart)"),
    "kkt_group": ("Khu kinh tế (KKT) — nhóm riêng", "Economic zones (KKT) — their own group"),
    "kkt_group_caption": (
        "Diện tích KKT (hàng chục nghìn ha, có phần mặt biển) không tính là đất đã sử dụng; chỉ "
        "các KCN trong KKT hoặc số liệu đất đã sử dụng được báo cáo mới được tính.",
        "A KKT's area (tens of thousands of ha, some of it sea) is never counted as in use; "
        "only its KCNs or a reported used area are."),
    "report_basis_caption": (
        "Đối chiếu giữ cơ sở của báo cáo: tất cả các khu, KKT tính một lần.",
        "The reconciliation keeps the report's basis: all zones, each KKT counted once."),
    # reported vs derived
    "figure_basis": ("Nguồn gốc số liệu", "Where the figure comes from"),
    "basis_reported": ("số liệu nguồn", "reported"),
    "basis_derived_n": ("≈ suy ra {d}/{n} khu", "≈ derived for {d} of {n} zones"),
    "basis_rate_only": ("tỷ lệ công bố, không có đất công nghiệp cho thuê: không cộng vào tỷ lệ "
                        "của nhóm", "stated rate without leasable land: not in group figures"),
    "basis_lots_derived": ("≈ tính từ sổ lô đất", "≈ from the lot register"),
    "basis_status_unknown": ("chưa rõ tình trạng", "status unknown"),
    "basis_stated_rate_derived": ("≈ đã cho thuê = tỷ lệ công bố × đất công nghiệp",
                                  "≈ leased = stated rate × leasable land"),
    "basis_operating_area_derived": ("≈ diện tích quy hoạch của khu đang hoạt động",
                                     "≈ planned area of an operating zone"),
    "basis_legend": (
        "≈ = số liệu suy ra, không do nguồn công bố: đất đã sử dụng = diện tích quy hoạch của "
        "KCN/KCX đang hoạt động khi không nguồn nào cho diện tích đã sử dụng; đã cho thuê = tỷ "
        "lệ lấp đầy công bố × đất công nghiệp cho thuê.",
        "≈ = derived, not given by a source: land in use = planned area of an operating KCN/KCX "
        "where no source gives the used area; leased = stated occupancy × leasable land."),
    "occupancy_rule": (
        "Tỷ lệ lấp đầy của nhóm = Σ đất đã cho thuê / Σ đất công nghiệp cho thuê của các khu có "
        "đất công nghiệp cho thuê và có diện tích đã cho thuê hoặc tỷ lệ (đã cho thuê = tỷ lệ × "
        "đất cho thuê). Khu chỉ có tỷ lệ mà không có đất cho thuê được đếm riêng (\"chỉ có tỷ "
        "lệ\"), không lấy bình quân.",
        "Group occupancy = Σ leased / Σ leasable industrial land over the zones giving leasable "
        "land and leased land or a rate (leased = rate × leasable). Zones with a rate but no "
        "leasable land are counted apart (\"rate only\"), never averaged in."),
    "rate_only_n": ("{n} khu chỉ có tỷ lệ", "{n} zones with a rate only"),
    "occupancy_basis": ("Cơ sở tỷ lệ lấp đầy", "Basis of occupancy"),
    "other_area": ("Phần còn lại (đất riêng KKT, khu chưa rõ tình trạng)",
                   "Rest (a KKT's own land, zones of unknown status)"),
    # headline
    "headline_region_report_hidden": (
        "Đang lọc theo {selection}: số liệu báo cáo của cả vùng không đặt cạnh để so sánh; xem "
        "đối chiếu với báo cáo ở trang Sử dụng đất.",
        "Filtered to {selection}: the whole region's reported figures are not shown beside it; "
        "see the reconciliation on the Land use page."),
    # exports
    "export_dictionary": ("Từ điển dữ liệu", "Data dictionary"),
    "export_field": ("Trường", "Field"),
    "export_label": ("Nhãn", "Label"),
    "export_description": ("Mô tả", "Description"),
    "export_unit": ("Đơn vị", "Unit"),
    # import preview map
    "ws_layer_old": ("ranh giới cũ (khu khớp)", "old footprint (matched zone)"),
    "ws_preview_legend": ("Xám: khu hiện có · Xanh nét đứt: ranh giới cũ của khu khớp · Đỏ: tệp "
                          "nhập", "Grey: current zones · Blue dashed: matched zone's old "
                          "footprint · Red: upload"),
}
