package httpx

import (
	"bytes"
	"compress/gzip"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// gzipped holds the gzip form of embedded content by its ETag: compressed on first
// request, kept for the life of the process (the content cannot change in between).
var gzipped sync.Map

// ServeEmbedded serves content that never changes while the binary runs (embedded
// assets, the Kreis map) with its ETag, conditional requests and ranges. Text-like
// content goes out gzip-compressed to clients that accept it: the 1.8 MB GeoJSON of
// the Kreise and the 1.1 MB of ECharts shrink to a fraction on slow office lines.
func ServeEmbedded(rw http.ResponseWriter, r *http.Request, name string, content []byte, etag string) {
	h := rw.Header()
	ctype := h.Get("Content-Type")
	if ctype == "" {
		if ctype = mime.TypeByExtension(path.Ext(name)); ctype == "" {
			ctype = http.DetectContentType(content)
		}
		h.Set("Content-Type", ctype)
	}
	h.Add("Vary", "Accept-Encoding")
	body := content
	if len(content) > 1024 && compressible(ctype) && acceptsGzip(r) {
		body = gzipOf(etag, content)
		h.Set("Content-Encoding", "gzip")
		etag = strings.TrimSuffix(etag, `"`) + `-gzip"`
	}
	h.Set("ETag", etag)
	http.ServeContent(rw, r, "", time.Time{}, bytes.NewReader(body))
}

func gzipOf(key string, content []byte) []byte {
	if b, ok := gzipped.Load(key); ok {
		return b.([]byte)
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(content)
	_ = zw.Close()
	b, _ := gzipped.LoadOrStore(key, buf.Bytes())
	return b.([]byte)
}

func compressible(ctype string) bool {
	ctype, _, _ = strings.Cut(ctype, ";")
	switch {
	case strings.HasPrefix(ctype, "text/"), strings.HasSuffix(ctype, "json"), strings.HasSuffix(ctype, "javascript"),
		strings.HasSuffix(ctype, "+xml"), ctype == "image/svg+xml":
		return true
	}
	return false
}

// acceptsGzip reads Accept-Encoding; "gzip;q=0" refuses it.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") || strings.TrimSpace(coding) == "*" {
			q := strings.ReplaceAll(params, " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}
