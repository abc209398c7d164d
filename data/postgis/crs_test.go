package postgis

import (
	"bufio"
	"database/sql"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/parkmap/parkmap/data/postgis/postgistest"
	"github.com/parkmap/parkmap/geo"
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
	f, err := os.Open("../proj/testdata/cs2cs.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	byCode := map[int]*geo.CRS{}
	for _, c := range geo.SupportedCRS[1:] {
		byCode[c.EPSG] = c
	}
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		var v [5]float64
		for i, s := range strings.Fields(sc.Text()) {
			if v[i], err = strconv.ParseFloat(s, 64); err != nil {
				t.Fatal(err)
			}
		}
		crs := byCode[int(v[0])]
		g := transformSQL("ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326)", crs)
		var x, y float64
		if err := db.QueryRow("SELECT ST_X(g), ST_Y(g) FROM (SELECT "+g+" AS g) p", v[1], v[2]).Scan(&x, &y); err != nil {
			t.Fatalf("EPSG:%d: %v", crs.EPSG, err)
		}
		tol := 1e-3
		if crs.Decimals == 7 {
			tol = 1e-8
		}
		if math.Abs(x-v[3]) > tol || math.Abs(y-v[4]) > tol {
			t.Errorf("EPSG:%d %v,%v: PostGIS %v,%v, cs2cs %v,%v", crs.EPSG, v[1], v[2], x, y, v[3], v[4])
		}
		n++
	}
	if n == 0 {
		t.Fatal("no points")
	}
}
