"""OWSLib's OGC API - Features client (owslib.ogcapi.features, python3-owslib)
calling parkmap as a Python analyst would: queryables, a CQL2 filter in text
and in JSON, a CRS, a bbox, one feature. Prints what each call returned as one
JSON object. Run by TestOWSLib: owslib_calls.py BASE_URL
"""
import json
import sys

from owslib.ogcapi.features import Features


def ids(fc):
    return [f["id"] for f in fc["features"]]


def first_position(geometry):
    c = geometry["coordinates"]
    while isinstance(c[0], list):
        c = c[0]
    return c


def main(base):
    api = Features(base + "/api")
    out = {}
    q = api.collection_queryables("parks")
    out["queryables"] = sorted(q["properties"])
    out["filter cql2-text"] = ids(api.collection_items(
        "parks", filter="status = 'operating' AND A_CONTAINS(segments, ('cathode'))"))
    cql2_json = {"op": "and", "args": [
        {"op": "=", "args": [{"property": "county_code"}, "530424"]},
        {"op": ">", "args": [{"property": "area_ha"}, 100]},
    ]}
    out["filter cql2-json"] = ids(api.collection_items(
        "parks", filter=json.dumps(cql2_json), **{"filter-lang": "cql2-json"}))
    fc = api.collection_items("parks", crs="http://www.opengis.net/def/crs/EPSG/0/4490", limit=1)
    out["crs 4490"] = {"id": ids(fc)[0], "first": first_position(fc["features"][0]["geometry"])}
    fc = api.collection_items("parks", crs="http://www.opengis.net/def/crs/EPSG/0/4543",
                              bbox=[2680000, 34560000, 2700000, 34580000],
                              **{"bbox-crs": "http://www.opengis.net/def/crs/EPSG/0/4522"})
    out["gauss-kruger"] = {"ids": ids(fc), "first": first_position(fc["features"][0]["geometry"])}
    out["one feature"] = api.collection_item("parks", "huaning")["id"]
    # OWSLib 0.27 POSTs cql= to the items; the API is read-only.
    try:
        api.collection_items("parks", cql=cql2_json)
        out["cql POST"] = "accepted"
    except RuntimeError as e:
        out["cql POST"] = json.loads(str(e))["code"]
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
