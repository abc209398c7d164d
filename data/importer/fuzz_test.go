package importer

import (
	"testing"

	"github.com/parkmap/parkmap/geo"
)

// The readers of user files are fuzzed: whatever the bytes, a reader
// returns features or an error, and the mapper problems, never a panic.

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("id,name_zh,segments,WKT\nqj-1,曲靖,cells;anode,POINT (103.8 25.5)\n"), "")
	f.Add([]byte("\ufeffid,lon,lat\na,1,2\n\n\"b\",\"3\",4\n"), "")
	f.Add([]byte("id\tgeom\na\tMULTIPOLYGON(((0 0,1 0,1 1,0 0)))\n"), "")
	f.Add([]byte("id,wkt\n\"a,POINT(1 2)\n"), "gbk")
	f.Add(gbk(f, "id,name_zh,x,y\n甲,乙,1,2\n"), "")
	f.Fuzz(func(t *testing.T, raw []byte, encoding string) {
		file, err := ReadCSV(raw, Options{Encoding: encoding})
		if err != nil {
			return
		}
		for _, c := range geo.Builtin() {
			Map(c, file, Mapping{Domains: testDomains})
		}
	})
}

func FuzzReadGeoJSON(f *testing.F) {
	f.Add([]byte(zoneGeoJSON))
	f.Add([]byte(`{"type":"Feature","id":1,"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]},"properties":{"segments":"a;b"}}`))
	f.Add([]byte(`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:4543"}},"features":[{"type":"Feature","geometry":{"type":"GeometryCollection","geometries":[]},"properties":{}}]}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		file, err := ReadGeoJSON(raw)
		if err != nil {
			return
		}
		for _, c := range geo.Builtin() {
			Map(c, file, Mapping{Domains: testDomains})
		}
	})
}

func FuzzReadGeoJSONSeq(f *testing.F) {
	f.Add([]byte("\x1e{\"type\":\"Feature\",\"id\":\"a\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]},\"properties\":{}}\n"))
	f.Add([]byte("{\"type\":\"Feature\",\"geometry\":null,\"properties\":{\"sources\":[\"x\",1]}}\n{\"type\":\"Feat"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		file, err := ReadGeoJSONSeq(raw)
		if err != nil {
			return
		}
		Map(geo.Projects, file, Mapping{Domains: testDomains})
	})
}

func FuzzDecodeGPKGGeometry(f *testing.F) {
	f.Add([]byte{'G', 'P', 0, 0x01, 0xe6, 0x10, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0x40})
	f.Add([]byte{'G', 'P', 0, 0x03, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		DecodeGPKGGeometry(b)
	})
}

func FuzzParseCRS(f *testing.F) {
	for _, s := range []string{"EPSG:4543", "urn:ogc:def:crs:EPSG::4490", "CRS84", "http://www.opengis.net/def/crs/EPSG/0/4522"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if n, err := ParseCRS(s); err == nil && n <= 0 {
			t.Errorf("ParseCRS(%q) = %d", s, n)
		}
	})
}
