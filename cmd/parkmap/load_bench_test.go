package main

import (
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/parkmap/parkmap/data/memory"
	"github.com/parkmap/parkmap/data/seed"
)

// BenchmarkLoad measures what "parkmap serve --data DIR" does before it
// listens: read a folder of n generated parcels (what "parkmap gen" writes)
// with every check, and hold it in the embedded store. The folder is
// written once per size; profile it with -cpuprofile and -memprofile.
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := b.TempDir()
			e := environment{getenv: os.Getenv, stdout: io.Discard, stderr: io.Discard}
			if err := e.genFolder(dir, n, 1); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				d, err := seed.LoadLimited(os.DirFS(dir), 1<<40)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := memory.New(d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
