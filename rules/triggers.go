package rules

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/lint"
)

// Trigger rules (catalog §1.9): x-ms-trigger and the extensions of webhook
// and polling triggers.
//
// A webhook operation has a body property marked "x-ms-notification-url":
// the platform writes the flow's callback address there when it
// subscribes. A webhook trigger is a webhook operation with x-ms-trigger;
// a polling trigger is an operation with x-ms-trigger and no notification
// URL, which the platform calls again and again.

var triggerRules = []*lint.Rule{
	xMsTriggerValues, webhookNotificationURL, webhookNotificationContent, webhookDeleteOperation,
	xMsNotificationUsage, triggerMetadataShape, pollingTrigger, triggerHintString,
}

// The trigger extensions.
const (
	xTrigger         = "x-ms-trigger"
	xTriggerMetadata = "x-ms-trigger-metadata"
	xTriggerHint     = "x-ms-trigger-hint"
	xNotification    = "x-ms-notification"
	xNotifyURL       = "x-ms-notification-url"
	xNotifyContent   = "x-ms-notification-content"
)

// trigKinds are the values of x-ms-trigger, with what the trigger returns.
var trigKinds = []struct{ value, returns string }{
	{"single", "one object, one run per event"},
	{"batch", "an array, one run per item"},
}

func trigKindValues() []string {
	var v []string
	for _, k := range trigKinds {
		v = append(v, k.value)
	}
	return v
}

// trigMetadata is the one value x-ms-trigger-metadata may have.
var trigMetadata = []struct{ key, value string }{{"kind", "query"}, {"mode", "polling"}}

func trigMetadataText() string {
	var parts []string
	for _, m := range trigMetadata {
		parts = append(parts, `"`+m.key+`": "`+m.value+`"`)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// trigPollingMethod is the method of a polling trigger.
const trigPollingMethod = "get"

// ---------------------------------------------------------------- notification URLs

// trigStep is one property on the way from a body schema down to a
// notification URL.
type trigStep struct {
	parent *Node  // the resolved schema that lists the property
	name   string // the property name; "" for the items of an array
	def    *Node  // the resolved property schema
}

// trigURL is a schema of a request body marked x-ms-notification-url.
type trigURL struct {
	mark  *Node // the x-ms-notification-url member
	def   *Node // the resolved schema that has it
	steps []trigStep
}

// on reports whether the mark says true.
func (u trigURL) on() bool { return u.mark.IsTrue() }

// path is the way down from the body parameter, for messages.
func (u trigURL) path(body *Parameter) string {
	parts := []string{body.Name()}
	for _, s := range u.steps {
		parts = append(parts, cmp.Or(s.name, "[]"))
	}
	return strings.Join(parts, "/")
}

// trigWebhook is an operation with the notification URLs of its body.
type trigWebhook struct {
	op   *Operation
	body *Parameter
	urls []trigURL // every x-ms-notification-url mark, true or not
}

// count is the number of properties marked true.
func (w trigWebhook) count() int {
	n := 0
	for _, u := range w.urls {
		if u.on() {
			n++
		}
	}
	return n
}

// listWebhooks reads the body of every operation for notification URLs.
func listWebhooks(p *lint.Pass, root *Node) []trigWebhook {
	var out []trigWebhook
	for _, op := range operations(p, root) {
		w := trigWebhook{op: op}
		for _, prm := range parameters(root, op) {
			if prm.Def != nil && prm.In() == "body" && w.body == nil {
				w.body = prm
				trigFindURLs(root, prm.Def.Get("schema"), nil, map[*Node]bool{}, &w.urls)
			}
		}
		out = append(out, w)
	}
	return out
}

// trigHooks is the set of webhook operations, by operation node.
type trigHooks map[*Node]bool

func (h trigHooks) has(op *Operation) bool { return op != nil && h[op.Node] }

// trigWebhooks indexes the operations with at least one notification URL.
func trigWebhooks(scan []trigWebhook) trigHooks {
	hooks := trigHooks{}
	for _, w := range scan {
		if w.count() > 0 {
			hooks[w.op.Node] = true
		}
	}
	return hooks
}

// trigFindURLs walks a body schema, following $ref, and collects the
// schemas marked x-ms-notification-url, each with the first way down to
// it. seen holds every schema visited in this walk: a schema reached twice
// (a definition shared by two properties, a loop) is walked once, so that
// the cost is linear in the document, not exponential in a $ref diamond.
func trigFindURLs(root, s *Node, steps []trigStep, seen map[*Node]bool, out *[]trigURL) {
	def := resolve(root, s)
	if def == nil || def.Kind != connector.Object || seen[def] {
		return
	}
	seen[def] = true
	if m := def.Get(xNotifyURL); m != nil {
		*out = append(*out, trigURL{mark: m, def: def, steps: slices.Clone(steps)})
	}
	for _, c := range def.Get("properties").List() {
		trigFindURLs(root, c, append(steps, trigStep{parent: def, name: c.Key, def: resolve(root, c)}), seen, out)
	}
	if items := def.Get("items"); items != nil {
		trigFindURLs(root, items, append(steps, trigStep{parent: def, def: resolve(root, items)}), seen, out)
	}
	for _, a := range def.Get("allOf").List() {
		trigFindURLs(root, a, steps, seen, out)
	}
}

// trigWebhookLike reports whether a trigger without notification URL looks
// meant as a webhook: its path has x-ms-notification-content, or it is not
// a GET and has no polling metadata.
func trigWebhookLike(op *Operation) string {
	switch {
	case !op.IsTrigger():
		return ""
	case op.PathItem.Has(xNotifyContent):
		return "its path has x-ms-notification-content"
	case op.Method != trigPollingMethod && !op.Node.Has(xTriggerMetadata):
		return "it is a " + strings.ToUpper(op.Method) + " trigger without x-ms-trigger-metadata"
	}
	return ""
}

// trigIsRequired reports whether the step is listed in the "required" of
// its parent; the items of an array need not be.
func trigIsRequired(s trigStep) bool {
	return s.name == "" || contains(stringItems(s.parent.Get("required")), s.name)
}

// trigCheckURL checks one notification URL of a body.
func trigCheckURL(p *lint.Pass, w trigWebhook, u trigURL) {
	where := "'" + u.path(w.body) + "' of operation '" + w.op.Name() + "'"
	if t := u.def.Get("type").Str(); t != "string" {
		p.Report(lint.Diagnostic{Node: u.mark, AtKey: true, Message: fmt.Sprintf("The notification URL property must be of type string: %s is of type '%s'; give it \"type\": \"string\"", where, cmp.Or(t, "none"))})
	}
	for _, s := range u.steps {
		if !trigIsRequired(s) {
			p.Report(lint.Diagnostic{Node: u.mark, AtKey: true, Message: fmt.Sprintf("The notification URL property must be required all the way through the schema chain: in %s, '%s' is not in the 'required' list of its parent; add it", where, s.name)})
			break
		}
	}
	internal := isInternal(w.body.Def) || isInternal(u.def) ||
		slices.ContainsFunc(u.steps, func(s trigStep) bool { return isInternal(s.def) })
	if !internal {
		p.Report(lint.Diagnostic{Node: u.mark, AtKey: true, Message: fmt.Sprintf("The notification URL property itself or at least one of its parents must be internal: makers must not see %s; add \"x-ms-visibility\": \"internal\" to it", where)})
	}
}

// trigEachMark calls fn for every x-ms-notification-url met where the
// platform could take it for an input outside the request body: on
// non-body parameters and in notification content schemas (following
// $ref). Response schemas are not visited: a subscription object that the
// service returns often reuses the request definition, and the mark is
// ignored there.
func trigEachMark(p *lint.Pass, root *Node, fn func(mark *Node, where string)) {
	for _, prm := range allParameters(p, root) {
		if prm.Def != nil && prm.Def == prm.Node && prm.In() != "body" {
			if m := prm.Def.Get(xNotifyURL); m != nil {
				fn(m, "the "+prm.In()+" parameter '"+prm.Name()+"'")
			}
		}
	}
	seen := map[*Node]bool{}
	for _, item := range root.Get("paths").List() {
		dynEachSchema(root, item.At(xNotifyContent, "schema"), seen, func(s *Node) {
			if m := s.Get(xNotifyURL); m != nil {
				fn(m, "the notification content of '"+item.Key+"', which describes what the service posts")
			}
		})
	}
}

var webhookNotificationURL = &lint.Rule{
	ID:     "webhook-notification-url",
	Level:  lint.Certification,
	Title:  "A webhook has one notification URL property: in the body, a string, required and internal",
	Source: "catalog §1.9 webhook-notification-url; L-SVR, L-EXT, L-WEBHOOK",
	Since:  since,
	ValidatorCodes: []string{"WebhookOperationsMissingNotificationUrlProperty", "NotificationUrlNotAllowedInThisPosition",
		"NotificationUrlNotString", "NotificationUrlNotRequired", "NotificationUrlNotInternal"},
	Doc: `When a flow with a webhook trigger is saved, the platform calls the subscribe
operation and writes the flow's callback address into the body property marked
"x-ms-notification-url": true. So a webhook operation has exactly one such property;
it is in the request body (not a query or header parameter, not the notification
content), of type string, listed in "required" at every level from the body down, and
internal itself or through a parent, since the maker never types it. A trigger whose
path has x-ms-notification-content, or a non-GET trigger without
x-ms-trigger-metadata, is taken for a webhook and needs it. (In a response schema the
mark is ignored: a subscription that the service returns often reuses the request
definition.)

Bad:

    "properties": {"callbackUrl": {"type": "string", "x-ms-notification-url": true}}

Good:

    "required": ["callbackUrl"],
    "properties": {"callbackUrl": {"type": "string", "x-ms-notification-url": true,
        "x-ms-visibility": "internal"}}`,
	Check: func(p *lint.Pass) {
		reached := map[*Node]bool{}
		checked := map[*Node]bool{}
		for _, w := range trigScan(p, p.Root) {
			for _, u := range w.urls {
				reached[u.mark] = true
			}
			trigCheckWebhook(p, w, checked)
		}
		trigEachMark(p, p.Root, func(m *Node, where string) {
			if !reached[m] {
				p.Report(lint.Diagnostic{Node: m, AtKey: true, Message: fmt.Sprintf("The notification URL property is not allowed in this position. It is allowed only in input body: move x-ms-notification-url from %s to a property of the subscribe operation's body", where)})
			}
		})
	},
}

// trigCheckWebhook checks the notification URLs of one operation; checked
// holds the marks already checked through another operation.
func trigCheckWebhook(p *lint.Pass, w trigWebhook, checked map[*Node]bool) {
	for _, u := range w.urls {
		if !checked[u.mark] && u.mark.Kind != connector.Bool {
			p.Reportf(u.mark, "x-ms-notification-url must be the boolean true, not %s", dynLiteralText(u.mark))
		}
	}
	if w.count() == 0 {
		if why := trigWebhookLike(w.op); why != "" {
			p.Report(lint.Diagnostic{Node: w.op.Node, AtKey: true, Message: fmt.Sprintf("The webhook operation '%s' is missing notification URL property: %s, so it is taken for a webhook; mark the body property that receives the callback address with \"x-ms-notification-url\": true (or, for a polling trigger, make it a GET with x-ms-trigger-metadata)", w.op.Name(), why)})
		}
	}
	first := ""
	for _, u := range w.urls {
		switch {
		case !u.on():
		case checked[u.mark]:
		case first != "":
			p.Report(lint.Diagnostic{Node: u.mark, AtKey: true, Message: fmt.Sprintf("The webhook operation '%s' has more than one notification URL property: the callback address goes to '%s' only; remove x-ms-notification-url from '%s'", w.op.Name(), first, u.path(w.body))})
		default:
			trigCheckURL(p, w, u)
		}
		if u.on() && first == "" {
			first = u.path(w.body)
		}
		checked[u.mark] = true
	}
}

// ---------------------------------------------------------------- notification content

var webhookNotificationContent = &lint.Rule{
	ID:             "webhook-notification-content",
	Level:          lint.Certification,
	Title:          "A webhook's path item has x-ms-notification-content with a schema",
	Source:         "catalog §1.9 webhook-notification-content; L-SVR, L-WEBHOOK, R-SCHEMA-SW",
	Since:          since,
	ValidatorCodes: []string{"OperationMustHaveNotificationContentExtension", "SchemaDefinitionSetIncorrectly"},
	Doc: `What the service posts to the callback address is described by
"x-ms-notification-content": {"description": ..., "schema": ...}, written on the path
item beside the webhook operation (not inside it). Its schema gives the trigger its
outputs in the designer; without it the trigger has none.

Bad:

    "/hooks": {"post": {"operationId": "OnNewTeam", "x-ms-trigger": "single",
        "x-ms-notification-content": {"schema": {"$ref": "#/definitions/TeamEvent"}}, ...}}

Good:

    "/hooks": {"x-ms-notification-content": {"description": "The new team.",
        "schema": {"$ref": "#/definitions/TeamEvent"}},
      "post": {"operationId": "OnNewTeam", "x-ms-trigger": "single", ...}}`,
	Check: func(p *lint.Pass) {
		done := map[*Node]bool{}
		for _, w := range trigScan(p, p.Root) {
			if n := w.count(); n > 0 {
				trigCheckContent(p, w.op, n, done)
			}
		}
	},
}

func trigCheckContent(p *lint.Pass, op *Operation, urls int, done map[*Node]bool) {
	content := op.PathItem.Get(xNotifyContent)
	switch {
	case content == nil && op.Node.Has(xNotifyContent):
		p.Report(lint.Diagnostic{Node: op.Node.Get(xNotifyContent), AtKey: true, Message: fmt.Sprintf("The operation '%s' is missing notification content extension as it has '%d' properties marked as notification URL: x-ms-notification-content is read on the path item '%s', beside the operation; move it up one level", op.Name(), urls, op.Path)})
	case content == nil:
		p.Report(lint.Diagnostic{Node: op.Node, AtKey: true, Message: fmt.Sprintf("The operation '%s' is missing notification content extension as it has '%d' properties marked as notification URL: add \"x-ms-notification-content\": {\"schema\": ...} to the path item '%s' to describe what the service posts", op.Name(), urls, op.Path)})
	case done[content]:
	case content.Kind != connector.Object || resolve(p.Root, content.Get("schema")) == nil:
		done[content] = true
		p.Report(lint.Diagnostic{Node: content, AtKey: true, Message: fmt.Sprintf("The operation '%s' should define an output schema on the 200 or 201 response code or in 'x-ms-notification-content' extension for a webhook to be visible in the designer: give x-ms-notification-content a \"schema\"", op.Name())})
	}
}

// ---------------------------------------------------------------- delete

// trigUnsubscribeWords mark a DELETE operation that removes a
// subscription, in a literal segment of its path or in its operationId
// (DeleteWebhook, /unsubscribe/{id}, /callbacks/{id}, RemoveRegistration).
var trigUnsubscribeWords = []string{"hook", "subscri", "notif", "callback", "trigger", "regist", "listener"}

// trigVersionSegment is a path segment that names no resource: "api", a
// version ("v1", "v2.0") or a number ("2").
var trigVersionSegment = regexp.MustCompile(`(?i)^(api|v?[0-9]+(\.[0-9]+)*)$`)

// trigSegments splits a path template into its segments.
func trigSegments(path string) []string {
	var out []string
	for _, s := range strings.Split(path, "/") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// trigIsParam reports whether a path segment is a single template
// variable, "{id}".
func trigIsParam(seg string) bool {
	return strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") && strings.Count(seg, "{") == 1
}

// trigHasPrefix reports whether path begins with the segments of prefix,
// any variable matching any variable and literals compared without case.
func trigHasPrefix(path, prefix []string) bool {
	if len(path) < len(prefix) {
		return false
	}
	for i, s := range prefix {
		if !(trigIsParam(s) && trigIsParam(path[i])) && !strings.EqualFold(s, path[i]) {
			return false
		}
	}
	return true
}

// trigNamesResource reports whether segments hold a literal that names a
// resource, not only "api" and versions.
func trigNamesResource(segs []string) bool {
	return slices.ContainsFunc(segs, func(s string) bool { return !trigIsParam(s) && !trigVersionSegment.MatchString(s) })
}

// trigRemovesAny reports whether a DELETE operation is, by itself, the one
// that removes subscriptions, whatever the webhook: it takes the whole
// 'Location' address as one path variable ("/{location}"), or it is
// internal (a maker never calls it, so it is there for the platform), or
// its path or operationId names a webhook or a subscription.
func trigRemovesAny(del *Operation) string {
	segs := trigSegments(del.Path)
	if len(segs) > 0 && !slices.ContainsFunc(segs, func(s string) bool { return !trigIsParam(s) }) {
		return "location"
	}
	if del.IsInternal() {
		return "internal"
	}
	words := []string{del.ID()}
	for _, s := range segs {
		if !trigIsParam(s) {
			words = append(words, s)
		}
	}
	for _, w := range words {
		if containsAny(strings.ToLower(w), trigUnsubscribeWords) {
			return "named"
		}
	}
	return ""
}

// trigRemoves reports whether a DELETE operation can remove the
// subscription that the webhook operation creates: it is trigRemovesAny,
// or its path is under the webhook's own resource, that is the subscribe
// path itself or a path below it (POST /hooks, DELETE /hooks/{id}), or a
// path below the subscribe path's parent when that parent names a resource
// (POST /hooks/team-created, DELETE /hooks/{id}).
func trigRemoves(hook, del *Operation) bool {
	if trigRemovesAny(del) != "" {
		return true
	}
	s, d := trigSegments(hook.Path), trigSegments(del.Path)
	if trigHasPrefix(d, s) {
		return true
	}
	parent := s[:max(len(s)-1, 0)]
	return trigNamesResource(parent) && trigHasPrefix(d, parent)
}

var webhookDeleteOperation = &lint.Rule{
	ID:     "webhook-delete-operation",
	Level:  lint.Guidance,
	Title:  "A webhook trigger has the DELETE operation that removes its subscription",
	Source: "catalog §1.9 webhook-delete-operation (INFERRED lint); L-WEBHOOK",
	Since:  since,
	Doc: `Microsoft's webhook tutorial: the definition "must include a definition for how to
delete the webhook". When a flow is turned off or deleted, Power Automate calls DELETE
on the address that the subscribe call returned in its 201 "Location" header; without
a DELETE operation there, the subscriptions pile up on the service and keep posting to
a flow that is gone.

The address is only known at run time, so the rule looks for a DELETE operation that
can be it. A DELETE operation counts for a webhook trigger when its path is under the
webhook's own resource (the subscribe path itself or below it: POST /hooks and
DELETE /hooks/{hookId}; or below the subscribe path's parent when the parent names a
resource, not only "api" or a version: POST /hooks/team-created and
DELETE /hooks/{hookId}). It counts for every webhook trigger when it takes the whole
address as one path variable ("/{location}"), when it is internal (makers never call
it, so it is there for the platform), or when its path or operationId names a webhook
or a subscription (` + quoteOr(trigUnsubscribeWords) + `, as in /unsubscribe/{id} or
DeleteWebhook). A DELETE of some other resource (DELETE /users/{userId}) does not
remove a subscription.

Reported once, at the first webhook trigger that no DELETE operation removes, with the
number of others.

On the certified corpus (` + "`" + `../shared/corpus` + "`" + `) it fires on 32 of the 381
parseable connectors (it fired on 25 when any DELETE satisfied it): 25 have webhook
triggers and no DELETE operation at all, and 7 have DELETE operations only for other
resources (categories, users, attendees, documents, tasks). Each of the 7 was checked
by hand, and none of their DELETE operations is the unsubscribe (one sets 'Location' in
its script to an address the definition has no operation for). The accepted
connectors whose unsubscribe lies outside the webhook's resource were checked too, and
their shapes count: an internal "DeleteFlow", a "/{Location}" path, an internal
"Delete webhook" under another prefix, "/UnsubscribeFromNewFilingsWebhookById".

Bad: a webhook trigger "OnNewTeam" at POST /hooks/team-created, and the only DELETE
operation is DELETE /teams/{teamId}, shown to makers.

Good:

    "/hooks/{hookId}": {"delete": {"operationId": "DeleteHook", "x-ms-visibility": "internal", ...}}`,
	Check: func(p *lint.Pass) {
		var dels []*Operation
		for _, op := range operations(p, p.Root) {
			if op.Method == "delete" {
				dels = append(dels, op)
			}
		}
		var orphans []*Operation
		for _, w := range trigScan(p, p.Root) {
			if w.op.IsTrigger() && w.count() > 0 && !slices.ContainsFunc(dels, func(d *Operation) bool { return trigRemoves(w.op, d) }) {
				orphans = append(orphans, w.op)
			}
		}
		if len(orphans) == 0 {
			return
		}
		first, others := orphans[0], ""
		if n := len(orphans) - 1; n > 0 {
			others = " (and " + othersCount(n, "webhook trigger") + ")"
		}
		if len(dels) == 0 {
			p.Report(lint.Diagnostic{Node: first.Node, AtKey: true, Message: fmt.Sprintf("the webhook trigger '%s'%s subscribes, but the definition has no DELETE operation to unsubscribe: add an internal DELETE operation at the address the subscribe call returns in its 'Location' header", first.Name(), others)})
			return
		}
		p.Report(lint.Diagnostic{Node: first.Node, AtKey: true, Message: fmt.Sprintf("the webhook trigger '%s'%s subscribes at '%s', but no DELETE operation removes the subscription: none is under that resource, takes the whole address ('/{location}'), is internal or names a webhook; add an internal DELETE operation at the address the subscribe call returns in its 'Location' header", first.Name(), others, first.Path)})
	},
}

// ---------------------------------------------------------------- x-ms-notification

var xMsNotificationUsage = &lint.Rule{
	ID:     "x-ms-notification-usage",
	Level:  lint.Certification,
	Title:  "x-ms-notification is on a trigger and names a webhook operation",
	Source: "catalog §1.9 x-ms-notification-usage; L-SVR, R-SCHEMA-SW",
	Since:  since,
	ValidatorCodes: []string{"NotificationExtensionSupportedForTriggerOnly",
		"NotificationExtensionNotSupportedInWebhookOperation", "NotificationOperationMustBeWebhook"},
	Doc: `"x-ms-notification": {"operationId": ...} joins a trigger (the fetch operation) to the
webhook operation that subscribes for it. So it goes on an operation with x-ms-trigger
that is not itself a webhook, and its "operationId", its only member, names an
operation whose body has an x-ms-notification-url property.

Bad:

    "get": {"operationId": "GetNewItems", "x-ms-notification": {"operationId": "GetItem"}}

Good:

    "get": {"operationId": "GetNewItems", "x-ms-trigger": "batch",
        "x-ms-notification": {"operationId": "SubscribeItems"}}`,
	Check: func(p *lint.Pass) {
		scan := trigScan(p, p.Root)
		hooks := trigWebhooks(scan)
		byID, ids := dynOperationsByID(p, p.Root)
		for _, w := range scan {
			if n := w.op.Node.Get(xNotification); n != nil {
				trigCheckNotification(p, w.op, n, hooks, byID, ids)
			}
		}
	},
}

func trigCheckNotification(p *lint.Pass, op *Operation, n *Node, hooks trigHooks, byID map[string]*Operation, ids []string) {
	switch {
	case !op.IsTrigger():
		p.Report(lint.Diagnostic{Node: n, AtKey: true, Message: fmt.Sprintf("The 'x-ms-notification' is supported for trigger operations only: '%s' has no x-ms-trigger", op.Name())})
	case hooks.has(op):
		p.Report(lint.Diagnostic{Node: n, AtKey: true, Message: fmt.Sprintf("The 'x-ms-notification' extension must not be defined in a webhook operation: '%s' subscribes itself (its body has x-ms-notification-url); remove it", op.Name())})
	}
	if n.Kind != connector.Object {
		p.Reportf(n, "x-ms-notification must be {\"operationId\": \"<webhook operation>\"}")
		return
	}
	for _, c := range n.Children {
		if c.Key != "operationId" {
			p.Report(lint.Diagnostic{Node: c, AtKey: true, Message: fmt.Sprintf("The property '%s' is not allowed and must be removed: x-ms-notification has only 'operationId'", c.Key)})
		}
	}
	id := n.Get("operationId")
	switch target := byID[id.Str()]; {
	case id.Str() == "":
		p.Report(lint.Diagnostic{Node: n, AtKey: true, Message: "x-ms-notification needs an 'operationId': the webhook operation that subscribes for this trigger"})
	case target == nil:
		p.Reportf(id, "The 'operationId' could not be found in this swagger document: no operation has the operationId '%s'%s", id.Value, didYouMean(id.Value, ids))
	case !hooks.has(target):
		p.Reportf(id, "The 'operationId' property in 'x-ms-notification' extension must be for a webhook operation: '%s' has no body property marked x-ms-notification-url", id.Value)
	}
}

// ---------------------------------------------------------------- values and shapes

var xMsTriggerValues = &lint.Rule{
	ID:      "x-ms-trigger-values",
	Level:   lint.Certification,
	Title:   "x-ms-trigger is \"single\" or \"batch\"",
	Source:  "catalog §1.9 x-ms-trigger-values; L-EXT, L-WEBHOOK, R-SCHEMA-SW",
	Since:   since,
	Fixable: true,
	Doc: `x-ms-trigger makes an operation a trigger; without it the operation is an action (and
a webhook does not appear among the triggers). Its value is one of: ` + trigKindsDoc() + `.

Bad:

    "x-ms-trigger": "Single"

Good:

    "x-ms-trigger": "single"

Fix: a value written in another case is lower-cased ("Single" → "single").`,
	Check: func(p *lint.Pass) {
		values := trigKindValues()
		for _, op := range operations(p, p.Root) {
			v := op.Node.Get(xTrigger)
			if v == nil || contains(values, v.Str()) {
				continue
			}
			hint := ""
			var fix *lint.Fix
			if v.IsString() && contains(values, strings.ToLower(v.Value)) {
				hint = "; write it in lower case, '" + strings.ToLower(v.Value) + "'"
				fix = lint.SetValue(v, strings.ToLower(v.Value))
			}
			p.Report(lint.Diagnostic{Node: v, Fix: fix, Message: fmt.Sprintf("The property value must be one of the following: %s. x-ms-trigger of '%s' is %s%s", quoteOr(values), op.Name(), dynLiteralText(v), hint)})
		}
	},
}

func trigKindsDoc() string {
	var parts []string
	for _, k := range trigKinds {
		parts = append(parts, `"`+k.value+`" (the trigger returns `+k.returns+`)`)
	}
	return strings.Join(parts, ", ")
}

var triggerMetadataShape = &lint.Rule{
	ID:     "trigger-metadata-shape",
	Level:  lint.Certification,
	Title:  "x-ms-trigger-metadata is " + trigMetadataText(),
	Source: "catalog §1.9 trigger-metadata-shape; R-SCHEMA-SW",
	Since:  since,
	Doc: `x-ms-trigger-metadata marks a polling trigger. Microsoft's schema allows exactly one
value, ` + trigMetadataText() + `, and requires both members.

Bad:

    "x-ms-trigger-metadata": {"mode": "poll"}

Good:

    "x-ms-trigger-metadata": ` + trigMetadataText(),
	Check: func(p *lint.Pass) {
		for _, op := range operations(p, p.Root) {
			md := op.Node.Get(xTriggerMetadata)
			switch {
			case md == nil:
			case md.Kind != connector.Object:
				p.Reportf(md, "x-ms-trigger-metadata must be the object %s", trigMetadataText())
			default:
				trigCheckMetadata(p, md)
			}
		}
	},
}

func trigCheckMetadata(p *lint.Pass, md *Node) {
	for _, m := range trigMetadata {
		v := md.Get(m.key)
		switch {
		case v == nil:
			p.Report(lint.Diagnostic{Node: md, AtKey: true, Message: fmt.Sprintf("The '%s' property is required: x-ms-trigger-metadata is %s", m.key, trigMetadataText())})
		case v.Str() != m.value:
			p.Reportf(v, "The property value must be one of the following: '%s'. '%s' of x-ms-trigger-metadata cannot be %s", m.value, m.key, dynLiteralText(v))
		}
	}
}

var pollingTrigger = &lint.Rule{
	ID:     "polling-trigger",
	Level:  lint.Guidance,
	Title:  "x-ms-trigger-metadata is on a polling trigger, a GET with x-ms-trigger",
	Source: "catalog §1.9 polling-trigger-policy (swagger side, INFERRED); L-POLL, R-SCHEMA-SW",
	Since:  since,
	Doc: `A polling trigger is written as a GET operation with x-ms-trigger and
"x-ms-trigger-metadata": ` + trigMetadataText() + `; the platform calls it again and again
and starts the flow when it returns new items. The metadata is meaningless on an
operation without x-ms-trigger (an action) and contradicts a webhook trigger (a body
with x-ms-notification-url), which is never polled. A polling trigger reads data, so
it is a GET.

Bad:

    "post": {"operationId": "OnNewLead", "x-ms-trigger": "batch",
        "x-ms-trigger-metadata": {"kind": "query", "mode": "polling"}, ...}

Good:

    "get": {"operationId": "OnNewLead", "x-ms-trigger": "batch",
        "x-ms-trigger-metadata": {"kind": "query", "mode": "polling"}, ...}`,
	Check: func(p *lint.Pass) {
		hooks := trigWebhooks(trigScan(p, p.Root))
		for _, op := range operations(p, p.Root) {
			md := op.Node.Get(xTriggerMetadata)
			switch {
			case md == nil:
			case !op.IsTrigger():
				p.Report(lint.Diagnostic{Node: md, AtKey: true, Message: fmt.Sprintf("x-ms-trigger-metadata marks a polling trigger, but '%s' has no x-ms-trigger, so it is an action and the metadata is ignored: add \"x-ms-trigger\" or remove the metadata", op.Name())})
			case hooks.has(op):
				p.Report(lint.Diagnostic{Node: md, AtKey: true, Message: fmt.Sprintf("'%s' is a webhook trigger (its body has x-ms-notification-url), which is never polled: remove x-ms-trigger-metadata", op.Name())})
			case op.Method != trigPollingMethod:
				p.Report(lint.Diagnostic{Node: op.Node, AtKey: true, Message: fmt.Sprintf("the polling trigger '%s' is a %s; a polling trigger reads new items and is called again and again, so make it a GET", op.Name(), strings.ToUpper(op.Method))})
			}
		}
	},
}

var triggerHintString = &lint.Rule{
	ID:     "trigger-hint-string",
	Level:  lint.Certification,
	Title:  "x-ms-trigger-hint is a non-empty string on a trigger",
	Source: "catalog §1.9 trigger-hint-string; L-EXT, R-SCHEMA-SW",
	Since:  since,
	Doc: `x-ms-trigger-hint tells the maker how to fire the trigger while testing a flow
("To see it work, add a task in Outlook."). It is a string, and only a trigger
(an operation with x-ms-trigger) shows it.

Bad:

    "x-ms-trigger-hint": {"text": "Add a task"}

Good:

    "x-ms-trigger-hint": "To see it work, add a task in Contoso Tasks."`,
	Check: func(p *lint.Pass) {
		for _, op := range operations(p, p.Root) {
			h := op.Node.Get(xTriggerHint)
			switch {
			case h == nil:
			case !h.IsString():
				p.Reportf(h, "x-ms-trigger-hint must be a string, the sentence that tells the maker how to fire the trigger")
			case strings.TrimSpace(h.Value) == "":
				p.Reportf(h, "x-ms-trigger-hint is empty: say how to fire the trigger, or remove it")
			case !op.IsTrigger():
				p.Report(lint.Diagnostic{Node: h, AtKey: true, Message: fmt.Sprintf("x-ms-trigger-hint is shown for triggers only, and '%s' has no x-ms-trigger: remove it, or add x-ms-trigger", op.Name())})
			}
		}
	},
}
