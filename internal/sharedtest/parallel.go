package sharedtest

import (
	"runtime"
	"sync"
)

// Parallel calls work(i) for every i in [0, n) on GOMAXPROCS goroutines
// (at least two) and returns when all calls have returned.
//
// The indexes are queued before any worker starts, so the caller never
// blocks on a send: a worker that stops early, because work called
// t.Fatal (runtime.Goexit) on a full disk or a broken copy, cannot hang the
// test until go test's ten-minute timeout, as an unbuffered channel did in
// CI. The other workers drain the queue and the failure is reported.
func Parallel(n int, work func(i int)) {
	queue := make(chan int, n)
	for i := range n {
		queue <- i
	}
	close(queue)
	var wg sync.WaitGroup
	for range max(2, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := range queue {
				work(i)
			}
		})
	}
	wg.Wait()
}
