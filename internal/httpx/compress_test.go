package httpx

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestServeEmbeddedCompressesForClientsThatAccept(t *testing.T) {
	content := []byte(strings.Repeat(`{"type":"Feature","properties":{"ARS":"08111"}},`, 500))
	serve := func(accept, ifNoneMatch string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/geo/kreise.geojson", nil)
		if accept != "" {
			r.Header.Set("Accept-Encoding", accept)
		}
		if ifNoneMatch != "" {
			r.Header.Set("If-None-Match", ifNoneMatch)
		}
		rw := httptest.NewRecorder()
		rw.Header().Set("Content-Type", "application/geo+json")
		ServeEmbedded(rw, r, "kreise.geojson", content, `"abc"`)
		return rw
	}
	plain := serve("", "")
	if plain.Header().Get("Content-Encoding") != "" || !bytes.Equal(plain.Body.Bytes(), content) || plain.Header().Get("ETag") != `"abc"` {
		t.Fatalf("without Accept-Encoding: %v %d bytes", plain.Header(), plain.Body.Len())
	}
	gz := serve("br, gzip, deflate", "")
	if gz.Header().Get("Content-Encoding") != "gzip" || gz.Header().Get("Vary") != "Accept-Encoding" || gz.Header().Get("Content-Type") != "application/geo+json" {
		t.Fatalf("gzip headers: %v", gz.Header())
	}
	if gz.Body.Len() >= len(content)/5 {
		t.Errorf("compressed %d → %d bytes", len(content), gz.Body.Len())
	}
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	back, _ := io.ReadAll(zr)
	if !bytes.Equal(back, content) {
		t.Fatal("the gzip body does not decompress to the content")
	}
	if got := serve("gzip", gz.Header().Get("ETag")); got.Code != http.StatusNotModified {
		t.Errorf("revalidation with the gzip ETag: %d", got.Code)
	}
	if got := serve("gzip;q=0, identity", ""); got.Header().Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 refuses gzip")
	}
}
