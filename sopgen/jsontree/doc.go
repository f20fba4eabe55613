// Package jsontree reads JSON text into a tree of values that remember the
// byte offset where each starts, so that a checker can name the JSON
// pointer and line of every problem it finds. Documents that json.Valid
// accepts are walked directly; malformed ones go through encoding/json's
// token API, which says where they break. Bounds on depth, members, values
// and a rule on duplicate keys are checked while the tree is built, so that
// hostile input costs time and memory in proportion to its size.
//
// It imports the standard library only, so that both the domain and the
// importers outside sopgen can use it.
package jsontree
