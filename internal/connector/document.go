package connector

import (
	"bytes"
	"sort"
	"unicode/utf8"
)

// Format is the syntax a document was written in.
type Format uint8

// The document formats.
const (
	JSON Format = iota
	YAML
)

func (f Format) String() string {
	if f == YAML {
		return "yaml"
	}
	return "json"
}

// Role says what a file is within a connector package.
type Role uint8

// The file roles.
const (
	RoleSwagger Role = iota
	RoleProperties
	RoleSettings
)

// ProblemKind classifies a load problem. Each kind is reported by one lint
// rule (see rules/file.go).
type ProblemKind uint8

// The load problem kinds.
const (
	ProblemSyntax ProblemKind = iota
	ProblemEncoding
	ProblemDuplicateKey
	ProblemLimit
)

// Problem is something wrong with a file that was found while loading it.
// Problems are data, not errors: linting goes on and reports them.
type Problem struct {
	Kind    ProblemKind
	Pos     Pos
	Node    *Node // the node concerned, when there is one; gives the pointer
	Message string
}

// Pointer is the JSON pointer of the problem's node, or "" for the root.
func (p Problem) Pointer() string {
	if p.Node == nil {
		return ""
	}
	return p.Node.Pointer()
}

// Pos is a 1-based line and column. Columns count Unicode characters, not
// bytes, so that they match what an editor shows.
type Pos struct {
	Line, Col int
}

// Document is one parsed file.
type Document struct {
	Path   string
	Role   Role
	Format Format
	// Src is the UTF-8 text that was parsed: without a byte-order mark,
	// and transcoded from Windows-1252 when the file was not UTF-8.
	Src []byte
	// BOM records a UTF-8 byte-order mark in the file, so that a rewrite
	// can put it back.
	BOM bool
	// Encoding is "utf-8" or, for a file that was not valid UTF-8,
	// "windows-1252" (the encoding such files turn out to have).
	Encoding string
	// Size is the size of the file on disk in bytes.
	Size int64
	// Root is nil when the file could not be parsed at all.
	Root     *Node
	Problems []Problem

	lineStarts []int32
	lineASCII  []int8
	runeMarks  map[int][]int32
}

func (d *Document) addProblem(kind ProblemKind, pos Pos, msg string) {
	d.addProblemAt(kind, pos, nil, msg)
}

func (d *Document) addProblemAt(kind ProblemKind, pos Pos, n *Node, msg string) {
	d.Problems = append(d.Problems, Problem{Kind: kind, Pos: pos, Node: n, Message: msg})
}

func (d *Document) index() {
	if d.lineStarts != nil {
		return
	}
	starts := make([]int32, 1, bytes.Count(d.Src, []byte{'\n'})+1)
	// IndexByte, not a loop over every byte: the index is built for every
	// document a finding is reported in, and the byte loop was a tenth of
	// the cost of the reports on the corpus (issue #16).
	for i := 0; ; {
		j := bytes.IndexByte(d.Src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		starts = append(starts, int32(i))
	}
	d.lineStarts = starts
	d.lineASCII = make([]int8, len(starts))
}

// OffsetPos converts a byte offset in Src into a line and column.
func (d *Document) OffsetPos(off int) Pos {
	d.index()
	if off > len(d.Src) {
		off = len(d.Src)
	}
	line := sort.Search(len(d.lineStarts), func(i int) bool { return int(d.lineStarts[i]) > off }) - 1
	start := int(d.lineStarts[line])
	return Pos{Line: line + 1, Col: d.runeCol(line, start, off)}
}

// Offset converts a line and column (as OffsetPos gives them: 1-based,
// columns in characters) into a byte offset in Src. ok is false when the
// line does not exist or the column is past the end of its line. It is
// the inverse of OffsetPos, on the same line index.
func (d *Document) Offset(p Pos) (off int, ok bool) {
	d.index()
	if p.Line < 1 || p.Line > len(d.lineStarts) || p.Col < 1 {
		return 0, false
	}
	start := int(d.lineStarts[p.Line-1])
	end := len(d.Src)
	if p.Line < len(d.lineStarts) {
		end = int(d.lineStarts[p.Line]) - 1 // the '\n'
	}
	if d.lineASCII[p.Line-1] == 0 {
		d.classifyLine(p.Line-1, start)
	}
	if d.lineASCII[p.Line-1] == 1 {
		off = start + p.Col - 1
		return off, off <= end
	}
	off = start
	for c := 1; c < p.Col; c++ {
		if off >= end {
			return 0, false
		}
		_, size := utf8.DecodeRune(d.Src[off:end])
		off += size
	}
	return off, true
}

// LineCount is the number of lines of Src (a final newline starts an
// empty last line).
func (d *Document) LineCount() int {
	d.index()
	return len(d.lineStarts)
}

// LineOffset is the byte offset of the 1-based line, or len(Src) past the
// last line.
func (d *Document) LineOffset(line int) int {
	d.index()
	if line < 1 {
		return 0
	}
	if line > len(d.lineStarts) {
		return len(d.Src)
	}
	return int(d.lineStarts[line-1])
}

// runeCol counts characters from the line start. Lines known to be ASCII
// (the common case) need no count; on other lines a checkpoint every
// runeStep bytes bounds each count, so that a minified file with accents
// and thousands of findings stays linear.
func (d *Document) runeCol(line, start, off int) int {
	if d.lineASCII[line] == 0 {
		d.classifyLine(line, start)
	}
	if d.lineASCII[line] == 1 {
		return off - start + 1
	}
	marks := d.runeMarks[line]
	k := min((off-start)/runeStep, len(marks)-1)
	// Mark k counts the runes before the first rune start at or after
	// its step boundary.
	from := start + k*runeStep
	for from < off && !utf8.RuneStart(d.Src[from]) {
		from++
	}
	return int(marks[k]) + utf8.RuneCount(d.Src[from:off]) + 1
}

const runeStep = 1024

// classifyLine marks a line ASCII or not and, for the latter, records the
// rune count at every runeStep bytes.
func (d *Document) classifyLine(line, start int) {
	end := len(d.Src)
	if line+1 < len(d.lineStarts) {
		end = int(d.lineStarts[line+1])
	}
	d.lineASCII[line] = 1
	for _, b := range d.Src[start:end] {
		if b >= utf8.RuneSelf {
			d.lineASCII[line] = 2
			break
		}
	}
	if d.lineASCII[line] == 1 {
		return
	}
	if d.runeMarks == nil {
		d.runeMarks = map[int][]int32{}
	}
	marks := []int32{0}
	count := 0
	for i := start; i < end; {
		_, size := utf8.DecodeRune(d.Src[i:])
		i += size
		count++
		if (i-start)/runeStep >= len(marks) && i < end {
			// Marks sit on rune starts: the first one at or after the step.
			for (i-start)/runeStep >= len(marks) {
				marks = append(marks, int32(count))
			}
		}
	}
	d.runeMarks[line] = marks
}

// Position is where the value n starts.
func (d *Document) Position(n *Node) Pos {
	if n == nil {
		return Pos{Line: 1, Col: 1}
	}
	if n.Off < 0 {
		return Pos{Line: int(n.Line), Col: int(n.Col)}
	}
	return d.OffsetPos(int(n.Off))
}

// KeyPosition is where the member name of n starts, or where n starts when
// it is not an object member.
func (d *Document) KeyPosition(n *Node) Pos {
	if n == nil || !n.IsMember() {
		return d.Position(n)
	}
	if n.Off < 0 {
		if n.KeyLine == 0 {
			return d.Position(n)
		}
		return Pos{Line: int(n.KeyLine), Col: int(n.KeyCol)}
	}
	return d.OffsetPos(int(n.KeyOff))
}

// Line returns the text of a 1-based line without its line ending.
func (d *Document) Line(line int) string {
	return string(d.LineBytes(line))
}

// LineBytes is Line without the copy: a view of Src, not to be modified.
// Asking about one line of a minified file per finding must not copy the
// whole file each time (#19 item 8).
func (d *Document) LineBytes(line int) []byte {
	d.index()
	if line < 1 || line > len(d.lineStarts) {
		return nil
	}
	start := int(d.lineStarts[line-1])
	end := len(d.Src)
	if line < len(d.lineStarts) {
		end = int(d.lineStarts[line]) - 1
	}
	return bytes.TrimSuffix(d.Src[start:end:end], []byte{'\r'})
}
