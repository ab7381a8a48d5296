"""One typed settings table and one loader: values read by their type, bad ones refused by name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from searchsvc.settings import SETTINGS, SettingError, load_settings, unknown_settings
from searchsvc.web.app import create_app

from .conftest import PROJECT

MACHINE_DEPENDENT = {"WORKERS": "one per core plus one"}  # defaults the README states in words


@pytest.mark.parametrize(
    "variable, text, value",
    [
        ("WORKERS", "3", 3),
        ("WORKERS", " 4 ", 4),
        ("QUERY_TIMEOUT", "0.5", 0.5),
        ("WRITE_TIMEOUT", "0", 0.0),
        ("METRICS", "off", False),
        ("READ_ONLY", "Yes", True),
        ("API_KEYS", "123", ("123",)),  # text, not the number JSON would make of it
        ("API_KEYS", " a, b ,,", ("a", "b")),
        ("API_KEYS", "", ()),
        ("SOURCES", "seeds:more", (Path("seeds"), Path("more"))),
        ("INDEX_DIR", "elsewhere", Path("elsewhere")),
        ("DASK", "", None),
        ("WRITES_GO_TO", "http://primary:8000", "http://primary:8000"),
        ("RATELIMIT", "", None),
        ("RATELIMIT", "120/minute", "120/minute"),
        ("RATELIMIT_STORAGE", "redis://127.0.0.1:6379", "redis://127.0.0.1:6379"),
        ("LOG_FORMAT", "JSON", "json"),
    ],
)
def test_a_variable_is_read_by_its_type(variable, text, value):
    assert load_settings({f"SEARCHSVC_{variable}": text})[variable] == value


@pytest.mark.parametrize(
    "variable, text, message",
    [
        ("WORKERS", "two", "SEARCHSVC_WORKERS='two' is not a whole number of 1 or more"),
        ("WORKERS", "0", "SEARCHSVC_WORKERS='0' is not a whole number of 1 or more"),
        ("MAX_CONTENT_LENGTH", "2 MB", "SEARCHSVC_MAX_CONTENT_LENGTH='2 MB' is not a whole number of 1 or more"),
        ("EXPORT_LIMIT", "1e4", "SEARCHSVC_EXPORT_LIMIT='1e4' is not a whole number of 1 or more"),
        ("QUERY_TIMEOUT", "2s", "SEARCHSVC_QUERY_TIMEOUT='2s' is not a number of seconds, 0 or more"),
        ("WRITE_TIMEOUT", "-1", "SEARCHSVC_WRITE_TIMEOUT='-1' is not a number of seconds, 0 or more"),
        ("QUERY_TIMEOUT", "nan", "SEARCHSVC_QUERY_TIMEOUT='nan' is not a number of seconds, 0 or more"),
        ("METRICS", "maybe", "SEARCHSVC_METRICS='maybe' is not a flag: 1 or 0, true or false, yes or no, on or off"),
        ("INDEX_DIR", " ", "SEARCHSVC_INDEX_DIR=' ' is not a path"),
        ("LOG_FORMAT", "xml", "SEARCHSVC_LOG_FORMAT='xml' is not text or json"),
        (
            "RATELIMIT",
            "120/fortnight",
            "SEARCHSVC_RATELIMIT='120/fortnight' is not a rate limit such as 120/minute or 10/second;1000/day",
        ),
        (
            "RATELIMIT_STORAGE",
            "redis",
            "SEARCHSVC_RATELIMIT_STORAGE='redis' is not a storage URI such as memory:// or redis://host:6379",
        ),
    ],
)
def test_a_bad_value_is_refused_naming_the_variable_and_the_value(variable, text, message):
    with pytest.raises(SettingError) as refused:
        load_settings({f"SEARCHSVC_{variable}": text})
    assert str(refused.value) == message


def test_defaults_are_typed_and_read_by_the_same_parsers():
    values = load_settings({})
    assert [item.name for item in SETTINGS] == list(values)
    assert values["INDEX_DIR"] == Path("index") and values["SOURCES"] == (Path("seeds"),)
    assert values["WRITE_TIMEOUT"] == 10.0 and values["MAX_CONTENT_LENGTH"] == 2_000_000
    assert values["METRICS"] is True and values["READ_ONLY"] is False and values["API_KEYS"] == ()
    assert isinstance(values["WORKERS"], int) and values["WORKERS"] >= 1


def test_overrides_win_as_text_or_as_values():
    values = load_settings(
        {"SEARCHSVC_EXPORT_LIMIT": "5", "SEARCHSVC_API_KEYS": "env-key"},
        {"EXPORT_LIMIT": 2, "QUERY_TIMEOUT": 1e-9, "API_KEYS": ["a", "b"], "METRICS": "0"},
    )
    assert values["EXPORT_LIMIT"] == 2 and values["QUERY_TIMEOUT"] == 1e-9
    assert values["API_KEYS"] == ("a", "b") and values["METRICS"] is False
    with pytest.raises(SettingError, match=r"^EXPORT_LIMIT='2.5' is not a whole number"):
        load_settings({}, {"EXPORT_LIMIT": 2.5})


def test_the_app_holds_typed_settings_from_the_environment_and_its_caller(index_dir, monkeypatch):
    monkeypatch.setenv("SEARCHSVC_API_KEYS", "123")  # Flask's from_prefixed_env made this the number 123
    monkeypatch.setenv("SEARCHSVC_EXPORT_LIMIT", "7")
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "QUERY_TIMEOUT": "0.5"})
    assert app.config["API_KEYS"] == ("123",) and app.config["EXPORT_LIMIT"] == 7
    assert app.config["QUERY_TIMEOUT"] == 0.5 and app.config["INDEX_DIR"] == index_dir
    assert app.config["TESTING"] is True  # Flask's own keys pass through
    answer = app.test_client().delete("/api/articles/nothing-here", headers={"Authorization": "Bearer 123"})
    assert answer.status_code == 404  # the key was accepted


def test_the_app_does_not_start_with_a_bad_value(index_dir, monkeypatch):
    monkeypatch.setenv("SEARCHSVC_MAX_CONTENT_LENGTH", "2MB")
    with pytest.raises(SettingError, match=r"^SEARCHSVC_MAX_CONTENT_LENGTH='2MB' is not a whole number"):
        create_app({"INDEX_DIR": str(index_dir)})
    with pytest.raises(SettingError, match=r"^READ_ONLY='sometimes' is not a flag"):
        create_app({"INDEX_DIR": str(index_dir), "MAX_CONTENT_LENGTH": 10, "READ_ONLY": "sometimes"})


def test_a_variable_that_names_no_setting_is_reported_with_the_setting_it_meant():
    lines = unknown_settings(
        {
            "SEARCHSVC_SPACY_MODLE": "x",
            "SEARCHSVC_FOO": "1",
            "SEARCHSVC_WORKERS": "2",
            "SEARCHSVC_REQUIRE_SHARED": "1",
            "PATH": "/bin",
        }
    )
    assert lines == [
        "SEARCHSVC_FOO is no setting and is ignored (README: Settings lists them)",
        "SEARCHSVC_SPACY_MODLE is no setting and is ignored; did you mean SEARCHSVC_SPACY_MODEL?",
    ]


def test_the_command_line_and_the_app_warn_of_a_misspelt_variable(index_dir, monkeypatch, caplog):
    from click.testing import CliRunner

    from searchsvc.cli import cli

    monkeypatch.setenv("SEARCHSVC_QUERY_TIMOUT", "5")
    done = CliRunner().invoke(cli, ["search", "anything", "--index", str(index_dir)])
    assert "Warning: SEARCHSVC_QUERY_TIMOUT is no setting" not in done.stdout  # not mixed into results
    assert "did you mean SEARCHSVC_QUERY_TIMEOUT?" in done.stderr
    with caplog.at_level("WARNING", logger="searchsvc"):
        create_app({"INDEX_DIR": str(index_dir)})
    assert "SEARCHSVC_QUERY_TIMOUT is no setting and is ignored; did you mean SEARCHSVC_QUERY_TIMEOUT?" in caplog.text


def readme_settings() -> list[tuple[str, str, str]]:
    """(name, type, default) of each row of the README's settings table."""
    section = (PROJECT / "README.md").read_text().split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `SEARCHSVC_(\w+)` \| ([^|]+) \| ([^|]+) \|", section, re.MULTILINE)


def test_the_readme_has_one_row_per_setting_with_its_type_and_default():
    shown = {name: (kind, default) for name, kind, default in readme_settings()}
    assert list(shown) == [item.name for item in SETTINGS]
    for item in SETTINGS:
        default = MACHINE_DEPENDENT.get(item.name) or (f"`{item.default}`" if item.default else "(none)")
        assert shown[item.name] == (item.kind.name, default), item.name
