package postgis

import (
	"context"
	"testing"

	"github.com/parkmap/parkmap/data/postgis/postgistest"
)

// TestPoolSettings reads back what every connection of the pool is set to
// unless its URL says otherwise: JIT off (compiling a tile's or a bbox
// page's expressions took 2.9 s of a 4.6 s z10 tile and 50 to 95 ms of a
// bbox page at a million parcels, more than running them), no parallel
// workers, UTC; a setting the URL names wins.
func TestPoolSettings(t *testing.T) {
	url := postgistest.NewDatabase(t)
	for _, tt := range []struct {
		name, url string
		want      map[string]string
	}{
		{"defaults", url, map[string]string{"jit": "off", "max_parallel_workers_per_gather": "0", "TimeZone": "UTC"}},
		{"the URL's own", url + "&jit=on&max_parallel_workers_per_gather=2", map[string]string{"jit": "on", "max_parallel_workers_per_gather": "2"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t, tt.url)
			for name, want := range tt.want {
				var got string
				if err := s.db.QueryRowContext(context.Background(), "SELECT current_setting($1)", name).Scan(&got); err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Errorf("%s = %s, want %s", name, got, want)
				}
			}
		})
	}
}
