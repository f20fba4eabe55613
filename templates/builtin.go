package templates

import (
	"embed"
	"io/fs"
	pathpkg "path"
	"strings"
)

//go:embed builtin/*.yaml
var builtinFS embed.FS

// Names lists the built-in templates, sorted.
func Names() []string {
	entries, _ := fs.ReadDir(builtinFS, "builtin")
	var out []string
	for _, e := range entries {
		out = append(out, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	return out
}

// Builtin returns the YAML source of a built-in template.
func Builtin(name string) ([]byte, bool) {
	if name == "" || strings.ContainsAny(name, `/\.`) {
		return nil, false
	}
	data, err := builtinFS.ReadFile(pathpkg.Join("builtin", name+".yaml"))
	return data, err == nil
}
