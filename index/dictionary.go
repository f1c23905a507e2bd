package index

import (
	"fmt"

	"github.com/examsearch/examsearch/data"
)

// DefaultDictionary parses the dictionary shipped in data/services.txt.
func DefaultDictionary() (*Dictionary, error) {
	d, err := ParseDictionary(data.Services())
	if err != nil {
		return nil, fmt.Errorf("data/services.txt: %w", err)
	}
	return d, nil
}
