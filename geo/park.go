package geo

import "github.com/paulmach/orb"

// Status is where a zone stands in its life.
type Status string

// The statuses a zone can have.
const (
	StatusOperating Status = "operating"
	StatusPlanned   Status = "planned"
	StatusReserved  Status = "reserved" // set aside for a chain, no segments yet
)

// Valid reports whether s is one of the known statuses.
func (s Status) Valid() bool {
	return s == StatusOperating || s == StatusPlanned || s == StatusReserved
}

// Accuracy says how far a geometry can be trusted.
type Accuracy string

// The accuracies a geometry can have, best first.
const (
	AccuracySurveyed  Accuracy = "surveyed"
	AccuracyDigitized Accuracy = "digitized"
	AccuracySchematic Accuracy = "schematic" // drawn around an estimated position
	AccuracySynthetic Accuracy = "synthetic" // generated, standing for no real place
)

// Park is an industrial zone with the chain segments allocated to it.
type Park struct {
	ID         string
	NameZH     string
	NameEN     string
	CountyCode string
	Status     Status
	Chain      string   // the chain it is allocated to or reserved for
	Segments   []string // slugs of the segments it hosts, in chain order
	Geometry   orb.MultiPolygon
	Accuracy   Accuracy
	// PlannedAreaKM2 is the official planned area when a source gives one;
	// nil when nobody published it.
	PlannedAreaKM2 *float64
	NoteZH         string
	NoteEN         string
	Sources        []string // Source IDs
}

// Hosts reports whether the park hosts the segment.
func (p Park) Hosts(segment string) bool {
	for _, s := range p.Segments {
		if s == segment {
			return true
		}
	}
	return false
}

// AreaHa returns the park's geodesic area in hectares.
func (p Park) AreaHa() float64 { return Area(p.Geometry) / 1e4 }
