package geo

import (
	"errors"
	"fmt"
)

// Error codes, mapped to HTTP statuses in one place by the API.
const (
	EInvalid     = "invalid"     // the caller asked for something malformed
	ENotFound    = "not_found"   // no such collection or feature
	EUnavailable = "unavailable" // the store cannot be reached right now
	EReadOnly    = "read_only"   // the store cannot write
	EInternal    = "internal"    // a bug or an unexpected failure
)

// Error is a domain error with a code and a message safe to show a client.
type Error struct {
	Code    string
	Message string
	Err     error // the cause, for logs; never shown to clients
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EInternal
// for any other error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the client-safe message of err.
func ErrorMessage(err error) string {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Message
	}
	return "internal error"
}
