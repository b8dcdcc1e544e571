package rules

import (
	"testing"

	"github.com/ppconn/ppconn/internal/connector"
)

// TestValueNamesTakeTheirArticle: a value is named with the right article
// whatever family names it (issue #13: each family had its own copy, and
// the one of apiProperties.json rules said "not a object").
func TestValueNamesTakeTheirArticle(t *testing.T) {
	for src, want := range map[string]string{`{}`: "an object", `[]`: "an array", `null`: "a null", `"x"`: "'x'", `1.5`: "1.5", `true`: "true"} {
		doc := &connector.Document{Path: "v.json"}
		connector.Parse(doc, []byte(src), connector.DefaultLimits)
		if got := propsQuote(doc.Root); got != want {
			t.Errorf("propsQuote(%s) = %q, want %q", src, got, want)
		}
	}
	for k, want := range map[connector.Kind]string{connector.Object: "an object", connector.Array: "an array", connector.String: "a string", connector.Number: "a number", connector.Bool: "a boolean"} {
		if got := kindWithArticle(k); got != want {
			t.Errorf("kindWithArticle(%v) = %q, want %q", k, got, want)
		}
	}
}

func TestQuoting(t *testing.T) {
	list := []string{"a", "b", "c"}
	for got, want := range map[string]string{
		quoteList(list): "'a', 'b', 'c'", quoteAnd(list): "'a', 'b' and 'c'", quoteOr(list[:2]): "'a' or 'b'",
		quoteOr(list[:1]): "'a'", quoteFirst(list, 2): "'a', 'b', and 1 more", quoteFirst(list, 3): "'a', 'b', 'c'",
		dquoteList(list): `"a", "b", "c"`, quoteListOrNone(nil): "nothing else",
		suggest("A", list): "; write it 'a' (the case matters)", didYouMean("bb", []string{"bc"}): "; did you mean 'bc'?",
		didYouMean("", list): "", caseVariant([]string{"Ab", "ab"}, "ab"): "Ab", foldFind(list, "B"): "b",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}
