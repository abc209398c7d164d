"""QGIS's vector tile layer reading parkmap's OGC API - Tiles headless, as a
planner adding the zones over a map would: an XYZ vector tile source on
the tileset's URL template, drawn over the zones' extent. Prints, as one
JSON object, whether the layer is valid and how many pixels it painted.
Run by TestQGISDrawsTiles with /usr/bin/python3: qgis_tiles.py TEMPLATE
MINX MINY MAXX MAXY (the extent in EPSG:3857).
"""
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsDataSourceUri,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsRectangle,
    QgsVectorTileLayer,
)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402


def main(template, minx, miny, maxx, maxy):
    uri = QgsDataSourceUri()
    uri.setParam("type", "xyz")
    uri.setParam("url", template)
    uri.setParam("zmin", "0")
    uri.setParam("zmax", "14")
    lyr = QgsVectorTileLayer(bytes(uri.encodedUri()).decode(), "tiles")
    out = {"valid": lyr.isValid()}
    if not lyr.isValid():
        print(json.dumps(out))
        return
    settings = QgsMapSettings()
    settings.setLayers([lyr])
    settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    settings.setExtent(QgsRectangle(minx, miny, maxx, maxy))
    settings.setOutputSize(QSize(512, 512))
    settings.setBackgroundColor(QColor(255, 255, 255))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    img = job.renderedImage()
    white = QColor(255, 255, 255).rgb()
    painted = sum(1 for x in range(0, img.width(), 2) for y in range(0, img.height(), 2) if img.pixel(x, y) != white)
    out["painted"] = painted
    out["errors"] = [str(e.message) for e in job.errors()]
    print(json.dumps(out))


if __name__ == "__main__":
    app = QgsApplication([], False)
    app.initQgis()
    try:
        main(sys.argv[1], *map(float, sys.argv[2:6]))
    finally:
        app.exitQgis()
