"""QGIS's PostgreSQL provider editing parkmap's database headless, as a
planner would in QGIS: a zone's list of segments changed in the attribute
table and saved, then a list naming a segment nobody defined; then a zone
added, a copy of the first moved aside, citing SOURCE. Prints, as one JSON
object, what QGIS read back and whether it saved each edit, with the
database's message when it did not. Run by TestQGISEditsSegments with
/usr/bin/python3 (the interpreter python3-qgis is installed for):
qgis_edit.py DATABASE_URL ZONE SOURCE SEGMENT...
"""
import json
import os
import sys
from urllib.parse import urlparse

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsDataSourceUri,
    QgsFeatureRequest,
    QgsVectorLayer,
    QgsVectorLayerUtils,
)


def parks_layer(url):
    u = urlparse(url)
    uri = QgsDataSourceUri()
    uri.setConnection(u.hostname, str(u.port or 5432), u.path.lstrip("/"), u.username or "", u.password or "",
                      QgsDataSourceUri.SslDisable)
    uri.setDataSource("public", "parks", "geom", "", "id")
    lyr = QgsVectorLayer(uri.uri(False), "parks", "postgres")
    if not lyr.isValid():
        raise SystemExit("the parks layer is not valid: " + lyr.error().summary())
    return lyr


def zone(lyr, zone_id):
    request = QgsFeatureRequest().setFilterExpression(f"\"id\" = '{zone_id}'")
    found = list(lyr.getFeatures(request))
    if len(found) != 1:
        raise SystemExit(f"zone {zone_id}: {len(found)} features")
    return found[0]


def save(lyr):
    """Saves the layer's edits, as the Save Layer Edits button does; what
    the database refused is rolled back and its messages returned."""
    saved = lyr.commitChanges()
    errors = [] if saved else list(lyr.commitErrors())
    if not saved:
        lyr.rollBack()
    return {"saved": saved, "errors": errors}


def edit(lyr, zone_id, segments):
    """Sets the zone's segments as the attribute table does, and saves."""
    field = lyr.fields().indexOf("segments")
    lyr.startEditing()
    lyr.changeAttributeValue(zone(lyr, zone_id).id(), field, segments)
    return save(lyr)


def add(lyr, zone_id, new_id, source):
    """Adds a copy of the zone moved aside, as the digitizing tools do: the
    fields a planner fills in, the others left to the database's defaults."""
    old = zone(lyr, zone_id)
    geom = old.geometry()
    geom.translate(0.3, 0)
    fields = lyr.fields()
    given = {"id": new_id, "sources": [source]}
    for name in ("name_zh", "name_en", "county_code", "status", "chain", "geometry_accuracy"):
        given[name] = old[name]
    attrs = {fields.indexOf(name): value for name, value in given.items()}
    lyr.startEditing()
    lyr.addFeature(QgsVectorLayerUtils.createFeature(lyr, geom, attrs))
    return save(lyr)


def main(url, zone_id, source, segments):
    lyr = parks_layer(url)
    out = {"field type": lyr.fields().field("segments").typeName()}
    out["edit"] = edit(lyr, zone_id, segments)
    out["read back"] = list(zone(parks_layer(url), zone_id)["segments"])
    out["unknown segment"] = edit(lyr, zone_id, segments + ["no-such-segment"])
    out["read back after"] = list(zone(parks_layer(url), zone_id)["segments"])
    out["added"] = add(lyr, zone_id, "added-in-qgis", source)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    app = QgsApplication([], False)
    app.initQgis()
    try:
        main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:])
    finally:
        app.exitQgis()
