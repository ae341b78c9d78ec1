from tests.access import ADMIN_ONLY, Access, only, public

ACCESS = {
    "shell:home": public(),
    "shell:about": public(),
    "shell:healthz": public(),
    "shell:action_log": only("admin"),
    "set_language": public(method="post", data=lambda: {"language": "ko", "next": "/"}),
    "admin:*": Access(allowed=ADMIN_ONLY, request=False, note="every registered model's list and add page, every role: tests/core/test_admin_access.py"),
    "admin/*": Access(allowed=ADMIN_ONLY, request=False, note="admin's object-id redirects"),
    "admin:index": Access(allowed=ADMIN_ONLY),
}
