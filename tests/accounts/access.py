from tests.access import public, signed_in

_key = {"key": "not-a-real-key"}
_uid_key = {"uidb36": "1", "key": "set-password"}

ACCESS = {
    "accounts:profile": signed_in(),
    "accounts:export_data": signed_in(),
    "accounts:delete": signed_in(),
    # django-allauth: public entrance pages, then pages for signed-in people.
    "account_login": public(),
    "account_signup": public(),
    "account_logout": public(method="post"),
    "account_reset_password": public(),
    "account_reset_password_done": public(),
    "account_reset_password_from_key": public(kwargs=lambda: _uid_key),
    "account_reset_password_from_key_done": public(),
    "account_email_verification_sent": public(),
    "account_confirm_email": public(kwargs=lambda: _key),
    "account_inactive": public(),
    "account_request_login_code": public(),
    "account_confirm_login_code": public(
        request=False, note="only inside a pending code log-in; tests/accounts/test_login_lockout.py",
    ),
    "account_change_password": signed_in(),
    "account_set_password": signed_in(),
    "account_email": signed_in(),
    "account_reauthenticate": signed_in(),
    "mfa_index": signed_in(),
    "mfa_activate_totp": signed_in(),
    "mfa_deactivate_totp": signed_in(request=False, note="404 without an authenticator; tests/accounts/test_mfa.py"),
    "mfa_view_recovery_codes": signed_in(request=False, note="404 without codes; tests/accounts/test_mfa.py"),
    "mfa_generate_recovery_codes": signed_in(),
    "mfa_download_recovery_codes": signed_in(request=False, note="404 without codes; tests/accounts/test_mfa.py"),
    "mfa_authenticate": public(request=False, note="only inside a pending log-in; tests/accounts/test_mfa.py"),
    "mfa_reauthenticate": signed_in(),
}
