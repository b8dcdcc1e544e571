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

// TestOrderedEmitsOneAtATime: emit is never called twice at once, so that
// it needs no lock of its own, and every item is emitted once, in order,
// whatever n and jobs are (none, fewer items than workers, many).
func TestOrderedEmitsOneAtATime(t *testing.T) {
	for _, tc := range []struct{ n, jobs int }{{0, 2}, {1, 4}, {3, 8}, {500, 2}, {500, 5}} {
		var in atomic.Int32
		var got []int
		Ordered(tc.n, tc.jobs, func(i int) int {
			if i%7 == 0 {
				time.Sleep(50 * time.Microsecond) // let items finish out of order
			}
			return i
		}, func(i int) {
			if in.Add(1) != 1 {
				t.Errorf("n %d jobs %d: two emits at once", tc.n, tc.jobs)
			}
			time.Sleep(time.Microsecond)
			got = append(got, i)
			in.Add(-1)
		})
		if len(got) != tc.n {
			t.Fatalf("n %d jobs %d: %d results", tc.n, tc.jobs, len(got))
		}
		for i, v := range got {
			if v != i {
				t.Fatalf("n %d jobs %d: result %d is %d", tc.n, tc.jobs, i, v)
			}
		}
	}
}

// TestOrderedLightWindows: while the first item is held, the others run
// ahead up to the window: 16 x jobs items in all when their results are
// light, and never more than 4 x jobs holding a heavy slot, whichever
// results are light; results still come in input order.
func TestOrderedLightWindows(t *testing.T) {
	const n, jobs = 300, 2
	for _, tc := range []struct {
		name      string
		light     func(int) bool
		wantReach int64 // items taken up at once once the window is full
	}{
		{"none light", nil, 4 * jobs},
		{"all light", func(int) bool { return true }, 16 * jobs},
		{"odd light", func(i int) bool { return i%2 == 1 }, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var started, emitted, lightDone, most, mostHeavy atomic.Int64
			release := make(chan struct{})
			isLight := tc.light
			go func() {
				deadline := time.Now().Add(2 * time.Second)
				for tc.wantReach > 0 && started.Load() < tc.wantReach && time.Now().Before(deadline) {
					time.Sleep(100 * time.Microsecond)
				}
				time.Sleep(5 * time.Millisecond) // room to overrun the window, if it could be
				close(release)
			}()
			var got []int
			OrderedLight(n, jobs, func(i int) int {
				s := started.Add(1)
				if s-emitted.Load() > most.Load() {
					most.Store(s - emitted.Load())
				}
				if h := s - emitted.Load() - lightDone.Load(); h > mostHeavy.Load() {
					mostHeavy.Store(h)
				}
				if i == 0 {
					<-release
				}
				if isLight != nil && isLight(i) {
					lightDone.Add(1) // counted before the slot is given back: never over
				}
				return i
			}, isLight, func(i int) {
				if isLight != nil && isLight(i) {
					lightDone.Add(-1)
				}
				emitted.Add(1)
				got = append(got, i)
			})
			for i := range n {
				if got[i] != i {
					t.Fatalf("result %d is %d", i, got[i])
				}
			}
			if m := most.Load(); m > 16*jobs {
				t.Errorf("%d items were taken up at once; the window is %d", m, 16*jobs)
			}
			if tc.wantReach > 0 && most.Load() != tc.wantReach {
				t.Errorf("%d items were taken up at once while the first was held, want %d", most.Load(), tc.wantReach)
			}
			if h := mostHeavy.Load(); h > 4*jobs {
				t.Errorf("%d items held a heavy slot at once; the heavy window is %d", h, 4*jobs)
			}
		})
	}
}
