package seed

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// DefaultMaxFileSize is the largest data file Load reads: 64 MiB. Decoding
// GeoJSON takes many times a file's size in memory, and a folder's files
// are read at start, so one huge file would take the server down before it
// serves; a bigger dataset belongs in PostGIS.
const DefaultMaxFileSize = 64 << 20

// LoadLimited is Load with a bound other than DefaultMaxFileSize on each
// file's size.
func LoadLimited(fsys fs.FS, maxFileSize int64) (*Dataset, error) {
	return Load(limitFS{fsys, maxFileSize})
}

// limitFS reads only regular files of at most max bytes: a symlink to
// /dev/zero would read forever, a FIFO would block start-up, a huge file
// would exhaust memory. Every reader of a data folder goes through its
// ReadFile, by way of fs.ReadFile.
type limitFS struct {
	fs.FS
	max int64
}

// ErrNotRegular is the error of a data file that is not a regular file.
var ErrNotRegular = errors.New("not a regular file")

// ReadFile checks name before opening it (opening a FIFO blocks), then
// reads at most max bytes and one more, to catch a file that grew.
func (l limitFS) ReadFile(name string) ([]byte, error) {
	info, err := fs.Stat(l.FS, name)
	if err != nil {
		return nil, err
	}
	if err := l.check(name, info); err != nil {
		return nil, err
	}
	f, err := l.FS.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := l.check(name, info); err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(io.LimitReader(f, l.max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(raw)) > l.max {
		return nil, l.tooBig(name)
	}
	return raw, nil
}

func (l limitFS) check(name string, info fs.FileInfo) error {
	if !info.Mode().IsRegular() {
		return &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("%w (%s): a data folder holds plain files", ErrNotRegular, info.Mode().Type())}
	}
	if info.Size() > l.max {
		return l.tooBig(name)
	}
	return nil
}

func (l limitFS) tooBig(name string) error {
	size := fmt.Sprintf("%d bytes", l.max)
	if l.max >= 1<<20 {
		size = fmt.Sprintf("%.4g MiB", float64(l.max)/(1<<20))
	}
	return &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("larger than %s, the most a data file may hold (serve --max-data-file); load big datasets into PostGIS", size)}
}
