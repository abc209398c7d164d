package geo

import (
	"context"
	"encoding/json"
)

// FeatureStreamer is a FeatureReader that hands a page's features over
// one at a time, as it reads them, so that a large page need not be held
// whole (data/postgis does; the embedded store holds its features
// encoded already).
type FeatureStreamer interface {
	// StreamFeatures calls emit with each feature of the page, in order,
	// and returns the page's Matched, Estimated and Last, its Features
	// nil. An error of emit stops the reading and is returned as it is.
	// Called by the OGC items handler.
	StreamFeatures(ctx context.Context, c *Collection, q FeatureQuery, emit func(json.RawMessage) error) (FeaturePage, error)
}
