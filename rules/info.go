package rules

import (
	"bytes"
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf16"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
)

// Info and connector metadata rules (catalog §1.2): the title, description
// and contact under info, the x-ms-connector-metadata block (website,
// privacy policy, categories) and x-ms-docs, which certification reads to
// publish the connector's documentation page.

var infoRules = []*lint.Rule{
	infoTitleRequired, infoTitleMax, infoTitleRestricted, infoTitleEnd,
	infoDescriptionRequired, infoDescriptionLength, infoDescriptionRestricted, infoDescriptionAPI, infoDescriptionDiffers,
	infoContactRequired, infoContactEmail, urlAbsolute, infoAPIAnnotationStatus,
	connectorMetadataRequired, connectorMetadataShape, connectorMetadataKeys, connectorMetadataCase,
	connectorMetadataCategoriesAllowed, connectorMetadataCategoriesMax, xMsDocsShape,
}

// infoLimits are Microsoft's published length limits of the info strings.
// Lengths are counted in UTF-16 code units, as the .NET validator counts.
var infoLimits = struct{ TitleMax, DescriptionMin, DescriptionMax int }{30, 30, 500}

// infoWordList is a list of restricted words or phrases, matched as whole
// words, case-insensitively, with any white space between the words of a
// phrase.
type infoWordList struct {
	words []string
	res   []*regexp.Regexp
	// first is each entry's first word in lower case: an ASCII text that
	// does not contain it cannot match, and the regexp is not run. Ten
	// regexps on every summary and description were a fifth of the rules'
	// CPU on the corpus (#16's profile).
	first [][]byte
}

func newInfoWordList(words ...string) infoWordList {
	l := infoWordList{words: words}
	for _, w := range words {
		parts := strings.Fields(w)
		l.first = append(l.first, []byte(strings.ToLower(parts[0])))
		for i, p := range parts {
			parts[i] = regexp.QuoteMeta(p)
		}
		l.res = append(l.res, regexp.MustCompile(`(?i)\b`+strings.Join(parts, `\s+`)+`\b`))
	}
	return l
}

// find returns the listed words that s contains.
func (l infoWordList) find(s string) []string {
	// The prefilter is exact for ASCII only: (?i) also folds non-ASCII
	// letters onto ASCII ones (the Kelvin sign onto k, long s onto s), so
	// a text with any non-ASCII byte goes to the regexps unfiltered.
	// The lowered text is made on the stack when it fits: a copy per
	// summary and description was most of text-product-names' cost.
	var buf [512]byte
	var lower []byte
	ascii := isASCII(s)
	if ascii {
		lower = buf[:0]
		if len(s) > len(buf) {
			lower = make([]byte, 0, len(s))
		}
		for i := 0; i < len(s); i++ {
			c := s[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			lower = append(lower, c)
		}
	}
	var found []string
	for i, re := range l.res {
		if ascii && !bytes.Contains(lower, l.first[i]) {
			continue
		}
		if re.MatchString(s) {
			found = append(found, l.words[i])
		}
	}
	return found
}

// isASCII reports whether s has no byte from 0x80.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func (l infoWordList) String() string { return quoteList(l.words) }

// powerPlatformProducts are the products that use connectors, by the
// names a text would give them (Microsoft Flow and Power Virtual Agents
// are the old names of Power Automate and Copilot Studio). The string
// guidance keeps them out of a connector's texts: a connector serves all
// of them.
var powerPlatformProducts = []string{"Power Apps", "PowerApps", "Power Automate", "Microsoft Flow",
	"Logic Apps", "Copilot Studio", "Power Platform", "Power BI", "Power Pages", "Power Virtual Agents"}

// titleRestrictedWords: the validator's list for the title ('api,
// connector') and the Power Platform product names that certification and
// the string guidance forbid in a title.
var titleRestrictedWords = newInfoWordList(append([]string{"API", "Connector"}, powerPlatformProducts...)...)

// productWords finds the product names in the texts of operations and
// parameters.
var productWords = newInfoWordList(powerPlatformProducts...)

// apiWords is the word the string guidance keeps out of the connector's
// title and description, singular and plural.
var apiWords = newInfoWordList("API", "APIs")

// infoAddress matches web addresses and host names, whose "api" is no word
// of the text (https://api.contoso.com, api.contoso.com/v1).
var infoAddress = regexp.MustCompile(`(?i)\b[a-z][a-z0-9+.-]*://\S+|\b[\w-]+(\.[\w-]+)+(/\S*)?`)

// descriptionRestrictedWords: the validator's list for the description
// ('power apps, power automate, logic apps') and Copilot Studio, which the
// current string guidance adds.
var descriptionRestrictedWords = newInfoWordList("Power Apps", "Power Automate", "Logic Apps", "Copilot Studio")

// connectorCategories are the categories certification accepts.
var connectorCategories = []string{"AI", "Business Management", "Business Intelligence", "Collaboration",
	"Commerce", "Communication", "Content and Files", "Finance", "Data", "Human Resources",
	"Internet of Things", "IT Operations", "Lifestyle and Entertainment", "Marketing", "Productivity",
	"Sales and CRM", "Security", "Social Media", "Website"}

// connectorCategoriesMax is the published maximum number of categories.
const connectorCategoriesMax = 2

// connectorMetadataProperties are the entries certification requires in
// x-ms-connector-metadata, with an example value; URL says the value is a
// web address.
var connectorMetadataProperties = []struct {
	Name, Example string
	URL           bool
}{
	{"Website", "https://www.contoso.com", true},
	{"Privacy policy", "https://www.contoso.com/privacy", true},
	{"Categories", "Productivity;Collaboration", false},
}

// contactMembers are the members certification asks of info.contact.
var contactMembers = []string{"name", "url", "email"}

// annotationStatuses are the values of info.x-ms-api-annotation.status.
var annotationStatuses = []string{"Preview", "Production"}

func infoMetadataNames() []string {
	var names []string
	for _, m := range connectorMetadataProperties {
		names = append(names, m.Name)
	}
	return names
}

// infoObject returns the info object, or nil when it is missing or not an
// object (root-required-keys and the schema rules report that).
func infoObject(root *Node) *Node {
	if info := root.Get("info"); info != nil && info.Kind == connector.Object {
		return info
	}
	return nil
}

// infoText returns the non-blank string member key of info, or nil.
func infoText(root *Node, key string) *Node {
	n := infoObject(root).Get(key)
	if !n.IsString() || strings.TrimSpace(n.Value) == "" {
		return nil
	}
	return n
}

// infoWordsIn returns the info text key and the words of list it holds.
func infoWordsIn(root *Node, key string, list infoWordList) (*Node, []string) {
	n := infoText(root, key)
	if n == nil {
		return nil, nil
	}
	return n, list.find(n.Value)
}

// infoLen is the length of s as the .NET validator counts it.
func infoLen(s string) int { return len(utf16.Encode([]rune(s))) }

// infoRequire reports a missing, non-string or blank member of info.
func infoRequire(p *lint.Pass, key, hint string) {
	info := infoObject(p.Root)
	if info == nil {
		return
	}
	n := info.Get(key)
	switch {
	case n == nil:
		p.Reportf(info, "The '%s' property is required: add \"%s\" to info; %s", key, key, hint)
	case !n.IsString():
		p.Reportf(n, "The '%s' value must be a string, not %s; %s", key, n.Kind, hint)
	case strings.TrimSpace(n.Value) == "":
		p.Reportf(n, "%s; %s", emptyValue(key), hint)
	}
}

var infoTitleRequired = &lint.Rule{
	ID:             "info-title-required",
	Level:          lint.Certification,
	Title:          "info needs a title and a version",
	Source:         "catalog §1.2 info-title-required; L-CERT; R-SCHEMA-SW",
	Since:          since,
	ValidatorCodes: []string{"RequiredPropertyMissing", "RequiredValueEmpty"},
	Doc: `The title is the connector's name in every designer, and certification requires it
to exist and to be written in English. The schema also requires info.version.
ppconn cannot judge the language; it checks that both are non-empty strings.

Bad:

    "info": {"title": "", "description": "..."}

Good:

    "info": {"title": "Contoso Teams", "version": "1.0", "description": "..."}`,
	Check: func(p *lint.Pass) {
		infoRequire(p, "title", "give the name of the product or organization, in English")
		infoRequire(p, "version", "give the version of the definition, such as \"1.0\"")
	},
}

var infoTitleMax = &lint.Rule{
	ID:              "info-title-max-30",
	Validator:       lint.ValidatorError,
	ValidatorSource: `##[error] "The 'title' value goes over the character limit '30'" in microsoft/PowerPlatformConnectors PR#3407 and PR#3841`,
	Level:           lint.Certification,
	Title:           fmt.Sprintf("The title has at most %d characters", infoLimits.TitleMax),
	Source:          "catalog §1.2 info-title-max-30; L-STR; L-CERT; PR#3407; PR#3841",
	Since:           since,
	ValidatorCodes:  []string{"FieldLengthExceeded"},
	Doc: fmt.Sprintf(`The connector title may have at most %d characters. The limit applies to every
connector, custom ones included (connector string guidance), and the certification
validator fails with "The 'title' value goes over the character limit '%d'".

Bad:

    "title": "Contoso Teams Collaboration Suite"

Good:

    "title": "Contoso Teams"`, infoLimits.TitleMax, infoLimits.TitleMax),
	Check: func(p *lint.Pass) {
		n := infoText(p.Root, "title")
		if n != nil && infoLen(n.Value) > infoLimits.TitleMax {
			p.Reportf(n, "The 'title' value goes over the character limit '%d': it has %d characters; shorten it to the name of the product or organization",
				infoLimits.TitleMax, infoLen(n.Value))
		}
	},
}

var infoTitleRestricted = &lint.Rule{
	ID:              "info-title-restricted-words",
	Validator:       lint.ValidatorError,
	ValidatorSource: `##[error] "The value 'title' contains at least one of the restricted words: 'api, connector'" in microsoft/PowerPlatformConnectors PR#3407`,
	Level:           lint.Certification,
	Title:           "The title contains no \"API\", \"Connector\" or Power Platform product name",
	Source:          "catalog §1.2 info-title-restricted-words; L-CERT; L-STR; PR#3407",
	Since:           since,
	ValidatorCodes:  []string{"ValueContainsRestrictedWords"},
	Doc: `The title names the product or organization, not the kind of thing a connector is,
nor the Power Platform product that uses it. The validator refuses the words 'api'
and 'connector'; certification and the string guidance also refuse Power Platform
product names. ppconn matches these whole words and phrases, in any case:
` + titleRestrictedWords.String() + `.

Bad:

    "title": "Contoso Teams API"
    "title": "Contoso for Power Automate"

Good:

    "title": "Contoso Teams"`,
	Check: func(p *lint.Pass) {
		if n, found := infoWordsIn(p.Root, "title", titleRestrictedWords); len(found) > 0 {
			p.Reportf(n, "The value 'title' contains at least one of the restricted words: %s; remove it: the title is the name of the product or organization",
				quoteList(found))
		}
	},
}

var infoTitleEnd = &lint.Rule{
	ID:             "info-title-end-alphanumeric",
	Level:          lint.Certification,
	Title:          "The title ends with a letter or a digit",
	Source:         "catalog §1.2 info-title-end-alphanumeric; L-CERT; L-SVR",
	Since:          since,
	Fixable:        true,
	ValidatorCodes: []string{"ValueMustEndWithAlphanumeric"},
	Doc: `Certification: the title "can't end in a non-alphanumeric character, including
carriage return, new line, or blank space". Suffixes such as "(Preview)" belong in
info.x-ms-api-annotation, not in the name.

Bad:

    "title": "Contoso Teams "
    "title": "Contoso Teams (Preview)"

Good:

    "title": "Contoso Teams"

Fix: the white space around the title and the punctuation at its end (` + "`" + opTrailingPunct + "`" + `) are
removed, when what is left ends with a letter or a digit. "(Preview)" and other
endings are left to the author.`,
	Check: func(p *lint.Pass) {
		n := infoText(p.Root, "title")
		if n == nil {
			return
		}
		runes := []rune(n.Value)
		if last := runes[len(runes)-1]; !unicode.IsLetter(last) && !unicode.IsDigit(last) {
			var fix *lint.Fix
			if t := []rune(trimTrailingPunct(n.Value)); len(t) > 0 && (unicode.IsLetter(t[len(t)-1]) || unicode.IsDigit(t[len(t)-1])) {
				fix = lint.SetValue(n, string(t))
			}
			p.Report(lint.Diagnostic{Node: n, Fix: fix, Message: fmt.Sprintf("The 'title' value must end with alphanumeric character, but it ends with %q; remove or reword the ending", last)})
		}
	},
}

var infoDescriptionRequired = &lint.Rule{
	ID:              "info-description-required",
	Validator:       lint.ValidatorError,
	ValidatorSource: `##[error] "The 'description' property is required. ValuePath: /info" in microsoft/PowerPlatformConnectors PR#3841`,
	Level:           lint.Certification,
	Title:           "info needs a description",
	Source:          "catalog §1.2 info-description-required; PR#3841; R-PACONN (upsert.py)",
	Since:           since,
	ValidatorCodes:  []string{"RequiredPropertyMissing", "RequiredValueEmpty"},
	Doc: `The description is shown on the connector's page and in the designers. The
certification validator requires it ("The 'description' property is required"), and
paconn create and update crash without it, since they read info.description.

Bad:

    "info": {"title": "Contoso Teams", "version": "1.0"}

Good:

    "info": {"title": "Contoso Teams", "version": "1.0",
             "description": "Creates and manages collaboration spaces in Contoso Teams."}`,
	Check: func(p *lint.Pass) {
		infoRequire(p, "description", "describe the main purpose and value of the connector in one or two sentences")
	},
}

var infoDescriptionLength = &lint.Rule{
	ID:              "info-description-length-30-500",
	Validator:       lint.ValidatorError,
	ValidatorSource: `##[error] "The 'description' value must be between '30' and '500' characters" in microsoft/PowerPlatformConnectors PR#550 and PR#4181`,
	Level:           lint.Certification,
	Title:           fmt.Sprintf("The description has %d to %d characters", infoLimits.DescriptionMin, infoLimits.DescriptionMax),
	Source:          "catalog §1.2 info-description-length-30-500; L-CERT; PR#550; PR#4181; PR#3829",
	Since:           since,
	ValidatorCodes:  []string{"FieldLengthNotInRange"},
	Doc: fmt.Sprintf(`Certification: the description "can't be shorter than %d characters or longer than
%d characters". It should say concisely what the connector does and the value it
brings.

Bad:

    "description": "Contoso connector."

Good:

    "description": "Creates and manages collaboration spaces in Contoso Teams."`, infoLimits.DescriptionMin, infoLimits.DescriptionMax),
	Check: func(p *lint.Pass) {
		n := infoText(p.Root, "description")
		if n == nil {
			return
		}
		l, lim := infoLen(n.Value), infoLimits
		if l < lim.DescriptionMin || l > lim.DescriptionMax {
			fix := "say what the connector does and the value it brings"
			if l > lim.DescriptionMax {
				fix = "shorten it to the main purpose and value of the connector"
			}
			p.Reportf(n, "The 'description' value must be between '%d' and '%d' characters: it has %d; %s",
				lim.DescriptionMin, lim.DescriptionMax, l, fix)
		}
	},
}

var infoDescriptionRestricted = &lint.Rule{
	ID:              "info-description-restricted-words",
	Validator:       lint.ValidatorError,
	ValidatorSource: `##[error] "The value 'description' contains at least one of the restricted words: 'power apps, power automate, logic apps'" in microsoft/PowerPlatformConnectors PR#3407 and PR#550`,
	Level:           lint.Certification,
	Title:           "The description names no Power Platform product",
	Source:          "catalog §1.2 info-description-restricted-words; PR#3407; PR#550; L-STR; L-CERT",
	Since:           since,
	ValidatorCodes:  []string{"ValueContainsRestrictedWords"},
	Doc: `The description says what the service does, not which Power Platform product calls
it. The validator refuses 'power apps, power automate, logic apps', and the current
string guidance adds Copilot Studio. ppconn matches these whole phrases, in any case
and with any spacing: ` + descriptionRestrictedWords.String() + `.

Bad:

    "description": "Use Contoso Teams from Power Automate to create teams."

Good:

    "description": "Creates and manages collaboration spaces in Contoso Teams."`,
	Check: func(p *lint.Pass) {
		if n, found := infoWordsIn(p.Root, "description", descriptionRestrictedWords); len(found) > 0 {
			p.Reportf(n, "The value 'description' contains at least one of the restricted words: %s; remove it: describe the service, not the product that calls it",
				quoteList(found))
		}
	},
}

var infoDescriptionAPI = &lint.Rule{
	ID:       "info-description-api-word",
	Level:    lint.Guidance,
	InfoOnly: true,
	Title:    "The connector description does not use the word \"API\"",
	Source:   "L-STR (Learn, connector string guidance: \"The connector title and description can't include the word API\"); PR#3407; R-CORPUS",
	Since:    since,
	Doc: `Microsoft's connector string guidance: the connector title and description can't
include the word API. The maker picks a connector for what the service does; that it
is reached through an API goes without saying. The title is checked by
info-title-restricted-words, where the validator refuses 'api'. For the description
the validator's list of restricted words has only product names (its log in
PR#3407: 'power apps, power automate, logic apps'), and certified connectors use the
word freely: on the certified corpus (` + "`" + `../shared/corpus` + "`" + `) this rule fires on 42 of
the 381 parseable connectors (11.0%), "the Contoso REST API lets you ...". So it is
guidance, at most info. "API" and "APIs" are matched as whole words in any case;
web addresses and host names (api.contoso.com) are not words.

Bad:

    "description": "The Contoso Teams API lets you create and manage teams."

Good:

    "description": "Creates and manages collaboration spaces in Contoso Teams."`,
	Check: func(p *lint.Pass) {
		n := infoText(p.Root, "description")
		if n == nil {
			return
		}
		// the "api" of https://api.contoso.com is no word of the text
		if found := apiWords.find(infoAddress.ReplaceAllString(n.Value, " ")); len(found) > 0 {
			p.Reportf(n, "The connector description uses the word %s, which the string guidance keeps out of it: say what the service does for the maker instead", quoteOr(found))
		}
	},
}

// infoNormal folds a text for comparison: case, spacing and final
// punctuation are ignored.
func infoNormal(s string) string {
	return strings.TrimRight(strings.ToLower(strings.Join(strings.Fields(s), " ")), ".!")
}

var infoDescriptionDiffers = &lint.Rule{
	ID:     "info-description-differs-from-title",
	Level:  lint.Guidance,
	Title:  "The description says more than the title",
	Source: "catalog §1.2 info-description-differs-from-title; R-SCHEMA-SW (info.description)",
	Since:  since,
	Doc: `Microsoft's schema says of info.description: "Should be different from the title."
A description that repeats the title tells the user nothing. Case, spacing and a
final period are ignored in the comparison.

Bad:

    "title": "Contoso Teams", "description": "Contoso Teams."

Good:

    "title": "Contoso Teams",
    "description": "Creates and manages collaboration spaces in Contoso Teams."`,
	Check: func(p *lint.Pass) {
		title, desc := infoText(p.Root, "title"), infoText(p.Root, "description")
		if title != nil && desc != nil && infoNormal(title.Value) == infoNormal(desc.Value) {
			p.Reportf(desc, "The description repeats the title '%s'; describe what the connector does and the value it brings", title.Value)
		}
	},
}

var infoContactRequired = &lint.Rule{
	ID:              "info-contact-required",
	Validator:       lint.ValidatorError,
	ValidatorSource: `##[error] "The 'contact' property is required. ValuePath: /info" in microsoft/PowerPlatformConnectors PR#1095 and PR#683`,
	Level:           lint.Certification,
	Title:           "info.contact gives the support name, URL and email",
	Source:          "catalog §1.2 info-contact-required; L-CERT §3b; PR#1095; PR#683",
	Since:           since,
	ValidatorCodes:  []string{"RequiredPropertyMissing"},
	Doc: `Certification requires info.contact ("The 'contact' property is required"), and asks
for one value of each: ` + quoteList(contactMembers) + ` (the name of the support team, the
URL of the support website and the support email). They are published on the
connector's documentation page.

Bad:

    "info": {"title": "Contoso Teams", ...}
    "contact": {"name": "Contoso Support"}

Good:

    "contact": {"name": "Contoso Support", "url": "https://support.contoso.com",
                "email": "support@contoso.com"}`,
	Check: func(p *lint.Pass) {
		info := infoObject(p.Root)
		ct := info.Get("contact")
		switch {
		case info == nil:
			return
		case ct == nil:
			p.Reportf(info, "The 'contact' property is required: add \"contact\": {\"name\", \"url\", \"email\"} with the support team's name, website and email")
			return
		case ct.Kind != connector.Object:
			p.Reportf(ct, "'contact' must be an object with 'name', 'url' and 'email', not %s", ct.Kind)
			return
		}
		var missing []string
		for _, k := range contactMembers {
			if v := ct.Get(k); v == nil || v.IsString() && strings.TrimSpace(v.Value) == "" {
				missing = append(missing, k)
			}
		}
		if len(missing) > 0 {
			p.Reportf(ct, "The contact has no %s; certification asks for the support team's name, the support website URL and the support email", quoteList(missing))
		}
	},
}

// infoValidEmail accepts one plain ASCII address whose domain has a dot.
func infoValidEmail(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII {
			return false
		}
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return false
	}
	domain := s[strings.LastIndexByte(s, '@')+1:]
	return strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

var infoContactEmail = &lint.Rule{
	ID:             "info-contact-email",
	Level:          lint.Certification,
	Title:          "contact.email is one valid email address",
	Source:         "catalog §1.2 info-contact-email; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"ContactEmailNotValid"},
	Doc: `The validator checks that info.contact.email, when present, is a valid email address
in ASCII: one address, without a display name, a "mailto:" prefix or a list.

Bad:

    "email": "mailto:support@contoso.com"
    "email": "Contoso Support <support@contoso.com>"

Good:

    "email": "support@contoso.com"`,
	Check: func(p *lint.Pass) {
		e := infoObject(p.Root).At("contact", "email")
		switch {
		case e == nil:
		case !e.IsString():
			p.Reportf(e, "The contact 'email' property must be a string, not %s", e.Kind)
		case strings.TrimSpace(e.Value) != "" && !infoValidEmail(e.Value):
			p.Reportf(e, "The contact 'email' property, if present, must be a valid email address: '%s' is not; write one address such as support@contoso.com", e.Value)
		}
	},
}

// infoAbsoluteURL accepts an absolute URL; http and https need a host.
func infoAbsoluteURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() {
		return false
	}
	if u.Scheme == "http" || u.Scheme == "https" {
		return u.Host != "" && !strings.ContainsAny(s, " \t\n")
	}
	return u.Opaque != "" || u.Host != ""
}

var urlAbsolute = &lint.Rule{
	ID:             "url-absolute",
	Level:          lint.Certification,
	Title:          "Every url property, and the Website and Privacy policy metadata, is an absolute URL",
	Source:         "catalog §1.2 url-absolute and connector-metadata-keys; L-SVR; R-SCHEMA-SW (format: uri); L-CERT §3b",
	Since:          since,
	ValidatorCodes: []string{"UrlNotValid"},
	Doc: `The validator requires every 'url' property (contact, license, externalDocs and
x-ms-docs items) to be an absolute URL: "The 'url' property must be a valid absolute
URL." Certification also says the ` + quoteList(infoURLMetadata()) + ` metadata values "should be
a URL"; they are published as links, so ppconn checks them the same way.

Bad:

    "url": "support.contoso.com"
    {"propertyName": "Website", "propertyValue": "www.contoso.com"}

Good:

    "url": "https://support.contoso.com"
    {"propertyName": "Website", "propertyValue": "https://www.contoso.com"}`,
	Check: func(p *lint.Pass) {
		preorder(p, p.Root, []objType{tContact, tLicense, tExternalDocs}, func(n *Node, t objType) {
			infoCheckURL(p, n.Get("url"), t == tContact)
		})
		for _, d := range p.Root.Get("x-ms-docs").List() {
			infoCheckURL(p, d.Get("url"), false)
		}
		for _, m := range connectorMetadataProperties {
			v := infoMetadataEntry(p.Root, m.Name).Get("propertyValue")
			if m.URL && v.IsString() && !infoAbsoluteURL(strings.TrimSpace(v.Value)) {
				p.Reportf(v, "The connector metadata '%s' value should be an absolute URL: '%s' is not; write the full address, such as %s", m.Name, v.Value, m.Example)
			}
		}
	},
}

func infoURLMetadata() []string {
	var names []string
	for _, m := range connectorMetadataProperties {
		if m.URL {
			names = append(names, m.Name)
		}
	}
	return names
}

// infoCheckURL reports a url member that is not an absolute URL. A blank
// contact url is info-contact-required's finding.
func infoCheckURL(p *lint.Pass, u *Node, inContact bool) {
	switch {
	case u == nil:
	case !u.IsString():
		p.Reportf(u, "The 'url' property must be a string holding an absolute URL, not %s", u.Kind)
	case inContact && strings.TrimSpace(u.Value) == "":
	case !infoAbsoluteURL(u.Value):
		p.Reportf(u, "The 'url' property must be a valid absolute URL: '%s' is not; write the full address with its scheme, such as https://www.contoso.com/support", u.Value)
	}
}

// infoBetaSegment matches a host label or basePath segment that names a
// beta version of a service: "beta", "v1beta", "v2.1-beta3".
var infoBetaSegment = regexp.MustCompile(`(?i)^(v?\d+(\.\d+)*[-_.]?)?beta\d*$`)

// infoBetaService reports whether host or basePath name a beta service.
func infoBetaService(root *Node) bool {
	parts := strings.FieldsFunc(root.Get("host").Str(), func(r rune) bool { return r == '.' || r == '-' })
	parts = append(parts, strings.Split(root.Get("basePath").Str(), "/")...)
	for _, s := range parts {
		if infoBetaSegment.MatchString(s) {
			return true
		}
	}
	return false
}

var infoAPIAnnotationStatus = &lint.Rule{
	ID:             "info-api-annotation-status",
	Level:          lint.Certification,
	Title:          "info.x-ms-api-annotation has only a status, Preview or Production",
	Source:         "catalog §1.2 info-api-annotation-status; L-VER; R-SCHEMA-SW; L-SVR",
	Since:          since,
	ValidatorCodes: []string{"ProductionStatusOnBetaService"},
	Doc: `At the info level, x-ms-api-annotation is {"status": ...} and nothing else; status
is one of ` + quoteList(annotationStatuses) + ` (Preview when absent). family, revision and
replacement belong on operations. A connector cannot be in Production on a beta
service: ppconn takes a host label or basePath segment such as "beta" or "v1beta"
as the sign of one.

Bad:

    "x-ms-api-annotation": {"status": "GA", "revision": 2}

Good:

    "x-ms-api-annotation": {"status": "Production"}`,
	Check: func(p *lint.Pass) {
		ann := infoObject(p.Root).Get("x-ms-api-annotation")
		if ann == nil {
			return
		}
		if ann.Kind != connector.Object {
			p.Reportf(ann, "info's 'x-ms-api-annotation' must be an object such as {\"status\": \"Preview\"}, not %s", ann.Kind)
			return
		}
		for _, c := range ann.List() {
			if c.Key != "status" {
				p.Report(lint.Diagnostic{Node: c, AtKey: true, Message: fmt.Sprintf("'%s' is not allowed in info's x-ms-api-annotation, which has only 'status'; family, revision and replacement belong on operations", c.Key)})
			}
		}
		st := ann.Get("status")
		switch {
		case st == nil:
		case !contains(annotationStatuses, st.Str()):
			p.Reportf(st, "The 'status' value must be one of %s, not %s", quoteList(annotationStatuses), canonical(st))
		case st.Value == "Production" && infoBetaService(p.Root):
			p.Reportf(st, "The connector cannot be in Production status on a beta service: the host or basePath names a beta version; use \"Preview\" until the service is generally available")
		}
	},
}

// infoMetadata returns x-ms-connector-metadata when it is an array.
func infoMetadata(root *Node) *Node {
	if m := root.Get("x-ms-connector-metadata"); m != nil && m.Kind == connector.Array {
		return m
	}
	return nil
}

// infoMetadataEntry returns the first metadata entry whose propertyName is
// name, compared case-insensitively as the validator does.
func infoMetadataEntry(root *Node, name string) *Node {
	for _, e := range infoMetadata(root).List() {
		if strings.EqualFold(strings.TrimSpace(e.Get("propertyName").Str()), name) {
			return e
		}
	}
	return nil
}

var connectorMetadataRequired = &lint.Rule{
	ID:              "connector-metadata-required",
	Validator:       lint.ValidatorError,
	ValidatorSource: `##[error] "The 'x-ms-connector-metadata' property is required." in microsoft/PowerPlatformConnectors PR#1095 and PR#683`,
	Level:           lint.Certification,
	Title:           "The root has x-ms-connector-metadata",
	Source:          "catalog §1.2 connector-metadata-required; L-CERT §3b; PR#1095; PR#683",
	Since:           since,
	ValidatorCodes:  []string{"RequiredPropertyMissing"},
	Doc: `Certification requires the root extension x-ms-connector-metadata, which gives the
` + quoteList(infoMetadataNames()) + ` published on the connector's documentation
page. The validator says: "The 'x-ms-connector-metadata' property is required."

Good:

    "x-ms-connector-metadata": [
        {"propertyName": "Website", "propertyValue": "https://www.contoso.com"},
        {"propertyName": "Privacy policy", "propertyValue": "https://www.contoso.com/privacy"},
        {"propertyName": "Categories", "propertyValue": "Collaboration;Productivity"}
    ]`,
	Check: func(p *lint.Pass) {
		if !p.Root.Has("x-ms-connector-metadata") {
			p.Reportf(p.Root, "The 'x-ms-connector-metadata' property is required: add it at the root with the %s entries", quoteList(infoMetadataNames()))
		}
	},
}

// metadataEntryKeys are the members of an x-ms-connector-metadata entry.
var metadataEntryKeys = []string{"propertyName", "propertyValue"}

var connectorMetadataShape = &lint.Rule{
	ID:     "connector-metadata-shape",
	Level:  lint.Certification,
	Title:  "x-ms-connector-metadata is an array of {propertyName, propertyValue} strings",
	Source: "catalog §1.2 connector-metadata-shape; R-SCHEMA-SW; L-CERT §3c",
	Since:  since,
	Doc: `x-ms-connector-metadata is an array of objects, each with exactly the string members
` + quoteList(metadataEntryKeys) + `. Certification asks to "enter the schema exactly as shown".

Bad:

    "x-ms-connector-metadata": {"Website": "https://www.contoso.com"}
    {"PropertyName": "Website", "value": "https://www.contoso.com"}

Good:

    {"propertyName": "Website", "propertyValue": "https://www.contoso.com"}`,
	Check: func(p *lint.Pass) {
		m := p.Root.Get("x-ms-connector-metadata")
		if m == nil {
			return
		}
		if m.Kind != connector.Array {
			p.Reportf(m, "'x-ms-connector-metadata' must be an array of {\"propertyName\", \"propertyValue\"} objects, not %s", m.Kind)
			return
		}
		for _, e := range m.List() {
			infoCheckEntryShape(p, e, metadataEntryKeys, "connector metadata entry")
		}
	},
}

// infoCheckEntryShape checks that e is an object with exactly the string
// members keys. A member spelled in another case is reported once, as a
// misspelling.
func infoCheckEntryShape(p *lint.Pass, e *Node, keys []string, what string) {
	if e.Kind != connector.Object {
		p.Reportf(e, "Each %s must be an object with %s, not %s", what, quoteList(keys), e.Kind)
		return
	}
	var missing []string
	for _, k := range keys {
		v := e.Get(k)
		switch {
		case v != nil && !v.IsString():
			p.Reportf(v, "'%s' must be a string, not %s", k, v.Kind)
		case v != nil:
		case e.GetFold(k) != nil:
			p.Report(lint.Diagnostic{Node: e.GetFold(k), AtKey: true, Message: fmt.Sprintf("'%s' must be spelled '%s'", e.GetFold(k).Key, k)})
		default:
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		p.Reportf(e, "The %s has no %s; each entry needs %s", what, quoteList(missing), quoteList(keys))
	}
	for _, c := range e.List() {
		if !foldContains(keys, c.Key) {
			p.Report(lint.Diagnostic{Node: c, AtKey: true, Message: fmt.Sprintf("'%s' is not allowed in a %s, which has only %s", c.Key, what, quoteList(keys))})
		}
	}
}

var connectorMetadataKeys = &lint.Rule{
	ID:              "connector-metadata-keys",
	Validator:       lint.ValidatorError,
	ValidatorSource: `##[error] "The connector metadata property 'Categories' is required." in microsoft/PowerPlatformConnectors PR#4077`,
	Level:           lint.Certification,
	Title:           "x-ms-connector-metadata has the Website, Privacy policy and Categories entries",
	Source:          "catalog §1.2 connector-metadata-keys; L-CERT; L-SVR; PR#4077; R-CORPUS",
	Since:           since,
	ValidatorCodes:  []string{"ConnectorMetadataPropertiesMissing"},
	Doc: `Certification requires the entries ` + quoteList(infoMetadataNames()) + ` in
x-ms-connector-metadata ("The connector metadata property 'Categories' is
required."). The validator compares the names case-insensitively: the corpus has
"Privacy Policy" 47 times in connectors Microsoft merged. So a name that differs only
in case counts as present here, and connector-metadata-case (guidance) asks for the
documented spelling.

Bad:

    [{"propertyName": "Website", "propertyValue": "https://www.contoso.com"}]

Good:

    [{"propertyName": "Website", "propertyValue": "https://www.contoso.com"},
     {"propertyName": "Privacy policy", "propertyValue": "https://www.contoso.com/privacy"},
     {"propertyName": "Categories", "propertyValue": "Collaboration;Productivity"}]`,
	Check: func(p *lint.Pass) {
		m := infoMetadata(p.Root)
		if m == nil {
			return
		}
		var names []string
		for _, e := range m.List() {
			if n := e.Get("propertyName").Str(); n != "" {
				names = append(names, n)
			}
		}
		for _, want := range connectorMetadataProperties {
			if infoMetadataEntry(p.Root, want.Name) != nil {
				continue
			}
			hint := ""
			if near := closestName(strings.ToLower(want.Name), infoLowerAll(names)); near != "" {
				hint = fmt.Sprintf(" (is the entry named '%s' meant to be it?)", infoOriginal(names, near))
			}
			p.Reportf(m, "The connector metadata property '%s' is required: add {\"propertyName\": \"%s\", \"propertyValue\": \"%s\"}%s",
				want.Name, want.Name, want.Example, hint)
		}
	},
}

func infoLowerAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = strings.ToLower(s)
	}
	return out
}

// infoOriginal returns the item of list whose lower case is lower.
func infoOriginal(list []string, lower string) string {
	for _, s := range list {
		if strings.ToLower(s) == lower {
			return s
		}
	}
	return lower
}

// infoCategories returns the categories node and its trimmed, non-empty
// items, or nil when there is no string Categories value.
func infoCategories(root *Node) (*Node, []string) {
	v := infoMetadataEntry(root, "Categories").Get("propertyValue")
	if !v.IsString() {
		return nil, nil
	}
	var items []string
	for _, s := range strings.Split(v.Value, ";") {
		if s = strings.TrimSpace(s); s != "" {
			items = append(items, s)
		}
	}
	return v, items
}

// infoCategoriesFix rewrites a Categories value with ";" between the
// categories, no spaces around them, and each spelled as documented; nil
// when a category is not Microsoft's or there are too many.
func infoCategoriesFix(v *Node) *lint.Fix {
	var out []string
	for _, s := range strings.FieldsFunc(v.Value, func(r rune) bool { return r == ';' || r == ',' }) {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		want := infoCanonical(connectorCategories, s)
		if want == "" {
			return nil
		}
		out = append(out, want)
	}
	if len(out) == 0 || len(out) > connectorCategoriesMax {
		return nil
	}
	fixed := strings.Join(out, ";")
	if fixed == v.Value {
		return nil
	}
	return lint.SetValue(v, fixed)
}

// infoCanonical returns the item of list equal to s ignoring case, or "".
func infoCanonical(list []string, s string) string {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return x
		}
	}
	return ""
}

var connectorMetadataCase = &lint.Rule{
	ID:      "connector-metadata-case",
	Level:   lint.Guidance,
	Title:   "Spell metadata names and categories exactly as documented",
	Source:  "catalog §1.2 connector-metadata-keys (case drift); L-CERT §3b; R-CORPUS",
	Since:   since,
	Fixable: true,
	Doc: `Certification asks to enter x-ms-connector-metadata "exactly as shown; don't change
the propertyName". The validator accepts a name or a category that differs only in
case (the corpus has "Privacy Policy" 47 times, "Social media" and "collaboration"
once each, all merged), so this is guidance, not an error: use the documented
spelling, ` + quoteList(infoMetadataNames()) + ` and the category names, so that every tool reading
the file finds them.

Bad:

    {"propertyName": "Privacy Policy", ...}
    {"propertyName": "Categories", "propertyValue": "Social media"}

Good:

    {"propertyName": "Privacy policy", ...}
    {"propertyName": "Categories", "propertyValue": "Social Media"}

Fix: the name is written as documented; the Categories value is rewritten with each
category spelled as documented, separated by ";" without spaces
("collaboration; Productivity" → "Collaboration;Productivity"), when every category
in it is one of Microsoft's and there are at most ` + fmt.Sprint(connectorCategoriesMax) + `.`,
	Check: func(p *lint.Pass) {
		for _, e := range infoMetadata(p.Root).List() {
			n := e.Get("propertyName")
			if want := infoCanonical(infoMetadataNames(), n.Str()); want != "" && want != n.Str() {
				p.Report(lint.Diagnostic{Node: n, Fix: lint.SetValue(n, want), Message: fmt.Sprintf("Write the connector metadata property name '%s' as '%s', exactly as documented", n.Str(), want)})
			}
		}
		v, items := infoCategories(p.Root)
		for _, it := range items {
			if want := infoCanonical(connectorCategories, it); want != "" && want != it {
				p.Report(lint.Diagnostic{Node: v, Fix: infoCategoriesFix(v), Message: fmt.Sprintf("Write the category '%s' as '%s', exactly as documented", it, want)})
			}
		}
	},
}

var connectorMetadataCategoriesAllowed = &lint.Rule{
	ID:              "connector-metadata-categories-allowed",
	Validator:       lint.ValidatorError,
	ValidatorSource: `the certification pipeline refuses unknown categories (##[error]) in microsoft/PowerPlatformConnectors PR#500 and PR#4077`,
	Level:           lint.Certification,
	Title:           "Categories come from Microsoft's list",
	Source:          "catalog §1.2 connector-metadata-categories-allowed; L-CERT §3b; L-SVR; PR#500; PR#4077",
	Since:           since,
	Fixable:         true,
	ValidatorCodes:  []string{"InvalidConnectorCategory"},
	Doc: `The Categories value is a list separated by semicolons; each item must be one of:
` + strings.Join(connectorCategories, ", ") + `.
The validator says "The connector category is invalid. Available categories are:
[...]". Case differences are left to connector-metadata-case.

Bad:

    {"propertyName": "Categories", "propertyValue": "Collaboration, Teams"}

Good:

    {"propertyName": "Categories", "propertyValue": "Collaboration;Productivity"}

Fix: categories separated by "," are separated by ";", and the value is written
without spaces around the separators ("Collaboration, Productivity" →
"Collaboration;Productivity"), when every category is one of Microsoft's and there
are at most ` + fmt.Sprint(connectorCategoriesMax) + `. A category that is not in the list is left to the author.`,
	Check: func(p *lint.Pass) {
		v, items := infoCategories(p.Root)
		if v != nil && len(items) == 0 {
			p.Reportf(v, "The Categories value is empty; give one or two of: %s", strings.Join(connectorCategories, ", "))
		}
		for _, it := range items {
			if infoCanonical(connectorCategories, it) != "" {
				continue
			}
			hint := ""
			switch near := closestName(it, connectorCategories); {
			case strings.Contains(it, ","):
				hint = "; separate categories with ';', not ','"
			case near != "":
				hint = fmt.Sprintf("; did you mean '%s'?", near)
			}
			p.Report(lint.Diagnostic{Node: v, Fix: infoCategoriesFix(v), Message: fmt.Sprintf("The connector category '%s' is invalid. Available categories are: [%s]%s", it, strings.Join(connectorCategories, ", "), hint)})
		}
	},
}

var connectorMetadataCategoriesMax = &lint.Rule{
	ID:              "connector-metadata-categories-max-2",
	Validator:       lint.ValidatorError,
	ValidatorSource: `##[error] "The maximum allowed number of categories" in microsoft/PowerPlatformConnectors PR#500 and PR#4077`,
	Level:           lint.Certification,
	Title:           fmt.Sprintf("At most %d categories", connectorCategoriesMax),
	Source:          "catalog §1.2 connector-metadata-categories-max-2; L-CERT; L-SVR; PR#500; PR#4077",
	Since:           since,
	ValidatorCodes:  []string{"TooManyConnectorCategories"},
	Doc: fmt.Sprintf(`Certification allows "a maximum of two" categories: "The maximum allowed number of
categories for the connector is '%d'." Pick the ones that fit the service best.

Bad:

    "propertyValue": "Collaboration;Productivity;Communication"

Good:

    "propertyValue": "Collaboration;Productivity"`, connectorCategoriesMax),
	Check: func(p *lint.Pass) {
		if v, items := infoCategories(p.Root); len(items) > connectorCategoriesMax {
			p.Reportf(v, "The maximum allowed number of categories for the connector is '%d': it lists %d (%s); keep the %d that fit best",
				connectorCategoriesMax, len(items), strings.Join(items, ", "), connectorCategoriesMax)
		}
	},
}

// docsItemKeys are the members of an x-ms-docs item.
var docsItemKeys = []string{"url", "description"}

var xMsDocsShape = &lint.Rule{
	ID:     "x-ms-docs-shape",
	Level:  lint.Certification,
	Title:  "x-ms-docs is a non-empty array of {url, description}",
	Source: "catalog §1.2 x-ms-docs-shape; R-SCHEMA-SW",
	Since:  since,
	Doc: `When present, the root x-ms-docs is an array with at least one item, and each item
has exactly the string members ` + quoteList(docsItemKeys) + `, both required (Microsoft's schema).
url-absolute checks the URLs.

Bad:

    "x-ms-docs": []
    "x-ms-docs": [{"url": "https://docs.contoso.com"}]

Good:

    "x-ms-docs": [{"url": "https://docs.contoso.com", "description": "Contoso Teams documentation"}]`,
	Check: func(p *lint.Pass) {
		d := p.Root.Get("x-ms-docs")
		switch {
		case d == nil:
		case d.Kind != connector.Array:
			p.Reportf(d, "'x-ms-docs' must be an array of {\"url\", \"description\"} objects, not %s", d.Kind)
		case d.Len() == 0:
			p.Reportf(d, "'x-ms-docs' needs at least one item: add {\"url\": ..., \"description\": ...} or remove it")
		default:
			for _, it := range d.List() {
				infoCheckEntryShape(p, it, docsItemKeys, "x-ms-docs item")
			}
		}
	},
}
