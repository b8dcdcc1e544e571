package rules

import (
	"fmt"
	"strings"

	"github.com/ppconn/ppconn/internal/lint"
)

// Path rules (catalog §1.4): every key under "paths" is a route the
// platform can match: no query, fragment or wildcard, well-formed
// {variables}, and no two keys it cannot tell apart.

var pathRules = []*lint.Rule{pathNoQueryOrFragment, pathNoWildcard, pathTemplateWellFormed, pathUniqueCaseInsensitive, pathNoDuplicateTemplates}

// pathQueryChars start a query or a fragment; pathWildcards are the
// wildcard characters. Both must be percent-encoded in a path key.
var (
	pathQueryChars = map[rune]string{'?': "%3F", '#': "%23"}
	pathWildcards  = map[rune]string{'*': "%2A"}
)

// pathItems lists the path items of the definition: the members of
// "paths" whose key is a path (extensions and stray keys are left to the
// keyword rules).
func pathItems(root *Node) []*Node {
	var out []*Node
	for _, item := range root.Get("paths").List() {
		if strings.HasPrefix(item.Key, "/") {
			out = append(out, item)
		}
	}
	return out
}

// pathFirstOf returns the first character of path found in chars.
func pathFirstOf(path string, chars map[rune]string) (rune, bool) {
	for _, r := range path {
		if _, ok := chars[r]; ok {
			return r, true
		}
	}
	return 0, false
}

func pathCharsDoc(chars map[rune]string) string {
	var parts []string
	for _, r := range "?#*" {
		if enc, ok := chars[r]; ok {
			parts = append(parts, fmt.Sprintf("'%c' (%s)", r, enc))
		}
	}
	return strings.Join(parts, " and ")
}

var pathNoQueryOrFragment = &lint.Rule{
	ID:             "path-no-query-or-fragment",
	Level:          lint.Certification,
	Title:          "A path must not contain a query string or a fragment",
	Source:         "catalog §1.4 path-no-query-or-fragment; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"OperationPathMayNotContainQueryOrFragment"},
	Doc: `A key under "paths" is a route template, not a URL: the platform builds the query
string from the "in": "query" parameters. A raw ` + pathCharsDoc(pathQueryChars) + ` must be
percent-encoded; a fixed query value is an internal query parameter with a default.

Bad:

    "/teams?archived=true": {...}

Good:

    "/teams": {"get": {"parameters": [{"name": "archived", "in": "query", "type": "boolean",
        "default": true, "required": true, "x-ms-visibility": "internal"}], ...}}`,
	Check: func(p *lint.Pass) {
		for _, item := range pathItems(p.Root) {
			if r, ok := pathFirstOf(item.Key, pathQueryChars); ok {
				p.Report(lint.Diagnostic{Node: item, AtKey: true, Message: fmt.Sprintf("The path '%s' is not valid, it must not contain a query part or fragment identifier: encode '%c' as %s, or move the query into 'in: query' parameters", item.Key, r, pathQueryChars[r])})
			}
		}
	},
}

var pathNoWildcard = &lint.Rule{
	ID:             "path-no-wildcard",
	Level:          lint.Certification,
	Title:          "A path must not contain the wildcard '*'",
	Source:         "catalog §1.4 path-no-wildcard; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"OperationPathContainsUnsupportedCharacters"},
	Doc: `The platform cannot route a path with a wildcard. Write the variable part as a path
parameter ({name}), or encode a literal ` + pathCharsDoc(pathWildcards) + `.

Bad:

    "/files/*": {...}

Good:

    "/files/{fileId}": {...}`,
	Check: func(p *lint.Pass) {
		for _, item := range pathItems(p.Root) {
			if _, ok := pathFirstOf(item.Key, pathWildcards); ok {
				p.Report(lint.Diagnostic{Node: item, AtKey: true, Message: fmt.Sprintf("The operation path cannot contain wildcard character '*': write the variable part of '%s' as a {parameter}", item.Key)})
			}
		}
	},
}

// pathTemplateProblem says what is wrong with the {variables} of a path:
// the validator code and a description, or "" when they are well formed.
func pathTemplateProblem(path string) (code, what string) {
	open := -1
	for i, r := range path {
		switch {
		case r == '{' && open >= 0:
			return "OperationPathTemplateNotValid", fmt.Sprintf("'%s' opens a variable inside another", pathFragment(path, open))
		case r == '{':
			open = i
		case r == '}' && open < 0:
			return "OperationPathTemplateNotValid", fmt.Sprintf("the '}' after '%s' closes no variable", path[:i])
		case r == '}':
			if code, what := pathVariableProblem(path[open+1 : i]); code != "" {
				return code, what
			}
			open = -1
		case r == '/' && open >= 0:
			return "OperationPathTemplateNotValid", fmt.Sprintf("the variable '%s' spans a '/'", pathFragment(path, open))
		}
	}
	if open >= 0 {
		return "OperationPathTemplateNotValid", fmt.Sprintf("the '{' of '%s' is never closed", path[open:])
	}
	return "", ""
}

// pathFragment is the part of path from the '{' at open to the next '}'.
func pathFragment(path string, open int) string {
	if end := strings.IndexByte(path[open:], '}'); end >= 0 {
		return path[open : open+end+1]
	}
	return path[open:]
}

func pathVariableProblem(name string) (code, what string) {
	switch {
	case name == "":
		return "OperationPathTemplateNotValid", "'{}' names no variable"
	case strings.Contains(name, "="):
		return "OperationPathVariablesContainDefaults", fmt.Sprintf("'{%s}' sets a default", name)
	}
	return "", ""
}

var pathTemplateWellFormed = &lint.Rule{
	ID:             "path-template-well-formed",
	Level:          lint.Certification,
	Title:          "Path variables must be {name}, within one segment, without a default",
	Source:         "catalog §1.4 path-template-well-formed; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"OperationPathTemplateNotValid", "OperationPathVariablesContainDefaults"},
	Doc: `Each path template variable is enclosed by '{' and '}' and lies within a single URL
segment. A '{' or '}' that does not enclose a variable must be encoded (%7B, %7D).
A variable cannot set its default with '=': give the path parameter a "default".

Bad:

    "/teams/{teamId/members}": {...}
    "/teams/{teamId=general}": {...}

Good:

    "/teams/{teamId}/members": {...}`,
	Check: func(p *lint.Pass) {
		for _, item := range pathItems(p.Root) {
			code, what := pathTemplateProblem(item.Key)
			switch code {
			case "OperationPathVariablesContainDefaults":
				p.Report(lint.Diagnostic{Node: item, AtKey: true, Message: fmt.Sprintf("The operation path template variables cannot set default values with character '=': %s in '%s'; remove it and give the path parameter a 'default'", what, item.Key)})
			case "OperationPathTemplateNotValid":
				p.Report(lint.Diagnostic{Node: item, AtKey: true, Message: fmt.Sprintf("The path '%s' is not valid: %s. Each path template variable enclosed by '{' and '}' must be contained within a single URL segment; encode a '{' or '}' that encloses no variable as %%7B or %%7D", item.Key, what)})
			}
		}
	},
}

var pathUniqueCaseInsensitive = &lint.Rule{
	ID:             "path-unique-case-insensitive",
	Level:          lint.Import,
	Title:          "Paths must be unique when compared case-insensitively",
	Source:         "catalog §1.4 path-unique-case-insensitive; L-SVR; powerapps-tools#222, #909",
	Since:          since,
	ValidatorCodes: []string{"PathRedefined"},
	Doc: `The platform compares paths without regard to case, so "/Teams" and "/teams" are the
same path defined twice, and the import fails.

Bad:

    "/teams": {"get": {...}},
    "/Teams": {"post": {...}}

Good:

    "/teams": {"get": {...}, "post": {...}}`,
	Check: func(p *lint.Pass) {
		first := map[string]*Node{}
		for _, item := range pathItems(p.Root) {
			key := strings.ToLower(item.Key)
			if prev, ok := first[key]; ok {
				p.Report(lint.Diagnostic{
					Node: item, AtKey: true,
					Message: fmt.Sprintf("The path '%s' is defined multiple times with different capitalization. Paths must be unique when compared case-insensitively: '%s' is the same path; merge their operations under one key", item.Key, prev.Key),
					Related: []lint.RelatedInfo{{Node: prev, AtKey: true, Message: fmt.Sprintf("the path '%s'", prev.Key)}},
				})
				continue
			}
			first[key] = item
		}
	},
}

// pathShape is a path with every {variable} replaced by "{}" and folded to
// lower case: two paths of one shape cannot be told apart by routing.
func pathShape(path string) string {
	var b strings.Builder
	open := false
	for _, r := range strings.ToLower(path) {
		switch {
		case r == '{':
			open = true
			b.WriteString("{}")
		case r == '}':
			open = false
		case !open:
			b.WriteRune(r)
		}
	}
	return b.String()
}

var pathNoDuplicateTemplates = &lint.Rule{
	ID:             "path-no-duplicate-templates",
	Level:          lint.Certification,
	Title:          "Two operations of one method must not have paths that differ only in variable names",
	Source:         "catalog §1.4 path-no-duplicate-templates; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"DuplicateOperationPath"},
	Doc: `"/teams/{teamId}" and "/teams/{name}" match the same requests: for the same method,
the platform cannot decide which operation a call is for. Paths that differ only in
capitalization are reported by path-unique-case-insensitive instead.

Bad:

    "/teams/{teamId}": {"get": {"operationId": "GetTeam", ...}},
    "/teams/{name}": {"get": {"operationId": "GetTeamByName", ...}}

Good: make a static segment differ.

    "/teams/{teamId}": {"get": {...}},
    "/teams/by-name/{name}": {"get": {...}}`,
	Check: func(p *lint.Pass) {
		first := map[string]*Operation{}
		for _, op := range operations(p, p.Root) {
			key := op.Method + " " + pathShape(op.Path)
			prev, ok := first[key]
			if !ok {
				first[key] = op
				continue
			}
			if !strings.EqualFold(prev.Path, op.Path) {
				p.Report(lint.Diagnostic{Node: op.Node, AtKey: true, Message: fmt.Sprintf("The operations '%s' and '%s' have the path templates '%s' and '%s' which are duplicate and indistinguishable. They need to have a difference in static path segments for a deterministic routing", prev.Name(), op.Name(), prev.Path, op.Path)})
			}
		}
	},
}
