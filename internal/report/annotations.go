package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/ppconn/ppconn/internal/escape"
	"github.com/ppconn/ppconn/internal/lint"
	"github.com/ppconn/ppconn/internal/secret"
)

// GitHub renders findings as GitHub Actions workflow commands, which the
// runner turns into annotations on the pull request:
//
//	::error file=c/apiDefinition.swagger.json,line=12,col=5,title=no-unknown-keywords::message
//
// Warnings are ::warning and infos ::notice. Paths are as given on the
// command line, which in a workflow is relative to the workspace.
type GitHub struct {
	W io.Writer
}

var githubCommand = map[lint.Severity]string{lint.Error: "error", lint.Warning: "warning", lint.Info: "notice"}

// githubData escapes the message of a workflow command.
var githubData = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")

// githubProperty escapes a property value of a workflow command.
var githubProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")

// Result writes one command per finding.
func (g *GitHub) Result(_ lint.Result, findings []lint.Finding) error {
	for _, f := range findings {
		cmd := githubCommand[f.Severity]
		if cmd == "" {
			continue
		}
		if err := githubAnnotation(g.W, cmd, f.File, f.Line, f.Column, f.Rule, f.Message); err != nil {
			return err
		}
	}
	return nil
}

// githubAnnotation writes one workflow command; every string is escaped,
// and the message masked, here.
func githubAnnotation(w io.Writer, cmd, file string, line, col int, title, msg string) error {
	_, err := fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", cmd,
		githubProperty.Replace(escape.Text(displayPath(file))), max(line, 1), max(col, 1),
		githubProperty.Replace(escape.Text(title)), githubData.Replace(escape.Lines(secret.MaskText(msg))))
	return err
}

// Close writes nothing: the exit status says whether the run failed.
func (g *GitHub) Close(Summary) error { return nil }

// Azure renders findings as Azure Pipelines logging commands:
//
//	##vso[task.logissue type=error;sourcepath=c/apiDefinition.swagger.json;linenumber=12;columnnumber=5;code=no-unknown-keywords]message
//
// Azure Pipelines has only errors and warnings; infos are written as plain
// log lines in the text format.
type Azure struct {
	W io.Writer
}

// azureData escapes the message of a logging command, as the agent
// unescapes it.
var azureData = strings.NewReplacer("%", "%AZP25", "\r", "%0D", "\n", "%0A")

// azureProperty escapes a property value of a logging command.
var azureProperty = strings.NewReplacer("%", "%AZP25", "\r", "%0D", "\n", "%0A", ";", "%3B", "]", "%5D")

// Result writes one command per finding.
func (a *Azure) Result(_ lint.Result, findings []lint.Finding) error {
	for _, f := range findings {
		var err error
		switch f.Severity {
		case lint.Error, lint.Warning:
			err = azureIssue(a.W, f.Severity.String(), f.File, f.Line, f.Column, f.Rule, f.Message)
		case lint.Info:
			_, err = fmt.Fprintf(a.W, "%s:%d:%d: info %s: %s\n", escape.Text(displayPath(f.File)), f.Line, f.Column,
				escape.Text(f.Rule), escape.Text(secret.MaskText(f.Message)))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// azureIssue writes one logging command; every string is escaped, and
// the message masked, here.
func azureIssue(w io.Writer, typ, file string, line, col int, code, msg string) error {
	_, err := fmt.Fprintf(w, "##vso[task.logissue type=%s;sourcepath=%s;linenumber=%d;columnnumber=%d;code=%s]%s\n",
		typ, azureProperty.Replace(escape.Text(displayPath(file))), max(line, 1), max(col, 1),
		azureProperty.Replace(escape.Text(code)), azureData.Replace(escape.Lines(secret.MaskText(msg))))
	return err
}

// Close writes the summary as a plain line.
func (a *Azure) Close(s Summary) error {
	_, err := fmt.Fprintln(a.W, s.String())
	return err
}
