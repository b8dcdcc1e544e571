package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/ppconn/ppconn/internal/diff"
	"github.com/ppconn/ppconn/internal/escape"
	"github.com/ppconn/ppconn/internal/lint"
	"github.com/ppconn/ppconn/internal/secret"
)

// The CI formats of ppconn diff: the same writers' escaping and shapes as
// lint's (githubAnnotation, azureIssue, the SARIF and JUnit types), fed
// with the changes of a diff.Report. Each change is placed at its line in
// NEW, or in OLD for a removal.

// DiffFormats are the CI formats of ppconn diff.
var DiffFormats = []string{"github", "azure", "sarif", "junit"}

// DiffOptions tune the CI formats of a diff.
type DiffOptions struct {
	// Threshold and FailOn are --fail-on: the lowest impact that fails
	// the run, and false for never (JUnit failures follow them).
	Threshold diff.Impact
	FailOn    bool
	// Version is ppconn's version, for SARIF.
	Version string
	// BaseDir is the folder SARIF artifact URIs are relative to.
	BaseDir string
}

// DiffDocURI is the documentation of diff's impact table.
const DiffDocURI = "https://github.com/ppconn/ppconn/blob/main/docs/diff.md#the-impact-table"

// WriteDiff writes the report in one of DiffFormats.
func WriteDiff(w io.Writer, format string, r *diff.Report, o DiffOptions) error {
	switch format {
	case "github":
		return diffAnnotations(w, r, diffGitHub)
	case "azure":
		return diffAnnotations(w, r, diffAzure)
	case "sarif":
		return diffSARIF(w, r, o)
	case "junit":
		return diffJUnit(w, r, o)
	}
	return fmt.Errorf("unknown diff format %q", format)
}

// place is where a change is annotated: in NEW, or in OLD for a removal.
// A file read from git (git:REV:PATH/file) is named by its path in the
// repository, which is what a CI checkout shows.
func place(c *diff.Change) (file string, line, col int) {
	l := c.New
	if l == nil {
		l = c.Old
	}
	if l == nil {
		return "", 1, 1
	}
	file = l.File
	if rest, ok := strings.CutPrefix(file, "git:"); ok {
		if _, p, ok := strings.Cut(rest, ":"); ok {
			file = strings.TrimPrefix(p, "./")
		}
	}
	return file, l.Line, l.Col
}

// diffText is the annotation's text: the message, why, and the
// acknowledgement when there is one.
func diffText(c *diff.Change) string {
	s := c.Message
	if c.Impact != diff.Safe {
		s += "\nwhy: " + c.Reason
	}
	if c.Acknowledged {
		s += "\nacknowledged: " + c.AckReason
	}
	return s
}

// diffTitle is the annotation's title: "breaking: field-removed".
func diffTitle(c *diff.Change) string {
	t := c.Impact.String() + ": " + string(c.Rule)
	if c.Acknowledged {
		t += " (acknowledged)"
	}
	return t
}

// annotated says what command a change gets: breaking changes are errors,
// warnings warnings, acknowledged ones notices; safe changes are not
// annotated (a connector update can have hundreds, and runners cap the
// annotations of a step).
func annotated(c *diff.Change) (level string, ok bool) {
	switch {
	case c.Acknowledged:
		return "notice", true
	case c.Impact == diff.Breaking:
		return "error", true
	case c.Impact == diff.Warning:
		return "warning", true
	}
	return "", false
}

// diffAnnotations writes a CI command for every annotated change, each by
// the CI's line writer, then the summary.
func diffAnnotations(w io.Writer, r *diff.Report, annotate func(w io.Writer, c *diff.Change, level, file string, line, col int) error) error {
	for _, c := range r.Changes {
		level, ok := annotated(c)
		if !ok {
			continue
		}
		file, line, col := place(c)
		if err := annotate(w, c, level, file, line, col); err != nil {
			return err
		}
	}
	return diffSummary(w, r)
}

// diffGitHub annotates a change for GitHub Actions.
func diffGitHub(w io.Writer, c *diff.Change, level, file string, line, col int) error {
	return githubAnnotation(w, level, file, line, col, diffTitle(c), diffText(c))
}

// diffAzure annotates a change for Azure Pipelines.
func diffAzure(w io.Writer, c *diff.Change, level, file string, line, col int) error {
	if level == "notice" { // Azure has errors and warnings only
		_, err := fmt.Fprintf(w, "%s:%d:%d: %s: %s\n", escape.Text(displayPath(file)), line, col,
			escape.Text(diffTitle(c)), escape.Text(secret.MaskText(c.Message)))
		return err
	}
	return azureIssue(w, level, file, line, col, diffTitle(c), diffText(c))
}

// impactSeverity is the lint severity an impact is reported at in the
// CI formats: breaking an error, warning a warning, safe an info.
func impactSeverity(i diff.Impact) lint.Severity {
	return [...]lint.Severity{diff.Safe: lint.Info, diff.Warning: lint.Warning, diff.Breaking: lint.Error}[i]
}

func diffSARIF(w io.Writer, r *diff.Report, o DiffOptions) error {
	s := &SARIF{BaseDir: o.BaseDir}
	ruleIndex := map[diff.RowID]int{}
	rules := []sarifRule{}
	for _, c := range r.Changes {
		if _, ok := ruleIndex[c.Rule]; ok {
			continue
		}
		ruleIndex[c.Rule] = -1
	}
	for _, row := range diff.Rows {
		if _, ok := ruleIndex[row.ID]; !ok {
			continue
		}
		ruleIndex[row.ID] = len(rules)
		rules = append(rules, sarifRule{
			ID:                   string(row.ID),
			ShortDescription:     sarifMessage{Text: row.Area + ": " + string(row.ID)},
			FullDescription:      sarifMessage{Text: "Breaking when " + row.Breaking},
			Help:                 sarifMessage{Text: row.Why, Markdown: "**Breaking when** " + row.Breaking + "\n\n**Not breaking when** " + row.NotBreaking + "\n\n" + row.Why},
			HelpURI:              DiffDocURI,
			DefaultConfiguration: sarifRuleConfig{Enabled: true, Level: "error"},
			Properties:           sarifRuleProps{Tags: []string{"power-platform", "diff"}},
		})
	}
	results := []sarifResult{}
	for _, c := range r.Changes {
		file, line, col := place(c)
		uri, baseID := s.artifactURI(file)
		res := sarifResult{
			RuleID:              string(c.Rule),
			Level:               sarifLevel(impactSeverity(c.Impact)),
			Message:             sarifMessage{Text: secret.MaskText(diffText(c))},
			PartialFingerprints: map[string]string{diff.FingerprintVersion: diff.Fingerprint(c)},
		}
		if idx := ruleIndex[c.Rule]; idx >= 0 {
			res.RuleIndex = &idx
		}
		loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: uri, URIBaseID: baseID},
			Region: &sarifRegion{StartLine: max(line, 1), StartColumn: max(col, 1)}}}
		if c.Pointer != "" {
			loc.LogicalLocations = []sarifLogical{{FullyQualifiedName: c.Pointer, Kind: "member"}}
		}
		res.Locations = []sarifLocation{loc}
		if c.Acknowledged {
			res.Suppressions = []sarifSuppression{{Kind: "external", Justification: secret.MaskText(c.AckReason)}}
		}
		results = append(results, res)
	}
	driver := map[string]any{"name": "ppconn", "informationUri": "https://github.com/ppconn/ppconn", "rules": rules}
	if o.Version != "" {
		driver["version"] = o.Version
	}
	b, err := marshal(map[string]any{
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"version": "2.1.0",
		"runs": []any{map[string]any{
			"tool":       map[string]any{"driver": driver},
			"columnKind": "unicodeCodePoints",
			"results":    results,
		}},
	})
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// diffJUnit writes one testsuite for the update and one testcase per row
// of the impact table: a row fails when it has a change at or above
// --fail-on that is not acknowledged; its other changes are its output.
func diffJUnit(w io.Writer, r *diff.Report, o DiffOptions) error {
	name := r.Old.Name + " → " + r.New.Name
	suite := junitSuite{Name: name}
	byRow := map[diff.RowID][]*diff.Change{}
	for _, c := range r.Changes {
		byRow[c.Rule] = append(byRow[c.Rule], c)
	}
	for _, row := range diff.Rows {
		tc := junitCase{Name: string(row.ID), Classname: "ppconn diff " + r.New.Name}
		var failing, other []string
		first, firstType := "", ""
		for _, c := range byRow[row.ID] {
			file, line, col := place(c)
			l := fmt.Sprintf("%s:%d:%d: %s: %s (at %s)", displayPath(file), line, col, diffTitle(c), secret.MaskText(c.Message), c.Pointer)
			if o.FailOn && !c.Acknowledged && c.Impact >= o.Threshold {
				if first == "" {
					first, firstType = secret.MaskText(c.Message), c.Impact.String()
				}
				failing = append(failing, l)
			} else {
				other = append(other, l)
			}
		}
		if len(failing) > 0 {
			msg := first
			if len(failing) > 1 {
				msg = fmt.Sprintf("%d changes; the first: %s", len(failing), msg)
			}
			tc.Failure = &junitFailure{Message: msg, Type: firstType, Text: strings.Join(failing, "\n")}
			suite.Failures++
		}
		if len(other) > 0 {
			tc.SystemOut = strings.Join(other, "\n")
		}
		suite.Cases = append(suite.Cases, tc)
	}
	b, err := suite.marshal()
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, xml.Header+`<testsuites name="ppconn diff">`+"\n"+b+"</testsuites>\n")
	return err
}

// diffSummary ends the annotation formats: the counts, and the
// certification verdict when something changed.
func diffSummary(w io.Writer, r *diff.Report) error {
	s := "ppconn diff: " + r.Summary.String() + "\n"
	if len(r.Changes) > 0 {
		s += "ppconn diff: " + r.Certification().String() + "\n"
	}
	_, err := io.WriteString(w, escape.Lines(s))
	return err
}
