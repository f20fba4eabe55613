package web

import (
	"errors"
	"fmt"
	"mime"
	"net/http"

	"github.com/gin-gonic/gin"
)

const (
	// smallForm bounds the sign-in and sign-out forms: a token, a CSRF
	// token and the page to return to.
	smallForm = 4 << 10
	// formOverhead is what an upload or lint form may add to the file
	// it carries (its other fields and the multipart headers).
	formOverhead = 64 << 10
	// commentForm bounds a change of status or an acceptance: a comment
	// or reason of ingest.MaxComment characters, percent-encoded.
	commentForm = 64 << 10
)

// form bounds a form's body to max bytes before anything reads it, and
// parses it then, all in memory: a body over the limit is a 413, sent
// without reading the rest when its length is declared, and as soon as
// the limit is passed when it is not. Nothing reaches a temporary file.
func (u *ui) form(max int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.ContentLength > max {
			u.tooLarge(c, max)
			return
		}
		body := http.MaxBytesReader(c.Writer, c.Request.Body, max)
		c.Request.Body = body
		var err error
		if mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type")); mt == "multipart/form-data" {
			err = c.Request.ParseMultipartForm(max)
		} else {
			err = c.Request.ParseForm()
		}
		if err != nil {
			// The multipart reader does not always wrap the reader's
			// error; the limit reader remembers that it was passed.
			var mbe *http.MaxBytesError
			if _, rerr := body.Read(make([]byte, 1)); errors.As(err, &mbe) || errors.As(rerr, &mbe) {
				u.tooLarge(c, max)
				return
			}
			u.render(c, http.StatusBadRequest, "error", map[string]any{"Title": "Bad request", "Message": "The form could not be read."})
			c.Abort()
			return
		}
		c.Next()
	}
}

// tooLarge answers 413 and closes the connection, so that the rest of
// the body is never read.
func (u *ui) tooLarge(c *gin.Context, max int64) {
	c.Header("Connection", "close")
	u.render(c, http.StatusRequestEntityTooLarge, "error", map[string]any{"Title": "Too large", "Message": fmt.Sprintf("The form is larger than %d bytes.", max)})
	c.Abort()
}
