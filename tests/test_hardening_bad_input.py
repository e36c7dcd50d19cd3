"""
Malformed requests get a 400 in the format of what was asked for (HTML for
pages, JSON for /api/, plain text for files), never a 500.
"""

import pytest

from tracker.factories import EventFactory, MeasureFactory

pytestmark = pytest.mark.django_db

PERCENT_DATES = ["%25", "%25d", "%25s%25s", "20%2519", "%25(value)s", "100%25"]


@pytest.mark.parametrize("value", PERCENT_DATES)
@pytest.mark.parametrize("endpoint", ["/api/measures/", "/api/events/"])
@pytest.mark.parametrize("name", ["date_from", "date_to"])
def test_a_percent_sign_in_an_api_date_is_a_json_400(client, endpoint, name, value):
    MeasureFactory()
    EventFactory()
    response = client.get(f"{endpoint}?{name}={value}")
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert name in body
    assert "%" in body[name][0] and "is not a date" in body[name][0]


@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        ("/measures/?date_from=%25", "text/html"),
        ("/measures/export.csv?date_to=%25", "text/plain"),
        ("/measures/feed.atom?date_from=%25d", "text/plain"),
        ("/deadlines.ics?date_from=%25", "text/plain"),
        ("/export/followthemoney.jsonl?date_from=%25", "text/plain"),
    ],
)
def test_a_percent_sign_in_a_date_elsewhere_is_a_400_in_the_right_format(client, url, content_type):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith(content_type)
    assert "is not a date" in response.content.decode()
