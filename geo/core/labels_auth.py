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
    "ws_audit_user": ("Người thực hiện", "User"),
    "ws_audit_load": ("nạp dữ liệu", "load"),
}
