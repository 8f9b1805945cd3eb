"""Vietnamese / English labels of sign-in, roles and the store (issue 12), merged into
:data:`geo.core.i18n.LABELS`."""

from __future__ import annotations

AUTH_LABELS: dict[str, tuple[str, str]] = {
    "auth_open": ("Chế độ mở: chưa cấu hình người dùng, ai mở được ứng dụng đều nhập và hoàn "
                  "tác được (chỉ nên chạy trên máy này, localhost).",
                  "Open mode: no users are configured; anyone who can open the app can import "
                  "and undo (run it on localhost only)."),
    "auth_signed_in": ("Đăng nhập: {name} ({role})", "Signed in: {name} ({role})"),
    "auth_sign_out": ("Đăng xuất", "Sign out"),
    "auth_title": ("Đăng nhập KCN Atlas", "Sign in to KCN Atlas"),
    "auth_user": ("Tên người dùng", "User name"),
    "auth_password": ("Mật khẩu", "Password"),
    "auth_submit": ("Đăng nhập", "Sign in"),
    "auth_store": ("Dữ liệu: {where}", "Data: {where}"),
    "role_viewer": ("chỉ xem", "viewer"),
    "role_editor": ("biên tập: {provinces}", "editor: {provinces}"),
    "role_admin": ("quản trị", "administrator"),
    "auth_viewer_note": ("Tài khoản xem ({name}): không được nhập dữ liệu hay hoàn tác lần "
                         "nhập. Cần quyền biên tập? Hãy liên hệ quản trị viên.",
                         "Viewer account ({name}): you cannot import data or undo an import. "
                         "Need editor rights? Ask an administrator."),
    "auth_editor_note": ("Biên tập viên {name}: chỉ được nhập và hoàn tác dữ liệu các khu của "
                         "tỉnh {provinces}; tệp có khu của tỉnh khác bị từ chối toàn bộ.",
                         "Editor {name}: you may import and undo only for the zones of "
                         "{provinces}; a file with zones of another province is refused as a "
                         "whole."),
    "auth_gone_note": ("Tài khoản {name} không còn trong danh sách người dùng: không được nhập "
                       "dữ liệu. Hãy đăng xuất và đăng nhập lại.",
                       "Account {name} is no longer a user: you cannot import data. Sign out "
                       "and sign in again."),
    "pw_title": ("Đổi mật khẩu", "Change password"),
    "pw_old": ("Mật khẩu hiện tại", "Current password"),
    "pw_new": ("Mật khẩu mới (ít nhất {n} ký tự)", "New password (at least {n} characters)"),
    "pw_new2": ("Nhập lại mật khẩu mới", "New password again"),
    "pw_submit": ("Đổi mật khẩu", "Change password"),
    "pw_done": ("Đã đổi mật khẩu của {name}.", "The password of {name} is changed."),
    "ws_audit_user": ("Người thực hiện", "User"),
    "ws_audit_load": ("nạp dữ liệu", "load"),
}
