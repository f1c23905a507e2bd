package search

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
)

// cursor is where a deep page starts: the sort values of the last hit seen,
// under the order they were read in.
type cursor struct {
	Sort  Sort     `json:"s"`
	After []string `json:"a"`
}

func (c cursor) encode() string {
	raw, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(raw)
}

func decodeCursor(s string, sort Sort, keys int) (cursor, error) {
	var c cursor
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(raw, &c)
	}
	if err != nil {
		return c, invalid("cursor", "cursor is not one this server gave out")
	}
	if c.Sort != sort {
		return c, invalid("cursor", fmt.Sprintf("cursor was made for sort %q, not %q", c.Sort, sort))
	}
	if len(c.After) != keys {
		return c, invalid("cursor", "cursor does not fit this sort")
	}
	return c, nil
}
