package ui_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

type openAPI struct {
	Paths map[string]map[string]struct {
		Parameters []struct {
			Name   string `json:"name"`
			In     string `json:"in"`
			Schema struct {
				Type  string   `json:"type"`
				Enum  []string `json:"enum"`
				Items struct {
					Enum []string `json:"enum"`
				} `json:"items"`
			} `json:"schema"`
		} `json:"parameters"`
	} `json:"paths"`
}

// TestOpenAPICoversRoutes checks that every API route is documented and
// that every documented parameter is accepted with a plausible value.
func TestOpenAPICoversRoutes(t *testing.T) {
	resp, body := get(t, "/api/v1/openapi.json")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	var spec openAPI
	if err := json.Unmarshal(body, &spec); err != nil {
		t.Fatal(err)
	}
	routes := map[string][]string{
		"/api/v1/search":         {"get", "post"},
		"/api/v1/questions/{id}": {"get"},
		"/api/v1/exams":          {"get"},
		"/api/v1/facets/{name}":  {"get"},
		"/api/v1/openapi.json":   {"get"},
	}
	for path, methods := range routes {
		for _, m := range methods {
			if _, ok := spec.Paths[path][m]; !ok {
				t.Errorf("%s %s is not documented", strings.ToUpper(m), path)
			}
		}
	}
	for path := range spec.Paths {
		if _, ok := routes[path]; !ok {
			t.Errorf("documented path %s is not served", path)
		}
	}
	samples := map[string]string{"q": "storage", "page": "1", "size": "5", "facet_size": "5", "highlight": "false", "facets": "true",
		"prefix": "a", "limit": "5", "exam": "AZ-104", "year": "2021", "provider": "Amazon", "topic": "Topic 1",
		"service": "Amazon S3", "category": "storage", "answer": "A", "community": "A"}
	for path, ops := range spec.Paths {
		op, ok := ops["get"]
		if !ok {
			continue
		}
		concrete := strings.NewReplacer("{id}", "9100010", "{name}", "exam").Replace(path)
		for _, p := range op.Parameters {
			if p.In != "query" {
				continue
			}
			v := samples[p.Name]
			if len(p.Schema.Enum) > 0 {
				v = p.Schema.Enum[0]
			}
			if len(p.Schema.Items.Enum) > 0 {
				v = p.Schema.Items.Enum[0]
			}
			if v == "" && p.Name == "cursor" {
				continue // only a cursor the server gave out is valid
			}
			resp, body := get(t, concrete+"?"+url.Values{p.Name: {v}}.Encode())
			if resp.StatusCode != http.StatusOK {
				t.Errorf("GET %s?%s=%s: %d %s", concrete, p.Name, v, resp.StatusCode, body)
			}
		}
	}
}
