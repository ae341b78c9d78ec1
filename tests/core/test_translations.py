"""Every catalogue is complete in all six languages, and pages really render in each of them."""

import re
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

SRC_DIR = Path(settings.SRC_DIR)
LANGUAGES = ["zh_Hans", "ja", "ko", "ms", "id", "fil"]
PLURAL_FORMS = dict.fromkeys(LANGUAGES, "nplurals=1; plural=0;") | {"fil": "nplurals=2; plural=(n > 1);"}
# Third-party strings Django and django-allauth ship no catalogue for (see ADR 0005).
VENDOR_LANGUAGES = ["ms", "fil"]

APPS = sorted(path.parent.name for path in SRC_DIR.glob("*/apps.py"))
CATALOGUES = sorted(SRC_DIR.glob("**/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sd]|\{\w+\}")


def _catalogue_param(path: Path):
    relative = path.relative_to(SRC_DIR)
    return pytest.param(path, id=str(relative.parent.parent))


def _read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def _strings(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


def _source(message) -> str:
    return message.id[-1] if isinstance(message.id, tuple | list) else message.id


def test_every_app_has_a_catalogue_for_every_language():
    expected = [SRC_DIR / "locale" / lang for lang in LANGUAGES]
    expected += [SRC_DIR / app / "locale" / lang for app in APPS for lang in LANGUAGES]
    expected += [SRC_DIR / "locale_vendor" / lang for lang in VENDOR_LANGUAGES]
    missing = [str(path) for path in expected if not (path / "LC_MESSAGES" / "django.po").is_file()]
    assert missing == []


def test_vendor_catalogues_come_after_the_project_catalogue():
    assert [Path(path) for path in settings.LOCALE_PATHS] == [SRC_DIR / "locale", SRC_DIR / "locale_vendor"]


@pytest.mark.parametrize("path", [_catalogue_param(path) for path in CATALOGUES])
def test_catalogue_is_complete_and_not_fuzzy(path):
    language = path.parent.parent.name
    header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert f'"Language: {language}\\n"' in header
    assert f'"Plural-Forms: {PLURAL_FORMS[language]}\\n"' in header
    assert '"Content-Type: text/plain; charset=UTF-8\\n"' in header
    catalogue = _read(path)
    assert not catalogue.fuzzy, "the header is marked fuzzy"
    nplurals = 2 if language == "fil" else 1
    fuzzy = [_source(m) for m in catalogue if m.id and m.fuzzy]
    empty = [_source(m) for m in catalogue if m.id and not all(_strings(m))]
    wrong_plurals = [
        _source(m) for m in catalogue if m.id and m.pluralizable and len(_strings(m)) != nplurals
    ]
    assert (fuzzy, empty, wrong_plurals) == ([], [], [])
    assert len([m for m in catalogue if m.id]) > 0


@pytest.mark.parametrize("path", [_catalogue_param(path) for path in CATALOGUES])
def test_translations_keep_their_placeholders(path):
    mismatched = []
    for message in _read(path):
        if not message.id:
            continue
        expected = sorted(PLACEHOLDER.findall(_source(message)))
        for string in _strings(message):
            if string and sorted(PLACEHOLDER.findall(string)) != expected:
                mismatched.append((_source(message), string))
    assert mismatched == []


@pytest.fixture(scope="module", autouse=True)
def _compiled_catalogues():
    """Compile catalogues that `make messages` has not (yet) compiled, then reload translations."""
    stale = [
        po for po in CATALOGUES
        if not po.with_suffix(".mo").exists() or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    for po in stale:
        subprocess.run(["msgfmt", "--check-format", "-o", str(po.with_suffix(".mo")), str(po)], check=True)
    if stale:
        trans_real._translations = {}
        trans_real._default = None
        for cached in ("check_for_language", "get_languages", "get_supported_language_variant"):
            # Which of these are lru-cached differs between Django versions.
            clear = getattr(getattr(trans_real, cached), "cache_clear", None)
            if clear:
                clear()
    yield
    translation.activate(settings.LANGUAGE_CODE)


# language -> (nav "Log in", home "Create an account", allauth "Forgot your password?",
#              allauth "Password (again)", Django "This field is required.")
RENDERED = {
    "zh-hans": ("登录", "创建账户", "忘记密码？", "密码（重复）", "该字段是必填项。"),  # noqa: RUF001, RUF100 - full-width punctuation is correct Chinese
    "ja": ("ログイン", "アカウントを作成", "パスワードをお忘れですか?", "パスワード (再入力)", "この項目は必須です。"),
    "ko": ("로그인", "계정 만들기", "비밀번호를 잊으셨나요?", "비밀번호 (확인)", "이 필드는 필수 항목입니다."),
    "ms": ("Log masuk", "Buat akaun", "Terlupa kata laluan anda?", "Kata laluan (sekali lagi)", "Medan ini diperlukan."),
    "id": ("Masuk", "Buat akun", "Lupa kata sandi Anda?", "Kata sandi (lagi)", "Bidang ini harus diisi."),
    "fil": ("Mag-log in", "Gumawa ng account", "Nakalimutan ang iyong password?", "Password (muli)", "Kailangan ang field na ito."),
}


def _get(client, url_name, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", RENDERED)
def test_home_page_renders_in_the_chosen_language(client, language):
    log_in, create_account, *_ = RENDERED[language]
    body = _get(client, "shell:home", language)
    assert f'<html lang="{language}">' in body
    assert log_in in body
    assert create_account in body
    assert "Create an account" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("language", RENDERED)
def test_log_in_page_renders_in_the_chosen_language(client, language):
    log_in, _create, forgot, *_ = RENDERED[language]
    body = _get(client, "account_login", language)
    assert f'<html lang="{language}">' in body
    assert log_in in body
    assert forgot in body
    assert "Forgot your password?" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("language", RENDERED)
def test_sign_up_page_and_its_errors_render_in_the_chosen_language(client, language):
    *_, password_again, required = RENDERED[language]
    body = _get(client, "account_signup", language)
    assert f'<html lang="{language}">' in body
    assert password_again in body
    assert "Password (again)" not in body
    response = client.post(reverse("account_signup"), {"email": "", "password1": "", "password2": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert required in body
    assert "This field is required." not in body


@pytest.mark.django_db
def test_language_cookie_absent_falls_back_to_the_browser_language(client):
    body = client.get(reverse("shell:home"), HTTP_ACCEPT_LANGUAGE="fil,en;q=0.5").content.decode()
    assert '<html lang="fil">' in body
    assert "Gumawa ng account" in body


# --- Pages whose words come from outside our templates (allauth, Django, error handlers) -----------
# Every visible text of these pages must differ from the English page, except what is the same on
# purpose: names of languages and of the site, the person's e-mail, and loanwords the language uses.
SAME_ON_PURPOSE = {"SSE Policy Hub", "English", "简体中文", "日本語", "한국어", "Bahasa Melayu", "Bahasa Indonesia",
                   "Filipino"}
LOANWORDS = {
    "fil": {"Password", "Password:", "Time zone", "Malay", "Thai", "Vietnamese", "Non-binary"},
    "id": {"Email:"},
}
ANONYMOUS_PAGES = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/accounts/login/code/",
                   "/no/such/page/", "/log/"]
SIGNED_IN_PAGES = ["/accounts/profile/", "/accounts/email/", "/accounts/password/change/", "/accounts/profile/delete/",
                   "/accounts/reauthenticate/"]
_TEXT = re.compile(r">([^<>]+)<")
_ATTRIBUTE = re.compile(r'(?:placeholder|aria-label|title|alt)="([^"]+)"')
# Country and zone names come from CLDR, where some are the same in English and Filipino.
_NAMED_LISTS = re.compile(r'<select name="(?:country|time_zone)".*?</select>', re.S)


def _visible_texts(body: str, email: str) -> set[str]:
    body = _NAMED_LISTS.sub("", re.sub(r"<(script|style)\b.*?</\1>", "", body, flags=re.S))
    texts = {" ".join(text.split()) for text in _TEXT.findall(body) + _ATTRIBUTE.findall(body)}
    return {text for text in texts if re.search(r"[A-Za-z]{3,}", text)} - SAME_ON_PURPOSE - {email}


@pytest.mark.django_db
@pytest.mark.parametrize("language", RENDERED)
def test_account_and_error_pages_have_no_english_left(client, member, language):
    language_dir = language.replace("-hans", "_Hans")
    untranslated = {}
    for pages, signed_in in ((ANONYMOUS_PAGES, False), (SIGNED_IN_PAGES, True)):
        if signed_in:
            client.force_login(member)
        for url in pages:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
            english = _visible_texts(client.get(url).content.decode(), member.email)
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            translated = _visible_texts(client.get(url).content.decode(), member.email)
            left = sorted(translated & english - LOANWORDS.get(language_dir, set()))
            if left:
                untranslated[url] = left
    assert untranslated == {}


@pytest.mark.parametrize("language", RENDERED)
def test_messages_built_in_python_are_translated(language):
    from ssehub.accounts.adapter import AccountAdapter

    paused = AccountAdapter.error_messages["password_login_paused"]
    with translation.override("en"):
        english = str(paused)
    with translation.override(language):
        assert str(paused) != english


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "philippines", "germany"), [
    ("ms", "Filipina", "Jerman"), ("fil", "Pilipinas", "Germany"), ("ko", "필리핀", "독일"), ("id", "Filipina", "Jerman"),
])
def test_profile_country_names_follow_the_language(client, member, language, philippines, germany):
    client.force_login(member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    body = client.get(reverse("accounts:profile")).content.decode()
    assert f'<option value="PH" selected>{philippines}</option>' in body
    assert f'<option value="DE">{germany}</option>' in body


# Action-log verbs are labels built in Python and shown on the log pages and in their exports.
OWN_VERB_PREFIXES = ("accounts.", "events.", "calls.")


@pytest.mark.parametrize("language", RENDERED)
def test_action_log_verbs_are_translated(language):
    from ssehub.core.actionlog import verb_choices

    with translation.override("en"):
        english = {code: str(label) for code, label in verb_choices() if code.startswith(OWN_VERB_PREFIXES)}
    with translation.override(language):
        translated = {code: str(label) for code, label in verb_choices() if code.startswith(OWN_VERB_PREFIXES)}
    assert sorted(code for code in english if translated[code] == english[code]) == []
    assert len(english) > 30


def test_malay_afternoon_is_petang_not_night():
    import datetime as dt

    from django.utils import formats, translation

    with translation.override("ms"):
        assert (formats.time_format(dt.time(16, 10)), formats.time_format(dt.time(9, 5))) == ("4:10 ptg", "9:05 pg")
