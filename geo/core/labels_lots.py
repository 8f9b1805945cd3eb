"""Vietnamese / English labels of the lot register (merged into :data:`geo.core.labels.LABELS`)."""

from __future__ import annotations

LOT_LABELS: dict[str, tuple[str, str]] = {
    "page_lots": ("Đất công nghiệp còn trống", "Vacant industrial land"),
    "ws_kind_lots": ("Lô đất (quy hoạch chi tiết / sổ cho thuê)",
                     "Lots (detailed plan / lease register)"),
    "lots_title": ("Lô đất công nghiệp còn trống, có thể cho thuê",
                   "Vacant industrial lots available for lease"),
    "lots_intro": ("Các lô đất công nghiệp hoặc kho bãi, logistics có tình trạng 'còn trống' "
                   "trong sổ lô đã nhập. Không có dữ liệu lô thật đi kèm ứng dụng; dữ liệu mẫu "
                   "(SYNTHETIC) chỉ để thử.",
                   "Industrial or warehouse/logistics lots whose status is 'vacant' in the "
                   "imported lot register. No real lot data ships with the app; synthetic "
                   "samples are for trying only."),
    "lots_none": ("Chưa có sổ lô nào được nhập (Nhập dữ liệu → Lô đất). Tạo tệp mẫu: "
                  "python -m geo sample-lots --zone MÃ_KHU -o lo_mau.gpkg",
                  "No lot register has been imported yet (Import → Lots). Make a sample: "
                  "python -m geo sample-lots --zone ZONE_ID -o lots-synthetic.gpkg"),
    "lots_min_area": ("Diện tích lô tối thiểu (ha)", "Minimum lot size (ha)"),
    "lots_found": ("{n} lô còn trống, tổng {ha}", "{n} vacant lots, {ha} in all"),
    "lots_download": ("Tải danh sách ({fmt})", "Download the list ({fmt})"),
    "lots_synthetic_warning": ("Có lô dữ liệu MẪU (SYNTHETIC), không phải dữ liệu thật.",
                               "Some lots are SYNTHETIC sample data, not real data."),
    "lots_zone_heading": ("Lô đất theo chức năng và tình trạng cho thuê",
                          "Lots by use and lease status"),
    "lots_zone_summary": ("{n} lô; lấp đầy {occ} (tính từ lô đất); còn trống {vacant}",
                          "{n} lots; occupancy {occ} (from lots); vacant {vacant}"),
    "lots_checks": ("Kiểm tra cơ cấu sử dụng đất", "Land-use structure checks"),
    "lots_export": ("Xuất sổ lô đất ({n} lô)", "Export the lot register ({n} lots)"),
    "lot_id": ("Số hiệu lô", "Lot"),
    "zone_name": ("Khu", "Zone"),
    "use_class": ("Chức năng", "Use"),
    "lease_status": ("Tình trạng thuê", "Lease status"),
    "lot_area_ha": ("Diện tích lô (ha)", "Lot area (ha)"),
    "lots_count": ("Số lô", "Lots"),
    "building_density_pct": ("Mật độ XD tối đa (%)", "Building density limit (%)"),
    "height_limit_m": ("Chiều cao tối đa (m)", "Height limit (m)"),
    "lot_source": ("Nguồn", "Source"),
    "ws_field_use_label": ("Tên theo chú giải quy hoạch", "Legend name in the plan"),
    "ws_field_tenant": ("Nhà đầu tư thuê đất", "Tenant"),
    "ws_field_investor_type": ("Loại nhà đầu tư (FDI/DDI)", "Investor type (FDI/DDI)"),
    "ws_field_certificate_date": ("Ngày cấp GCN đầu tư", "Investment certificate date"),
    "check_rule": ("Quy định", "Rule"),
    "check_basis": ("Căn cứ", "Legal basis"),
    "check_value": ("Giá trị", "Value"),
    "check_threshold": ("Ngưỡng", "Threshold"),
    "check_status": ("Kết quả", "Status"),
    "check_pass": ("đạt", "pass"),
    "check_fail": ("không đạt", "fail"),
    "check_not_enough_data": ("chưa đủ dữ liệu", "not enough data"),
    "basis_lots": ("tính từ sổ lô đất", "from lots"),
    "use_industrial": ("Đất nhà máy, kho tàng", "Industrial (factories)"),
    "use_warehouse_logistics": ("Đất kho bãi, logistics", "Warehouse, logistics"),
    "use_service": ("Đất dịch vụ", "Service"),
    "use_green_water": ("Đất cây xanh, mặt nước", "Green space, water"),
    "use_roads_parking": ("Đất giao thông, bãi đỗ xe", "Roads, parking"),
    "use_technical_infrastructure": ("Đất hạ tầng kỹ thuật", "Technical infrastructure"),
    "use_worker_housing": ("Đất nhà ở, lưu trú công nhân", "Worker housing"),
    "use_other": ("Đất khác", "Other"),
    "lease_leased": ("đã cho thuê", "leased"),
    "lease_vacant": ("còn trống", "vacant"),
    "lease_reserved": ("đã giữ chỗ", "reserved"),
    "lease_not_leasable": ("không cho thuê", "not leasable"),
    "lease_unknown": ("chưa rõ", "unknown"),
    "lots_layer": ("Lô đất", "Lots"),
    "lots_layer_aggregated": ("Lô đất (gộp theo khu — phóng to để xem từng lô)",
                              "Lots (per zone — zoom in to see each lot)"),
    "lots_aggregate_tip": ("{zone}: {n} lô, {leased} đã cho thuê",
                           "{zone}: {n} lots, {leased} leased"),
    "lots_view_shown": ("Đang hiển thị {n} lô trong khung nhìn ({kb} KB).",
                        "Showing {n} lots in view ({kb} KB)."),
    "lots_view_zoom": ("{n} lô trong khung nhìn: phóng to tới mức {z} để xem từng lô; hiện gộp "
                       "theo khu.", "{n} lots in view: zoom in to level {z} to see each lot; "
                       "shown per zone."),
    "lots_view_over": ("{n} lô trong khung nhìn, quá giới hạn hiển thị: gộp theo khu; phóng to "
                       "thêm để xem từng lô.", "{n} lots in view, over the display budget: "
                       "shown per zone; zoom in further to see each lot."),
    "ws_status_removed": ("bị xoá", "removed"),
    "ws_log_removed": ("Bị xoá", "Removed"),
    "ws_diff_lots": ("Thay đổi: {new} mới, {changed} thay đổi, {unchanged} không đổi, "
                     "{removed} bị xoá, {unmatched} không khớp",
                     "Changes: {new} new, {changed} changed, {unchanged} unchanged, "
                     "{removed} removed, {unmatched} unmatched"),
    "ws_replace_lots": ("Thay toàn bộ lô của các khu có trong tệp (xoá các lô cũ không còn trong "
                        "quy hoạch mới)",
                        "Replace all lots of the zones in the file (remove the old lots the "
                        "new plan no longer has)"),
    "ws_replace_lots_help": ("Chỉ dùng cho bản vẽ quy hoạch chi tiết có hình lô. Với mỗi khu có "
                             "lô trong tệp, các lô đã lưu của khu đó mà tệp không có (gộp, "
                             "tách, đổi số hiệu) sẽ bị xoá và hiện là 'bị xoá' trong bảng thay "
                             "đổi; khu không có trong tệp giữ nguyên. Hoàn tác sẽ khôi phục "
                             "các lô bị xoá. Bảng thuê đất không bao giờ xoá lô.",
                             "For a detailed plan with lot shapes only. For every zone the "
                             "file has lots of, the stored lots of that zone the file does not "
                             "hold (merged, split, renumbered) are removed and listed as "
                             "'removed' in the changes; zones not in the file are kept. Undo "
                             "restores the removed lots. A lease register never removes lots."),
}
