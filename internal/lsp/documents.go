package lsp

import (
	"path/filepath"
	"strings"

	"github.com/ppconn/ppconn/internal/config"
)

func (s *Server) didOpen(p *DidOpenTextDocumentParams) (any, error) {
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		s.logf("ppconn lsp: %v", err)
		return nil, nil
	}
	s.mu.Lock()
	s.docs[path] = &buffer{uri: p.TextDocument.URI, path: path, text: []byte(p.TextDocument.Text), version: p.TextDocument.Version}
	s.mu.Unlock()
	s.changed(path)
	return nil, nil
}

func (s *Server) didChange(p *DidChangeTextDocumentParams) (any, error) {
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return nil, nil
	}
	s.mu.Lock()
	b := s.docs[path]
	if b == nil {
		s.mu.Unlock()
		return nil, nil
	}
	text := b.text
	for _, ch := range p.ContentChanges {
		if text, err = applyChange(text, ch, s.enc); err != nil {
			s.mu.Unlock()
			s.logf("ppconn lsp: %s: %v", path, err)
			return nil, nil
		}
	}
	b.text, b.version = text, p.TextDocument.Version
	s.mu.Unlock()
	s.changed(path)
	return nil, nil
}

func (s *Server) didSave(p *DidSaveTextDocumentParams) (any, error) {
	if path, err := uriToPath(p.TextDocument.URI); err == nil {
		// A save can create a file the connector did not have.
		s.changed(path)
	}
	return nil, nil
}

func (s *Server) didClose(p *DidCloseTextDocumentParams) (any, error) {
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return nil, nil
	}
	s.mu.Lock()
	delete(s.docs, path)
	s.mu.Unlock()
	s.changed(path)
	s.dropClosed()
	return nil, nil
}

// didChangeWatchedFiles: a file changed on disk (git checkout, another
// tool): re-lint its connector.
func (s *Server) didChangeWatchedFiles(p *DidChangeWatchedFilesParams) (any, error) {
	for _, c := range p.Changes {
		if path, err := uriToPath(c.URI); err == nil {
			s.changed(path)
		}
	}
	return nil, nil
}

// changed schedules the lint of every connector the file at path belongs
// to: its own, or for a .ppconn.yaml every open connector below it.
func (s *Server) changed(path string) {
	if strings.EqualFold(filepath.Base(path), config.FileName) {
		dir := filepath.Dir(path)
		s.mu.Lock()
		var keys []string
		for key, c := range s.conns {
			if within(c.dir, dir) {
				keys = append(keys, key)
			}
		}
		s.mu.Unlock()
		for _, k := range keys {
			s.schedule(k)
		}
		return
	}
	if key := connectorKey(path); key != "" {
		s.schedule(key)
	}
}

// within reports whether path is dir or below it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// dropClosed forgets the connectors none of whose files is open, once their
// diagnostics are cleared: memory stays bounded by the open connectors.
func (s *Server) dropClosed() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for key, c := range s.conns {
		if c.running || c.pending {
			continue
		}
		open := false
		for p := range s.docs {
			if connectorKey(p) == key {
				open = true
				break
			}
		}
		if !open && len(c.published) == 0 {
			delete(s.conns, key)
		}
	}
}

// snapshot copies the open documents' text, for a lint that runs without
// the lock.
func (s *Server) snapshot() map[string]*buffer {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]*buffer, len(s.docs))
	for p, b := range s.docs {
		c := *b
		out[p] = &c
	}
	return out
}

// buffer returns a copy of the open document at uri, or nil.
func (s *Server) buffer(uri DocumentURI) *buffer {
	path, err := uriToPath(uri)
	if err != nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.docs[path]
	if b == nil {
		return nil
	}
	c := *b
	return &c
}
