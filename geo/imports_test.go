package geo_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// geoImports are the modules geo's code may import besides the standard
// library and geo's own packages: orb, and the pure in-memory indexes and
// geometry it already uses. Everything else (a driver, PROJ, cgo) belongs
// in data/, so that geo stays pure and builds with CGO_ENABLED=0.
var geoImports = []string{
	"github.com/paulmach/orb",
	"github.com/tidwall/rtree",
	"github.com/peterstace/simplefeatures",
	"github.com/parkmap/parkmap/geo",
}

// ioImports are the standard packages that reach outside the process, or
// cgo: none belongs in geo's code (its tests may read testdata).
var ioImports = []string{
	"C", "os", "net/http", "net/rpc", "net/smtp", "syscall", "unsafe", "plugin", "embed",
	"io/fs", "io/ioutil", "path/filepath", "database/sql", "runtime/cgo", "log",
}

// TestGeoImportsArePure holds geo (DESIGN.md's layer table: orb and the
// standard library, no I/O) to its imports, read from every .go file of
// geo and its packages. Tests may also use go-cmp, and the standard
// library whole, but never another folder of the project.
func TestGeoImportsArePure(t *testing.T) {
	files := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		files++
		test := strings.HasSuffix(path, "_test.go")
		for _, spec := range f.Imports {
			imp, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				return err
			}
			if why := impure(imp, test); why != "" {
				t.Errorf("%s imports %s: %s", path, imp, why)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 20 {
		t.Fatalf("read only %d files: is the test run from geo/?", files)
	}
}

// impure says why geo may not import imp, or "" when it may.
func impure(imp string, test bool) string {
	within := func(root string) bool { return imp == root || strings.HasPrefix(imp, root+"/") }
	for _, root := range geoImports {
		if within(root) {
			return ""
		}
	}
	if test && within("github.com/google/go-cmp") {
		return ""
	}
	if first, _, _ := strings.Cut(imp, "/"); strings.Contains(first, ".") {
		return "geo imports only orb, its pure indexes and the standard library (DESIGN.md)"
	}
	if !test {
		if imp == "net" { // net/url and net/netip only parse
			return "geo does no I/O; this belongs in data/"
		}
		for _, root := range ioImports {
			if within(root) {
				return "geo does no I/O and needs no cgo; this belongs in data/"
			}
		}
	}
	return ""
}
