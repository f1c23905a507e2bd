package ui

import "testing"

func TestWithin(t *testing.T) {
	for _, tc := range []struct {
		root, p string
		want    bool
	}{
		{"/data", "/data/dp-100/images/a.png", true},
		{"/data", "/data", true},
		{"/data", "/etc/passwd", false},
		{"/data", "/data/../etc/passwd", false},
		{"/data", "/database/x.png", false},
		{"/data", "/data/..x/y.png", true},
	} {
		if got := within(tc.root, tc.p); got != tc.want {
			t.Errorf("within(%q, %q) = %v, want %v", tc.root, tc.p, got, tc.want)
		}
	}
}
