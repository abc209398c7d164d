package importer

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	_ "modernc.org/sqlite" // GeoPackage is SQLite; modernc's driver is pure Go, so the binary needs no cgo
)

// ReadGeoPackage reads a feature table of a GeoPackage (OGC 12-128r18):
// layer names it, or the file must hold only one. The SRID comes from the
// table's spatial reference system, which must be an EPSG one.
func ReadGeoPackage(path, layer string) (*File, error) {
	u := url.URL{Scheme: "file", Path: path, RawQuery: "mode=ro&_pragma=query_only(1)"}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	tables, err := stringsOf(db, `SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY table_name`)
	if err != nil {
		return nil, fmt.Errorf("not a GeoPackage (no gpkg_contents table): %v", sqliteError(err))
	}
	f := &File{}
	switch {
	case layer != "":
		found := false
		for _, t := range tables {
			found = found || t == layer
		}
		if !found {
			return nil, fmt.Errorf("no feature table %q (--layer); the GeoPackage holds %s", layer, listOrNone(tables))
		}
	case len(tables) == 1:
		layer = tables[0]
	case len(tables) == 0:
		return nil, errors.New("the GeoPackage holds no feature table")
	default:
		return nil, fmt.Errorf("the GeoPackage holds %d feature tables (%s): choose one with --layer", len(tables), strings.Join(tables, ", "))
	}
	var geomCol, org string
	var srsID, orgID int64
	err = db.QueryRow(`
SELECT g.column_name, g.srs_id, coalesce(s.organization, ''), coalesce(s.organization_coordsys_id, 0)
FROM gpkg_geometry_columns g LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id
WHERE g.table_name = ?`, layer).Scan(&geomCol, &srsID, &org, &orgID)
	if err != nil {
		return nil, fmt.Errorf("table %s: no geometry column in gpkg_geometry_columns: %v", layer, sqliteError(err))
	}
	switch {
	case strings.EqualFold(org, "EPSG") && orgID > 0:
		f.SRID = int(orgID)
	case srsID == 0 || srsID == -1:
		f.SRID = 4326 // undefined geographic or Cartesian: taken as lon/lat, checked for range
		f.Notes = append(f.Notes, "the GeoPackage's SRS is undefined: taken as WGS 84 lon/lat (--crs to say otherwise)")
	default:
		f.SRID = 0 // unknown: Read fails unless --crs says
		f.Notes = append(f.Notes, fmt.Sprintf("the GeoPackage's SRS %d (%s %d) is not an EPSG code", srsID, org, orgID))
	}
	// Identifiers come from the file's own catalogue; quoted all the same.
	rows, err := db.Query(`SELECT * FROM ` + quoteSQLite(layer))
	if err != nil {
		return nil, fmt.Errorf("table %s: %v", layer, sqliteError(err))
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var problems Problems
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for n := 1; rows.Next(); n++ {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("table %s, feature %d: %v", layer, n, sqliteError(err))
		}
		ft := Feature{N: n, Fields: make(map[string]any, len(cols))}
		for i, c := range cols {
			if strings.EqualFold(c, geomCol) {
				if b, ok := vals[i].([]byte); ok && len(b) > 0 {
					g, err := DecodeGPKGGeometry(b)
					if err != nil {
						problems.Add(n, c, "%v", err)
					}
					ft.Geometry = g
				}
				continue
			}
			if strings.EqualFold(c, "fid") {
				continue // the GeoPackage's row id, not the feature's
			}
			if b, ok := vals[i].([]byte); ok {
				vals[i] = string(b)
			}
			ft.Fields[c] = vals[i]
		}
		f.Features = append(f.Features, ft)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("table %s: %v", layer, sqliteError(err))
	}
	return f, problems.Err()
}

// DecodeGPKGGeometry decodes a GeoPackage geometry blob: the "GP" header
// (version, flags, SRS id, an optional envelope) and then standard WKB.
// An empty geometry is nil.
func DecodeGPKGGeometry(b []byte) (orb.Geometry, error) {
	if len(b) < 8 || b[0] != 'G' || b[1] != 'P' {
		return nil, errors.New("not a GeoPackage geometry (no GP header)")
	}
	flags := b[3]
	if flags&0x20 != 0 {
		return nil, errors.New("an extended GeoPackage geometry, which is not read")
	}
	envelope := map[byte]int{0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
	size, ok := envelope[(flags>>1)&0x07]
	if !ok {
		return nil, fmt.Errorf("bad envelope code %d in the GeoPackage geometry header", (flags>>1)&0x07)
	}
	start := 8 + size
	if len(b) < start {
		return nil, errors.New("the GeoPackage geometry ends inside its header")
	}
	if flags&0x10 != 0 {
		return nil, nil // empty
	}
	g, err := wkb.Unmarshal(b[start:])
	if err != nil {
		return nil, fmt.Errorf("WKB: %v", err)
	}
	return g, nil
}

func stringsOf(db *sql.DB, q string) ([]string, error) {
	rows, err := db.Query(q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func quoteSQLite(id string) string { return `"` + strings.ReplaceAll(id, `"`, `""`) + `"` }

func listOrNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// sqliteError keeps SQLite's message and drops the driver's code prefix.
func sqliteError(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, "): "); i >= 0 && strings.HasPrefix(msg, "SQL logic error") {
		return msg[i+3:]
	}
	return msg
}
