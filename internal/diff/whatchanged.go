package diff

import (
	"fmt"
	"strings"
	"sync"

	v2 "github.com/pb33f/libopenapi/datamodel/high/v2"
	whatchanged "github.com/pb33f/libopenapi/what-changed"
	"github.com/pb33f/libopenapi/what-changed/model"

	"github.com/ppconn/ppconn/internal/connector"
	"github.com/ppconn/ppconn/internal/connector/openapi"
)

// whatChanged settles the changes whose rating defers to libopenapi's
// what-changed: validation keywords tightened on an input, and keywords
// ppconn has no row for. It runs CompareSwaggerDocuments only when there
// are such changes (it costs 40 ms on two nBold versions, 175 ms on the
// largest corpus pair), maps each change it rates breaking back to a node
// of ours by line and column, and rates ours breaking when one falls on
// its pointer or below it. It reports whether what-changed ran.
func (d *differ) whatChanged(opt Options) bool {
	var pending []*Change
	for _, c := range d.out {
		if c.lib {
			pending = append(pending, c)
		}
	}
	settle := func(broken func(*Change) bool) {
		for _, c := range pending {
			c.lib = false
			if broken != nil && broken(c) {
				c.Impact, c.Reason = c.libBreaking, c.libReason
			} else {
				c.Impact = c.libOther
			}
		}
	}
	if len(pending) == 0 || opt.NoWhatChanged {
		settle(nil)
		return false
	}
	changes, err := compareModels(d.old.doc, d.new.doc)
	if err != nil {
		for _, c := range pending {
			c.Reason += fmt.Sprintf(" (what-changed could not compare the documents: %v)", err)
		}
		settle(nil)
		return true
	}
	oldAt, newAt := positionIndex(d.old.doc), positionIndex(d.new.doc)
	brokenOld, brokenNew := map[string]bool{}, map[string]bool{}
	for _, ch := range changes {
		if !ch.Breaking || ch.Context == nil {
			continue
		}
		cx := ch.Context
		if cx.OriginalLine != nil && cx.OriginalColumn != nil {
			if n := oldAt[[2]int{*cx.OriginalLine, *cx.OriginalColumn}]; n != nil {
				brokenOld[n.Pointer()] = true
			}
		}
		if cx.NewLine != nil && cx.NewColumn != nil {
			if n := newAt[[2]int{*cx.NewLine, *cx.NewColumn}]; n != nil {
				brokenNew[n.Pointer()] = true
			}
		}
	}
	settle(func(c *Change) bool {
		if c.New != nil && covers(brokenNew, c.Pointer) {
			return true
		}
		old := c.OldPointer
		if old == "" && c.Old != nil {
			old = c.Pointer
		}
		return c.Old != nil && covers(brokenOld, old)
	})
	return true
}

// covers says whether a breaking what-changed change sits at pointer or
// below it.
func covers(set map[string]bool, pointer string) bool {
	if set[pointer] {
		return true
	}
	prefix := pointer + "/"
	for p := range set {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return false
}

// compareModels builds both libopenapi models (in parallel) and runs
// what-changed. libopenapi reads untrusted text here, so a panic in it is
// turned into an error rather than taking the run down.
func compareModels(old, new *connector.Document) (changes []*model.Change, err error) {
	var mo, mn *v2.Swagger
	var errO, errN error
	var wg sync.WaitGroup
	build := func(doc *connector.Document, m **v2.Swagger, e *error) {
		defer wg.Done()
		defer func() {
			if r := recover(); r != nil {
				*e = fmt.Errorf("libopenapi panicked on %s: %v", doc.Path, r)
			}
		}()
		*m, *e = openapi.V2Model(doc)
	}
	wg.Add(2)
	go build(old, &mo, &errO)
	go build(new, &mn, &errN)
	wg.Wait()
	if mo == nil || mn == nil {
		if errO == nil {
			errO = errN
		}
		return nil, errO
	}
	defer func() {
		if r := recover(); r != nil {
			changes, err = nil, fmt.Errorf("what-changed panicked: %v", r)
		}
	}()
	dc := whatchanged.CompareSwaggerDocuments(mo.GoLow(), mn.GoLow())
	if dc == nil {
		return nil, nil
	}
	return dc.GetAllChanges(), nil
}

// positionIndex maps the line and column of every key and value of a
// document to its node.
func positionIndex(doc *connector.Document) map[[2]int]*connector.Node {
	at := map[[2]int]*connector.Node{}
	doc.Root.Walk(func(n *connector.Node) bool {
		p := doc.Position(n)
		if _, taken := at[[2]int{p.Line, p.Col}]; !taken {
			at[[2]int{p.Line, p.Col}] = n
		}
		if n.IsMember() {
			k := doc.KeyPosition(n)
			at[[2]int{k.Line, k.Col}] = n
		}
		return true
	})
	return at
}
