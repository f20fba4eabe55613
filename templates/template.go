package templates

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// File is the YAML form of a template.
type File struct {
	Metadata struct {
		ID         string `yaml:"id"`
		Title      string `yaml:"title"`
		Version    string `yaml:"version"`
		Owner      string `yaml:"owner"`
		Approver   string `yaml:"approver"`
		Effective  string `yaml:"effective"`
		NextReview string `yaml:"next_review"`
	} `yaml:"metadata"`
	Purpose string `yaml:"purpose"`
	Scope   string `yaml:"scope"`
	Roles   []struct {
		Name   string `yaml:"name"`
		Duties string `yaml:"duties"`
	} `yaml:"roles"`
	Policy struct {
		VerificationMethods []string `yaml:"verification_methods"`
		DeliveryChannels    []string `yaml:"delivery_channels"`
	} `yaml:"policy"`
	Exceptions []struct {
		When               string `yaml:"when"`
		Then               string `yaml:"then"`
		FailedVerification bool   `yaml:"failed_verification"`
	} `yaml:"exceptions"`
	Records []struct {
		What  string `yaml:"what"`
		Where string `yaml:"where"`
	} `yaml:"records"`
}

// ErrInvalid is matched by every error about a malformed template.
var ErrInvalid = errors.New("invalid template")

// Load reads a template file.
func Load(path string) (*sopgen.Template, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read template: %w", err)
	}
	return Parse(path, bytes.NewReader(data))
}

// Parse decodes a template strictly: an unknown key or a wrong type is an
// error naming name:line.
func Parse(name string, r io.Reader) (*sopgen.Template, error) {
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	var f File
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%w: %s: %s", ErrInvalid, name, yamlReason(err))
	}
	t := &sopgen.Template{
		Name:    name,
		Purpose: strings.TrimSpace(f.Purpose),
		Scope:   strings.TrimSpace(f.Scope),
		Meta: sopgen.Metadata{
			ID: f.Metadata.ID, Title: f.Metadata.Title, Version: f.Metadata.Version,
			Owner: f.Metadata.Owner, Approver: f.Metadata.Approver,
			Effective: f.Metadata.Effective, NextReview: f.Metadata.NextReview,
		},
		Policy: sopgen.Policy{
			VerificationMethods: f.Policy.VerificationMethods,
			DeliveryChannels:    f.Policy.DeliveryChannels,
		},
	}
	for _, r := range f.Roles {
		t.Roles = append(t.Roles, sopgen.Role{Name: r.Name, Duties: r.Duties})
	}
	for i, e := range f.Exceptions {
		t.Exceptions = append(t.Exceptions, sopgen.Exception{
			ID: fmt.Sprintf("template-%d", i+1), Trigger: e.When, Action: e.Then, FailedVerification: e.FailedVerification,
		})
	}
	for _, r := range f.Records {
		t.Records = append(t.Records, sopgen.Record{What: r.What, Where: r.Where})
	}
	return t, nil
}

// yamlReason turns yaml.v3's messages ("yaml: line 3: …") into
// "line 3: …" so callers can prefix the file name.
func yamlReason(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return strings.Join(te.Errors, "; ")
	}
	return strings.TrimPrefix(err.Error(), "yaml: ")
}
