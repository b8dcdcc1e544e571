//go:build unix

package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ppconn/ppconn/internal/sharedtest"
)

// BenchmarkLintCorpusVsFloor measures, in one run, the CPU time of a whole
// `ppconn lint` of the shared corpus (one worker, so that CPU time is not
// hidden by parallelism) and the decode floor issue #16 compares it with:
// encoding/json decoding every JSON file of the corpus into any, on one
// goroutine, files read included. It reports both and their ratio
// (goal: cpu/floor ≤ 2.0):
//
//	go test ./internal/cli -run '^$' -bench LintCorpusVsFloor -benchtime=3x
//
// CPU time is the process's (getrusage), so run it on an otherwise idle
// process: nothing else in the test binary runs during a benchmark.
func BenchmarkLintCorpusVsFloor(b *testing.B) {
	dir := sharedtest.Dir(b, "corpus/connectors")
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	var lintCPU, floorCPU time.Duration
	for b.Loop() {
		start := processCPU(b)
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			var v any
			_ = json.Unmarshal(data, &v) // a file that does not decode costs what it costs
		}
		mid := processCPU(b)
		if code := Run([]string{"lint", "--format", "json", "--fail-on", "never", "--jobs", "1", dir}, io.Discard, io.Discard); code != ExitOK {
			b.Fatalf("exit %d", code)
		}
		end := processCPU(b)
		floorCPU += mid - start
		lintCPU += end - mid
	}
	n := float64(b.N)
	b.ReportMetric(lintCPU.Seconds()*1000/n, "lint-cpu-ms/op")
	b.ReportMetric(floorCPU.Seconds()*1000/n, "floor-cpu-ms/op")
	b.ReportMetric(float64(lintCPU)/float64(floorCPU), "cpu/floor")
	b.ReportMetric(float64(len(files)), "json-files")
}

// BenchmarkLintCorpusJobs measures the parallel speed-up issue #16 asks
// for: each iteration lints the shared corpus with --jobs 1 and then with
// --jobs 2 (interleaved, so that a change in the machine's load falls on
// both), and it reports the wall time and CPU time of each and the ratio
// of the walls (goal: jobs2/jobs1 ≤ 0.6 on two free cores):
//
//	go test ./internal/cli -run '^$' -bench LintCorpusJobs -benchtime=5x
//
// On a machine other processes load, the ratio says how much of a second
// core they left, not what ppconn does with one: read it with the load
// average and jobs2-cpu/wall (the cores the run had; near 2 when both were
// free). As root, `chrt -f 10` before the test binary gives the run the
// cores for its few seconds.
func BenchmarkLintCorpusJobs(b *testing.B) {
	dir := sharedtest.Dir(b, "corpus/connectors")
	var wall, cpu [3]time.Duration
	var sched [3]schedTimes
	for b.Loop() {
		for _, jobs := range []int{1, 2} {
			startSched := readSched()
			start, startCPU := time.Now(), processCPU(b)
			if code := Run([]string{"lint", "--format", "json", "--fail-on", "never", "--jobs", strconv.Itoa(jobs), dir}, io.Discard, io.Discard); code != ExitOK {
				b.Fatalf("exit %d", code)
			}
			wall[jobs] += time.Since(start)
			cpu[jobs] += processCPU(b) - startCPU
			sched[jobs] = sched[jobs].add(readSched().sub(startSched))
		}
	}
	n := float64(b.N)
	for _, jobs := range []int{1, 2} {
		b.ReportMetric(wall[jobs].Seconds()*1000/n, fmt.Sprintf("jobs%d-wall-ms/op", jobs))
		b.ReportMetric(cpu[jobs].Seconds()*1000/n, fmt.Sprintf("jobs%d-cpu-ms/op", jobs))
	}
	b.ReportMetric(float64(cpu[2])/float64(wall[2]), "jobs2-cpu/wall")
	b.ReportMetric(float64(wall[2])/float64(wall[1]), "jobs2/jobs1")
	// The Go scheduler's view, which the load of other processes does not
	// change: the share of the run's processor time (GOMAXPROCS x wall)
	// that a P spent idle (no goroutine to run: what keeps a core free),
	// and the share spent collecting garbage.
	for _, jobs := range []int{1, 2} {
		s := sched[jobs]
		b.ReportMetric(s.idle/s.total, fmt.Sprintf("jobs%d-idle/P", jobs))
		b.ReportMetric(s.gc/s.total, fmt.Sprintf("jobs%d-gc/P", jobs))
	}
}

// schedTimes are processor seconds by what the Go scheduler saw the
// processors (Ps) doing, from runtime/metrics' /cpu/classes.
type schedTimes struct{ total, idle, gc float64 }

var schedMetrics = []string{"/cpu/classes/total:cpu-seconds", "/cpu/classes/idle:cpu-seconds", "/cpu/classes/gc/total:cpu-seconds"}

// readSched reads the processor times so far. The runtime updates them at
// each collection, so one is forced first.
func readSched() schedTimes {
	runtime.GC()
	samples := make([]metrics.Sample, len(schedMetrics))
	for i, name := range schedMetrics {
		samples[i].Name = name
	}
	metrics.Read(samples)
	return schedTimes{samples[0].Value.Float64(), samples[1].Value.Float64(), samples[2].Value.Float64()}
}

func (s schedTimes) sub(o schedTimes) schedTimes {
	return schedTimes{s.total - o.total, s.idle - o.idle, s.gc - o.gc}
}

func (s schedTimes) add(o schedTimes) schedTimes {
	return schedTimes{s.total + o.total, s.idle + o.idle, s.gc + o.gc}
}

// processCPU is the user and system CPU time the process has used.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
