"""Open311 GeoReport v2 as an integrator's app meets it (scripts/open311.sh runs this).

The PyPI `georeport` client (pinned) reads services, definitions and requests in JSON and in
XML; the test files a request as the spec's form with answered attributes and reads it back.
Every answer is checked against the Open311 JSON schemas of open311/schema-validation
(schema/, copied from its commit 47e06a4); an XML answer is first read into the same shape
(xmltodict gives text: the schema's types say what each value is).
"""

import json
import os
import pathlib
import unittest

import jsonschema
import requests
import xmltodict
from georeport import GeoReport

BASE = os.environ["OPEN311_BASE"]
TOWN = os.environ["OPEN311_JURISDICTION"]
KEY = os.environ["OPEN311_KEY"]
OTHER_KEY = os.environ["OPEN311_OTHER_TOWN_KEY"]
SCHEMAS = pathlib.Path(__file__).parent / "schema"


def schema(name):
    return json.loads((SCHEMAS / f"{name}.json").read_text())


def typed(value, sch):
    """An XML value read into the type its schema gives (empty element: null)."""
    types = [sch.get("type")] + [s.get("type") for s in sch.get("anyOf", [])]
    if value is None:
        return [] if "array" in types else None
    if isinstance(value, dict) and "properties" in sch:
        return {k: typed(v, sch["properties"].get(k, {})) for k, v in value.items()}
    if "array" in types:
        item = sch.get("items", {})
        # <values><value>…</value></values>: one wrapper whose only key holds one or more items.
        if isinstance(value, dict) and len(value) == 1:
            value = next(iter(value.values()))
        value = value if isinstance(value, list) else [value]
        return [typed(v, item) for v in value]
    if "boolean" in types:
        return {"true": True, "false": False}.get(value, value)
    if "integer" in types:
        return int(value)
    if "number" in types:
        return float(value)
    return value


def valid(instance, name):
    jsonschema.validate(instance, schema(name), format_checker=jsonschema.FormatChecker())


class GeoReportClient(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.json = GeoReport(f"{BASE}/open311/v2", jurisdiction=TOWN, api_key=KEY)
        cls.xml = GeoReport(f"{BASE}/open311/v2", jurisdiction=TOWN, api_key=KEY, output_format="xml")

    def test_services_in_both_formats(self):
        services = self.json.get_service_list()
        self.assertGreater(len(services), 3)
        for s in services:
            valid(s, "service")
        from_xml = [typed(s, schema("service")) for s in self.xml.get_service_list()]
        for s in from_xml:
            valid(s, "service")
        self.assertEqual(
            [(s["service_code"], s["service_name"], s["metadata"]) for s in services],
            [(s["service_code"], s["service_name"], s["metadata"]) for s in from_xml],
        )
        pothole = next(s for s in services if s["service_name"] == "Nid-de-poule")
        self.assertTrue(pothole["metadata"])
        self.assertEqual(pothole["type"], "realtime")
        self.assertEqual(pothole["group"], "Travaux publics")

    def test_definitions_in_both_formats(self):
        for s in self.json.get_service_list():
            d = self.json.get_service_definition(s["service_code"])
            valid(d, "service-definition")
            x = typed(self.xml.get_service_definition(s["service_code"]), schema("service-definition"))
            valid(x, "service-definition")
            self.assertEqual(d, x)

    def pothole(self):
        code = next(s["service_code"] for s in self.json.get_service_list() if s["service_name"] == "Nid-de-poule")
        attributes = self.json.get_service_definition(code)["attributes"]
        size = next(a for a in attributes if a["datatype"] == "singlevaluelist" and len(a["values"]) == 3)
        return code, size

    def post(self, fmt="json", key=KEY, **extra):
        code, size = self.pothole()
        form = {
            "api_key": key,
            "jurisdiction_id": TOWN,
            "service_code": code,
            "lat": "45.8617",
            "long": "-74.0873",
            "address_string": "12, rue des Érables",
            "description": "Nid-de-poule profond devant le 12 — signalé par l'application",
            f"attribute[{size['code']}]": size["values"][2]["key"],
            "email": "marie.tremblay@example.org",
            "first_name": "Marie",
            "last_name": "Tremblay",
            **extra,
        }
        return requests.post(f"{BASE}/open311/v2/requests.{fmt}", data=form, timeout=10)

    def test_a_filing_is_read_back_in_both_formats(self):
        res = self.post()
        self.assertEqual(res.status_code, 201, res.text)
        posted = res.json()[0]
        number = posted["service_request_id"]
        self.assertRegex(number, r"^\d{4}-\d+$")
        one = self.json.get_service_request(number)
        valid(one, "request")
        self.assertEqual(one["status"], "open")
        self.assertIn("Nid-de-poule profond", one["description"])
        self.assertEqual(one["agency_responsible"], "Travaux publics")
        self.assertNotIn("Tremblay", json.dumps(one))
        self.assertNotIn("marie.tremblay", json.dumps(one))
        x = typed(self.xml.get_service_request(number), schema("request"))
        valid(x, "request")
        self.assertEqual({k: v for k, v in one.items()}, x)
        listed = self.json.get_service_requests(status="open")
        for r in listed:
            valid(r, "request")
        self.assertIn(number, [r["service_request_id"] for r in listed])
        xml_listed = self.xml.get_service_requests(service_request_id=number)
        self.assertEqual(typed(xml_listed, schema("request"))["service_request_id"], number)
        # The token answers the same number.
        res = requests.get(f"{BASE}/open311/v2/tokens/{posted['token']}.json", params={"jurisdiction_id": TOWN}, timeout=10)
        self.assertEqual(res.json(), [{"service_request_id": number, "token": posted["token"]}])

    def test_an_xml_filing_answers_in_xml(self):
        res = self.post("xml")
        self.assertEqual(res.status_code, 201, res.text)
        self.assertTrue(res.headers["content-type"].startswith("text/xml"))
        doc = xmltodict.parse(res.content)
        self.assertRegex(doc["service_requests"]["request"]["service_request_id"], r"^\d{4}-\d+$")

    def test_a_missing_answer_a_wrong_key_and_another_towns_key_are_refused_in_the_specs_form(self):
        code, size = self.pothole()
        res = self.post(**{f"attribute[{size['code']}]": ""})
        self.assertEqual(res.status_code, 400, res.text)
        self.assertEqual(res.json()[0]["code"], 400)
        self.assertIn(f"attribute[{size['code']}]", res.json()[0]["description"])
        for key in ["", "civis_not-a-key", OTHER_KEY]:
            res = self.post("xml", key=key)
            self.assertEqual(res.status_code, 403, res.text)
            self.assertEqual(xmltodict.parse(res.content)["errors"]["error"]["code"], "403")
        res = requests.get(f"{BASE}/open311/v2/services.json", params={"jurisdiction_id": "nowhere"}, timeout=10)
        self.assertEqual((res.status_code, res.json()[0]["code"]), (404, 404))
        res = requests.get(f"{BASE}/open311/v2/requests/1999-99999.xml", params={"jurisdiction_id": TOWN}, timeout=10)
        self.assertEqual(res.status_code, 404)

    def test_discovery(self):
        for fmt in ["json", "xml"]:
            res = requests.get(f"{BASE}/open311/discovery.{fmt}", timeout=10)
            self.assertEqual(res.status_code, 200)
        d = requests.get(f"{BASE}/open311/discovery.json", timeout=10).json()
        self.assertEqual(d["endpoints"][0]["url"], f"{BASE}/open311/v2")
        self.assertIn("text/xml", d["endpoints"][0]["formats"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
