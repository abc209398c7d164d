package postgis

import (
	"context"
	"database/sql"
	"math"

	"github.com/paulmach/orb"

	"github.com/parkmap/parkmap/geo"
)

// Locate finds the county and zone containing p and the n zones nearest to
// it, nearest first, ties by id, in one query (qLocate). A point off the
// lon/lat range or not finite is EInvalid: geography would quietly fold it
// back into range and answer for another place.
func (s *Store) Locate(ctx context.Context, p orb.Point, n int) (geo.Location, error) {
	if !validPoint(p) {
		return geo.Location{}, geo.Errorf(geo.EInvalid, "point (%g, %g) is outside lon -180..180, lat -90..90", p[0], p[1])
	}
	if n < 0 {
		return geo.Location{}, geo.Errorf(geo.EInvalid, "the number of nearest zones must not be negative")
	}
	rows, err := s.db.QueryContext(ctx, qLocate, p[0], p[1], n)
	if err != nil {
		return geo.Location{}, wrap("locate", err)
	}
	defer rows.Close()
	loc := geo.Location{Nearest: make([]geo.ParkDistance, 0, n)}
	for rows.Next() {
		var (
			countyCode, countyZH, countyEN, park sql.NullString
			id, nameZH, nameEN                   sql.NullString
			m                                    sql.NullFloat64
		)
		if err := rows.Scan(&countyCode, &countyZH, &countyEN, &park, &id, &nameZH, &nameEN, &m); err != nil {
			return geo.Location{}, wrap("locate", err)
		}
		if loc.County == nil && countyCode.Valid {
			loc.County = &geo.CountyRef{Code: countyCode.String, NameZH: countyZH.String, NameEN: countyEN.String}
		}
		if loc.Park == nil && park.Valid {
			loc.Park = &park.String
		}
		if id.Valid {
			loc.Nearest = append(loc.Nearest, geo.ParkDistance{
				Park: id.String, NameZH: nameZH.String, NameEN: nameEN.String, DistanceM: m.Float64,
			})
		}
	}
	if err := rows.Err(); err != nil {
		return geo.Location{}, wrap("locate", err)
	}
	return loc, nil
}

// validPoint reports whether p is a finite lon/lat position.
func validPoint(p orb.Point) bool {
	return !math.IsNaN(p[0]) && !math.IsNaN(p[1]) &&
		p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90
}
