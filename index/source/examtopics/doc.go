// Package examtopics parses ExamTopics JSON pages
// ({"pageProps":{"questions":[...],"exam":{...}}}) into index.Questions.
// The wire types are unexported; Parse is the one adapter to the model.
package examtopics
