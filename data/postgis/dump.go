package postgis

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/lib/pq"

	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/geo"
)

// qCounties reads the counties as a data folder gives them: source ids,
// not citations.
const qCounties = `SELECT code, name_zh, name_en, ST_AsEWKB(geom), sources FROM counties ORDER BY code`

// qParcels reads the parcels as a data folder gives them: source ids,
// not citations, and no derived area.
const qParcels = `SELECT id, park, land_use, status, segment, enterprise, geometry_accuracy, sources, ST_AsEWKB(ST_Multi(geom))
FROM parcels ORDER BY id`

// Dataset reads the database's whole dataset back, in the shape seed.Load
// gives, for "parkmap export DIR".
func (s *Store) Dataset(ctx context.Context) (*seed.Dataset, error) {
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
	if err := s.dumpParcels(ctx, &d); err != nil {
		return nil, err
	}
	return &d, nil
}

// dumpParcels adds the database's parcels to d, each built as the seed
// reader builds one from a file, so its area and citations are the same.
func (s *Store) dumpParcels(ctx context.Context, d *seed.Dataset) error {
	rows, err := s.db.QueryContext(ctx, qParcels)
	if err != nil {
		return wrap("parcels", err)
	}
	defer rows.Close()
	cite := geo.NewCiter(d.Sources)
	for rows.Next() {
		var id, park, landUse, status, accuracy string
		var segment, enterprise sql.NullString
		var sources []string
		var ewkb []byte
		if err := rows.Scan(&id, &park, &landUse, &status, &segment, &enterprise, &accuracy,
			(*pq.StringArray)(&sources), &ewkb); err != nil {
			return wrap("parcels", err)
		}
		mp, err := decodeMultiPolygon(ewkb)
		if err != nil || len(mp) != 1 {
			return fmt.Errorf("postgis: parcels: %s: not one polygon: %v", id, err)
		}
		sources = nonNil(sources)
		values := map[string]any{"park": park, "land_use": landUse, "status": status,
			"segment": nullable(segment), "enterprise": nullable(enterprise),
			"geometry_accuracy": accuracy, "sources": sources}
		d.AddParcel(geo.ParcelRecord(id, mp[0], values, cite), sources)
	}
	return wrap("parcels", rows.Err())
}

// nullable is a NULL text as nil, as the seed reader gives a null value.
func nullable(v sql.NullString) any {
	if !v.Valid {
		return nil
	}
	return v.String
}
