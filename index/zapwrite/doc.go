// Package zapwrite writes a Bleve index segment in zap's v17 file format
// (github.com/blevesearch/zapx/v17 reads it; zap.md there describes it)
// straight from postings already inverted, without zap's own segment
// making and merging: a build inverts its documents batch by batch, on
// all cores, into one Run per field (the field's terms in order, each with
// its postings encoded as the segment encodes them), and Write joins the
// batches' runs term by term into the one segment of the index.
//
// It writes what zap's merge of segments holding the same documents
// writes (a test compares the two byte by byte): stored _id values, per
// field a vellum dictionary, postings as roaring bitmaps with chunked
// frequencies, norms and locations, one-hit terms in the dictionary
// itself, doc values in chunks of 1,024 documents, the fields' sections
// and the footer.
package zapwrite
