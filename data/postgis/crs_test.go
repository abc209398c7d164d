package postgis

import (
	"database/sql"
	"math"
	"testing"

	"github.com/parkmap/parkmap/data/postgis/postgistest"
	"github.com/parkmap/parkmap/data/proj/projtest"
)

// TestTransformAgreesWithPROJ holds PostGIS's ST_Transform, in the SQL
// featureSQL writes, to PROJ's cs2cs (data/proj/testdata/cs2cs.txt, the table
// the embedded store is held to) within 1 mm, axis order included.
func TestTransformAgreesWithPROJ(t *testing.T) {
	db, err := sql.Open("postgres", postgistest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE EXTENSION IF NOT EXISTS postgis"); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range projtest.CS2CS(t) {
		crs := p.CRS
		g := transformSQL("ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326)", crs)
		var x, y float64
		if err := db.QueryRow("SELECT ST_X(g), ST_Y(g) FROM (SELECT "+g+" AS g) p", p.CRS84[0], p.CRS84[1]).Scan(&x, &y); err != nil {
			t.Fatalf("EPSG:%d: %v", crs.EPSG, err)
		}
		tol := 1e-3
		if crs.Decimals == 7 {
			tol = 1e-8
		}
		if math.Abs(x-p.Want[0]) > tol || math.Abs(y-p.Want[1]) > tol {
			t.Errorf("EPSG:%d %v: PostGIS %v,%v, cs2cs %v", crs.EPSG, p.CRS84, x, y, p.Want)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no points")
	}
}
