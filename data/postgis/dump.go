package postgis

import (
	"context"
	"errors"
	"fmt"

	"github.com/lib/pq"

	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/geo"
)

// qCounties reads the counties as a data folder gives them: source ids,
// not citations.
const qCounties = `SELECT code, name_zh, name_en, ST_AsEWKB(geom), sources FROM counties ORDER BY code`

// Dataset reads the database's whole dataset back, in the shape seed.Load
// gives, for "parkmap export DIR". Parcels are not read yet: a database
// that holds any is refused rather than exported without them.
func (s *Store) Dataset(ctx context.Context) (*seed.Dataset, error) {
	var parcels int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM parcels`).Scan(&parcels); err != nil {
		return nil, wrap("parcels", err)
	}
	if parcels > 0 {
		return nil, errors.New("postgis: the database holds parcels, which export does not write yet")
	}
	var d seed.Dataset
	var err error
	if d.Chains, err = s.Chains(ctx); err != nil {
		return nil, err
	}
	if d.Sources, err = s.Sources(ctx); err != nil {
		return nil, err
	}
	if d.Parks, err = s.Parks(ctx); err != nil {
		return nil, err
	}
	if d.Projects, err = s.Projects(ctx); err != nil {
		return nil, err
	}
	if d.City, d.CountyAttribution, err = s.city(ctx); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, qCounties)
	if err != nil {
		return nil, wrap("counties", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c geo.County
		var ewkb []byte
		if err := rows.Scan(&c.Code, &c.NameZH, &c.NameEN, &ewkb, (*pq.StringArray)(&c.Sources)); err != nil {
			return nil, wrap("counties", err)
		}
		if c.Geometry, err = decodeMultiPolygon(ewkb); err != nil {
			return nil, fmt.Errorf("postgis: counties: %s: %w", c.Code, err)
		}
		c.Sources = nonNil(c.Sources)
		d.Counties = append(d.Counties, c)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("counties", err)
	}
	return &d, nil
}
