package examtopics

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestScratch(t *testing.T) {
	fs, _ := filepath.Glob("/tmp/et/examtopics/*/*.json")
	nq, nc, bad := 0, 0, 0
	for _, f := range fs {
		b, _ := os.ReadFile(f)
		p, err := Parse(b)
		if err != nil {
			bad++
			fmt.Println(f, err)
			continue
		}
		nq += len(p.Questions)
		for _, q := range p.Questions {
			nc += len(q.Comments)
		}
		if len(p.Notes) > 0 {
			fmt.Println(f, p.Notes)
		}
		if f == "/tmp/et/examtopics/Microsoft/DP-100_50.json" {
			b, _ := json.MarshalIndent(p.Questions[0], "", " ")
			fmt.Println(string(b)[:1500])
		}
	}
	fmt.Println(nq, nc, bad)
}
