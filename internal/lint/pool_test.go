package lint

import (
	"sync/atomic"
	"testing"
	"time"
)

// TestOrderedKeepsOrderInABoundedWindow: results come in input order, and
// however slow the first item is, no more than the window of items is
// taken up before it is emitted.
func TestOrderedKeepsOrderInABoundedWindow(t *testing.T) {
	const n, jobs = 200, 3
	var started, emitted atomic.Int64
	var most int64
	release := make(chan struct{})
	var got []int
	go func() {
		time.Sleep(20 * time.Millisecond)
		close(release)
	}()
	Ordered(n, jobs, func(i int) int {
		if s := started.Add(1) - emitted.Load(); s > atomic.LoadInt64(&most) {
			atomic.StoreInt64(&most, s)
		}
		if i == 0 {
			<-release // the others run ahead, up to the window
		}
		return i
	}, func(i int) {
		emitted.Add(1)
		got = append(got, i)
	})
	for i := range n {
		if got[i] != i {
			t.Fatalf("result %d is %d", i, got[i])
		}
	}
	if window := int64(4 * jobs); most > window {
		t.Errorf("%d items were taken up at once; the window is %d", most, window)
	}
}
