package index

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"time"
)

// Meta describes a finished index; it is written last, so an index
// directory without it is incomplete.
type Meta struct {
	MappingVersion int        `json:"mapping_version"`
	BuildID        string     `json:"build_id"`
	BuiltAt        time.Time  `json:"built_at"`
	Source         string     `json:"source,omitempty"` // what it was built from, as the builder named it
	Roots          []string   `json:"roots,omitempty"`  // absolute folders and archives read (images are served from inside them)
	Questions      int        `json:"questions"`
	Comments       int        `json:"comments"`
	Exams          []ExamInfo `json:"exams"`
	Report         *Report    `json:"report,omitempty"`
}

// ExamInfo is one exam and how many questions it has.
type ExamInfo struct {
	Provider  string `json:"provider"`
	Name      string `json:"name"`
	Code      string `json:"code,omitempty"`
	Questions int    `json:"questions"`
}

func examInfos(qs []Question) []ExamInfo {
	idx := map[string]int{}
	var out []ExamInfo
	for _, q := range qs {
		k := q.Provider + "\x00" + q.Exam
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, ExamInfo{Provider: q.Provider, Name: q.Exam, Code: q.ExamCode})
		}
		out[i].Questions++
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Provider != out[j].Provider {
			return out[i].Provider < out[j].Provider
		}
		return out[i].Name < out[j].Name
	})
	return out
}

func writeMeta(path string, m Meta) error {
	raw, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := f.Write(raw); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return f.Close()
}

// ReadMeta reads an index directory's meta.json.
func ReadMeta(dir string) (Meta, error) {
	var m Meta
	raw, err := os.ReadFile(metaPath(dir))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return m, fmt.Errorf("read %s: %w", metaPath(dir), err)
	}
	return m, nil
}
