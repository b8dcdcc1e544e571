package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
)

// The wording every rule family shares: how a list is quoted, how a name
// close to a known one is suggested, how names are compared ignoring
// case, and which article goes before a word. A message helper used by
// more than one family belongs here, not in the family's file.

// quoteEach quotes each item: 'a'.
func quoteEach(list []string) []string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = "'" + s + "'"
	}
	return q
}

// quoteList quotes a list for a message: 'a', 'b', 'c'.
func quoteList(list []string) string { return strings.Join(quoteEach(list), ", ") }

// quoteAnd quotes a list for messages and docs: 'a', 'b' and 'c'.
func quoteAnd(list []string) string { return quoteJoin(list, "and") }

// quoteOr quotes a list of choices: 'a', 'b' or 'c'.
func quoteOr(list []string) string { return quoteJoin(list, "or") }

func quoteJoin(list []string, conj string) string {
	q := quoteEach(list)
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " " + conj + " " + q[len(q)-1]
}

// quoteFirst quotes the first max names, then says how many more there
// are: 'a', 'b', and 3 more.
func quoteFirst(names []string, max int) string {
	if len(names) <= max {
		return quoteList(names)
	}
	return quoteList(names[:max]) + fmt.Sprintf(", and %d more", len(names)-max)
}

// dquoteList quotes a list the JSON way: "a", "b", "c".
func dquoteList(list []string) string { return `"` + strings.Join(list, `", "`) + `"` }

// quoteList names nothing when list is empty.
func quoteListOrNone(list []string) string {
	if len(list) == 0 {
		return "nothing else"
	}
	return quoteList(list)
}

// emptyValue says that the text member key is present but empty; the
// caller adds the way to fix it.
func emptyValue(key string) string {
	return fmt.Sprintf("The '%s' property must have not empty value", key)
}

// contains reports whether list holds s exactly.
func contains(list []string, s string) bool { return slices.Contains(list, s) }

// containsAny reports whether s contains any of words.
func containsAny(s string, words []string) bool {
	return slices.ContainsFunc(words, func(w string) bool { return strings.Contains(s, w) })
}

// foldFind returns the entry of list equal to s ignoring case, or "".
func foldFind(list []string, s string) string {
	if i := slices.IndexFunc(list, func(x string) bool { return strings.EqualFold(x, s) }); i >= 0 {
		return list[i]
	}
	return ""
}

// foldContains reports whether list holds s ignoring case.
func foldContains(list []string, s string) bool {
	return slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, s) })
}

// caseVariant returns the entry of list equal to s but for case (and not
// s itself), or "".
func caseVariant(list []string, s string) string {
	if i := slices.IndexFunc(list, func(x string) bool { return x != s && strings.EqualFold(x, s) }); i >= 0 {
		return list[i]
	}
	return ""
}

// closestName returns the known name nearest to name, within two edits,
// or "" when there is none. name itself is never returned. Letter case is
// ignored, except that names differing only in case count as one edit.
// Ties go to the alphabetically first name, so that the answer does not
// depend on the order of known.
func closestName(name string, known []string) string { return lint.Closest(name, known, 2) }

// didYouMean is the tail "; did you mean 'x'?" of a message about name,
// x the nearest of known (closestName), or "" when none is near (or name
// is empty).
func didYouMean(name string, known []string) string { return nearTail("; ", name, known) }

// nearTail is didYouMean after the separator sep.
func nearTail(sep, name string, known []string) string {
	if name == "" {
		return ""
	}
	if near := closestName(name, known); near != "" {
		return sep + "did you mean '" + near + "'?"
	}
	return ""
}

// unknownOperationHint is the tail of a message about an operationId
// that names no operation: the nearest of ids, or what to do.
func unknownOperationHint(name string, ids []string) string {
	if h := nearTail(": ", name, ids); h != "" {
		return h
	}
	return ": correct the name or remove it"
}

// suggest is the tail of a message about s, a value not in list: the
// spelling to write when only the case differs, else didYouMean.
func suggest(s string, list []string) string {
	if want := foldFind(list, s); want != "" {
		return "; write it '" + want + "' (the case matters)"
	}
	return didYouMean(s, list)
}

// article is "a" or "an" for the word w, by its first letter (an object,
// an x-ms-notification-content, a schema).
func article(w string) string {
	if w != "" && strings.ContainsRune("aeioux", rune(w[0])) {
		return "an"
	}
	return "a"
}

// withArticle puts "a" or "an" before w.
func withArticle(w string) string { return article(w) + " " + w }

// kindWithArticle names a JSON kind with its article: an object, a string.
func kindWithArticle(k connector.Kind) string { return withArticle(k.String()) }

// othersCount says how many more things a finding speaks for: "1 other
// operation", "3 other operations".
func othersCount(n int, noun string) string {
	if n == 1 {
		return "1 other " + noun
	}
	return fmt.Sprintf("%d other %ss", n, noun)
}
