package sharedtest

import (
	"runtime"
	"sync/atomic"
	"testing"
)

// TestParallelSurvivesGoexit: workers that stop with runtime.Goexit, as
// t.Fatal in a worker does, leave the rest of the queue to the others,
// and Parallel returns instead of hanging.
func TestParallelSurvivesGoexit(t *testing.T) {
	var done, stopped atomic.Int32
	Parallel(100, func(i int) {
		if i%10 == 0 && stopped.Add(1) <= 1 {
			runtime.Goexit()
		}
		done.Add(1)
	})
	if got := done.Load(); got != 99 {
		t.Fatalf("done %d of 100 with one worker stopped", got)
	}
}

// TestParallelAllWorkersStop: even when every worker stops, Parallel
// returns.
func TestParallelAllWorkersStop(t *testing.T) {
	var calls atomic.Int32
	Parallel(100, func(int) { calls.Add(1); runtime.Goexit() })
	if got, most := int(calls.Load()), max(2, runtime.GOMAXPROCS(0)); got > most {
		t.Fatalf("%d calls, want at most one per worker (%d)", got, most)
	}
}

func TestParallelCallsEach(t *testing.T) {
	seen := make([]atomic.Bool, 50)
	Parallel(len(seen), func(i int) { seen[i].Store(true) })
	for i := range seen {
		if !seen[i].Load() {
			t.Fatalf("index %d not called", i)
		}
	}
}
