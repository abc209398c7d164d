package main

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// binary is the built program, running.
type binary struct {
	cmd    *exec.Cmd
	stderr lockedBuffer
	base   chan string   // the URL it listens on, once
	exited chan struct{} // closed when it has exited; err is then set
	err    error
}

// build is the binary, built once for the package's tests and removed by
// TestMain.
var build struct {
	sync.Once
	path string
	err  error
}

// TestMain removes the built binary after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if build.path != "" {
		os.RemoveAll(filepath.Dir(build.path))
	}
	os.Exit(code)
}

// startBinary builds parkmap and runs it with args and env added to the
// test's environment. It is killed, if still running, when the test ends.
func startBinary(t *testing.T, env []string, args ...string) *binary {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	build.Do(func() {
		dir, err := os.MkdirTemp("", "parkmap-test-")
		if err != nil {
			build.err = err
			return
		}
		build.path = dir + "/parkmap"
		if out, err := exec.Command("go", "build", "-o", build.path, ".").CombinedOutput(); err != nil {
			build.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if build.err != nil {
		t.Fatal(build.err)
	}
	bin := build.path
	b := &binary{cmd: exec.Command(bin, args...), base: make(chan string, 1), exited: make(chan struct{})}
	b.cmd.Env = append(os.Environ(), env...)
	b.cmd.Stderr = &b.stderr
	stdout, err := b.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := b.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		lines := bufio.NewScanner(stdout)
		for lines.Scan() {
			if _, addr, ok := strings.Cut(lines.Text(), "listening on "); ok {
				b.base <- addr
			}
		}
		b.err = b.cmd.Wait()
		close(b.exited)
	}()
	t.Cleanup(func() {
		b.cmd.Process.Kill()
		<-b.exited
		t.Logf("the binary's log:\n%s", b.stderr.String())
	})
	return b
}

// listening waits for the binary to say where it listens.
func (b *binary) listening(t *testing.T) string {
	t.Helper()
	select {
	case base := <-b.base:
		return base
	case <-b.exited:
		t.Fatalf("the binary exited before listening: %v", b.err)
	case <-time.After(30 * time.Second):
		t.Fatal("the binary did not listen within 30 s")
	}
	return ""
}

// exit waits for the binary to exit, and fails the test unless it exits
// with status 0 within the bound (a bound against hanging, not a timing).
func (b *binary) exit(t *testing.T, within time.Duration) {
	t.Helper()
	select {
	case <-b.exited:
		if b.err != nil {
			t.Errorf("exit: %v, want status 0", b.err)
		}
	case <-time.After(within):
		t.Fatalf("the binary had not exited %v after SIGTERM", within)
	}
}

func (b *binary) signal(t *testing.T) {
	t.Helper()
	if err := b.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// newClient opens a connection per request, as a client the load balancer
// sends does.
func newClient() *http.Client {
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
}

// TestSIGTERMDrainPeriod: after SIGTERM, /readyz turns 503 first while
// the listener stays open and new connections are served, so that a load
// balancer stops sending before anything is refused; then it exits 0.
func TestSIGTERMDrainPeriod(t *testing.T) {
	b := startBinary(t, []string{"DATABASE_URL="}, "serve", "--addr", "127.0.0.1:0", "--drain-delay", "3s")
	base := b.listening(t)
	client := newClient()
	status := func(path string) int {
		resp, err := client.Get(base + path)
		if err != nil {
			t.Fatalf("GET %s during the drain: %v", path, err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := status("/readyz"); got != 200 {
		t.Fatalf("/readyz before SIGTERM: %d", got)
	}
	b.signal(t)
	for status("/readyz") != http.StatusServiceUnavailable { // the signal is on its way
		time.Sleep(10 * time.Millisecond)
	}
	if got := status("/api/collections/parks/items"); got != 200 {
		t.Errorf("a new connection while /readyz says 503: %d, want 200", got)
	}
	b.exit(t, 30*time.Second)
}

// TestSIGTERMDrainTimeoutExitsZero: a connection still open when the drain
// runs out is cut off, and the process still exits 0, as the README says.
func TestSIGTERMDrainTimeoutExitsZero(t *testing.T) {
	b := startBinary(t, []string{"DATABASE_URL="}, "serve", "--addr", "127.0.0.1:0", "--drain-delay", "0", "--drain-timeout", "200ms")
	base := b.listening(t)
	// A connection that has sent nothing yet counts as in flight for its
	// first 5 seconds (net/http's Shutdown waits for it).
	stuck, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer stuck.Close()
	// Connections are accepted in order: once a later one is answered, the
	// stuck one has been accepted too.
	resp, err := newClient().Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	b.signal(t)
	b.exit(t, 30*time.Second)
	if !strings.Contains(b.stderr.String(), "cut off") {
		t.Errorf("the log does not say the drain ran out:\n%s", b.stderr.String())
	}
}

// TestSIGTERMWhileStarting: SIGTERM while the store is being opened (here,
// a database that accepts the connection and never answers) stops the
// process at once, with status 0, instead of being ignored until the open
// gives up.
func TestSIGTERMWhileStarting(t *testing.T) {
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		if c, err := silent.Accept(); err == nil {
			accepted <- c
		}
	}()
	url := "postgres://parkmap@" + silent.Addr().String() + "/parkmap?sslmode=disable&connect_timeout=600"
	b := startBinary(t, []string{"DATABASE_URL=" + url}, "serve", "--addr", "127.0.0.1:0")
	select {
	case c := <-accepted:
		defer c.Close()
	case <-b.exited:
		t.Fatalf("the binary exited before connecting: %v", b.err)
	case <-time.After(30 * time.Second):
		t.Fatal("the binary never connected to the database")
	}
	b.signal(t)
	b.exit(t, 30*time.Second)
	if strings.Contains(b.stderr.String(), "listening") {
		t.Error("the binary listened after SIGTERM")
	}
}
