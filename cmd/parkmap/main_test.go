package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// startServer runs the real program, `parkmap serve` on a free loopback
// port, from the embedded store, and returns its base URL. The server is
// stopped, and must exit cleanly, when the test ends.
func startServer(t testing.TB, args ...string) string {
	t.Helper()
	return startServerEnv(t, map[string]string{}, args...)
}

func startServerEnv(t testing.TB, env map[string]string, args ...string) string {
	t.Helper()
	return startServerLog(t, env, testWriter{t}, args...)
}

// startServerLog is startServerEnv with the server's log written to log.
func startServerLog(t testing.TB, env map[string]string, log io.Writer, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, w := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--drain-delay", "0"}, args...),
			func(k string) string { return env[k] }, w, log)
		w.Close()
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v after cancel, want nil", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("serve did not stop within 20s of cancel")
		}
	})
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if _, addr, ok := strings.Cut(lines.Text(), "listening on "); ok {
			go io.Copy(io.Discard, out)
			return addr
		}
	}
	t.Fatalf("serve exited before listening: %v", <-done)
	return ""
}

// testWriter sends the server's log to the test's log.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func TestRunCommands(t *testing.T) {
	tests := []struct {
		args    []string
		wantErr bool
		wantOut string
	}{
		{[]string{"version"}, false, "parkmap "},
		{[]string{"help"}, false, "Usage:"},
		{[]string{}, true, ""},
		{[]string{"frobnicate"}, true, ""},
		{[]string{"serve", "--nope"}, true, ""},
		{[]string{"migrate"}, true, ""}, // no DATABASE_URL
		{[]string{"serve", "--data", "/nonexistent"}, true, ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr strings.Builder
			err := run(context.Background(), tt.args, func(string) string { return "" }, &stdout, &stderr)
			if (err != nil) != tt.wantErr {
				t.Fatalf("run(%q) = %v, wantErr %v; stderr: %s", tt.args, err, tt.wantErr, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.wantOut) {
				t.Errorf("stdout %q does not contain %q", stdout.String(), tt.wantOut)
			}
		})
	}
}

// TestSIGTERMDrains runs the built binary, sends SIGTERM while a response
// is being read, and checks the response completes and the exit status is 0.
func TestSIGTERMDrains(t *testing.T) {
	b := startBinary(t, []string{"DATABASE_URL="}, "serve", "--addr", "127.0.0.1:0", "--drain-delay", "0")
	base := b.listening(t)
	// A request in flight when the signal arrives must still be answered.
	resp, err := http.Get(base + "/api/collections/counties/items")
	if err != nil {
		t.Fatal(err)
	}
	b.signal(t)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || len(body) < 1000 {
		t.Errorf("request across SIGTERM: status %d, %d bytes, err %v", resp.StatusCode, len(body), err)
	}
	b.exit(t, 30*time.Second)
}
