package connector

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Limits bound what loading one file may cost, since ppconn reads files
// from pull requests.
type Limits struct {
	// MaxBytes: larger files are not parsed (the size rule still reports
	// them). Default 32 MiB: 32 times the platform's own 1 MB limit.
	MaxBytes int64
	// MaxDepth: deeper nesting is refused. Default 1,000; real connectors
	// stay under 40.
	MaxDepth int
	// MaxAliasNodes: how many nodes YAML aliases may expand to. Default
	// 100,000.
	MaxAliasNodes int
	// FollowSymlinks reads a file through a symlink that leaves its
	// folder (--follow-symlinks); by default ReadFile refuses it.
	FollowSymlinks bool
}

// DefaultLimits are the documented defaults of Limits.
var DefaultLimits = Limits{MaxBytes: 32 << 20, MaxDepth: 1000, MaxAliasNodes: 100_000}

// File is a file of the package that is not parsed as a document.
type File struct {
	Path string
	Src  []byte
	Size int64
}

// Package is one connector: a folder, or a single swagger file.
type Package struct {
	// Dir is the connector folder, or "" for a lone swagger file.
	Dir string
	// Swaggers holds the definition; a folder can hold a JSON and a YAML
	// twin, and both are linted.
	Swaggers   []*Document
	Properties *Document
	Settings   *Document
	Script     *File
	// ReadErrors are files that exist but could not be read.
	ReadErrors []error

	overlay map[string][]byte // see LoadOverlay
}

// Documents lists every parsed document of the package.
func (p *Package) Documents() []*Document {
	docs := append([]*Document(nil), p.Swaggers...)
	if p.Properties != nil {
		docs = append(docs, p.Properties)
	}
	if p.Settings != nil {
		docs = append(docs, p.Settings)
	}
	return docs
}

// Swagger returns the primary definition: the JSON one when there are
// twins, since that is what paconn and the import read.
func (p *Package) Swagger() *Document {
	if len(p.Swaggers) == 0 {
		return nil
	}
	return p.Swaggers[0]
}

// Twins returns the JSON and the YAML twin of a folder that holds both
// (apiDefinition.swagger.json and apiDefinition.swagger.yaml): nBold, for
// one, authors the YAML, whose comments JSON cannot hold, and publishes
// the JSON generated from it. ok is false unless there are exactly the
// two. The YAML twin is the source (the file the author edits, see
// TwinSource); the JSON one is what paconn and the import read.
func (p *Package) Twins() (jsonDoc, yamlDoc *Document, ok bool) {
	if len(p.Swaggers) != 2 {
		return nil, nil, false
	}
	a, b := p.Swaggers[0], p.Swaggers[1]
	if a.Format == b.Format {
		return nil, nil, false
	}
	if a.Format == YAML {
		a, b = b, a
	}
	return a, b, true
}

// TwinSource is the format of the twin ppconn takes for the authored one
// when the two disagree or report the same finding: YAML, which keeps the
// author's comments, while the JSON twin is generated from it ('ppconn
// sync' regenerates it; --from json says the reverse).
const TwinSource = YAML

// Target is a package found on disk, not yet loaded.
type Target struct {
	Dir      string // connector folder; "" for a lone file
	Swaggers []string
	Props    string
	Settings string
	Script   string
}

var swaggerName = regexp.MustCompile(`(?i)\.swagger\.(json|ya?ml)$`)

// IsDefinitionName reports whether the name of a file (or its path) is
// one of a definition as folders are read: *.swagger.json, *.swagger.yaml
// or *.swagger.yml, in any case.
func IsDefinitionName(name string) bool { return swaggerName.MatchString(name) }

// ErrNoConnector is returned by Discover for a folder with no connector in it.
var ErrNoConnector = errors.New("no connector found")

// Discover turns command-line paths into targets: a swagger file, a
// connector folder, or a tree of connector folders. The targets come in a
// stable order: arguments in order, folders sorted within each.
func Discover(paths []string) ([]Target, error) {
	var out []Target
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, unwrapPathError(err))
		}
		if !info.IsDir() {
			out = append(out, FileTarget(p))
			continue
		}
		found, err := discoverTree(p)
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s: %w: expected apiDefinition.swagger.json (or another *.swagger.json or *.swagger.yaml) in it or in a folder below it", p, ErrNoConnector)
		}
		out = append(out, found...)
	}
	return out, nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if errors.Is(err, fs.ErrNotExist) {
			return errors.New("no such file or folder")
		}
		return pe.Err
	}
	return err
}

// FileTarget is a lone file. An apiProperties.json given on its own is
// linted as properties; anything else is taken for a definition.
func FileTarget(p string) Target {
	if strings.EqualFold(filepath.Base(p), "apiProperties.json") {
		return Target{Props: p}
	}
	return Target{Swaggers: []string{p}}
}

// discoverTree finds the connector folders of the tree at root, in the
// order of filepath.WalkDir (a folder before the folders below it, names
// sorted), reading each folder once: the listing that says whether it is
// a connector also gives its sub-folders (issue #16: discovery runs before
// any worker starts, so its time is a serial part of every run).
func discoverTree(root string) ([]Target, error) {
	info, err := os.Lstat(root)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, nil // a symbolic link is not followed, as WalkDir does not
	}
	var out []Target
	var ambiguous []error
	var walk func(dir string) error
	walk = func(dir string) error {
		entries, err := os.ReadDir(dir)
		if err != nil {
			if dir == root {
				return err
			}
			return nil // an unreadable sub-folder is skipped, not fatal
		}
		t, ok, err := folderTargetOf(dir, entries)
		if err != nil {
			ambiguous = append(ambiguous, err)
		} else if ok {
			out = append(out, t)
		}
		for _, e := range entries {
			if e.IsDir() && !skipDir(e.Name()) {
				_ = walk(filepath.Join(dir, e.Name()))
			}
		}
		return nil
	}
	err = walk(root)
	if err == nil && len(ambiguous) > 0 {
		err = errors.Join(ambiguous...)
	}
	return out, err
}

func skipDir(name string) bool {
	return strings.HasPrefix(name, ".") || name == "node_modules" || name == "vendor"
}

// folderTarget recognises a connector folder by its files.
func folderTarget(dir string) (Target, bool, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return Target{}, false, nil
	}
	return folderTargetOf(dir, entries)
}

// folderTargetOf is folderTarget of the folder dir that lists entries.
func folderTargetOf(dir string, entries []fs.DirEntry) (Target, bool, error) {
	var names []string
	for _, e := range entries {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	f, err := PickFolder(names)
	if err != nil {
		var amb *AmbiguousError
		if errors.As(err, &amb) {
			amb.Dir = dir
		}
		return Target{}, false, err
	}
	t := Target{Dir: dir}
	join := func(name string) string {
		if name == "" {
			return ""
		}
		return filepath.Join(dir, name)
	}
	for _, s := range f.Swaggers {
		t.Swaggers = append(t.Swaggers, join(s))
	}
	t.Props, t.Settings, t.Script = join(f.Props), join(f.Settings), join(f.Script)
	return t, len(t.Swaggers) > 0 || t.Props != "", nil
}

// FolderFiles are the files of a connector folder, by name.
type FolderFiles struct {
	// Swaggers: the JSON definition, then its YAML twin; either may be
	// missing.
	Swaggers []string
	Props    string
	Settings string
	Script   string
}

// PickFolder applies the folder rules to the names of the files of one
// folder (on disk, or a git tree): apiDefinition.swagger.json (any case),
// else the one *.swagger.json; the same for YAML (*.swagger.yaml,
// *.swagger.yml); apiProperties.json, settings.json and script.csx in any
// case. Several definitions of one format, none of them named
// apiDefinition.swagger.*, are an *AmbiguousError: linting one of them
// would pass the others over in silence.
func PickFolder(names []string) (FolderFiles, error) {
	var f FolderFiles
	var jsons, yamls []string
	for _, name := range names {
		lower := strings.ToLower(name)
		switch {
		case swaggerName.MatchString(name):
			if strings.HasSuffix(lower, ".json") {
				jsons = append(jsons, name)
			} else {
				yamls = append(yamls, name)
			}
		case lower == "apiproperties.json":
			f.Props = name
		case lower == "settings.json":
			f.Settings = name
		case lower == "script.csx" || lower == "script.cs":
			f.Script = name
		}
	}
	for _, group := range [][]string{jsons, yamls} {
		pick, err := pickSwagger(group)
		if err != nil {
			return FolderFiles{}, err
		}
		if pick != "" {
			f.Swaggers = append(f.Swaggers, pick)
		}
	}
	return f, nil
}

// pickSwagger prefers apiDefinition.swagger.* (any case) among several
// candidates of one format; a lone candidate is taken whatever its name,
// and several others are ambiguous.
func pickSwagger(cands []string) (string, error) {
	sort.Strings(cands)
	for _, c := range cands {
		if strings.HasPrefix(strings.ToLower(c), "apidefinition.swagger.") {
			return c, nil
		}
	}
	switch len(cands) {
	case 0:
		return "", nil
	case 1:
		return cands[0], nil
	}
	return "", &AmbiguousError{Names: cands}
}

// AmbiguousError is a folder with several definitions of one format and
// none named apiDefinition.swagger.*: which one is the connector's, no
// rule of the platform or of paconn tells.
type AmbiguousError struct {
	Dir   string   // the folder; "" when the names come from elsewhere
	Names []string // the definitions' file names, sorted
}

func (e *AmbiguousError) Error() string {
	count := []string{2: "two", 3: "three", 4: "four"}
	n := fmt.Sprint(len(e.Names))
	if len(e.Names) < len(count) {
		n = count[len(e.Names)]
	}
	quoted := make([]string, len(e.Names))
	for i, name := range e.Names {
		quoted[i] = "'" + name + "'"
	}
	list := strings.Join(quoted[:len(quoted)-1], ", ") + " and " + quoted[len(quoted)-1]
	ext := strings.ToLower(swaggerName.FindString(e.Names[0]))
	msg := fmt.Sprintf("ambiguous: %s definitions, %s, and none is apiDefinition%s: rename the connector's definition apiDefinition%s and move the others out of the folder, or give one file as the PATH", n, list, ext, ext)
	if e.Dir != "" {
		msg = e.Dir + ": " + msg
	}
	return msg
}

// Load reads and parses every file of a target. Problems in the files are
// recorded on the documents; only unreadable files go to ReadErrors.
func Load(t Target, lim Limits) *Package { return LoadOverlay(t, lim, nil) }

// LoadOverlay is Load with some files' contents given instead of read from
// disk: overlay maps a path of the target, spelled as in t, to its text.
// The language server passes the editor's unsaved buffers this way.
func LoadOverlay(t Target, lim Limits, overlay map[string][]byte) *Package {
	pkg := &Package{Dir: t.Dir, overlay: overlay}
	for _, s := range t.Swaggers {
		if d := pkg.loadDoc(s, RoleSwagger, lim); d != nil {
			pkg.Swaggers = append(pkg.Swaggers, d)
		}
	}
	if t.Props != "" {
		pkg.Properties = pkg.loadDoc(t.Props, RoleProperties, lim)
	}
	if t.Settings != "" {
		pkg.Settings = pkg.loadDoc(t.Settings, RoleSettings, lim)
	}
	if t.Script != "" {
		if src, size, err := pkg.read(t.Script, lim); err != nil {
			pkg.ReadErrors = append(pkg.ReadErrors, err)
		} else {
			pkg.Script = &File{Path: t.Script, Src: src, Size: size}
		}
	}
	return pkg
}

func (p *Package) loadDoc(path string, role Role, lim Limits) *Document {
	src, size, err := p.read(path, lim)
	refused := errors.Is(err, ErrOutsideTree) || errors.Is(err, ErrNotRegular)
	if err != nil && !refused {
		p.ReadErrors = append(p.ReadErrors, err)
		return nil
	}
	doc := &Document{Path: path, Role: role, Size: size}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml":
		doc.Format = YAML
	case ".json":
	default:
		// a name that does not tell ("<stdin>", a .txt): the text does
		if src != nil {
			doc.Format = SniffFormat(src)
		}
	}
	if refused {
		// a finding (input-limits), not a read error: the pull request
		// committed it, and the rest of the connector is still linted
		doc.Encoding = "utf-8"
		doc.addProblem(ProblemLimit, Pos{Line: 1, Col: 1}, "the file is "+refusal(err)+"; it was not read")
		return doc
	}
	if src == nil {
		doc.Encoding = "utf-8"
		doc.addProblem(ProblemLimit, Pos{Line: 1, Col: 1}, fmt.Sprintf(
			"the file is %d bytes, more than ppconn parses (%d bytes, --max-bytes); it was not linted", size, lim.MaxBytes))
		return doc
	}
	Parse(doc, src, lim)
	return doc
}

// SniffFormat guesses the format of text with no telling file name: JSON
// when it starts (after a BOM and blanks) with '{' or '[', else YAML.
func SniffFormat(data []byte) Format {
	t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n")
	if len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return JSON
	}
	return YAML
}

// Parse decodes and parses src into doc according to doc.Format.
func Parse(doc *Document, src []byte, lim Limits) {
	decodeText(doc, src)
	if doc.Format == YAML {
		parseYAML(doc, lim.MaxDepth, lim.MaxAliasNodes)
	} else {
		parseJSON(doc, lim.MaxDepth)
	}
}

// read reads a file of the package from the overlay, else from disk.
func (p *Package) read(path string, lim Limits) ([]byte, int64, error) {
	if src, ok := p.overlay[path]; ok {
		if int64(len(src)) > lim.MaxBytes {
			return nil, int64(len(src)), nil
		}
		return src, int64(len(src)), nil
	}
	opt := lim.ReadOptions()
	opt.Tree = p.Dir
	return readLimited(path, opt)
}

// refusal says why ReadFile refused a file, for a finding.
func refusal(err error) string {
	if errors.Is(err, ErrOutsideTree) {
		return "a symbolic link to a file outside the connector's folder (it could expose the machine's files); ppconn does not follow it unless --follow-symlinks is given"
	}
	return "not a regular file (a FIFO, a device or a socket could block or never end); ppconn reads only regular files"
}

// readLimited reads a file through ReadFile, or returns nil contents
// (and the size it saw) when it is over the limit.
func readLimited(path string, opt ReadOptions) ([]byte, int64, error) {
	src, size, err := ReadFile(path, opt)
	switch {
	case errors.Is(err, ErrTooLarge):
		return nil, size, nil
	case err != nil:
		return nil, 0, fmt.Errorf("%s: %w", path, unwrapPathError(err))
	}
	return src, size, nil
}

// FolderTarget is the connector of the folder dir, as Discover recognises
// it (without looking below dir); ok is false when dir holds none, and err
// an *AmbiguousError when it holds several definitions of one format.
func FolderTarget(dir string) (t Target, ok bool, err error) { return folderTarget(dir) }
