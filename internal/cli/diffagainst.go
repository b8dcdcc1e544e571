package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/diff"
	"github.com/ppconn/ppconn/internal/escape"
	gitcmd "github.com/ppconn/ppconn/internal/git"
)

// CommentMarker starts the markdown report of diff --against, so that the
// GitHub Action finds its own pull-request comment to update.
const CommentMarker = "<!-- ppconn-diff -->"

// runDiffAgainst compares the connector folder of each PATH (a file stands
// for its folder, as pre-commit and git diff --name-only give files) with
// the same folder in the commit rev: each report in --format, and exit 1
// when any change is at or above --fail-on.
func runDiffAgainst(cmd *cobra.Command, rev string, paths []string, o *diffOptions) error {
	lim, err := o.check()
	if err != nil {
		return err
	}
	if _, err := gitcmd.Output("rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
		return usageError("--against %s: not a commit of this repository (fetch it first, e.g. git fetch origin main): %v", rev, err)
	}
	if len(paths) == 0 && cmd.ArgsLenAtDash() < 0 {
		paths = []string{"."} // but "--" and nothing after it is no path at all
	}
	folders := againstFolders(paths)
	if len(folders) > 1 {
		switch {
		case o.writeAccept != "":
			return usageError("--write-accept with --against records one connector: give one PATH (%d connector folders here)", len(folders))
		case o.format == "json" || o.format == "sarif" || o.format == "junit":
			return usageError("--format %s with --against writes one document per connector: give one PATH (%d connector folders here)", o.format, len(folders))
		}
	}
	out := cmd.OutOrStdout()
	if o.format == "markdown" {
		fmt.Fprintf(out, "%s\n## ppconn diff against %s\n\n", CommentMarker, escape.Code(rev))
	}
	if len(folders) == 0 {
		if o.format != "json" {
			fmt.Fprintln(out, "No connector changed.")
		}
		return nil
	}
	failed := false
	var total diff.Summary
	compared := 0
	for i, dir := range folders {
		if i > 0 && o.format != "json" {
			fmt.Fprintln(out)
		}
		spec, err := gitPathspec(dir)
		if err != nil {
			return usageErr(err)
		}
		object := rev + ":" + spec
		_, atRev := gitcmd.Exists(object)
		_, statErr := os.Stat(dir)
		switch {
		case !atRev && statErr != nil:
			continue
		case !atRev:
			if o.format != "json" {
				writeAgainstNote(out, o.format, dir, "a new connector: nothing to compare it with")
			}
			continue
		}
		oldIn, err := diff.Read("git:"+object, nil, lim)
		if err != nil {
			return usageErr(err)
		}
		var newIn *diff.Input
		if statErr != nil {
			if o.format != "json" {
				writeAgainstNote(out, o.format, dir, "the connector is removed, and everything in it")
			}
			newIn = emptyLike(oldIn, lim)
		} else if newIn, err = diff.Read(dir, nil, lim); err != nil {
			return usageErr(err)
		}
		rep, err := reportDiff(cmd, oldIn, newIn, dir, o)
		if rep != nil {
			total.Breaking += rep.Summary.Breaking
			total.Warning += rep.Summary.Warning
			total.Safe += rep.Summary.Safe
			compared++
		}
		var ee *exitError
		switch {
		case errors.As(err, &ee) && ee.code == ExitFindings:
			failed = true
		case err != nil:
			return err
		}
	}
	if o.format == "markdown" && compared > 1 {
		fmt.Fprintf(out, "\n**%d connectors compared: %s.**\n", compared, total)
	}
	if failed {
		if o.format == "markdown" {
			fmt.Fprintf(out, "\n**ppconn found changes at or above --fail-on %s**: existing flows and apps may stop working. Revert them, or have the submitter and the reviewer acknowledge each one.\n", escape.Markdown(o.failOn))
		}
		return errFindings
	}
	return nil
}

func writeAgainstNote(w io.Writer, format, dir, note string) {
	if format == "markdown" {
		fmt.Fprintf(w, "### %s\n\n%s.\n", escape.Code(filepath.ToSlash(dir)), note)
		return
	}
	fmt.Fprintf(w, "%s: %s\n", displayPath(dir), note)
}

// againstFolders maps each path to its connector folder, once each, in
// order: a folder stays, a file (existing or deleted) stands for the
// folder it is in.
func againstFolders(paths []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range paths {
		dir := filepath.Clean(p)
		if info, err := os.Stat(p); err != nil || !info.IsDir() {
			if !connector.IsDefinitionName(p) && !isPropertiesName(p) && !strings.EqualFold(filepath.Base(p), "script.csx") {
				continue // not a connector file (README.md, a workflow)
			}
			dir = filepath.Dir(dir)
		}
		if !seen[dir] {
			seen[dir] = true
			out = append(out, dir)
		}
	}
	return out
}
