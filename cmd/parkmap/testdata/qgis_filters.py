"""QGIS's OGC API - Features provider (OAPIF) reading parkmap headless, as an
analyst filtering layers would. Prints, as one JSON object, the ids each
filtered layer gave. Run by TestQGISSendsFilters with /usr/bin/python3 (the
interpreter python3-qgis is installed for): qgis_filters.py BASE_URL
"""
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsDataSourceUri,
    QgsFeatureRequest,
    QgsRectangle,
    QgsVectorLayer,
)


def layer(base, name, subset="", **params):
    uri = QgsDataSourceUri()
    uri.setParam("url", base + "/api")
    uri.setParam("typename", name)
    for key, value in params.items():
        uri.setParam(key, value)
    lyr = QgsVectorLayer(uri.uri(False), name, "OAPIF")
    if not lyr.isValid():
        raise SystemExit(f"{name}: the OAPIF layer is not valid")
    if subset and not lyr.setSubsetString(subset):
        raise SystemExit(f"{name}: QGIS refused the filter {subset}")
    return lyr


def ids(features):
    return sorted(str(f["id"]) for f in features)


def main(base):
    out = {}
    # A filter on a date field: QGIS 3.22 sends the comparisons of a Date or
    # DateTime field with a date, AND-ed at the top, as datetime=start/end,
    # and evaluates the rest itself.
    roads = layer(base, "roads", "\"opened_on\" >= '2020-01-01'")
    out["opened since 2020"] = ids(roads.getFeatures())
    roads = layer(base, "roads", "\"opened_on\" <= '2020-01-01' AND \"lanes\" > 4")
    out["opened by 2020, over 4 lanes"] = ids(roads.getFeatures())
    # The map's extent: with "only request features overlapping the view
    # extent" (restrictToRequestBBOX) QGIS sends it as bbox.
    parks = layer(base, "parks", restrictToRequestBBOX="1")
    view = QgsFeatureRequest().setFilterRect(QgsRectangle(102.4, 24.2, 102.6, 24.5))
    out["parks in view"] = ids(parks.getFeatures(view))
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    app = QgsApplication([], False)
    app.initQgis()
    try:
        main(sys.argv[1])
    finally:
        app.exitQgis()
