"""Labels of the investment & business indicators page, CLI and half-year report (issue 11).

Merged into :data:`geo.core.labels.LABELS` by one line there; key -> (Vietnamese, English).
"""

from __future__ import annotations

LABELS_INDICATORS: dict[str, tuple[str, str]] = {
    "page_indicators": ("Đầu tư & SXKD", "Investment & business"),
    "ind_new_projects": ("Dự án cấp mới", "New projects"),
    "ind_adjusted_projects": ("Dự án điều chỉnh tăng vốn", "Projects adjusting capital"),
    "ind_registered_capital": ("Vốn đầu tư đăng ký", "Registered capital"),
    "ind_revenue": ("Doanh thu", "Revenue"),
    "ind_export_value": ("Giá trị xuất khẩu", "Export value"),
    "ind_state_budget": ("Nộp ngân sách nhà nước", "State budget paid"),
    "ind_workers": ("Lao động", "Workers"),
    "seg_all": ("tổng", "total"),
    "seg_FDI": ("FDI", "FDI"),
    "seg_DDI": ("DDI", "DDI"),
    "unit_projects": ("dự án", "projects"),
    "unit_million_usd": ("triệu USD", "million USD"),
    "unit_billion_vnd": ("tỷ đồng", "billion VND"),
    "unit_persons": ("người", "persons"),
    "cap_new": ("cấp mới", "new"),
    "cap_adjusted": ("điều chỉnh", "adjusted"),
    "cap_new_and_adjusted": ("cấp mới và điều chỉnh", "new and adjusted"),
    "cap_unspecified": ("không nêu rõ", "unspecified"),
    "ind_col_key": ("Vùng / tỉnh", "Region / province"),
    "ind_col_indicator": ("Chỉ tiêu", "Indicator"),
    "ind_col_segment": ("Khối", "Segment"),
    "ind_col_unit": ("Đơn vị", "Unit"),
    "ind_col_value": ("Giá trị", "Value"),
    "ind_col_previous": ("Cùng kỳ", "Same period before"),
    "ind_col_change": ("So với cùng kỳ (%)", "Change on same period (%)"),
    "ind_col_change_basis": ("Cách tính thay đổi", "Change basis"),
    "ind_col_coverage": ("Độ phủ", "Coverage"),
    "ind_col_source": ("Nguồn", "Source"),
    "ind_col_rank": ("Hạng", "Rank"),
    "ind_col_province": ("Tỉnh", "Province"),
    "ind_col_as_of": ("Ngày số liệu", "As of"),
    "change_computed": ("tính từ hai kỳ", "computed"),
    "change_reported": ("theo nguồn", "reported"),
    "ind_region": ("Vùng ĐBSH (11 tỉnh)", "Red River Delta (11 provinces)"),
    "ind_selection": ("Lựa chọn", "Selection"),
    "ind_cov_region": ("báo cáo của Khối (11 tỉnh)", "reported for the bloc (11 provinces)"),
    "ind_cov_province": ("báo cáo của BQL tỉnh", "reported by the province's board"),
    "ind_cov_sum": ("tổng {n}/{of} tỉnh", "sum of {n} of {of} provinces"),
    "ind_cov_parts": ("{n}/{of} tỉnh cũ có số liệu", "{n} of {of} former provinces report it"),
    "ind_period": ("Kỳ", "Period"),
    "ind_compare": ("So với kỳ", "Compared with"),
    "ind_tab_region": ("Toàn vùng / lựa chọn", "Region / selection"),
    "ind_tab_provinces": ("Theo tỉnh", "By province"),
    "ind_tab_ranking": ("Xếp hạng tỉnh", "Province ranking"),
    "ind_tab_report": ("Báo cáo 6 tháng", "Half-year report"),
    "ind_no_data": ("Không có số liệu cho kỳ và bộ lọc này.",
                    "No figures for this period and filter."),
    "ind_caption": ("Mỗi số liệu ghi nguồn; tổng theo tỉnh chỉ cộng các tỉnh có số liệu và "
                    "ghi độ phủ; không cộng USD với VND; ô trống là không có nguồn, không phải 0.",
                    "Every figure names its source; sums over provinces add only the provinces "
                    "that report the figure and state their coverage; USD and VND are never "
                    "added; an empty cell means no source, not 0."),
    "ind_caption_2025": ("Tỉnh 2025 chỉ có số liệu khi tất cả các tỉnh cũ hợp thành đều có.",
                         "A 2025 province has a figure only when all its former provinces do."),
    "ind_period_note": ("Kỳ ở thanh bên không có số liệu chỉ tiêu; đang hiển thị {period}.",
                        "The sidebar period has no indicator figures; showing {period}."),
    "ind_chart": ("Biểu đồ: {indicator} ({unit})", "Chart: {indicator} ({unit})"),
    "ind_chart_pick": ("Chỉ tiêu của biểu đồ", "Indicator of the chart"),
    "ind_rank_caption": ("Chỉ xếp hạng các tỉnh có số liệu ({n}/{of}).",
                         "Only the provinces with the figure are ranked ({n} of {of})."),
    "report_download_docx": ("Tải báo cáo (DOCX)", "Download the report (DOCX)"),
    "report_download_xlsx": ("Tải bảng số liệu (XLSX)", "Download the tables (XLSX)"),
    "report_build": ("Tạo báo cáo", "Build the report"),
    "report_building": ("Đang tạo báo cáo…", "Building the report…"),
    "report_done": ("Đã tạo báo cáo.", "The report is ready."),
    # --- the report ---
    "rep_title": ("Báo cáo kết quả {period_words}: các KCN, KCX, KKT {scope}",
                  "Results of {period_words}: industrial and economic zones, {scope}"),
    "rep_h1": ("6 tháng đầu năm {year}", "the first half of {year}"),
    "rep_h2": ("6 tháng cuối năm {year}", "the second half of {year}"),
    "rep_year": ("năm {year}", "the year {year}"),
    "rep_scope_region": ("vùng Đồng bằng sông Hồng", "Red River Delta"),
    "rep_generated": ("Tạo tự động bởi KCN Atlas từ dữ liệu của kho, ngày {date}. "
                      "Bộ lọc: {filters}.",
                      "Generated by KCN Atlas from the store's data on {date}. "
                      "Filters: {filters}."),
    "rep_no_filter": ("không (toàn vùng)", "none (whole region)"),
    "rep_sec_investment": ("1. Thu hút đầu tư", "1. Investment attraction"),
    "rep_sec_business": ("2. Kết quả sản xuất, kinh doanh", "2. Production and business results"),
    "rep_sec_planning": ("3. Quy hoạch và đầu tư xây dựng hạ tầng",
                         "3. Planning and infrastructure"),
    "rep_sec_housing": ("4. Nhà ở cho công nhân", "4. Worker housing"),
    "rep_sec_sources": ("5. Nguồn số liệu và phương pháp", "5. Sources and method"),
    "rep_sub_region": ("Số liệu toàn vùng / lựa chọn", "Region / selection figures"),
    "rep_sub_provinces": ("Số liệu theo tỉnh", "Figures by province"),
    "rep_sub_ranking": ("Xếp hạng các tỉnh", "Provinces ranked"),
    "rep_none": ("Không có số liệu của kỳ này cho lựa chọn.",
                 "No figures of this period for the selection."),
    "rep_line": ("{indicator} ({segment}{basis}): {value} {unit}{change}. Nguồn: {source}; "
                 "độ phủ: {coverage}.",
                 "{indicator} ({segment}{basis}): {value} {unit}{change}. Source: {source}; "
                 "coverage: {coverage}."),
    "rep_change": (", {sign}{value} % so với cùng kỳ ({basis})",
                   ", {sign}{value} % on the same period ({basis})"),
    "rep_src_report": ("báo cáo sơ kết của Khối thi đua", "the bloc's half-year review"),
    "rep_src_computed": ("tính từ dữ liệu của KCN Atlas", "computed from the KCN Atlas data"),
    "rep_src_sum": ("tổng các nguồn của từng tỉnh", "sum of the provinces' sources"),
    "rep_chart_caption": ("Hình {n}: {title}. Nguồn: {source}.",
                          "Figure {n}: {title}. Source: {source}."),
    "rep_map_title": ("Các khu theo tình trạng trên nền địa giới tỉnh ({edition})",
                      "Zones by status over the province outlines ({edition})"),
    "rep_map_source": ("dữ liệu khu của KCN Atlas; địa giới Natural Earth 1:10 triệu (gần đúng)",
                       "KCN Atlas zone data; Natural Earth 1:10M outlines (approximate)"),
    "rep_planning_intro": ("Số liệu báo cáo (nguồn: báo cáo sơ kết) và số liệu tính từ dữ liệu "
                           "khu của KCN Atlas, đặt cạnh nhau; chênh lệch và độ phủ ở bảng dưới.",
                           "Reported figures (source: the review) and the figures computed from "
                           "the KCN Atlas zone data side by side; differences and coverage below."),
    "rep_planning_filtered": ("Số liệu báo cáo chỉ có cho toàn vùng; với bộ lọc này chỉ có số "
                              "liệu tính từ dữ liệu khu.",
                              "Reported figures exist only for the whole region; with this "
                              "filter only computed figures are shown."),
    "rep_planning_no_report": ("Không có số liệu báo cáo về quy hoạch cho kỳ {period}; chỉ có số "
                               "liệu tính từ dữ liệu khu.",
                               "No reported planning figures for {period}; only the figures "
                               "computed from the zone data."),
    "rep_zone_dates": ("Dữ liệu khu là số liệu hiện có, mỗi khu theo ngày số liệu của nguồn "
                       "(as_of), không phải số liệu riêng của kỳ báo cáo.",
                       "The zone data is the current state, each zone as of its source's "
                       "date (as_of), not figures of the reporting period itself."),
    "rep_zone_period_dates": ("Dữ liệu khu là số liệu của kỳ {period} (nhập theo kỳ); diện "
                              "tích quy hoạch và đất công nghiệp kỳ không có lấy theo số liệu "
                              "hiện có.",
                              "The zone data is the figures of {period} (imported for the "
                              "period); planned area and industrial land the period lacks are "
                              "the current ones."),
    "rep_zones_of": ("Số liệu khu: {basis}.", "Zone figures: {basis}."),
    "rep_zones_current": ("hiện có (mỗi khu theo ngày số liệu của nguồn)",
                          "current (each zone as of its source's date)"),
    "rep_zones_period": ("kỳ {period}", "period {period}"),
    "rep_zones_lots": ("; lấp đầy của {n} khu tính từ sổ lô đất",
                       "; occupancy of {n} zones from lots (the lot register)"),
    "rep_zones_lots_skipped": ("; không dùng sổ lô đất (đó là tình trạng thuê hiện tại, không "
                               "phải của kỳ này)",
                               "; the lot register is not applied (it holds today's leases, "
                               "not the period's)"),
    "rep_lots_intro": ("Tỷ lệ lấp đầy và đất đã cho thuê của {n} khu tính từ sổ lô đất "
                       "(đã cho thuê / đất cho thuê của các lô), không theo tỷ lệ báo cáo "
                       "của khu; các tổng ở trên dùng số này.",
                       "Occupancy and leased land of {n} zones from lots (the lot register: "
                       "leased / leasable land of the lots), not the zone's reported rate; the "
                       "totals above use them."),
    "rep_lots_title": ("Các khu có tỷ lệ lấp đầy tính từ sổ lô đất",
                       "Zones whose occupancy is from lots"),
    "rep_col_zone": ("Khu", "Zone"),
    "rep_col_occ_lots": ("Lấp đầy tính từ lô đất", "Occupancy from lots"),
    "rep_col_occ_reported": ("Lấp đầy báo cáo của khu", "Zone's reported occupancy"),
    "rep_col_item": ("Nội dung", "Item"),
    "rep_col_reported": ("Báo cáo", "Reported"),
    "rep_col_computed": ("Tính từ dữ liệu", "Computed"),
    "rep_col_diff": ("Chênh lệch", "Difference"),
    "rep_col_lacking": ("Khu thiếu số liệu", "Zones lacking the figure"),
    "rep_item_all": ("Khu được phê duyệt quy hoạch", "Zones approved in plans"),
    "rep_item_operating": ("Khu đã đi vào hoạt động (đất đã sử dụng)",
                           "Operating zones (land in use)"),
    "rep_item_under_construction": ("Khu đang xây dựng hạ tầng",
                                    "Zones building infrastructure"),
    "rep_zones_area": ("{zones} khu; {area}", "{zones} zones; {area}"),
    "rep_accounts": ("Tính từ dữ liệu khu: {zones} khu, diện tích quy hoạch {planned} (độ phủ "
                     "{cov_p}), đất đã sử dụng {used} (độ phủ {cov_u}), đang xây dựng {building} "
                     "(độ phủ {cov_b}), tỷ lệ lấp đầy {occ} (độ phủ {cov_o}).",
                     "Computed from the zone data: {zones} zones, planned area {planned} "
                     "(coverage {cov_p}), land in use {used} (coverage {cov_u}), under "
                     "construction {building} (coverage {cov_b}), occupancy {occ} (coverage "
                     "{cov_o})."),
    "rep_housing_intro": ("Ước tính từ dữ liệu khu và điểm nhà ở của KCN Atlas (tính toán, "
                          "không phải số báo cáo); giả định: {params}.",
                          "Estimated from the KCN Atlas zone and housing-site data (computed, "
                          "not reported); assumptions: {params}."),
    "rep_housing_total": ("Toàn lựa chọn: lao động ước tính {workforce} người, nhu cầu nhà ở "
                          "{demand} người, chỗ ở đã hoàn thành {beds} người, đang xây/dự kiến "
                          "{pipeline} người, thiếu {deficit} người; đất cần {need}, đất đã bố "
                          "trí {held}.",
                          "Whole selection: estimated workforce {workforce} persons, housing "
                          "demand {demand} persons, completed places {beds} persons, pipeline "
                          "{pipeline} persons, deficit {deficit} persons; land needed {need}, "
                          "land held {held}."),
    "rep_col_demand": ("Nhu cầu (người)", "Demand (persons)"),
    "rep_col_beds": ("Chỗ ở hoàn thành (người)", "Completed places (persons)"),
    "rep_col_deficit": ("Thiếu (người)", "Deficit (persons)"),
    "rep_col_land_need": ("Đất cần", "Land needed"),
    "rep_col_land_held": ("Đất đã bố trí", "Land held"),
    "rep_col_check_land": ("Quỹ đất NƠCN ≥ 2 % (NĐ 35)", "Housing land ≥ 2 % (Decree 35)"),
    "rep_col_check_occ": ("Lấp đầy ≥ 60 % (NĐ 35)", "Occupancy ≥ 60 % (Decree 35)"),
    "check_pass": ("đạt", "pass"),
    "check_fail": ("không đạt", "fail"),
    "check_not_enough_data": ("chưa đủ số liệu", "not enough data"),
    "rep_sources_intro": ("Mọi số liệu ghi nguồn hoặc ghi là tính toán; mọi tổng ghi độ phủ. "
                          "Không cộng số liệu USD với VND. Ô trống / “—” là không có nguồn, "
                          "không phải 0.",
                          "Every figure names its source or says it is computed; every "
                          "aggregate states its coverage. USD and VND figures are never added. "
                          "An empty cell / “—” means no source, not 0."),
    "rep_sources_list": ("Nguồn các chỉ tiêu của kỳ:", "Sources of the period's indicators:"),
    "rep_source_line": ("Nguồn: {source}", "Source: {source}"),
    "rep_coverage_line": ("Độ phủ: {coverage}", "Coverage: {coverage}"),
    "rep_chart_investment": ("Vốn đầu tư đăng ký theo tỉnh", "Registered capital by province"),
    "rep_chart_business": ("Chỉ tiêu SXKD toàn vùng", "Region business indicators"),
    "rep_sheet_region": ("Toàn vùng", "Region"),
    "rep_sheet_provinces": ("Theo tỉnh", "Provinces"),
    "rep_sheet_planning": ("Quy hoạch", "Planning"),
    "rep_sheet_housing": ("Nhà ở", "Housing"),
    "ws_kind_indicators": ("Chỉ tiêu đầu tư & SXKD (mẫu XLSX)",
                           "Investment & business indicators (XLSX template)"),
    "ind_template": ("Tải mẫu nhập chỉ tiêu (XLSX)", "Download the indicators template (XLSX)"),
    "ind_template_help": ("Mỗi sheet một kỳ 6 tháng; điền «Giá trị» rồi nhập ở trang Nhập dữ "
                          "liệu (loại «Chỉ tiêu»).",
                          "One sheet per half-year; fill «Giá trị», then import it on the "
                          "Import page (kind «Indicators»)."),
}
