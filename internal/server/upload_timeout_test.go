package server_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

// slowly is a request body that trickles body out in ten parts over about
// 10 × pause, as a large upload over a slow line does.
func slowly(body []byte, pause time.Duration) io.Reader {
	r, w := io.Pipe()
	go func() {
		step := len(body)/10 + 1
		for len(body) > 0 {
			n := min(step, len(body))
			if _, err := w.Write(body[:n]); err != nil {
				return
			}
			body = body[n:]
			time.Sleep(pause)
		}
		w.Close()
	}()
	return r
}

// TestSlowUploadOutlastsTheTimeouts: an upload that takes longer than the server's
// read and write timeouts is received and answered, while any other request that
// slow is still cut off. (The timeouts are scaled down from 60 s and 120 s.)
func TestSlowUploadOutlastsTheTimeouts(t *testing.T) {
	a := newApp(t)
	srv := httptest.NewUnstartedServer(a.server.Handler)
	srv.Config.ReadTimeout, srv.Config.WriteTimeout = time.Second, 2*time.Second
	srv.Start()
	defer srv.Close()
	c := a.login(t, "platform_admin")
	// The session cookie of the shared server works on this one too.
	u, _ := url.Parse(srv.URL)
	au, _ := url.Parse(a.srv.URL)
	c.Jar.SetCookies(u, c.Jar.Cookies(au))

	content, err := os.ReadFile("../monitoring/testdata/genesis/11111-01-01-4.csv")
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("files", "11111-01-01-4.csv")
	_, _ = fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", srv.URL+"/admin/statistics", slowly(body.Bytes(), 300*time.Millisecond))
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("slow upload: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/admin/statistics/jobs/") {
		t.Fatalf("slow upload: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}

	form := "code=X&factor=1&name=" + strings.Repeat("x", 2000)
	req, _ = http.NewRequest("POST", srv.URL+"/admin/indicators", slowly([]byte(form), 300*time.Millisecond))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err = c.Do(req)
	if err == nil {
		res.Body.Close()
		if res.StatusCode < 400 {
			t.Fatalf("a slow form elsewhere was not cut off: %d", res.StatusCode)
		}
	}
}
