package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// ogrTimeout bounds one ogr2ogr run.
const ogrTimeout = 10 * time.Minute

// maxZipRatio is the largest compression ratio of a zip member believed:
// Shapefiles compress ten to twenty times at most, a zip bomb thousands.
const maxZipRatio = 200

// ReadOGR reads any file GDAL knows, Shapefiles plain or zipped above all,
// by running ogr2ogr to stream it as GeoJSON text sequences. There is no
// maintained Go Shapefile reader to use instead, and GDAL reads the .prj
// (reprojecting to WGS 84, as GeoJSONSeq requires) and the .cpg (recoding
// the DBF's text to UTF-8) as every GIS does. srid, when not 0, is --crs:
// the source's CRS when its .prj is missing or wrong. The features come
// back in WGS 84: the File's SRID is 4326.
func ReadOGR(path string, opt Options, srid int) (*File, error) {
	src, hasCRS, err := ogrSource(path, opt.maxBytes())
	if err != nil {
		return nil, err
	}
	prog := opt.OGR2OGR
	if prog == "" {
		prog = "ogr2ogr"
	}
	if _, err := exec.LookPath(prog); err != nil {
		return nil, fmt.Errorf("reading %s needs GDAL's ogr2ogr, which is not installed (apt-get install gdal-bin); or convert the file to GeoJSON or GeoPackage", filepath.Base(path))
	}
	args := []string{"-f", "GeoJSONSeq", "/vsistdout/", src, "-lco", "RS=NO", "-lco", "COORDINATE_PRECISION=9"}
	// A Shapefile without a .prj is taken as lon/lat, as GIS programs do;
	// the store's range check catches one that is not.
	if hasCRS || srid != 0 {
		args = append(args, "-t_srs", "EPSG:4326")
	}
	if srid != 0 {
		args = append(args, "-s_srs", "EPSG:"+strconv.Itoa(srid))
	}
	if opt.Layer != "" {
		args = append(args, opt.Layer)
	}
	if opt.Encoding != "" {
		enc := opt.Encoding
		if strings.EqualFold(enc, "gbk") {
			enc = "CP936"
		}
		args = append(args, "-oo", "ENCODING="+enc)
	}
	ctx, cancel := context.WithTimeout(context.Background(), ogrTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, prog, args...)
	// A GeoJSON axis order question must not depend on the user's GDAL config.
	cmd.Env = append(os.Environ(), "OGR_CT_FORCE_TRADITIONAL_GIS_ORDER=YES", "CPL_LOG_ERRORS=ON")
	var stderr bytes.Buffer
	cmd.Stderr = &limitedBuffer{buf: &stderr, max: 64 << 10}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	max := opt.maxBytes()
	raw, readErr := io.ReadAll(io.LimitReader(stdout, max+1))
	if int64(len(raw)) > max {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, tooLarge(filepath.Base(path)+" as GeoJSON", max)
	}
	waitErr := cmd.Wait()
	if readErr != nil {
		return nil, readErr
	}
	msg := ogrMessage(stderr.String())
	// GDAL lists every driver it tried; the first sentence says enough.
	if i := strings.Index(msg, " with the following drivers"); i >= 0 {
		msg = msg[:i]
	}
	if strings.Contains(msg, "has no coordinate system") {
		return nil, fmt.Errorf("GDAL does not understand the CRS of %s (its .prj): give it with --crs EPSG:n", filepath.Base(path))
	}
	if waitErr != nil {
		if msg == "" {
			msg = waitErr.Error()
		}
		return nil, fmt.Errorf("GDAL cannot read %s: %s", filepath.Base(path), msg)
	}
	f, err := ReadGeoJSONSeq(raw)
	if f != nil {
		f.SRID = 4326
		if msg != "" {
			f.Notes = append(f.Notes, "GDAL: "+msg)
		}
	}
	return f, err
}

// ogrSource checks a Shapefile (plain or zipped) before GDAL opens it, so
// that a missing .dbf or a zip bomb gets a clear message, and returns the
// name GDAL should open (/vsizip/ for a zip) and whether the source says
// its CRS (a Shapefile without .prj does not; other formats do).
func ogrSource(path string, max int64) (string, bool, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", false, err
	}
	if st.Size() > max {
		return "", false, tooLarge(path, max)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", false, err
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".zip":
		shp, hasCRS, err := checkZip(abs, max)
		return "/vsizip/" + abs + shp, hasCRS, err
	case ".shp":
		names := siblings(path)
		if err := shapefileParts(path, names); err != nil {
			return "", false, err
		}
		return abs, hasPart(path, ".prj", names), nil
	}
	return abs, true, nil
}

// checkZip refuses a zip whose content would exceed max bytes or whose
// members compress suspiciously well, reading only its directory; and a
// Shapefile in it without its .shx or .dbf. It returns the path in the
// zip of its one Shapefile ("" when it has none or several, for GDAL to
// choose among), and whether every Shapefile in it has its .prj.
func checkZip(path string, limit int64) (string, bool, error) {
	z, err := zip.OpenReader(path)
	if err != nil {
		return "", false, fmt.Errorf("%s: not a readable zip: %v", filepath.Base(path), err)
	}
	defer z.Close()
	var total uint64
	var names []string
	for _, f := range z.File {
		total += f.UncompressedSize64
		if f.UncompressedSize64 > 1<<20 && f.UncompressedSize64 > maxZipRatio*max(f.CompressedSize64, 1) {
			return "", false, fmt.Errorf("%s: %s would expand %d times (a zip bomb?); refused", filepath.Base(path), f.Name, f.UncompressedSize64/max(f.CompressedSize64, 1))
		}
		names = append(names, f.Name)
	}
	if total > uint64(limit) {
		return "", false, tooLarge(filepath.Base(path)+" unzipped", limit)
	}
	hasCRS := true
	var shps []string
	for _, n := range names {
		if strings.EqualFold(filepath.Ext(n), ".shp") {
			if err := shapefileParts(n, names); err != nil {
				return "", false, err
			}
			hasCRS = hasCRS && hasPart(n, ".prj", names)
			shps = append(shps, n)
		}
	}
	if len(shps) == 1 {
		return "/" + shps[0], hasCRS, nil
	}
	return "", hasCRS, nil
}

// hasPart reports whether the file beside shp with the extension is among names.
func hasPart(shp, ext string, names []string) bool {
	base := strings.TrimSuffix(shp, filepath.Ext(shp))
	for _, n := range names {
		if strings.EqualFold(n, base+ext) {
			return true
		}
	}
	return false
}

// shapefileParts checks that a .shp has its .shx and .dbf among names.
func shapefileParts(shp string, names []string) error {
	for _, ext := range []string{".dbf", ".shx"} {
		if !hasPart(shp, ext, names) {
			return fmt.Errorf("%s has no %s beside it: a Shapefile is at least .shp, .shx and .dbf (and .prj, .cpg); zip them together", filepath.Base(shp), ext)
		}
	}
	return nil
}

// siblings lists the files in path's folder, with their folder.
func siblings(path string) []string {
	dir := filepath.Dir(path)
	entries, _ := os.ReadDir(dir)
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = filepath.Join(dir, e.Name())
	}
	return out
}

// ogrMessage is GDAL's messages on one line: a message GDAL wraps is
// joined up, messages are separated by "; ", repeats dropped.
func ogrMessage(stderr string) string {
	var msgs []string
	for line := range strings.Lines(stderr) {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
		case len(msgs) == 0 || strings.HasPrefix(line, "ERROR") || strings.HasPrefix(line, "Warning"):
			msgs = append(msgs, line)
		default:
			msgs[len(msgs)-1] += " " + line
		}
	}
	out := msgs[:0]
	seen := map[string]bool{}
	for _, m := range msgs {
		if !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	return strings.Join(out, "; ")
}

// limitedBuffer keeps the first max bytes written to it.
type limitedBuffer struct {
	buf *bytes.Buffer
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max - l.buf.Len(); room > 0 {
		l.buf.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

var _ io.Writer = (*limitedBuffer)(nil)
