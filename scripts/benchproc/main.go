// Command benchproc times whole processes: each command given is run N
// times, the commands interleaved so that both sides of a ratio share the
// machine's state, and for each it prints the median and best wall-clock
// time and the largest peak RSS (the kernel's maxrss). Output goes to
// /dev/null; a command's exit status is reported, not judged.
//
//	go run ./scripts/benchproc -n 21 -- 'hello' -- './stepwise version'
//
// Each command is one shell-free argument list, split on spaces; the
// commands are separated by "--".
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	n := flag.Int("n", 21, "runs of each command")
	flag.Parse()
	var cmds [][]string
	for _, a := range flag.Args() {
		if a == "--" {
			continue
		}
		cmds = append(cmds, strings.Fields(a))
	}
	if len(cmds) == 0 {
		fmt.Fprintln(os.Stderr, "usage: benchproc [-n N] -- 'cmd args' [-- 'cmd args']...")
		os.Exit(2)
	}
	walls := make([][]time.Duration, len(cmds))
	cpus := make([][]time.Duration, len(cmds))
	rss := make([]int64, len(cmds))
	codes := make([]int, len(cmds))
	for range *n {
		for i, c := range cmds {
			cmd := exec.Command(c[0], c[1:]...)
			start := time.Now()
			err := cmd.Run()
			walls[i] = append(walls[i], time.Since(start))
			if cmd.ProcessState == nil {
				fmt.Fprintf(os.Stderr, "%s: %v\n", strings.Join(c, " "), err)
				os.Exit(2)
			}
			codes[i] = cmd.ProcessState.ExitCode()
			if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
				rss[i] = max(rss[i], ru.Maxrss)
			}
			cpus[i] = append(cpus[i], cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())
		}
	}
	fmt.Printf("%-60s %10s %10s %10s %10s %5s\n", "command", "median", "best", "CPU", "max RSS", "exit")
	for i, c := range cmds {
		slices.Sort(walls[i])
		slices.Sort(cpus[i])
		fmt.Printf("%-60s %8.1fms %8.1fms %8.1fms %7.1fMiB %5d\n", trim(strings.Join(c, " "), 60),
			ms(walls[i][len(walls[i])/2]), ms(walls[i][0]), ms(cpus[i][len(cpus[i])/2]), float64(rss[i])/1024, codes[i])
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func trim(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n+1:]
}
