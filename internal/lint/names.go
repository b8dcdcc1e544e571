package lint

import "strings"

// Closest returns the name of known within maxDist edits of name (ignoring
// case; a difference of case alone counts as one edit), or "". Ties go to
// the alphabetically first name, so that suggestions are stable. It gives
// the "did you mean" of rule ids, configuration keys and x-ms-* names.
func Closest(name string, known []string, maxDist int) string {
	best, bestDist := "", maxDist+1
	lower := strings.ToLower(name)
	for _, k := range known {
		if k == name || abs(len(k)-len(name)) > maxDist {
			continue
		}
		d := max(EditDistance(lower, strings.ToLower(k)), 1)
		if d < bestDist || d == bestDist && k < best {
			best, bestDist = k, d
		}
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// EditDistance is the Damerau-Levenshtein (optimal string alignment)
// distance, so that a swap of two letters counts once.
func EditDistance(a, b string) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
