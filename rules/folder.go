package rules

import (
	"cmp"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/escape"
	"github.com/ppconn/ppconn/internal/lint"
)

// Connector folder rules: the files beside the definition that tools and
// the certification pull request read, paconn's settings.json and the
// readme. A name written in a connector file is hostile: these checks
// only stat the files it names, inside the connector folder, and never
// read one.

var folderRules = []*lint.Rule{settingsFilesExist}

// settingsFileKeys are the keys of paconn's settings.json that name a
// file, with what the file is.
var settingsFileKeys = []struct{ key, what string }{
	{"apiDefinition", "the definition"},
	{"apiProperties", "apiProperties.json"},
	{"icon", "the icon"},
	{"script", "the custom code"},
}

func settingsFileKeysDoc() string {
	var parts []string
	for _, k := range settingsFileKeys {
		parts = append(parts, `"`+k.key+`" (`+k.what+`)`)
	}
	return strings.Join(parts, ", ")
}

var settingsFilesExist = &lint.Rule{
	ID:     "settings-files-exist",
	Level:  lint.Guidance,
	Title:  "The files that paconn's settings.json names are in the connector folder",
	Source: "catalog §1.11 (INFERRED); L-PACONN; R-CORPUS",
	Since:  since,
	Target: lint.Package,
	Doc: `paconn create, update and validate take their files from settings.json when it is
given (--settings): ` + settingsFileKeysDoc() + `, each a path relative to
settings.json. A name that is not a file of the folder makes paconn fail before it
uploads anything: a file renamed, a case that only Windows forgives ("Icon.png" for
icon.png), an icon never committed. The rule only looks at the name and whether the
file is there; it never reads it. A path that is absolute, or that leaves the
connector folder through "..", is reported and not looked at: a connector in a pull
request must not make a linter probe the machine it runs on, and the folder is what
is reviewed and published. A symbolic link that leaves the folder is reported the
same way.

It is guidance: the certification pipeline does not run paconn with the
connector's settings.json. On the certified corpus (` + "`" + `../shared/corpus` + "`" + `) 1 of the
381 parseable connectors has a settings.json, and the rule fires on it for
"icon.png": the corpus holds no image files, while the source repository has that
icon, so it is not a defect there. The source repository's other certified
settings.json (Data247logic, not in the corpus) names an icon.png that is not
committed.

Bad:

    {"apiDefinition": "apiDefinition.swagger.json", "icon": "../shared/icon.png"}

Good:

    {"apiDefinition": "apiDefinition.swagger.json", "apiProperties": "apiProperties.json",
     "icon": "icon.png", "script": "script.csx"}`,
	Check: func(p *lint.Pass) {
		doc := p.Package.Settings
		if doc == nil || doc.Root == nil || doc.Root.Kind != connector.Object {
			return
		}
		dir := filepath.Dir(doc.Path)
		for _, k := range settingsFileKeys {
			if v := doc.Root.Get(k.key); v != nil {
				if msg := settingsFileProblem(dir, p.Package.Dir, k.key, v); msg != "" {
					p.ReportIn(doc, v, false, "%s", msg)
				}
			}
		}
	},
}

// settingsFileProblem says what is wrong with the file that key names,
// or "". dir is the folder of settings.json, tree the connector folder.
func settingsFileProblem(dir, tree, key string, v *Node) string {
	if !v.IsString() {
		return "'" + key + "' in settings.json must be a file name (a string), not " + kindWithArticle(v.Kind)
	}
	name := escape.Text(v.Value)
	rel, why := settingsRelPath(v.Value)
	switch {
	case why != "":
		return "'" + key + "' in settings.json is '" + name + "', " + why + ": ppconn does not look outside the connector folder, and the folder is what is reviewed and published; name a file in the folder, relative to settings.json"
	case rel == ".":
		return "'" + key + "' in settings.json is empty: name a file in the connector folder, or remove the key"
	}
	head := "'" + key + "' in settings.json names '" + name + "', "
	switch full, problem := settingsStat(dir, cmp.Or(tree, dir), rel); problem {
	case "missing":
		return head + "which is not in the connector folder: paconn fails to read it; add the file or correct the name" + settingsNearName(full)
	case "link":
		return head + "which is reached through a symbolic link that leaves the connector folder: ppconn does not follow it; put the file itself in the folder"
	case "folder":
		return head + "which is a folder: name the file in it"
	case "other":
		return head + "which cannot be a file of the connector folder; correct the name"
	}
	return ""
}

// settingsStat looks for rel below dir one component at a time, with
// Lstat, so that nothing is looked at through a symbolic link that leaves
// tree. It returns the path it stopped at and the problem: "" (a file),
// "missing", "link" (a link out of tree), "folder" or "other".
func settingsStat(dir, tree, rel string) (string, string) {
	cur := dir
	parts := strings.Split(rel, "/")
	for i, part := range parts {
		cur = filepath.Join(cur, part)
		info, err := os.Lstat(cur)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return cur, "missing"
		case err != nil:
			return cur, "other"
		case info.Mode()&fs.ModeSymlink != 0:
			if !connector.Inside(cur, tree) {
				return cur, "link"
			}
			if info, err = os.Stat(cur); err != nil {
				return cur, "missing"
			}
		}
		last := i == len(parts)-1
		switch {
		case last && info.IsDir():
			return cur, "folder"
		case !last && !info.IsDir():
			return cur, "missing"
		}
	}
	return cur, ""
}

// settingsRelPath turns a settings.json path into a clean slash path
// relative to settings.json, or says why it is refused: absolute (a
// root, a Windows drive or share) or leaving the folder through "..".
// Backslashes count as separators, as paconn on Windows reads them.
func settingsRelPath(p string) (rel, why string) {
	s := strings.ReplaceAll(p, `\`, "/")
	switch {
	case strings.HasPrefix(s, "/"):
		return "", "an absolute path"
	case len(s) >= 2 && s[1] == ':' && (s[0]|0x20 >= 'a' && s[0]|0x20 <= 'z'):
		return "", "a path on a Windows drive"
	case strings.ContainsRune(s, 0):
		return "", "a name with a NUL character"
	}
	rel = path.Clean(s)
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return "", "a path that leaves the connector folder ('..')"
	}
	return rel, ""
}

// settingsNearName suggests a file of the same folder whose name differs
// only in case, or is close, as "; did you mean 'x'?".
func settingsNearName(full string) string {
	entries, err := os.ReadDir(filepath.Dir(full))
	if err != nil {
		return ""
	}
	base := filepath.Base(full)
	var names []string
	for _, e := range entries {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	if same := foldFind(names, base); same != "" {
		return "; the folder has '" + escape.Text(same) + "', and the case matters outside Windows"
	}
	if near := closestName(base, names); near != "" {
		return "; did you mean '" + escape.Text(near) + "'?"
	}
	return ""
}
