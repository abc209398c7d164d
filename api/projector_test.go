package api_test

import (
	"strings"
	"testing"

	"github.com/parkmap/parkmap/api"
)

// TestNewServerNeedsProjector: api imports no store nor PROJ, so a server
// built without a Projector would have nothing to read a bbox-crs or a
// filter-crs with; it is refused at once, not on the first such request.
func TestNewServerNeedsProjector(t *testing.T) {
	_, err := api.NewServer(api.Config{}, memoryStore(t), nil)
	if err == nil || !strings.Contains(err.Error(), "Projector") {
		t.Fatalf("got %v, want an error naming the Projector", err)
	}
}
