package api

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/parkmap/parkmap/geo"
)

// defaultStreamAfter is where a page's body stops being held whole and
// goes out as its features are read (Config.StreamAfter). Below it a page
// keeps its ETag, which a streamed one cannot have: the bundled counties
// page (290 kB) and 1,000 parcels (570 kB) do.
const defaultStreamAfter = 1 << 20

// streamItems writes a page of a store that reads features one at a time
// (geo.FeatureStreamer). The body is gathered until it passes
// StreamAfter: a page that ends before goes out whole, with its ETag and
// Content-Length, as writeBody sends any body; a larger one is streamed,
// chunked, each feature written as its row is read, with no ETag (its
// bytes are not known when the headers go). A failure before the first
// byte is sent is an error response like any other; one after it (the
// database lost mid-page) cuts the connection without the chunked body's
// end, so that no client takes a part of a page for the whole.
func (s *server) streamItems(c *gin.Context, def *geo.Collection, q geo.FeatureQuery, fs geo.FeatureStreamer) error {
	w := &pageWriter{c: c, crs: q.CRS, after: s.cfg.StreamAfter, buf: getBuffer()}
	defer w.free()
	w.write([]byte(`{"type":"FeatureCollection","features":[`))
	n := 0
	page, err := fs.StreamFeatures(c.Request.Context(), def, q, func(f json.RawMessage) error {
		if n > 0 {
			w.write([]byte{','})
		}
		n++
		return w.write(f)
	})
	if err != nil {
		return w.fail(s, err)
	}
	links, err := s.pageLinks(c, def, q, page, n)
	if err != nil {
		return w.fail(s, err)
	}
	linksJSON, err := json.Marshal(append(links, s.alternateHTML(c, "This page as HTML")))
	if err != nil {
		return w.fail(s, err)
	}
	w.write([]byte(`],"numberMatched":` + strconv.Itoa(page.Matched)))
	if page.Estimated {
		w.write([]byte(`,"numberMatchedEstimated":true`))
	}
	w.write([]byte(`,"numberReturned":` + strconv.Itoa(n) + `,"links":`))
	w.write(linksJSON)
	etagEnd := w.len()
	w.write([]byte(`,"timeStamp":"` + time.Now().UTC().Format(time.RFC3339) + `"}`))
	return w.finish(s, etagEnd)
}

// pageWriter gathers a body, and streams it once it passes after bytes.
type pageWriter struct {
	c         *gin.Context
	crs       *geo.CRS
	after     int
	buf       *bytes.Buffer // pooled; nil once streaming
	streaming bool
	out       io.Writer    // c.Writer, or gz over it
	gz        *gzip.Writer // nil unless the client takes gzip
	err       error        // the first failed write once streaming
}

func (w *pageWriter) write(p []byte) error {
	if w.err != nil {
		return w.err
	}
	if !w.streaming {
		w.buf.Write(p)
		if w.buf.Len() > w.after {
			return w.start()
		}
		return nil
	}
	_, w.err = w.out.Write(p)
	return w.err
}

// start sends the headers and what was gathered.
func (w *pageWriter) start() error {
	w.streaming = true
	setContentCRS(w.c, w.crs)
	h := w.c.Writer.Header()
	h.Set("Content-Type", contentGeoJSON)
	h.Set("Cache-Control", "no-cache")
	addVary(h, "Accept-Encoding")
	w.out = w.c.Writer
	if acceptsGzip(w.c.GetHeader("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		w.gz = gzipWriters.Get().(*gzip.Writer)
		w.gz.Reset(w.c.Writer)
		w.out = w.gz
	}
	w.c.Status(http.StatusOK)
	_, w.err = w.out.Write(w.buf.Bytes())
	w.free()
	return w.err
}

// len is how much was gathered: nothing is held once streaming.
func (w *pageWriter) len() int {
	if w.buf == nil {
		return 0
	}
	return w.buf.Len()
}

// free gives the gathered body's buffer back, once it is written.
func (w *pageWriter) free() {
	if w.buf != nil {
		putBuffer(w.buf)
		w.buf = nil
	}
}

// finish sends a gathered body whole, or ends the stream.
func (w *pageWriter) finish(s *server, etagEnd int) error {
	if !w.streaming {
		setContentCRS(w.c, w.crs)
		body := w.buf.Bytes()
		writeBody(w.c, contentGeoJSON, body, body[:etagEnd])
		return nil
	}
	if w.gz != nil {
		if err := w.gz.Close(); err != nil && w.err == nil {
			w.err = err
		}
		w.gz.Reset(nil)
		gzipWriters.Put(w.gz)
	}
	if w.err != nil {
		return w.fail(s, w.err)
	}
	return nil
}

// fail answers err when nothing was sent yet; else the stream is cut.
func (w *pageWriter) fail(s *server, err error) error {
	if !w.streaming {
		return err
	}
	s.logger.Warn("items: a streamed page was cut off", "path", w.c.Request.URL.Path, "error", err)
	panic(http.ErrAbortHandler)
}
