from tests.access import ADMIN_ONLY, Access, public

ACCESS = {
    "shell:home": public(),
    "shell:about": public(),
    "shell:healthz": public(),
    "set_language": public(method="post", data=lambda: {"language": "ko", "next": "/"}),
    "admin:*": Access(allowed=ADMIN_ONLY, request=False, note="sampled in tests/core/test_admin_access.py"),
    "admin/*": Access(allowed=ADMIN_ONLY, request=False, note="admin's object-id redirects"),
    "admin:index": Access(allowed=ADMIN_ONLY),
}
