package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkt"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// The usual names of a CSV file's geometry columns, compared without case.
var (
	wktNames = []string{"wkt", "geometry", "geom", "the_geom", "shape", "几何"}
	lonNames = []string{"lon", "lng", "long", "longitude", "x", "经度"}
	latNames = []string{"lat", "latitude", "y", "纬度"}
)

// ReadCSV reads a CSV file whose first row names the columns, with the
// geometry as WKT in one column or as lon and lat in two. The text is
// UTF-8 with or without a byte-order mark, or GBK, which Chinese
// spreadsheets (Excel, WPS) write by default: when opt.Encoding is "" a
// file that is not valid UTF-8 is read as GBK. Every value is a string; a
// row's number is its line.
func ReadCSV(raw []byte, opt Options) (*File, error) {
	text, err := decodeText(raw, opt.Encoding)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1 // counted here, with the row's line in the message
	r.ReuseRecord = false
	if strings.Count(firstLine(text), "\t") > strings.Count(firstLine(text), ",") {
		r.Comma = '\t'
	}
	header, err := r.Read()
	if err == io.EOF {
		return nil, errors.New("the CSV file is empty; its first row names the columns")
	}
	if err != nil {
		return nil, csvError(err)
	}
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	if i := duplicate(header); i >= 0 {
		return nil, fmt.Errorf("column %q is named twice in the header", header[i])
	}
	geomCol, lonCol, latCol := -1, -1, -1
	switch {
	case opt.WKT != "":
		if geomCol = column(header, opt.WKT); geomCol < 0 {
			return nil, fmt.Errorf("no column %q (--wkt); the columns are %s", opt.WKT, strings.Join(header, ", "))
		}
	case opt.Lon != "" || opt.Lat != "":
		lonCol, latCol = column(header, opt.Lon), column(header, opt.Lat)
		if lonCol < 0 || latCol < 0 {
			return nil, fmt.Errorf("no columns %q and %q (--lon, --lat); the columns are %s", opt.Lon, opt.Lat, strings.Join(header, ", "))
		}
	default:
		geomCol = column(header, wktNames...)
		if geomCol < 0 {
			lonCol, latCol = column(header, lonNames...), column(header, latNames...)
			if lonCol < 0 || latCol < 0 {
				lonCol, latCol = -1, -1
			}
		}
	}
	f := &File{}
	if geomCol < 0 && lonCol < 0 {
		f.Notes = append(f.Notes, "no geometry column (wkt, or lon and lat; or --wkt, --lon, --lat): the rows have no geometry")
	}
	var problems Problems
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				problems.Add(pe.StartLine, "", "%v", pe.Err)
				if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
					break // the rest of the file is inside the broken quote
				}
				continue
			}
			return nil, csvError(err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != len(header) {
			problems.Add(line, "", "%d values for %d columns", len(rec), len(header))
			continue
		}
		ft := Feature{N: line, Fields: make(map[string]any, len(header))}
		for i, v := range rec {
			if i == geomCol || i == lonCol || i == latCol {
				continue
			}
			ft.Fields[header[i]] = v
		}
		switch {
		case geomCol >= 0 && strings.TrimSpace(rec[geomCol]) != "":
			g, err := wkt.Unmarshal(strings.TrimSpace(rec[geomCol]))
			if err != nil {
				problems.Add(line, header[geomCol], "not WKT: %v", err)
				continue
			}
			ft.Geometry = g
		case lonCol >= 0 && (strings.TrimSpace(rec[lonCol]) != "" || strings.TrimSpace(rec[latCol]) != ""):
			lon, err1 := strconv.ParseFloat(strings.TrimSpace(rec[lonCol]), 64)
			lat, err2 := strconv.ParseFloat(strings.TrimSpace(rec[latCol]), 64)
			if err1 != nil {
				problems.Add(line, header[lonCol], "%q is not a number", rec[lonCol])
			}
			if err2 != nil {
				problems.Add(line, header[latCol], "%q is not a number", rec[latCol])
			}
			if err1 != nil || err2 != nil {
				continue
			}
			ft.Geometry = orb.Point{lon, lat}
		}
		f.Features = append(f.Features, ft)
	}
	f.Lines = true
	return f, problems.Lines().Err()
}

// decodeText returns raw as UTF-8 text without a byte-order mark.
func decodeText(raw []byte, encoding string) (string, error) {
	switch strings.ToLower(strings.ReplaceAll(encoding, "-", "")) {
	case "", "utf8":
		raw = bytes.TrimPrefix(raw, utf8BOM)
		if utf8.Valid(raw) {
			return string(raw), nil
		}
		if encoding != "" {
			return "", errors.New("the file is not valid UTF-8 (--encoding utf-8); is it GBK? try --encoding gbk")
		}
		fallthrough
	case "gbk", "gb2312", "cp936", "gb18030":
		// GB18030 is a superset of GBK and GB2312, and decodes both.
		out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(raw)
		if err != nil {
			return "", fmt.Errorf("the file is neither UTF-8 nor GBK: %v", err)
		}
		return string(out), nil
	}
	return "", fmt.Errorf("unknown encoding %q; the encodings are utf-8 and gbk", encoding)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// column returns the index of the first header matching one of names,
// without case, or -1.
func column(header []string, names ...string) int {
	for _, n := range names {
		if i := slices.IndexFunc(header, func(h string) bool { return strings.EqualFold(h, n) }); i >= 0 {
			return i
		}
	}
	return -1
}

func duplicate(names []string) int {
	seen := map[string]bool{}
	for i, n := range names {
		if seen[n] {
			return i
		}
		seen[n] = true
	}
	return -1
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("line %d: %v", pe.StartLine, pe.Err)
	}
	return err
}
