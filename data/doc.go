// Package data holds what examsearch ships with: the sample corpus the team
// wrote (in both source formats) and the service dictionary. Both are
// embedded so that the binary alone can build a demo index.
package data

import (
	"embed"
	"io/fs"
)

//go:embed services.txt
var services []byte

//go:embed synonyms.txt
var synonyms []byte

//go:embed sample
var sample embed.FS

// Services returns the service dictionary's text (see services.txt).
func Services() []byte { return services }

// Synonyms returns the synonym groups' text (see synonyms.txt).
func Synonyms() []byte { return synonyms }

// Sample returns the sample corpus as a file system rooted at its folder.
func Sample() fs.FS {
	sub, err := fs.Sub(sample, "sample")
	if err != nil {
		panic(err) // the folder is embedded at build time; cannot be missing
	}
	return sub
}
