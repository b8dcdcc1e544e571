package report

import (
	"encoding/json"
	"io"

	"github.com/ppconn/ppconn/internal/escape"
	"github.com/ppconn/ppconn/internal/lint"
)

// JSON renders {"findings":[...],"summary":{...}}, streaming the findings.
type JSON struct {
	W       io.Writer
	started bool
	count   int
	err     error
}

// jsonFinding is a lint.Finding as the JSON output writes it: the one list
// of a finding's JSON names, with the level and severity by name.
type jsonFinding struct {
	Rule     string `json:"rule"`
	Level    string `json:"level"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Pointer  string `json:"pointer"`
	Fixable  bool   `json:"fixable,omitempty"`
	// Related are the other places the finding speaks of.
	Related []lint.Related `json:"related,omitempty"`
}

func (j *JSON) write(s string) {
	if j.err == nil {
		_, j.err = io.WriteString(j.W, s)
	}
}

// Result writes one target's findings.
func (j *JSON) Result(_ lint.Result, findings []lint.Finding) error {
	j.start()
	for _, f := range findings {
		b, err := json.Marshal(jsonFinding{
			Rule: f.Rule, Level: f.Level.String(), Severity: f.Severity.String(), Message: f.Message,
			File: f.File, Line: f.Line, Column: f.Column, Pointer: f.Pointer, Fixable: f.Fixable, Related: f.Related,
		})
		if err != nil {
			return err
		}
		if j.count > 0 {
			j.write(",")
		}
		j.write("\n" + string(escape.JSON(b)))
		j.count++
	}
	return j.err
}

func (j *JSON) start() {
	if !j.started {
		j.started = true
		j.write(`{"findings":[`)
	}
}

// Close writes the summary and closes the document.
func (j *JSON) Close(s Summary) error {
	j.start()
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	j.write("\n],\"summary\":" + string(escape.JSON(b)) + "}\n")
	return j.err
}
