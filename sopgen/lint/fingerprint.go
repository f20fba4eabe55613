package lint

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// A finding's fingerprint hashes the file it is in, so that a baseline
// and code scanning recognise it on the next run. The file is named by
// its path relative to a root — the repository's, found above the file,
// unless Options.Root names one — cleaned and with forward slashes: the
// spellings sop/x.md, ./sop/x.md, sop//x.md and the absolute path name
// one file and give one fingerprint, from any working directory inside
// the repository.

// rootCache remembers, per folder, the repository root above it.
type rootCache struct {
	mu    sync.Mutex
	byDir map[string]string
}

// key names the file at path for fingerprints, relative to root, or to
// the repository above the file when root is empty.
func (c *rootCache) key(path, root string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nameKey(path, root)
	}
	if root == "" {
		root = c.repository(filepath.Dir(abs))
	}
	return relativeKey(abs, root)
}

// repository returns the nearest folder at or above dir that holds .git
// (a folder in a clone, a file in a worktree), or the working directory
// when there is none.
func (c *rootCache) repository(dir string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var seen []string
	root := ""
	for d := dir; ; {
		if r, ok := c.byDir[d]; ok {
			root = r
			break
		}
		seen = append(seen, d)
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			root = d
			break
		}
		parent := filepath.Dir(d)
		if parent == d {
			root = workingDir()
			break
		}
		d = parent
	}
	for _, d := range seen {
		c.byDir[d] = root
	}
	return root
}

// relativeKey is abs relative to root with forward slashes, or abs itself
// when it lies outside root.
func relativeKey(abs, root string) string {
	rootAbs, err := filepath.Abs(root)
	if err == nil {
		rel, err := filepath.Rel(rootAbs, abs)
		if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(abs)
}

// nameKey names content that may not be a file on disk (the API's
// ?name=): its path cleaned (no ./, no doubled slash), with forward slashes, and
// an absolute path relative to root (or the working directory) when it
// lies inside.
func nameKey(name, root string) string {
	if filepath.IsAbs(name) {
		if root == "" {
			root = workingDir()
		}
		return relativeKey(filepath.Clean(name), root)
	}
	return filepath.ToSlash(filepath.Clean(name))
}
