package api

import (
	"context"
	"errors"
	"time"

	"github.com/gin-gonic/gin"
)

// budget is d, or def when d is 0; a negative d means none.
func budget(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}

// retryAfter is what a 503 for a spent budget asks a client to wait, in
// seconds.
const retryAfter = "5"

// overBudget answers 503 with Retry-After when err is the request's budget
// running out or its client going away (an answer nobody reads, but one
// that keeps the log honest), counts the work (lint, render) stopped, and
// reports whether it did.
func (s *server) overBudget(c *gin.Context, work string, err error) bool {
	if !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
		return false
	}
	c.Header("Retry-After", retryAfter)
	detail, reason := "the work took longer than this server allows for one request; try again later or send a smaller document", "over_budget"
	if c.Request.Context().Err() != nil {
		detail, reason = "the client went away; the work was stopped", "client_gone"
	}
	s.m.WorkStopped(work, reason)
	s.problem(c, OverBudget.problem(detail))
	return true
}
