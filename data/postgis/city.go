package postgis

import (
	"context"
	"database/sql"
	"errors"

	"github.com/lib/pq"

	"github.com/parkmap/parkmap/geo"
)

// The dataset table (migration 0006) holds one row: the city and the
// counties' attribution.
const (
	qCity = `SELECT has_city, name_zh, name_en, title_zh, title_en, extent, default_chain,
	attribution, attribution_url, synthetic, county_attribution FROM dataset`

	// qSeedDataset writes the row, and leaves it (and its updated_at) alone
	// when it already says the same.
	qSeedDataset = `
INSERT INTO dataset (has_city, name_zh, name_en, title_zh, title_en, extent, default_chain,
	attribution, attribution_url, synthetic, county_attribution)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
ON CONFLICT (singleton) DO UPDATE SET has_city = EXCLUDED.has_city, name_zh = EXCLUDED.name_zh,
	name_en = EXCLUDED.name_en, title_zh = EXCLUDED.title_zh, title_en = EXCLUDED.title_en,
	extent = EXCLUDED.extent, default_chain = EXCLUDED.default_chain, attribution = EXCLUDED.attribution,
	attribution_url = EXCLUDED.attribution_url, synthetic = EXCLUDED.synthetic,
	county_attribution = EXCLUDED.county_attribution, updated_at = now()
WHERE (dataset.has_city, dataset.name_zh, dataset.name_en, dataset.title_zh, dataset.title_en, dataset.extent,
	dataset.default_chain, dataset.attribution, dataset.attribution_url, dataset.synthetic, dataset.county_attribution)
	IS DISTINCT FROM (EXCLUDED.has_city, EXCLUDED.name_zh, EXCLUDED.name_en, EXCLUDED.title_zh, EXCLUDED.title_en,
	EXCLUDED.extent, EXCLUDED.default_chain, EXCLUDED.attribution, EXCLUDED.attribution_url, EXCLUDED.synthetic,
	EXCLUDED.county_attribution)`
)

// City returns the city the seeded dataset described, nil when it had no
// city.json or the database was never seeded.
func (s *Store) City(ctx context.Context) (*geo.City, error) {
	c, _, err := s.city(ctx)
	return c, err
}

// city reads the dataset row: the city, and the counties' attribution.
func (s *Store) city(ctx context.Context) (*geo.City, string, error) {
	var (
		c        geo.City
		has      bool
		extent   pq.Float64Array
		counties string
	)
	err := s.db.QueryRowContext(ctx, qCity).Scan(&has, &c.Name.ZH, &c.Name.EN, &c.Title.ZH, &c.Title.EN, &extent,
		&c.DefaultChain, &c.Attribution, &c.AttributionURL, &c.Synthetic, &counties)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", wrap("city", err)
	}
	if !has {
		return nil, counties, nil
	}
	copy(c.Extent[:], extent)
	return &c, counties, nil
}

// city writes the dataset row of a seed; a nil city leaves it without one.
func (sd *seeder) city(c *geo.City, countyAttribution string) {
	has := c != nil
	if c == nil {
		c = &geo.City{}
	}
	sd.exec("city", qSeedDataset, has, c.Name.ZH, c.Name.EN, c.Title.ZH, c.Title.EN,
		pq.Float64Array(c.Extent[:]), c.DefaultChain, c.Attribution, c.AttributionURL, c.Synthetic, countyAttribution)
}
