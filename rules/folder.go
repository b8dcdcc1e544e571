package rules

import (
	"cmp"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/escape"
	"github.com/ppconn/ppconn/internal/lint"
)

// Connector folder rules: the files beside the definition that tools and
// the certification pull request read, paconn's settings.json and the
// readme. A name written in a connector file is hostile: these checks
// only stat the files it names, inside the connector folder, and never
// read one.

var folderRules = []*lint.Rule{settingsFilesExist, readmePresent, readmeHeadings}

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
					p.Report(lint.Diagnostic{Doc: doc, Node: v, Message: msg})
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

// A connector submitted to microsoft/PowerPlatformConnectors is a folder
// with a readme.md beside the definition, written from Microsoft's
// template (templates/certified-connectors/readme.md of that repository).
// Both readme rules run only under the certification profile and only on
// a connector folder: a lone definition (a file argument, or standard
// input) is not a submission, and its folder is not what was asked for.

// readmeName is the readme's name in the PowerPlatformConnectors
// repository. It is found in any case, as Windows and GitHub do: of the
// 611 certified connectors there that have one, 270 spell it readme.md
// and the others README.md, Readme.md or ReadMe.md.
const readmeName = "readme.md"

// readmeMaxBytes bounds the readme ppconn reads: the largest of the
// certified connectors' readmes is 34 KB.
const readmeMaxBytes = 1 << 20

// findReadme is the connector folder's readme entry: readme.md, else the
// first name (sorted) equal to it in any case; "" when there is none.
// The names compared are the folder's, so nothing else is looked at.
func findReadme(dir string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if contains(names, readmeName) {
		return readmeName
	}
	return foldFind(names, readmeName)
}

// readmeAt is where a finding about the folder's readme is reported when
// the readme itself cannot be: the top of the definition, else of
// apiProperties.json.
func readmeAt(pkg *connector.Package) string {
	if docs := pkg.Documents(); len(docs) > 0 {
		return docs[0].Path
	}
	return pkg.Dir
}

// readmeProblem says what keeps the folder's readme name from being a
// readme ppconn reads ("" when it is one): missing, a folder, a symbolic
// link that leaves the connector folder. It only stats, with Lstat, as
// settings-files-exist does.
func readmeProblem(dir, name string) string {
	if name == "" {
		return "missing"
	}
	_, problem := settingsStat(dir, dir, name)
	return problem
}

var readmePresent = &lint.Rule{
	ID:      "readme-present",
	Level:   lint.Guidance,
	Profile: "certification",
	Title:   "A connector folder submitted for certification has a readme.md",
	Source:  "catalog §1.13 cert-files, cert-readme; R-README; R-TEMPL; R-CORPUS (the repository snapshot)",
	Since:   since,
	Target:  lint.Package,
	Doc: `A connector is certified through a pull request to the microsoft/PowerPlatformConnectors
repository, which holds each connector as a folder. That repository's README asks
for three files, the definition, apiProperties.json and a README.md, "in the same
directory as the other connector files", and points to Microsoft's template
(templates/certified-connectors/readme.md there); the readme is what users read
about the connector on GitHub and what reviewers check it against. In that repository
(snapshot of 2024-10-23), 611 of the 619 certified-connectors folders have a
readme.md, in some case (270 spell it readme.md, the others README.md, Readme.md or
ReadMe.md; ppconn, like Windows and GitHub, takes any case). The 8 without one were
all added in 2020, before the readme template existed; every connector added since
has one.

The rule runs only under --profile certification, and only on a connector folder:
a definition given on its own (a file, or standard input) is not a submission, and
ppconn does not look at the folder it happens to sit in. It only looks at the
folder's names: a readme.md that is a folder, or a symbolic link that leaves the
connector folder, is reported too, since ppconn does not read through it. The
finding is at the top of the definition.

On the shared corpus (` + "`" + `../shared/corpus` + "`" + `) it fires on every connector: the corpus
copies only the definition, apiProperties.json and the script of each connector,
never its readme, so docs/precision.md shows 100% for it; the figure that measures
the rule is the repository's, above.

Bad: a folder with apiDefinition.swagger.json and apiProperties.json only.

Good: the same folder with readme.md, from Microsoft's template.`,
	Check: func(p *lint.Pass) {
		dir := p.Package.Dir
		if dir == "" {
			return
		}
		name := findReadme(dir)
		var msg string
		switch readmeProblem(dir, name) {
		case "missing":
			msg = "the connector folder has no readme.md: a certification pull request to microsoft/PowerPlatformConnectors adds one, written from Microsoft's template (templates/certified-connectors/readme.md there)"
		case "folder":
			msg = "'" + escape.Text(name) + "' in the connector folder is a folder, not the readme: put a readme.md file, from Microsoft's template, in its place"
		case "link":
			msg = "'" + escape.Text(name) + "' is a symbolic link that leaves the connector folder: ppconn does not follow it, and the pull request must hold the readme itself; put the file in the folder"
		case "other":
			msg = "'" + escape.Text(name) + "' in the connector folder cannot be read as the readme; make it a readme.md file"
		default:
			return
		}
		p.Report(lint.Diagnostic{File: readmeAt(p.Package), Message: msg})
	},
}

// readmeSection is a heading of Microsoft's readme template that
// readme-headings requires, with the heading texts (normalized by
// readmeHeadingText) that stand for it in accepted readmes.
type readmeSection struct {
	name string
	// same reports whether a normalized heading is this section.
	same func(h string) bool
}

// readmeSections are the template's required headings that most of the
// certified connectors' readmes have (see readme-headings' Doc for the
// figures, and for those left out).
var readmeSections = []readmeSection{
	{"Prerequisites", func(h string) bool {
		// "Pre-requisites", and a heading run into its first sentence
		return strings.HasPrefix(strings.NewReplacer("-", "", " ", "").Replace(h), "prerequisite")
	}},
	{"Supported Operations", func(h string) bool {
		for _, w := range []string{"operations", "actions", "triggers"} {
			if h == w || strings.HasPrefix(h, "supported "+w) || strings.HasPrefix(h, w+" and ") {
				return true
			}
		}
		return false
	}},
}

// readmeHeadingText normalizes a heading's text for comparison: no
// emphasis or code marks, lower case, single spaces, without a leading
// number ("2.") and without what follows a colon ("Publisher: Contoso").
func readmeHeadingText(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '*', '_', '`', '\u200b', '\ufeff': // marks, and the template's zero-width spaces
			return -1
		}
		return r
	}, s)
	if i := strings.IndexByte(s, ':'); i >= 0 {
		s = s[:i]
	}
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	if i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }); i > 0 && (s[i] == '.' || s[i] == ')') {
		s = strings.TrimSpace(s[i+1:])
	}
	return strings.TrimRight(s, " .?!")
}

// markdownHeadings lists the texts of a Markdown file's headings: ATX
// ("## Title", up to three spaces before, closing #s dropped) and setext
// (a line underlined with = or -), outside fenced code blocks.
func markdownHeadings(src []byte) []string {
	var heads []string
	var fence string // the opening fence of the code block we are in
	prev := ""       // the previous line, when it can be a setext heading's text
	for line := range strings.Lines(strings.TrimPrefix(string(src), "\uFEFF")) {
		line = strings.TrimRight(line, "\r\n")
		indented := strings.TrimLeft(line, " ")
		if len(line)-len(indented) > 3 {
			prev = ""
			continue
		}
		if fence != "" {
			if strings.HasPrefix(indented, fence) && strings.Trim(indented, fence[:1]+" \t") == "" {
				fence = ""
			}
			continue
		}
		if f := markdownFence(indented); f != "" {
			fence, prev = f, ""
			continue
		}
		if h, ok := atxHeading(indented); ok {
			heads = append(heads, h)
			prev = ""
			continue
		}
		trimmed := strings.TrimSpace(indented)
		if underline := trimmed != "" && (strings.Trim(trimmed, "=") == "" || strings.Trim(trimmed, "-") == ""); prev != "" && underline {
			heads = append(heads, prev)
			prev = ""
			continue
		}
		prev = trimmed
	}
	return heads
}

// markdownFence is the fence a line opens (three or more ` or ~), or "".
// A backtick fence's info string has no backtick: "```code```" on one
// line is inline code, not a block.
func markdownFence(line string) string {
	for _, c := range []string{"`", "~"} {
		n := len(line) - len(strings.TrimLeft(line, c))
		if n >= 3 && (c == "~" || !strings.Contains(line[n:], "`")) {
			return line[:n]
		}
	}
	return ""
}

// atxHeading is the text of an ATX heading line (indentation removed).
// Any space after the #s will do: readmes pasted from a word processor
// have a no-break space there ("##\u00a0Prerequisites").
func atxHeading(line string) (string, bool) {
	n := len(line) - len(strings.TrimLeft(line, "#"))
	if n < 1 || n > 6 {
		return "", false
	}
	if r, _ := utf8.DecodeRuneInString(line[n:]); len(line) > n && !unicode.IsSpace(r) {
		return "", false
	}
	text := strings.TrimSpace(line[n:])
	if t := strings.TrimRight(text, "#"); t == "" || strings.HasSuffix(t, " ") || strings.HasSuffix(t, "\t") {
		text = strings.TrimSpace(t)
	}
	return text, true
}

// readmeMissing lists the required sections a readme has no heading for.
func readmeMissing(src []byte) []string {
	var heads []string
	for _, h := range markdownHeadings(src) {
		heads = append(heads, readmeHeadingText(h))
	}
	var missing []string
	for _, s := range readmeSections {
		if !slices.ContainsFunc(heads, s.same) {
			missing = append(missing, s.name)
		}
	}
	return missing
}

var readmeHeadings = &lint.Rule{
	ID:      "readme-headings",
	Level:   lint.Guidance,
	Profile: "certification",
	Title:   "The readme has the Prerequisites and Supported Operations headings of Microsoft's template",
	Source:  "catalog §1.13 cert-readme; R-TEMPL; R-CORPUS (the repository snapshot)",
	Since:   since,
	Target:  lint.Package,
	Doc: `Microsoft's readme template for certified connectors (templates/certified-connectors/readme.md
of microsoft/PowerPlatformConnectors, since January 2022) marks these sections
Required: the title, Publisher, Prerequisites, Supported Operations, Obtaining
Credentials, Known Issues and Limitations, and Deployment Instructions (Optional in
the independent publisher template); Getting Started and Frequently Asked Questions
are optional. The rule asks only for those that most accepted readmes have. Of the
611 readmes of the repository's certified connectors (snapshot of 2024-10-23), and of
the 311 whose file was added since the template (2022 to 2024), the share with each heading
is:

| heading | all 611 | since 2022 (311) | checked |
|---|---:|---:|---|
| Prerequisites (or "Pre-requisites") | 96.6% | 98.7% | yes |
| Supported Operations (or "Supported Actions", "Actions", "Triggers") | 84.5% | 92.6% | yes |
| Deployment Instructions | 51.6% | 70.1% | no |
| Known Issues and Limitations | 47.0% | 77.5% | no |
| Publisher | 44.4% | 79.4% | no |
| Obtaining Credentials | 43.4% | 74.0% | no |
| Getting Started (optional) | 16.4% | 24.8% | no |
| Frequently Asked Questions (optional) | 7.7% | 13.5% | no |

The four other required headings are left out: about half of the accepted readmes
lack each, and a guidance finding on half of what Microsoft accepted is noise. With
the two it checks, the rule fires on 107 of the 611 readmes (17.5%). Headings
are compared loosely: any level of "#" heading or an underlined one, any case,
emphasis marks dropped, a trailing colon or what follows it ("Publisher: Contoso")
and a leading number ignored; headings inside code blocks do not count.

The rule runs only under --profile certification, on a connector folder whose readme
readme-present finds. It reads readme.md only if it is a regular file in the folder
(never through a symbolic link that leaves it), of at most 1 MiB, and never prints
its text. On the shared corpus it never fires: the corpus holds no readme files.

Bad:

    # Contoso
    Contoso tracks parcels.
    ## Operations list

Good:

    # Contoso
    Contoso tracks parcels.
    ## Prerequisites
    A Contoso account.
    ## Supported Operations
    ### Track a parcel`,
	Check: func(p *lint.Pass) {
		dir := p.Package.Dir
		if dir == "" {
			return
		}
		name := findReadme(dir)
		if readmeProblem(dir, name) != "" {
			return // readme-present says why
		}
		file := filepath.Join(dir, name)
		at := connector.Pos{Line: 1, Col: 1}
		src, _, err := connector.ReadFile(file, connector.ReadOptions{MaxBytes: readmeMaxBytes, Tree: dir})
		switch {
		case errors.Is(err, connector.ErrTooLarge):
			p.Report(lint.Diagnostic{File: file, Pos: at, Message: "the readme is larger than 1 MiB, so ppconn does not read it for its headings; a readme is a few pages (the certified connectors' largest is 34 KB)"})
			return
		case err != nil:
			p.Report(lint.Diagnostic{File: file, Pos: at, Message: "the readme cannot be read for its headings (" + readmeReadError(err) + "); make it a regular file of the connector folder"})
			return
		}
		if missing := readmeMissing(src); len(missing) > 0 {
			noun := "heading"
			if len(missing) > 1 {
				noun = "headings"
			}
			p.Report(lint.Diagnostic{File: file, Pos: at, Message: "the readme has no " + quoteAnd(missing) + " " + noun + " of Microsoft's readme template (templates/certified-connectors/readme.md of microsoft/PowerPlatformConnectors): add the " + noun})
		}
	},
}

// readmeReadError words why the readme could not be read, without its
// path or bytes.
func readmeReadError(err error) string {
	switch {
	case errors.Is(err, connector.ErrNotRegular):
		return "not a regular file"
	case errors.Is(err, connector.ErrOutsideTree):
		return "a symbolic link that leaves the connector folder"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	return "a read error"
}
