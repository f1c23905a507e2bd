package ui_test

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"testing"
)

// FuzzSearchParams sends arbitrary query strings and JSON bodies to the
// real server: it may refuse them, but never with a 5xx.
func FuzzSearchParams(f *testing.F) {
	for _, s := range []string{"q=aks+gpu", "q=%22&size=0", "exam=AZ-104&exam=&page=99999", "mode=advanced&q=a:(", "cursor=%%%", "q=" + url.QueryEscape("<script>")} {
		f.Add(s, `{"q":"x"}`)
	}
	f.Add("", `{"filters":{"exam":["a","b"]},"size":-1}`)
	f.Fuzz(func(t *testing.T, rawQuery, body string) {
		base := server(t)
		resp, err := http.Get(base + "/api/v1/search?" + rawQuery)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode >= 500 && resp.StatusCode != http.StatusServiceUnavailable {
				t.Fatalf("GET ?%s: %d", rawQuery, resp.StatusCode)
			}
		}
		resp, err = http.Post(base+"/api/v1/search", "application/json", bytes.NewReader([]byte(body)))
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode >= 500 && resp.StatusCode != http.StatusServiceUnavailable {
				t.Fatalf("POST %q: %d", body, resp.StatusCode)
			}
		}
	})
}
