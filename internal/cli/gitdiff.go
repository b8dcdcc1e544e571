package cli

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/diff"
	"github.com/ppconn/ppconn/internal/escape"
	"github.com/ppconn/ppconn/internal/rewrite"
	"github.com/ppconn/ppconn/internal/secret"
)

// git's external diff convention (GIT_EXTERNAL_DIFF, diff.<driver>.command):
// path old-file old-hex old-mode new-file new-hex new-mode, and two more
// (the new path and the rename's header) for a rename. A side that does
// not exist (an added or a removed file) is /dev/null, with "." for its
// hex and mode.
var (
	gitHex  = regexp.MustCompile(`^([0-9a-f]{7,64}|\.)$`)
	gitMode = regexp.MustCompile(`^([0-7]{6}|\.)$`)
)

// isGitExternalDiff reports whether args are git's seven (or nine)
// arguments of an external diff.
func isGitExternalDiff(args []string) bool {
	if len(args) != 7 && len(args) != 9 {
		return false
	}
	return gitHex.MatchString(args[2]) && gitMode.MatchString(args[3]) &&
		gitHex.MatchString(args[5]) && gitMode.MatchString(args[6])
}

// runGitExternalDiff prints the impact report of one file git hands over.
// git stops the whole diff when its external command fails, so a file
// that cannot be compared gets a note and a line diff instead, and the
// exit status is 1 only for --fail-on.
func runGitExternalDiff(cmd *cobra.Command, args []string, o *diffOptions, lim connector.Limits) error {
	oldPath, newPath := args[0], args[0]
	if len(args) == 9 {
		newPath = args[7]
	}
	out := cmd.OutOrStdout()
	fmt.Fprintf(out, "ppconn diff a/%s b/%s\n", escape.Text(oldPath), escape.Text(newPath))
	oldSrc, errOld := readGitSide(args[1], lim)
	newSrc, errNew := readGitSide(args[4], lim)
	if errOld != nil || errNew != nil {
		fmt.Fprintf(out, "ppconn: cannot read the file: %v\n", escape.Text(fmt.Sprint(firstErr(errOld, errNew))))
		return nil
	}
	if !connector.IsDefinitionName(newPath) && !isPropertiesName(newPath) {
		// not a connector file (GIT_EXTERNAL_DIFF sees every file): a plain
		// line diff
		_, err := fmt.Fprint(out, escape.Lines(secret.MaskText(rewrite.UnifiedDiff("a/"+oldPath, "b/"+newPath, oldSrc, newSrc))))
		return err
	}
	oldIn, errOld := diff.ReadBytes("a/"+oldPath, oldPath, emptyAsObject(oldSrc, args[1]), lim)
	newIn, errNew := diff.ReadBytes("b/"+newPath, newPath, emptyAsObject(newSrc, args[4]), lim)
	if errOld != nil || errNew != nil {
		fmt.Fprintf(out, "ppconn: note: %s; the line diff instead:\n", escape.Text(secret.MaskText(fmt.Sprint(firstErr(errOld, errNew)))))
		_, err := fmt.Fprint(out, escape.Lines(secret.MaskText(rewrite.UnifiedDiff("a/"+oldPath, "b/"+newPath, oldSrc, newSrc))))
		return err
	}
	switch {
	case args[1] == os.DevNull:
		_, err := fmt.Fprintln(out, "A new file: nothing to compare it with.")
		return err
	case args[4] == os.DevNull:
		fmt.Fprintln(out, "The file is removed, and everything in it:")
	}
	_, err := reportDiff(cmd, oldIn, newIn, newPath, o)
	return err
}

func readGitSide(file string, lim connector.Limits) ([]byte, error) {
	if file == os.DevNull {
		return nil, nil
	}
	src, size, err := connector.ReadFile(file, lim.ReadOptions())
	if err != nil {
		return nil, fmt.Errorf("%s (%d bytes): %w", file, size, err)
	}
	return src, nil
}

// emptyAsObject gives the missing side of an added or removed file as an
// empty document, so that the report lists what was added or removed.
func emptyAsObject(src []byte, file string) []byte {
	if file == os.DevNull {
		return []byte("{}")
	}
	return src
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func isPropertiesName(p string) bool {
	return strings.EqualFold(path.Base(filepath.ToSlash(p)), "apiProperties.json")
}
