package seed

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// copyBundled writes the bundled files into a new folder, so that one of
// them can be swapped for something hostile.
func copyBundled(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{FileChains, FileSources, FileParks, FileProjects, FileCounties} {
		raw, err := fs.ReadFile(bundled, name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestLoadRefusesWhatItCannotBound replaces one file of a good folder with
// a file over the limit, a symlink to /dev/zero (which would read forever),
// a FIFO (which would block start-up) and a folder: each is refused, with
// a message naming the file, before it is read.
func TestLoadRefusesWhatItCannotBound(t *testing.T) {
	tests := []struct {
		name    string
		replace func(t *testing.T, path string)
		max     int64
		want    string
	}{
		{"too big", func(t *testing.T, path string) {}, 200_000, "larger than"},
		{"symlink to /dev/zero", func(t *testing.T, path string) {
			if err := os.Symlink("/dev/zero", path); err != nil {
				t.Fatal(err)
			}
		}, DefaultMaxFileSize, "not a regular file"},
		{"fifo", func(t *testing.T, path string) {
			if err := syscall.Mkfifo(path, 0o644); err != nil {
				t.Fatal(err)
			}
		}, DefaultMaxFileSize, "not a regular file"},
		{"folder", func(t *testing.T, path string) {
			if err := os.Mkdir(path, 0o755); err != nil {
				t.Fatal(err)
			}
		}, DefaultMaxFileSize, "not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyBundled(t)
			path := filepath.Join(dir, FileCounties)
			if tt.name != "too big" {
				if err := os.Remove(path); err != nil {
					t.Fatal(err)
				}
			}
			tt.replace(t, path)
			_, err := LoadLimited(os.DirFS(dir), tt.max)
			if err == nil {
				t.Fatal("LoadLimited accepted the folder")
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), FileCounties) {
				t.Errorf("error %q does not name %s and say %q", err, FileCounties, tt.want)
			}
			if tt.want == "not a regular file" && !errors.Is(err, ErrNotRegular) {
				t.Errorf("error %v is not ErrNotRegular", err)
			}
		})
	}
}

func TestLoadWithinLimit(t *testing.T) {
	dir := copyBundled(t)
	if _, err := Load(os.DirFS(dir)); err != nil {
		t.Fatalf("a copy of the bundled folder: %v", err)
	}
}
