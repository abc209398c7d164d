package geo

// Location answers "where is this point?": the county and zone containing
// it, and the zones nearest to it.
type Location struct {
	County  *CountyRef     `json:"county"` // nil outside every county
	Park    *string        `json:"park"`   // the zone containing the point, nil when none does
	Nearest []ParkDistance `json:"nearest"`
}

// CountyRef names a county without its geometry.
type CountyRef struct {
	Code   string `json:"code"`
	NameZH string `json:"name_zh"`
	NameEN string `json:"name_en"`
}

// ParkDistance is a zone's geodesic distance from a point, 0 inside.
type ParkDistance struct {
	Park      string  `json:"park"`
	NameZH    string  `json:"name_zh"`
	NameEN    string  `json:"name_en"`
	DistanceM float64 `json:"distance_m"`
}
