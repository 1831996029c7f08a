// Reference for the Go module version differential test (tests/version_lang.rs).
// Reads JSON lines ["a", "b"] on stdin; prints one line per pair: -1, 0 or 1
// (golang.org/x/mod/semver.Compare), or invalid:a / invalid:b / invalid:ab
// naming the side(s) semver.IsValid rejects. The first line is `x/mod semver`.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"golang.org/x/mod/semver"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<24)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	fmt.Fprintln(out, "x/mod semver")
	for in.Scan() {
		var pair [2]string
		if err := json.Unmarshal(in.Bytes(), &pair); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		a, b := pair[0], pair[1]
		va, vb := semver.IsValid(a), semver.IsValid(b)
		if !va || !vb {
			s := "invalid:"
			if !va {
				s += "a"
			}
			if !vb {
				s += "b"
			}
			fmt.Fprintln(out, s)
			continue
		}
		fmt.Fprintln(out, semver.Compare(a, b))
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
