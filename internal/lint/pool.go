package lint

import (
	"runtime"
	"sync"
)

// Ordered runs work(i) for every i in [0, n) on jobs workers (0 means
// GOMAXPROCS) and calls emit with the results in the order of i, one call
// at a time, as soon as each is next in line. It is the one worker pool
// of lint and fix.
//
// The calling goroutine is one of the workers, and emitting is done by
// whichever worker finishes the item next in line: there is no producer
// or emitter goroutine to wait for a processor, which with GOMAXPROCS
// workers busy is a wait of a whole scheduling slice each time and left
// two workers on two cores using one (issue #16). The calls of emit are
// serialised (each returns before the next begins), not tied to one
// goroutine.
//
// Workers never wait for the emitter unless the reorder buffer is full:
// at most window = 4 × jobs items are being worked on or waiting to be
// emitted, so memory stays bounded by a few results per worker however
// many items there are, and one slow item holds the others back only once
// the window behind it is full.
func Ordered[T any](n, jobs int, work func(i int) T, emit func(T)) {
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	jobs = max(1, min(jobs, n))
	if jobs == 1 {
		for i := range n {
			emit(work(i))
		}
		return
	}
	p := &pool[T]{n: n, window: 4 * jobs, work: work, emit: emit}
	p.slots = make([]slot[T], p.window)
	p.room.L = &p.mu
	var wg sync.WaitGroup
	for range jobs - 1 {
		wg.Go(p.worker)
	}
	p.worker()
	wg.Wait()
}

// pool is the state of one Ordered run, guarded by mu. Item i, once done,
// waits in slots[i%window] until it is next in line (head); next is the
// first item not yet handed out, and next < head+window always holds, so
// a slot is never shared by two items in flight.
type pool[T any] struct {
	mu       sync.Mutex
	room     sync.Cond // signalled when head moves on
	n        int
	window   int
	next     int
	head     int
	emitting bool // a worker is emitting; the others only leave results
	slots    []slot[T]
	work     func(int) T
	emit     func(T)
}

type slot[T any] struct {
	r    T
	done bool
}

func (p *pool[T]) worker() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		for p.next < p.n && p.next >= p.head+p.window {
			p.room.Wait()
		}
		if p.next >= p.n {
			return
		}
		i := p.next
		p.next++
		p.mu.Unlock()
		r := p.work(i)
		p.mu.Lock()
		p.slots[i%p.window] = slot[T]{r: r, done: true}
		if p.emitting {
			continue // the emitting worker takes it when it is next in line
		}
		p.emitting = true
		for s := &p.slots[p.head%p.window]; s.done; s = &p.slots[p.head%p.window] {
			r := s.r
			*s = slot[T]{} // the result is dropped once emitted
			p.mu.Unlock()
			p.emit(r)
			p.mu.Lock()
			p.head++
			p.room.Broadcast()
		}
		p.emitting = false
	}
}
