package diff

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	gitcmd "github.com/ppconn/ppconn/internal/git"
	"github.com/ppconn/ppconn/internal/secret"
)

// Input is one side of a comparison: a definition, with the connection
// settings when it was read from a connector folder.
type Input struct {
	// Name is the argument as given: a path, "-" or git:REV:PATH.
	Name string
	// Definition is nil when the input is an apiProperties.json alone.
	Definition *connector.Document
	// Twin is the YAML twin of Definition when a connector folder holds
	// both apiDefinition.swagger.json and apiDefinition.swagger.yaml
	// (nBold authors the YAML and publishes the JSON): Compare compares
	// the twins with each other too, so that an edit to one of them only
	// is not missed.
	Twin       *connector.Document
	Properties *connector.Document
	// Folder is set when the input was a connector folder (on disk or in
	// git), whose apiProperties.json is compared too.
	Folder bool
}

// ErrRead marks the errors of Read, all of which are the user's to fix
// (exit 2).
var ErrRead = errors.New("cannot read")

// Read reads one side of a comparison. spec is:
//   - "-": the text on stdin (what was copied out of the Swagger editor),
//     JSON or YAML;
//   - git:REV:PATH: a file or a connector folder as committed in REV, read
//     with git (git show REV:PATH) without touching the work tree; PATH is
//     relative to the repository root, or to the current folder when it
//     starts with ./ (git's own rule);
//   - a connector folder: its definition and apiProperties.json;
//   - a file, JSON or YAML whatever its extension.
func Read(spec string, stdin io.Reader, lim connector.Limits) (*Input, error) {
	in, err := read(spec, stdin, lim)
	if err != nil {
		return nil, fmt.Errorf("%w %s: %w", ErrRead, spec, err)
	}
	in.Name = spec
	for _, d := range []*connector.Document{in.Definition, in.Twin, in.Properties} {
		if d != nil && d.Root == nil {
			return nil, fmt.Errorf("%w %s: %s", ErrRead, spec, unparsed(d))
		}
	}
	return in, nil
}

// ReadBytes is Read for a file whose text is already at hand (git's
// external diff gives a temporary copy): name, the file's path as the
// repository names it, tells an apiProperties.json from a definition and
// JSON from YAML; display names it in the report.
func ReadBytes(display, name string, src []byte, lim connector.Limits) (*Input, error) {
	if int64(len(src)) > lim.MaxBytes {
		return nil, fmt.Errorf("%w %s: the file is %d bytes, more than ppconn reads (%d, --max-bytes)", ErrRead, display, len(src), lim.MaxBytes)
	}
	in := &Input{Name: display}
	if strings.EqualFold(path.Base(name), "apiProperties.json") {
		in.Properties = parse(display, src, name, connector.RoleProperties, lim)
	} else {
		in.Definition = parse(display, src, name, connector.RoleSwagger, lim)
	}
	for _, d := range []*connector.Document{in.Definition, in.Properties} {
		if d != nil && d.Root == nil {
			return nil, fmt.Errorf("%w %s: %s", ErrRead, display, unparsed(d))
		}
	}
	return in, nil
}

func read(spec string, stdin io.Reader, lim connector.Limits) (*Input, error) {
	if spec == "-" {
		src, err := io.ReadAll(io.LimitReader(stdin, lim.MaxBytes+1))
		if err != nil {
			return nil, err
		}
		if int64(len(src)) > lim.MaxBytes {
			return nil, fmt.Errorf("standard input is larger than %d bytes (--max-bytes)", lim.MaxBytes)
		}
		return &Input{Definition: parse("-", src, "", connector.RoleSwagger, lim)}, nil
	}
	if rest, ok := strings.CutPrefix(spec, "git:"); ok {
		if _, err := os.Stat(spec); err != nil { // a file really named git:... wins
			rev, p, ok := strings.Cut(rest, ":")
			if !ok || rev == "" || p == "" {
				return nil, errors.New("expected git:REV:PATH, e.g. git:HEAD:apiDefinition.swagger.json or git:main:connectors/acme")
			}
			return readGit(rev, p, lim)
		}
	}
	info, err := os.Stat(spec)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, errors.New("no such file or folder")
		}
		return nil, err
	}
	if info.IsDir() {
		return readFolder(spec, lim)
	}
	src, size, err := connector.ReadFile(spec, lim.ReadOptions())
	switch {
	case errors.Is(err, connector.ErrTooLarge):
		return nil, fmt.Errorf("the file is more than %d bytes (%d read), more than ppconn reads (--max-bytes)", lim.MaxBytes, size)
	case err != nil:
		return nil, err
	}
	if strings.EqualFold(filepath.Base(spec), "apiProperties.json") {
		return &Input{Properties: parse(spec, src, spec, connector.RoleProperties, lim)}, nil
	}
	return &Input{Definition: parse(spec, src, spec, connector.RoleSwagger, lim)}, nil
}

// parse parses src; the format comes from the name's extension, or from
// the first character when there is none (stdin, odd names).
func parse(display string, src []byte, name string, role connector.Role, lim connector.Limits) *connector.Document {
	doc := &connector.Document{Path: display, Role: role, Size: int64(len(src))}
	ext := strings.ToLower(path.Ext(name))
	switch ext {
	case ".yaml", ".yml":
		doc.Format = connector.YAML
	case ".json":
	default:
		t := bytes.TrimLeft(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")), " \t\r\n")
		if len(t) > 0 && t[0] != '{' && t[0] != '[' {
			doc.Format = connector.YAML
		}
	}
	connector.Parse(doc, src, lim)
	return doc
}

func unparsed(d *connector.Document) string {
	for _, p := range d.Problems {
		return fmt.Sprintf("%s:%d:%d: %s", d.Path, p.Pos.Line, p.Pos.Col, secret.MaskText(p.Message, secret.All(d)...))
	}
	return d.Path + ": the file could not be parsed"
}

func readFolder(dir string, lim connector.Limits) (*Input, error) {
	targets, err := connector.Discover([]string{dir})
	if err != nil {
		return nil, unwrapDiscover(err, dir)
	}
	var t *connector.Target
	for i := range targets {
		if filepath.Clean(targets[i].Dir) == filepath.Clean(dir) {
			t = &targets[i]
		}
	}
	if t == nil {
		if len(targets) != 1 {
			return nil, fmt.Errorf("the folder holds %d connectors (%s, ...); name the connector folder itself", len(targets), targets[0].Dir)
		}
		t = &targets[0]
	}
	// A folder with JSON and YAML twins: the JSON one (which paconn and
	// the import read) is the definition, the YAML one its twin.
	t.Settings, t.Script = "", ""
	pkg := connector.Load(*t, lim)
	if len(pkg.ReadErrors) > 0 {
		return nil, errors.Join(pkg.ReadErrors...)
	}
	in := &Input{Definition: pkg.Swagger(), Properties: pkg.Properties, Folder: true}
	if _, yaml, ok := pkg.Twins(); ok {
		in.Twin = yaml
	}
	return in, nil
}

func unwrapDiscover(err error, dir string) error {
	if errors.Is(err, connector.ErrNoConnector) {
		return errors.New("no connector in this folder: expected apiDefinition.swagger.json (or *.swagger.json, *.swagger.yaml) or apiProperties.json")
	}
	return errors.New(strings.TrimPrefix(err.Error(), dir+": "))
}

// readGit reads REV:PATH with git: a file (git show), or a connector
// folder, whose definition and apiProperties.json are picked by the rules
// of a folder on disk.
func readGit(rev, p string, lim connector.Limits) (*Input, error) {
	object := rev + ":" + p
	typ, err := git("cat-file", "-t", object)
	if err != nil {
		return nil, err
	}
	display := "git:" + object
	switch strings.TrimSpace(string(typ)) {
	case "blob":
		src, err := gitBlob(object, lim)
		if err != nil {
			return nil, err
		}
		if strings.EqualFold(path.Base(p), "apiProperties.json") {
			return &Input{Properties: parse(display, src, p, connector.RoleProperties, lim)}, nil
		}
		return &Input{Definition: parse(display, src, p, connector.RoleSwagger, lim)}, nil
	case "tree":
		out, err := git("ls-tree", "--name-only", object)
		if err != nil {
			return nil, err
		}
		files, err := connector.PickFolder(strings.Split(strings.TrimSpace(string(out)), "\n"))
		if err != nil {
			return nil, err
		}
		var swagger, twin string
		switch len(files.Swaggers) {
		case 2:
			twin = files.Swaggers[1]
			fallthrough
		case 1:
			swagger = files.Swaggers[0]
		}
		props := files.Props
		if swagger == "" && props == "" {
			return nil, errors.New("no connector in this folder: expected apiDefinition.swagger.json (or *.swagger.json, *.swagger.yaml) or apiProperties.json")
		}
		in := &Input{Folder: true}
		base := strings.TrimSuffix(p, "/")
		for _, f := range []struct {
			name string
			role connector.Role
			dst  **connector.Document
		}{{swagger, connector.RoleSwagger, &in.Definition}, {twin, connector.RoleSwagger, &in.Twin}, {props, connector.RoleProperties, &in.Properties}} {
			if f.name == "" {
				continue
			}
			obj := rev + ":" + base + "/" + f.name
			src, err := gitBlob(obj, lim)
			if err != nil {
				return nil, err
			}
			*f.dst = parse("git:"+obj, src, f.name, f.role, lim)
		}
		return in, nil
	}
	return nil, fmt.Errorf("%s is a %s, not a file or a folder", object, strings.TrimSpace(string(typ)))
}

// gitBlob reads a blob raw (git cat-file, not git show, which would apply
// a textconv such as ppconn textconv).
func gitBlob(object string, lim connector.Limits) ([]byte, error) {
	return gitcmd.Blob(object, lim.MaxBytes)
}

// git runs a read-only git command in the current folder.
func git(args ...string) ([]byte, error) {
	out, err := gitcmd.Output(args...)
	if errors.Is(err, gitcmd.ErrNotInstalled) {
		return nil, errors.New("git is not installed (or not on PATH), so git:REV:PATH cannot be read")
	}
	return out, err
}
