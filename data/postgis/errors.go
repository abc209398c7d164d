package postgis

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"

	"github.com/lib/pq"
	"github.com/lib/pq/pqerror"

	"github.com/parkmap/parkmap/geo"
)

// wrap names the operation and sorts err into the store's error kinds: a
// database that cannot be reached or is going away, or a statement that ran
// out of time, becomes an *geo.Error with code EUnavailable (503 with
// Retry-After); anything else stays an internal error. The driver's text
// stays in the cause, for logs, and never reaches Message.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	err = fmt.Errorf("postgis: %s: %w", op, err)
	switch {
	case errors.Is(err, context.Canceled):
		return err // the caller went away: nobody to answer
	case errors.Is(err, context.DeadlineExceeded), isTimeout(err):
		return &geo.Error{Code: geo.EUnavailable, Message: "database did not answer in time", Err: err}
	case unavailable(err):
		return &geo.Error{Code: geo.EUnavailable, Message: "database unavailable", Err: err}
	}
	return err
}

// isTimeout reports a statement cancelled by statement_timeout.
func isTimeout(err error) bool {
	return pq.As(err, pqerror.QueryCanceled) != nil
}

// unavailable reports errors that say the server is unreachable, restarting,
// shutting down or out of connections, rather than that a query is wrong.
func unavailable(err error) bool {
	if pqErr, ok := errors.AsType[*pq.Error](err); ok {
		switch pqErr.Code {
		case pqerror.AdminShutdown, pqerror.CrashShutdown, pqerror.CannotConnectNow,
			pqerror.TooManyConnections:
			return true
		}
		return pqErr.Code.Class() == pqerror.ClassConnectionException
	}
	var netErr net.Error
	return errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, net.ErrClosed) ||
		errors.As(err, &netErr)
}
