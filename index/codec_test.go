package index

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

// fill sets every field of v (a struct, recursively through slices) to a
// value other than its zero, different from field to field.
func fill(t *testing.T, v reflect.Value, seed *int) {
	*seed++
	switch v.Kind() {
	case reflect.String:
		v.SetString("s" + string(rune('a'+*seed%26)) + "ü\x00\n" + v.Type().Name())
	case reflect.Int:
		v.SetInt(int64(-*seed * 1000))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(t, v.Index(i), seed)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2024, 3, *seed%28+1, 10, 11, 12, 13, time.FixedZone("", 7200))))
			return
		}
		for i := range v.NumField() {
			fill(t, v.Field(i), seed)
		}
	default:
		t.Fatalf("fill: no value for a %s (%s); teach the codec and this test the new kind", v.Kind(), v.Type())
	}
}

// Every field of a question, nested ones too, comes back from the store's
// form: a field added to Question and not to the codec fails here.
func TestCodecKeepsEveryField(t *testing.T) {
	var q Question
	seed := 0
	fill(t, reflect.ValueOf(&q).Elem(), &seed)
	var got Question
	if err := decodeQuestion(string(encodeQuestion(nil, &q)), &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, q) {
		t.Fatalf("round trip changed the question:\n got %+v\nwant %+v", got, q)
	}
	var zero, back Question
	if err := decodeQuestion(string(encodeQuestion(nil, &zero)), &back); err != nil || !reflect.DeepEqual(back, zero) {
		t.Fatalf("empty question: %+v, %v", back, err)
	}
}

// A damaged record is an error naming the damage, never a panic or a
// question made of garbage.
func TestCodecRejectsDamage(t *testing.T) {
	var q Question
	seed := 0
	fill(t, reflect.ValueOf(&q).Elem(), &seed)
	raw := encodeQuestion(nil, &q)
	for n := range len(raw) {
		var got Question
		if err := decodeQuestion(string(raw[:n]), &got); !errors.Is(err, errCorrupt) {
			t.Fatalf("record cut to %d of %d bytes: err %v", n, len(raw), err)
		}
	}
	for i := range raw {
		bad := []byte(string(raw))
		bad[i] ^= 0xff
		var got Question
		_ = decodeQuestion(string(bad), &got) // may decode to other values; must not panic
	}
	var got Question
	if err := decodeQuestion(string(append(raw, 0)), &got); !errors.Is(err, errCorrupt) {
		t.Fatalf("record with a byte too many: err %v", err)
	}
	if err := decodeQuestion("\x07", &got); !errors.Is(err, errCorrupt) {
		t.Fatalf("unknown format: err %v", err)
	}
}
