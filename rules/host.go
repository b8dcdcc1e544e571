package rules

import (
	"fmt"
	"mime"
	"net"
	"regexp"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
)

// Host rules (catalog §1.3): where requests go (host, basePath, schemes)
// and the media types the platform can send and read.

var hostRules = []*lint.Rule{
	hostFormat, hostPresent, hostProductionOnly, basePathLeadingSlash,
	schemesNonEmpty, schemesHTTPOnly, schemesHTTPSPreferred, consumesPresent, mimeTypeSupported,
}

// hostPattern is the host pattern of Microsoft's schema: a bare host with
// an optional port.
var hostPattern = regexp.MustCompile(`^[^{}/ :\\]+(?::\d+)?$`)

// supportedMIMETypes are the only media types the validator supports in
// consumes and produces.
var supportedMIMETypes = []string{"application/json", "text/plain", "multipart/form-data", "application/x-www-form-urlencoded"}

// schemeLists says which transfer protocols the platform accepts.
var schemeLists = struct{ Allowed, WebSocket []string }{
	Allowed:   []string{"http", "https"},
	WebSocket: []string{"ws", "wss"},
}

// nonProductionHosts are the signs that a host is not the production one.
var nonProductionHosts = struct {
	// Labels: whole dot- or dash-separated parts of the name (not its
	// top-level domain).
	Labels []string
	// Domains: these domains and their subdomains.
	Domains []string
	// TLDs: top-level domains reserved for tests and local networks.
	TLDs []string
	// Production: real production hosts that the heuristics would flag.
	Production []string
}{
	Labels:     []string{"staging", "stage", "dev", "develop", "development", "test", "testing", "sandbox", "uat", "qa", "preprod"},
	Domains:    []string{"localhost", "example.com", "example.org", "example.net"},
	TLDs:       []string{"local", "localhost", "test", "example", "invalid"},
	Production: []string{"dev.azure.com"},
}

// hostMIMEList is the supported list as the validator prints it.
func hostMIMEList() string {
	return `["` + strings.Join(supportedMIMETypes, `","`) + `"]`
}

var hostFormat = &lint.Rule{
	ID:             "host-format",
	Level:          lint.Certification,
	Title:          "host is a bare host name with an optional port",
	Source:         "catalog §1.3 host-format; L-SVR; R-SCHEMA-SW",
	Since:          since,
	ValidatorCodes: []string{"HostNameNotValid"},
	Doc: `The host is only the name (and an optional ":port"): the scheme goes in "schemes" and
the path in "basePath". Microsoft's schema pattern is ` + "`" + hostPattern.String() + "`" + `.
A host that varies per connection cannot be written with braces here: use the
dynamichosturl policy template with a connection parameter, and put a default host.

Bad:

    "host": "https://api.contoso.com/v1"
    "host": "{instance}.contoso.com"

Good:

    "host": "api.contoso.com",
    "basePath": "/v1"`,
	Check: func(p *lint.Pass) {
		h := p.Root.Get("host")
		switch {
		case h == nil:
		case !h.IsString():
			p.Reportf(h, "The 'host' property must be a string such as \"api.contoso.com\", not %s", h.Kind)
		case !hostPattern.MatchString(h.Value):
			p.Reportf(h, "The 'host' property, if present, must be a valid URI host without a scheme or path: %s", hostFix(h.Value))
		}
	},
}

// hostFix says how to repair an invalid host.
func hostFix(h string) string {
	if strings.ContainsAny(h, "{}") {
		return "a host that varies per connection needs the dynamichosturl policy template with a connection parameter; write a default host here"
	}
	rest := h
	if i := strings.Index(rest, "://"); i >= 0 {
		rest = rest[i+3:]
	}
	name, path, _ := strings.Cut(rest, "/")
	if name == h || !hostPattern.MatchString(name) {
		return "write the host name only, such as api.contoso.com, with an optional :port"
	}
	fix := fmt.Sprintf("write \"host\": %q", name)
	if path = strings.TrimRight(path, "/"); path != "" {
		fix += fmt.Sprintf(" and put the path in \"basePath\": %q", "/"+path)
	}
	return fix
}

var hostPresent = &lint.Rule{
	ID:     "host-present",
	Level:  lint.Guidance,
	Title:  "The definition has a host",
	Source: "catalog §1.3 host-present (INFERRED); R-PACONN (_create_backendservice_url); L-FAQ",
	Since:  since,
	Doc: `The connector's backend URL is built from schemes[0], host and basePath (paconn:
_create_backendservice_url). Without a host it is empty, so requests have nowhere to
go. A host that varies per connection still needs a default here, rewritten by the
dynamichosturl policy template.

Good:

    "host": "api.contoso.com"`,
	Check: func(p *lint.Pass) {
		if !p.Root.Has("host") {
			p.Reportf(p.Root, "There is no 'host': the backend URL is built from schemes, host and basePath, so it would be empty; set the production host (with the dynamichosturl policy when it varies per connection)")
		}
	},
}

// hostNonProduction returns why the host name looks like a non-production
// one, or "".
func hostNonProduction(host string) string {
	name := strings.ToLower(strings.TrimSuffix(host, "."))
	if h, _, err := net.SplitHostPort(name); err == nil {
		name = h
	}
	np := nonProductionHosts
	if contains(np.Production, name) {
		return ""
	}
	if ip := net.ParseIP(name); ip != nil {
		if ip.IsLoopback() || ip.IsPrivate() || ip.IsUnspecified() || ip.IsLinkLocalUnicast() {
			return "a loopback or private IP address"
		}
		return ""
	}
	for _, d := range np.Domains {
		if name == d || strings.HasSuffix(name, "."+d) {
			return "'" + d + "' is not a real service"
		}
	}
	labels := strings.Split(name, ".")
	if tld := labels[len(labels)-1]; contains(np.TLDs, tld) {
		return "the top-level domain '." + tld + "' is reserved for tests and local networks"
	}
	for _, l := range labels[:len(labels)-1] {
		for _, part := range strings.Split(l, "-") {
			if contains(np.Labels, part) {
				return "'" + part + "' names a non-production environment"
			}
		}
	}
	return ""
}

var hostProductionOnly = &lint.Rule{
	ID:     "host-production-only",
	Level:  lint.Guidance,
	Title:  "host is the production host",
	Source: "catalog §1.3 host-production-only (INFERRED heuristics); L-CERT §4; R-TEMPL",
	Since:  since,
	Doc: `Certification: "Provide a production version of the host URL. Staging, dev, and test
host URLs aren't allowed." ppconn guesses, so this is guidance. It flags loopback and
private IP addresses; the domains ` + quoteList(nonProductionHosts.Domains) + ` and their
subdomains; the top-level domains ` + quoteList(nonProductionHosts.TLDs) + `; and a
dot- or dash-separated part of the name equal to ` + quoteList(nonProductionHosts.Labels) + `
(not the top-level domain). Known production hosts are not flagged: ` + quoteList(nonProductionHosts.Production) + `.

Bad:

    "host": "staging-api.contoso.com"
    "host": "localhost:5001"

Good:

    "host": "api.contoso.com"`,
	Check: func(p *lint.Pass) {
		h := p.Root.Get("host")
		if !h.IsString() || !hostPattern.MatchString(h.Value) {
			return // host-format's finding
		}
		if why := hostNonProduction(h.Value); why != "" {
			p.Reportf(h, "'%s' does not look like a production host (%s); certification requires the production host: staging, dev and test hosts are not allowed", h.Value, why)
		}
	},
}

var basePathLeadingSlash = &lint.Rule{
	ID:             "basepath-leading-slash",
	Level:          lint.Certification,
	Title:          "basePath starts with /",
	Source:         "catalog §1.3 basepath-leading-slash; L-SVR; R-SCHEMA-SW",
	Since:          since,
	Fixable:        true,
	ValidatorCodes: []string{"BasePathNotValid"},
	Doc: `basePath is the path that prefixes every operation path; it starts with "/" and holds
no scheme or host.

Bad:

    "basePath": "v1"

Good:

    "basePath": "/v1"

Fix: "/" is put in front of a basePath that has no scheme or host in it.`,
	Check: func(p *lint.Pass) {
		b := p.Root.Get("basePath")
		switch {
		case b == nil:
		case !b.IsString():
			p.Reportf(b, "The 'basePath' property must be a string starting with '/', not %s", b.Kind)
		case strings.Contains(b.Value, "://"):
			p.Reportf(b, "The 'basePath' property, if present, must start with a '/' character: it is only the path; put the host in 'host' and the scheme in 'schemes'")
		case !strings.HasPrefix(b.Value, "/"):
			p.Report(lint.Diagnostic{Node: b, Fix: lint.SetValue(b, "/"+b.Value), Message: fmt.Sprintf("The 'basePath' property, if present, must start with a '/' character: write %q", "/"+b.Value)})
		}
	},
}

// hostSchemeLists returns the schemes arrays of the root and operations.
func hostSchemeLists(p *lint.Pass, root *Node) []*Node {
	var lists []*Node
	if s := root.Get("schemes"); s != nil && s.Kind == connector.Array {
		lists = append(lists, s)
	}
	for _, op := range operations(p, root) {
		if s := op.Node.Get("schemes"); s != nil && s.Kind == connector.Array {
			lists = append(lists, s)
		}
	}
	return lists
}

var schemesNonEmpty = &lint.Rule{
	ID:             "schemes-nonempty",
	Level:          lint.Certification,
	Title:          "schemes, when present, is not empty",
	Source:         "catalog §1.3 schemes-nonempty; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"SchemesArrayEmpty"},
	Doc: `An empty "schemes" array leaves no protocol to call the service with.

Bad:

    "schemes": []

Good:

    "schemes": ["https"]`,
	Check: func(p *lint.Pass) {
		for _, s := range hostSchemeLists(p, p.Root) {
			if s.Len() == 0 {
				p.Reportf(s, "The 'schemes' array requires at least one value: write [\"https\"]")
			}
		}
	},
}

var schemesHTTPOnly = &lint.Rule{
	ID:             "schemes-http-https-only",
	Level:          lint.Certification,
	Title:          "schemes holds only " + strings.Join(schemeLists.Allowed, " and "),
	Source:         "catalog §1.3 schemes-http-https-only; L-SVR",
	Since:          since,
	Fixable:        true,
	ValidatorCodes: []string{"SchemeNotValid", "SchemeNotSupported"},
	Doc: `Connectors call their service over ` + quoteList(schemeLists.Allowed) + ` only. Swagger also
allows ` + quoteList(schemeLists.WebSocket) + `, but "The WebSocket transfer protocol schemes are not
supported." Scheme names are lower case.

Bad:

    "schemes": ["wss"]
    "schemes": ["HTTPS"]

Good:

    "schemes": ["https"]

Fix: "HTTPS" and "Http" are lower-cased. WebSocket and unknown schemes are left to
the author.`,
	Check: func(p *lint.Pass) {
		allowed := strings.Join(schemeLists.Allowed, ", ")
		for _, s := range hostSchemeLists(p, p.Root) {
			for _, it := range s.List() {
				v := it.Str()
				switch {
				case contains(schemeLists.Allowed, v):
				case contains(schemeLists.WebSocket, strings.ToLower(v)):
					p.Reportf(it, "The WebSocket transfer protocol schemes are not supported: '%s' cannot be used; call the service over https", v)
				case contains(schemeLists.Allowed, strings.ToLower(v)):
					p.Report(lint.Diagnostic{Node: it, Fix: lint.SetValue(it, strings.ToLower(v)), Message: fmt.Sprintf("The 'schemes' property must only contain transfer protocols from the list: %s; write '%s' in lower case", allowed, strings.ToLower(v))})
				default:
					p.Reportf(it, "The 'schemes' property must only contain transfer protocols from the list: %s; %s is not one", allowed, canonical(it))
				}
			}
		}
	},
}

var schemesHTTPSPreferred = &lint.Rule{
	ID:     "schemes-https-preferred",
	Level:  lint.Guidance,
	Title:  "Call the service over https only",
	Source: "catalog §1.3 schemes-https-preferred (INFERRED); R-CORPUS; R-TEMPL",
	Since:  since,
	Doc: `Plain http sends credentials and data unencrypted. No Microsoft rule forbids it, but
certified connectors use https, and the templates list only https.

Bad:

    "schemes": ["http", "https"]

Good:

    "schemes": ["https"]`,
	Check: func(p *lint.Pass) {
		for _, s := range hostSchemeLists(p, p.Root) {
			hasHTTPS := contains(stringItems(s), "https")
			for _, it := range s.List() {
				switch {
				case it.Str() != "http":
				case hasHTTPS:
					p.Reportf(it, "Remove 'http': with it, requests may go unencrypted; 'https' alone is enough")
				default:
					p.Reportf(it, "Plain 'http' sends credentials and data unencrypted; use 'https' if the service supports it")
				}
			}
		}
	},
}

// hostTakesBody reports whether the operation has a body or formData
// parameter.
func hostTakesBody(root *Node, op *Operation) bool {
	for _, prm := range parameters(root, op) {
		if prm.Def != nil && (prm.In() == "body" || prm.In() == "formData") {
			return true
		}
	}
	return false
}

var consumesPresent = &lint.Rule{
	ID:              "consumes-present",
	Validator:       lint.ValidatorWarning,
	ValidatorSource: `##[warning] "warning : At least one supported MIME type must be provided in 'consumes'" in microsoft/PowerPlatformConnectors PR#1095 (Tallyfy, a certified connector, merged)`,
	Level:           lint.Certification,
	Title:           "An operation that takes a body declares what it consumes",
	Source:          "catalog §1.3 consumes-present (scope INFERRED); L-SVR; PR#1095",
	Since:           since,
	Fixable:         true,
	ValidatorCodes:  []string{"ConsumesMissing"},
	Doc: `An operation with a body or formData parameter must say which media type it sends, in
its own "consumes" or in the root one (an operation's consumes replaces the root's).
The validator warns: "At least one supported MIME type must be provided in 'consumes'
for operation '{0}'." Supported types: ` + strings.Join(supportedMIMETypes, ", ") + `.
When the root has no consumes either, the operations that rely on it are reported in
one finding, since one root "consumes" fixes them all.

Bad:

    "consumes": [],
    "paths": {"/teams": {"post": {"parameters": [{"in": "body", ...}], ...}}}

Good:

    "consumes": ["application/json"]

Fix: when the operations concerned take a JSON body ("in": "body" with a schema
that is not a string, no formData), an
empty "consumes" becomes ["application/json"], and an operation that has none while
the root has none either gets "consumes": ["application/json"] at its end. An
operation with formData parameters is left to the author, who knows which form
type it sends.`,
	Check: func(p *lint.Pass) {
		root := p.Root.Get("consumes")
		var inherit []*Operation // operations that rely on an empty root consumes
		for _, op := range operations(p, p.Root) {
			if !hostTakesBody(p.Root, op) {
				continue
			}
			switch own := op.Node.Get("consumes"); {
			case own != nil && own.Len() == 0:
				var fix *lint.Fix
				if own.Kind == connector.Array && hostJSONBodyOnly(p.Root, op) {
					fix = lint.SetValue(own, []string{"application/json"})
				}
				p.Report(lint.Diagnostic{Node: own, Fix: fix, Message: fmt.Sprintf(consumesMissing+"; add \"consumes\": [\"application/json\"] (or the form type it sends) here", op.Name())})
			case own == nil && root.Len() == 0:
				inherit = append(inherit, op)
			}
		}
		hostReportInherited(p, root, inherit)
	},
}

const consumesMissing = "At least one supported MIME type must be provided in 'consumes' for operation '%s'"

// hostReportInherited reports once the operations that take a body and
// have no consumes while the root has none either: one root consumes
// fixes them all. The finding goes to the empty root consumes, or to the
// first operation when the root has no consumes.
func hostReportInherited(p *lint.Pass, root *Node, ops []*Operation) {
	if len(ops) == 0 {
		return
	}
	others := ""
	if len(ops) > 1 {
		others = fmt.Sprintf(" (and %s taking a body)", othersCount(len(ops)-1, "operation"))
	}
	hint := "; add \"consumes\": [\"application/json\"] (or the form type sent) at the root, or to each operation"
	var fix *lint.Fix
	jsonOnly := true
	for _, op := range ops {
		jsonOnly = jsonOnly && hostJSONBodyOnly(p.Root, op)
	}
	if root != nil {
		if jsonOnly && root.Kind == connector.Array {
			fix = lint.SetValue(root, []string{"application/json"})
		}
		p.Report(lint.Diagnostic{Node: root, Fix: fix, Message: fmt.Sprintf(consumesMissing+others+": this root 'consumes' is empty"+hint, ops[0].Name())})
		return
	}
	if jsonOnly {
		// At each operation: a root "consumes" added after "paths" would
		// break the standard section order.
		fix = &lint.Fix{}
		for _, op := range ops {
			fix.And(lint.AddMember(op.Node, "consumes", []string{"application/json"}))
		}
	}
	p.Report(lint.Diagnostic{Node: ops[0].Node, AtKey: true, Fix: fix, Message: fmt.Sprintf(consumesMissing+others+hint, ops[0].Name())})
}

// hostJSONBodyOnly reports whether the operation takes a body parameter
// and no formData parameter: it sends JSON.
func hostJSONBodyOnly(root *Node, op *Operation) bool {
	body := false
	for _, prm := range parameters(root, op) {
		switch {
		case prm.Def == nil:
		case prm.In() == "formData":
			return false
		case prm.In() == "body":
			// A string body (binary content, text) is not JSON.
			if t := resolve(root, prm.Def.Get("schema")).Get("type").Str(); t == "string" || t == "file" {
				return false
			}
			body = true
		}
	}
	return body
}

// hostMIMELists returns the consumes and produces arrays of the root and
// operations.
func hostMIMELists(p *lint.Pass, root *Node) []*Node {
	var lists []*Node
	owners := []*Node{root}
	for _, op := range operations(p, root) {
		owners = append(owners, op.Node)
	}
	for _, o := range owners {
		for _, k := range []string{"consumes", "produces"} {
			if l := o.Get(k); l != nil && l.Kind == connector.Array {
				lists = append(lists, l)
			}
		}
	}
	return lists
}

var mimeTypeSupported = &lint.Rule{
	ID:              "mime-type-supported",
	Validator:       lint.ValidatorWarning,
	ValidatorSource: `##[warning] "warning : The MIME type 'application/text' is not supported" in microsoft/PowerPlatformConnectors PR#1095 (Tallyfy, merged)`,
	Level:           lint.Certification,
	Title:           "consumes and produces list only supported MIME types",
	Source:          "catalog §1.3 mime-type-supported; L-SVR; PR#1095",
	Since:           since,
	ValidatorCodes:  []string{"MimeTypeNotSupported", "MimeTypeNotValid"},
	Doc: `Power Platform supports only these media types in "consumes" and "produces": ` +
		strings.Join(supportedMIMETypes, ", ") + `. The validator warns on any other, and on
a malformed one. Parameters such as "; charset=utf-8" are ignored in the comparison
(INFERRED: the validator's exact comparison is not published). JSON variants such as
"text/json" or "application/problem+json" are written "application/json". Each
wrong value is reported once, where it is first written, with the number of its other
places.

Bad:

    "produces": ["text/json", "application/xml"]

Good:

    "produces": ["application/json"]`,
	Check: func(p *lint.Pass) {
		// Each wrong value is reported once, where it is first written,
		// with the count of its other places: the fix is the same for all.
		var order []string
		places := map[string][]*Node{}
		for _, l := range hostMIMELists(p, p.Root) {
			for _, it := range l.List() {
				k := canonical(it)
				if places[k] == nil {
					order = append(order, k)
				}
				places[k] = append(places[k], it)
			}
		}
		for _, k := range order {
			hostCheckMIME(p, places[k][0], len(places[k])-1)
		}
	},
}

func hostCheckMIME(p *lint.Pass, it *Node, others int) {
	also := ""
	if others > 0 {
		also = fmt.Sprintf(" (it is written in %s too)", othersCount(others, "place"))
	}
	if !it.IsString() {
		p.Reportf(it, "The MIME type must be a string such as \"application/json\", not %s%s", it.Kind, also)
		return
	}
	t, _, err := mime.ParseMediaType(it.Value)
	switch {
	case err != nil || !strings.Contains(t, "/"):
		p.Reportf(it, "The MIME type '%s' is not valid%s; write a type/subtype such as application/json", it.Value, also)
	case contains(supportedMIMETypes, t):
	default:
		fix := "remove it, or use one of them"
		if strings.HasSuffix(t, "json") {
			fix = "write 'application/json'"
		}
		p.Reportf(it, "The MIME type '%s' is not supported. The supported mime types are: '%s'%s; %s", it.Value, hostMIMEList(), also, fix)
	}
}
