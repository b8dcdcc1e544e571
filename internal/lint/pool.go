package lint

import (
	"runtime"
	"sync"
)

// Ordered runs work(i) for every i in [0, n) on jobs workers (0 means
// GOMAXPROCS) and calls emit with the results in the order of i, on the
// calling goroutine, as soon as each is next in line. It is the one
// worker pool of lint and fix. It is OrderedLight with every result
// heavy.
func Ordered[T any](n, jobs int, work func(i int) T, emit func(T)) {
	OrderedLight(n, jobs, work, nil, emit)
}

// OrderedLight is Ordered where light(r) tells a small result, one that
// may wait for its turn to be emitted outside the window of heavy ones
// (nil: none is light).
//
// Workers never wait for the emitter unless the reorder buffer is full:
// at most heavyWindow = 4 × jobs items are being worked on or waiting
// to be emitted, plus light results waiting, up to window = 16 × jobs
// items in all. Memory stays bounded by a few heavy results per worker
// (and a few more light ones) however many items there are, and one slow
// item holds the others back only once the window behind it is full.
//
// The light results are what keeps both workers busy: a slow item (a
// large definition, 30-75 ms where most take 1-3) held the emitter while
// the other worker filled the 4 x jobs window with small ones and then
// waited (see lightBytes in run.go for the figures).
//
// The emitter is a stage of its own, not a turn the workers take: it
// renders the report (a fifth of the CPU of a text report of the shared
// corpus) while the workers lint, so --jobs 1 uses more than one core.
// Workers emitting in turn, with no emitter or producer goroutine, was
// measured (issue #16, cores free under SCHED_FIFO, 7 interleaved runs):
// --jobs 2 no faster (1.08-1.21 s against 0.95-1.21 s) and --jobs 1 slower
// (1.66-1.88 s against 1.50-1.73 s).
func OrderedLight[T any](n, jobs int, work func(i int) T, light func(T) bool, emit func(T)) {
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	jobs = max(1, min(jobs, n))
	window := 16 * jobs
	heavyWindow := 4 * jobs
	// slots[i%window] carries item i; the emitter frees a slot (by
	// taking its result) before item i+window is handed out, so a slot is
	// never shared by two items in flight.
	slots := make([]chan T, window)
	for i := range slots {
		slots[i] = make(chan T, 1)
	}
	// An item takes a token of each kind before it is handed out. The
	// emitter gives both back; a worker whose result is light gives the
	// heavy one back at once.
	tokens := make(chan struct{}, window)
	heavy := make(chan struct{}, heavyWindow)
	wasLight := make([]bool, window) // written by the worker before its slot send
	next := make(chan int, window)
	go func() {
		for i := range n {
			tokens <- struct{}{}
			heavy <- struct{}{}
			next <- i
		}
		close(next)
	}()
	var wg sync.WaitGroup
	for range jobs {
		wg.Go(func() {
			for i := range next {
				r := work(i)
				if light != nil && light(r) {
					wasLight[i%window] = true
					<-heavy
				}
				slots[i%window] <- r
			}
		})
	}
	for i := range n {
		r := <-slots[i%window]
		light := wasLight[i%window]
		wasLight[i%window] = false
		// The tokens go back after emit: a result being rendered still
		// holds its memory, so it counts in the window until it is done
		// (and a caller counting what it has emitted never sees one more
		// item in flight than the window).
		emit(r)
		if !light {
			<-heavy
		}
		<-tokens
	}
	wg.Wait()
}
