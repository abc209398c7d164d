package api

import (
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/parkmap/parkmap/geo"
)

// Siting's modes and the bounds of its limit.
const (
	sitingZones         = "zones"
	sitingParcels       = "parcels"
	defaultZoneResults  = 100
	maxZoneResults      = 10_000
	defaultParcelResult = 20
)

// sitingOptions are siting's parameters beyond the query itself.
type sitingOptions struct {
	mode      string
	limit     int
	minAreaHa *float64 // nil when not given
}

// parseSitingOptions reads mode, limit and min_area_ha: a limit beyond the
// mode's maximum, a negative or absurd area, or an area without
// mode=parcels is an error that says what is allowed.
func parseSitingOptions(q url.Values) (sitingOptions, error) {
	o := sitingOptions{mode: sitingZones, limit: defaultZoneResults}
	if q.Has("mode") {
		o.mode = q.Get("mode")
	}
	if o.mode != sitingZones && o.mode != sitingParcels {
		return o, invalid("mode must be zones or parcels; got %q", truncate(o.mode))
	}
	maxResults := maxZoneResults
	if o.mode == sitingParcels {
		o.limit, maxResults = defaultParcelResult, geo.MaxParcelResults
	}
	if q.Has("limit") {
		v := q.Get("limit")
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 1 || n > maxResults {
			return o, invalid("limit must be a whole number from 1 to %d for mode=%s; got %q", maxResults, o.mode, truncate(v))
		}
		o.limit = n
	}
	if q.Has("min_area_ha") {
		if o.mode != sitingParcels {
			return o, invalid("min_area_ha applies to mode=parcels")
		}
		v := q.Get("min_area_ha")
		a, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || math.IsNaN(a) || a < 0 || a > geo.MaxParcelAreaHa {
			return o, invalid("min_area_ha must be a number of hectares from 0 to %g; got %q", float64(geo.MaxParcelAreaHa), truncate(v))
		}
		o.minAreaHa = &a
	}
	return o, nil
}
