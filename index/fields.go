package index

// Field names of the Bleve documents. Package search builds its queries,
// filters, facets and sorts on these and nothing else.
const (
	// Prose, analysed in English (stemmed, stop words dropped).
	FieldQuestion    = "question"
	FieldChoices     = "choices"
	FieldExplanation = "explanation"
	FieldComments    = "comments"

	// Exact values: facets and filters.
	FieldProvider  = "provider"
	FieldExam      = "exam"
	FieldExamCode  = "exam_code" // lowercased, matched as one token
	FieldTopic     = "topic"
	FieldAnswer    = "answer"
	FieldCommunity = "community"
	FieldType      = "type"
	FieldDisputed  = "disputed" // "yes" or "no"
	FieldYear      = "year"
	FieldService   = "service"
	FieldCategory  = "category"

	// Sort keys: zero-padded numbers as keywords, one term each (a numeric
	// field indexes sixteen), compared as bytes.
	FieldOrder   = "order"   // topic and number: "0004.000002"
	FieldCreated = "created" // Unix seconds, ten digits
	FieldUpvotes = "upvotes" // the top comment's upvotes, eight digits
	FieldDispute = "dispute" // share of votes against the suggested answer, three digits
)

// Analyzer names registered by the mapping.
const (
	AnalyzerProse = "examsearch_en"
	AnalyzerExact = "keyword"
	AnalyzerCode  = "code" // keyword, lowercased
)

// PositionFields are the prose fields that keep term positions, so that
// phrase queries work on them; on the others a phrase is all its words.
var PositionFields = []string{FieldQuestion, FieldChoices, FieldExplanation}

// ProseFields are the analysed text fields, most important first.
var ProseFields = []string{FieldQuestion, FieldChoices, FieldExplanation, FieldComments}
