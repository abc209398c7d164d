package importer

import (
	"database/sql"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// gpkgGeometry is a GeoPackage geometry blob: the GP header without an
// envelope, little-endian, then WKB.
func gpkgGeometry(t testing.TB, srsID int32, g orb.Geometry) []byte {
	t.Helper()
	h := []byte{'G', 'P', 0, 0x01, 0, 0, 0, 0}
	binary.LittleEndian.PutUint32(h[4:], uint32(srsID))
	b, err := wkb.Marshal(g, binary.LittleEndian)
	if err != nil {
		t.Fatal(err)
	}
	return append(h, b...)
}

// writeGPKG writes a minimal GeoPackage with one feature table, zones,
// holding the features' id, name_zh, segments (as text) and area.
func writeGPKG(t testing.TB, path string, srsID int32, org string, feats []Feature) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stmts := []string{
		`CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)`,
		`CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT, srs_id INTEGER)`,
		`CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL)`,
		`CREATE TABLE zones (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom BLOB, id TEXT, name_zh TEXT, segments TEXT, area REAL)`,
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	mustExec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	mustExec(`INSERT INTO gpkg_spatial_ref_sys VALUES ('x', ?, ?, ?, 'undefined', '')`, srsID, org, srsID)
	mustExec(`INSERT INTO gpkg_contents VALUES ('zones', 'features', 'zones', ?)`, srsID)
	mustExec(`INSERT INTO gpkg_geometry_columns VALUES ('zones', 'geom', 'GEOMETRY', ?, 0, 0)`, srsID)
	for _, f := range feats {
		var g any
		if f.Geometry != nil {
			g = gpkgGeometry(t, srsID, f.Geometry)
		}
		mustExec(`INSERT INTO zones (geom, id, name_zh, segments, area) VALUES (?, ?, ?, ?, ?)`,
			g, f.Fields["id"], f.Fields["name_zh"], f.Fields["segments"], f.Fields["area"])
	}
}

func TestReadGeoPackage(t *testing.T) {
	feats := []Feature{
		{N: 1, Geometry: orb.Polygon{{{1, 2}, {3, 2}, {3, 4}, {1, 2}}}, Fields: map[string]any{"id": "a", "name_zh": "甲", "segments": "cells;anode", "area": 1.5}},
		{N: 2, Fields: map[string]any{"id": "b", "name_zh": nil, "segments": `["x"]`, "area": nil}},
	}
	path := filepath.Join(t.TempDir(), "z.gpkg")
	writeGPKG(t, path, 4543, "EPSG", feats)
	f, err := Read(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(feats, f.Features); diff != "" {
		t.Errorf("features (-want +got):\n%s", diff)
	}
	if f.SRID != 4543 {
		t.Errorf("SRID = %d, want 4543", f.SRID)
	}

	t.Run("an SRS that is not EPSG's", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "z.gpkg")
		writeGPKG(t, path, 100001, "local", feats)
		if _, err := Read(path, Options{}); err == nil || !strings.Contains(err.Error(), "--crs") {
			t.Errorf("Read = %v, want an unknown CRS naming --crs", err)
		}
		f, err := Read(path, Options{CRS: "EPSG:4522"})
		if err != nil || f.SRID != 4522 {
			t.Errorf("Read with --crs: SRID %v, %v; want 4522", f, err)
		}
	})
	t.Run("a layer that is not there", func(t *testing.T) {
		if _, err := Read(path, Options{Layer: "roads"}); err == nil || !strings.Contains(err.Error(), "holds zones") {
			t.Errorf("Read = %v, want the layers named", err)
		}
	})
}

func TestDecodeGPKGGeometry(t *testing.T) {
	withEnvelope := append([]byte{'G', 'P', 0, 0x03, 0xe6, 0x10, 0, 0}, make([]byte, 32)...)
	pt, _ := wkb.Marshal(orb.Point{1, 2}, binary.BigEndian)
	tests := []struct {
		name string
		b    []byte
		want orb.Geometry
		err  string
	}{
		{"no envelope", gpkgGeometry(t, 4326, orb.Point{1, 2}), orb.Point{1, 2}, ""},
		{"xy envelope, big-endian WKB", append(withEnvelope, pt...), orb.Point{1, 2}, ""},
		{"empty", []byte{'G', 'P', 0, 0x11, 0, 0, 0, 0}, nil, ""},
		{"no magic", []byte("XX\x00\x01\x00\x00\x00\x00"), nil, "no GP header"},
		{"bad envelope", []byte{'G', 'P', 0, 0x0f, 0, 0, 0, 0}, nil, "bad envelope"},
		{"short", []byte{'G', 'P', 0, 0x09, 0, 0, 0, 0, 1}, nil, "ends inside its header"},
		{"bad WKB", []byte{'G', 'P', 0, 0x01, 0, 0, 0, 0, 1, 1}, nil, "WKB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := DecodeGPKGGeometry(tt.b)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, g); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// ogr2ogr returns GDAL's ogr2ogr, skipping the test without it except under
// CI=true, where make test's scripts/deps.sh has installed gdal-bin.
func ogr2ogr(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("ogr2ogr")
	if err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true and ogr2ogr is not installed (scripts/deps.sh installs gdal-bin)")
	}
	t.Skip("ogr2ogr is not installed (apt-get install gdal-bin)")
	return ""
}

// runOGR runs ogr2ogr with args, failing the test on an error.
func runOGR(t testing.TB, args ...string) {
	t.Helper()
	out, err := exec.Command(ogr2ogr(t), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("ogr2ogr %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}
