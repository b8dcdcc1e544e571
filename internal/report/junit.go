package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/escape"
	"github.com/ppconn/ppconn/internal/lint"
)

// JUnit renders a JUnit XML report, for Azure DevOps' Publish Test
// Results, GitLab's test reports and Jenkins: one testsuite per file
// linted and one testcase per rule that ran on it. A testcase fails when
// the rule found something at or above FailOn in the file; findings below
// it are listed in the testcase's output. Rules that could not run on a
// file (it did not parse) are skipped.
type JUnit struct {
	W     io.Writer
	Rules RuleSet
	// FailOn is --fail-on: the lowest severity that fails. Off: nothing
	// fails.
	FailOn lint.Severity

	started bool
	err     error
}

type junitSuite struct {
	XMLName  xml.Name    `xml:"testsuite"`
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

func (j *JUnit) write(s string) {
	if j.err == nil {
		_, j.err = io.WriteString(j.W, s)
	}
}

func (j *JUnit) start() {
	if !j.started {
		j.started = true
		j.write(xml.Header + `<testsuites name="ppconn">` + "\n")
	}
}

// junitFile is one file of a target and the rules that ran on it.
type junitFile struct {
	path     string
	rules    []*lint.Rule
	unparsed bool
}

// filesOf lists the files of a result with the rules that ran on each.
func (j *JUnit) filesOf(r lint.Result) []*junitFile {
	var files []*junitFile
	pkg := r.Package
	if pkg == nil {
		return nil
	}
	enabled := func(t lint.Target) []*lint.Rule {
		var out []*lint.Rule
		for _, rule := range j.Rules.rules() {
			if rule.Target == t && j.Rules.severity(rule) != lint.Off {
				out = append(out, rule)
			}
		}
		return out
	}
	primary := pkg.Swagger()
	if primary == nil {
		primary = pkg.Properties
	}
	for _, d := range pkg.Documents() {
		jf := &junitFile{path: d.Path, unparsed: d.Root == nil}
		switch d.Role {
		case connector.RoleSwagger:
			jf.rules = enabled(lint.Swagger)
		case connector.RoleProperties:
			jf.rules = enabled(lint.Properties)
		}
		if d == primary {
			jf.rules = append(jf.rules, enabled(lint.Package)...)
		}
		files = append(files, jf)
	}
	if pkg.Script != nil {
		files = append(files, &junitFile{path: pkg.Script.Path, rules: enabled(lint.Script)})
	}
	return files
}

// Result writes one testsuite per file of the target.
func (j *JUnit) Result(r lint.Result, findings []lint.Finding) error {
	j.start()
	files := j.filesOf(r)
	byFile := map[string]*junitFile{}
	for _, f := range files {
		byFile[f.path] = f
	}
	byRule := map[string]map[string][]lint.Finding{} // file → rule → findings
	for _, f := range findings {
		jf := byFile[f.File]
		if jf == nil {
			jf = &junitFile{path: f.File}
			byFile[f.File] = jf
			files = append(files, jf)
		}
		if byRule[f.File] == nil {
			byRule[f.File] = map[string][]lint.Finding{}
		}
		if byRule[f.File][f.Rule] == nil && !hasRule(jf.rules, f.Rule) {
			rule := (*lint.Rule)(nil)
			if j.Rules.Registry != nil {
				rule = j.Rules.Registry.Lookup(f.Rule)
			}
			if rule == nil {
				rule = &lint.Rule{ID: f.Rule}
			}
			jf.rules = append(jf.rules, rule)
		}
		byRule[f.File][f.Rule] = append(byRule[f.File][f.Rule], f)
	}
	for _, jf := range files {
		suite := junitSuite{Name: displayPath(jf.path)}
		for _, rule := range jf.rules {
			c := junitCase{Name: rule.ID, Classname: displayPath(jf.path)}
			found := byRule[jf.path][rule.ID]
			var failing, other []string
			worst, firstMsg := lint.Off, ""

			for _, f := range found {
				line := fmt.Sprintf("%d:%d: %s: %s", f.Line, f.Column, f.Severity, f.Message)
				if f.Pointer != "" {
					line += " (at " + f.Pointer + ")"
				}
				if j.FailOn != lint.Off && f.Severity >= j.FailOn {
					if len(failing) == 0 {
						firstMsg = f.Message
					}
					failing = append(failing, line)
					worst = max(worst, f.Severity)
				} else {
					other = append(other, line)
				}
			}
			switch {
			case len(failing) > 0:
				msg := firstMsg
				if len(failing) > 1 {
					msg = fmt.Sprintf("%d findings; the first: %s", len(failing), msg)
				}
				c.Failure = &junitFailure{Message: msg, Type: worst.String(), Text: strings.Join(failing, "\n")}
				suite.Failures++
			case len(found) == 0 && jf.unparsed && !rule.Unparsed && rule.Target == lint.Swagger:
				c.Skipped = &junitSkipped{Message: "the file could not be parsed"}
				suite.Skipped++
			}
			if len(other) > 0 {
				c.SystemOut = strings.Join(other, "\n")
			}
			suite.Cases = append(suite.Cases, c)
		}
		suite.Tests = len(suite.Cases)
		b, err := xml.MarshalIndent(suite, "  ", "  ")
		if err != nil {
			return err
		}
		j.write(string(escape.XML(b)) + "\n")
	}
	return j.err
}

// marshal counts the testcases and renders the suite, escaped, with its
// newline.
func (s *junitSuite) marshal() (string, error) {
	s.Tests = len(s.Cases)
	b, err := xml.MarshalIndent(s, "  ", "  ")
	if err != nil {
		return "", err
	}
	return string(escape.XML(b)) + "\n", nil
}

func hasRule(rules []*lint.Rule, id string) bool {
	for _, r := range rules {
		if r.ID == id {
			return true
		}
	}
	return false
}

// Close ends the report.
func (j *JUnit) Close(Summary) error {
	j.start()
	j.write("</testsuites>\n")
	return j.err
}
