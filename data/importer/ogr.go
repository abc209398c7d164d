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
	src, err := ogrSource(path, opt.maxBytes())
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
	args := []string{"-f", "GeoJSONSeq", "/vsistdout/", src, "-t_srs", "EPSG:4326",
		"-lco", "RS=NO", "-lco", "COORDINATE_PRECISION=9"}
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
	if waitErr != nil {
		if msg == "" {
			msg = waitErr.Error()
		}
		return nil, fmt.Errorf("GDAL cannot read %s: %s", filepath.Base(path), msg)
	}
	if srid == 0 && strings.Contains(msg, "not transform") {
		return nil, fmt.Errorf("GDAL cannot reproject %s: %s", filepath.Base(path), msg)
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
// name GDAL should open (/vsizip/ for a zip).
func ogrSource(path string, max int64) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if st.Size() > max {
		return "", tooLarge(path, max)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".zip":
		return "/vsizip/" + abs, checkZip(abs, max)
	case ".shp":
		if err := shapefileParts(path, siblings(path)); err != nil {
			return "", err
		}
	}
	return abs, nil
}

// checkZip refuses a zip whose content would exceed max bytes or whose
// members compress suspiciously well, reading only its directory; and a
// Shapefile in it without its .shx or .dbf.
func checkZip(path string, limit int64) error {
	z, err := zip.OpenReader(path)
	if err != nil {
		return fmt.Errorf("%s: not a readable zip: %v", filepath.Base(path), err)
	}
	defer z.Close()
	var total uint64
	var names []string
	for _, f := range z.File {
		total += f.UncompressedSize64
		if f.UncompressedSize64 > 1<<20 && f.UncompressedSize64 > maxZipRatio*max(f.CompressedSize64, 1) {
			return fmt.Errorf("%s: %s would expand %d times (a zip bomb?); refused", filepath.Base(path), f.Name, f.UncompressedSize64/max(f.CompressedSize64, 1))
		}
		names = append(names, f.Name)
	}
	if total > uint64(limit) {
		return tooLarge(filepath.Base(path)+" unzipped", limit)
	}
	for _, n := range names {
		if strings.EqualFold(filepath.Ext(n), ".shp") {
			if err := shapefileParts(n, names); err != nil {
				return err
			}
		}
	}
	return nil
}

// shapefileParts checks that a .shp has its .shx and .dbf among names.
func shapefileParts(shp string, names []string) error {
	base := strings.TrimSuffix(shp, filepath.Ext(shp))
	for _, ext := range []string{".dbf", ".shx"} {
		found := false
		for _, n := range names {
			found = found || strings.EqualFold(n, base+ext)
		}
		if !found {
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

// ogrMessage keeps GDAL's ERROR and Warning lines, without repeats.
func ogrMessage(stderr string) string {
	var keep []string
	seen := map[string]bool{}
	for line := range strings.Lines(stderr) {
		line = strings.TrimSpace(line)
		if line == "" || seen[line] {
			continue
		}
		seen[line] = true
		keep = append(keep, line)
	}
	return strings.Join(keep, "; ")
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
