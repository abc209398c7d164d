package memory_test

import (
	"testing"

	"github.com/parkmap/parkmap/data/memory"
	"github.com/parkmap/parkmap/data/seed"
	"github.com/parkmap/parkmap/data/storetest"
	"github.com/parkmap/parkmap/geo"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T, d *seed.Dataset) geo.Store {
		s, err := memory.New(d)
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// TestSitingContract holds the embedded store's siting to geo's.
func TestSitingContract(t *testing.T) {
	storetest.RunSiting(t, func(t *testing.T, d *seed.Dataset) geo.Store {
		s, err := memory.New(d)
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// TestCountCapContract holds the embedded store's numberMatched over
// crowded boxes to the contract PostGIS keeps too.
func TestCountCapContract(t *testing.T) {
	storetest.RunCountCap(t, memory.CountCap, func(t *testing.T, d *seed.Dataset) geo.Store {
		s, err := memory.New(d)
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
