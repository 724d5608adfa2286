// Package clamav scans uploads with ClamAV's daemon, clamd, over its INSTREAM
// command: the bytes go over the socket in chunks, clamd answers "stream: OK" or
// "stream: <signature> FOUND". Nothing is written to a disk clamd could read.
package clamav

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"
)

// Client talks to one clamd.
type Client struct {
	network, address string
	// Timeout bounds one scan when the context has no earlier deadline.
	Timeout time.Duration
}

// chunkSize is what one INSTREAM chunk carries; clamd's StreamMaxLength (25 MiB by
// default) bounds the whole stream, not the chunk.
const chunkSize = 64 << 10

// New returns a client for addr: "tcp:HOST:PORT", "unix:/PATH", "HOST:PORT", or an
// absolute path of a unix socket.
func New(addr string) (*Client, error) {
	network, address, err := parseAddr(addr)
	if err != nil {
		return nil, err
	}
	return &Client{network: network, address: address, Timeout: 60 * time.Second}, nil
}

func parseAddr(addr string) (network, address string, err error) {
	addr = strings.TrimSpace(addr)
	switch {
	case strings.HasPrefix(addr, "unix:"):
		network, address = "unix", strings.TrimPrefix(addr, "unix:")
	case strings.HasPrefix(addr, "/"):
		network, address = "unix", addr
	case strings.HasPrefix(addr, "tcp:"):
		network, address = "tcp", strings.TrimPrefix(addr, "tcp:")
	default:
		network, address = "tcp", addr
	}
	if network == "unix" && address == "" {
		return "", "", fmt.Errorf("clamd address %q: no socket path", addr)
	}
	if network == "tcp" {
		if _, port, err := net.SplitHostPort(address); err != nil || port == "" {
			return "", "", fmt.Errorf("clamd address %q: want tcp:HOST:PORT, unix:/PATH or HOST:PORT", addr)
		}
	}
	return network, address, nil
}

// String names the clamd, for logs.
func (c *Client) String() string { return c.network + ":" + c.address }

// Ping asks clamd whether it is there.
func (c *Client) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, c.network, c.address)
	if err != nil {
		return fmt.Errorf("clamd %s: %w", c, err)
	}
	defer conn.Close()
	dl, _ := ctx.Deadline()
	_ = conn.SetDeadline(dl)
	if _, err := conn.Write([]byte("zPING\x00")); err != nil {
		return fmt.Errorf("clamd %s: %w", c, err)
	}
	reply, err := readReply(conn)
	if err != nil {
		return fmt.Errorf("clamd %s: %w", c, err)
	} else if reply != "PONG" {
		return fmt.Errorf("clamd %s: unexpected reply %q", c, reply)
	}
	return nil
}

// Scan streams r to clamd. It reports infected with the signature's name, or an
// error when clamd cannot be reached or answers anything else (also when the
// stream exceeds clamd's StreamMaxLength).
func (c *Client) Scan(ctx context.Context, r io.Reader) (infected bool, signature string, err error) {
	if _, ok := ctx.Deadline(); !ok && c.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.Timeout)
		defer cancel()
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, c.network, c.address)
	if err != nil {
		return false, "", fmt.Errorf("clamd %s: %w", c, err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	// Closing the connection ends a blocked read or write when ctx is cancelled.
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stop()

	reply, err := instream(conn, r)
	if err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return false, "", fmt.Errorf("clamd %s: %w", c, err)
	}
	return parseReply(reply)
}

// instream sends the INSTREAM command, the chunks and the terminating empty
// chunk, and reads the reply up to its NUL.
func instream(conn net.Conn, r io.Reader) (string, error) {
	w := bufio.NewWriterSize(conn, chunkSize+4)
	if _, err := w.WriteString("zINSTREAM\x00"); err != nil {
		return "", err
	}
	buf := make([]byte, chunkSize)
	var size [4]byte
	for {
		n, rerr := io.ReadFull(r, buf)
		if n > 0 {
			binary.BigEndian.PutUint32(size[:], uint32(n))
			if _, err := w.Write(size[:]); err != nil {
				return readEarlyReply(conn, err)
			}
			if _, err := w.Write(buf[:n]); err != nil {
				return readEarlyReply(conn, err)
			}
		}
		if errors.Is(rerr, io.EOF) || errors.Is(rerr, io.ErrUnexpectedEOF) {
			break
		} else if rerr != nil {
			return "", rerr
		}
	}
	binary.BigEndian.PutUint32(size[:], 0)
	if _, err := w.Write(size[:]); err != nil {
		return readEarlyReply(conn, err)
	}
	if err := w.Flush(); err != nil {
		return readEarlyReply(conn, err)
	}
	return readReply(conn)
}

// readEarlyReply reads what clamd said before it closed the connection on us (a
// stream over its size limit), falling back to the write error.
func readEarlyReply(conn net.Conn, werr error) (string, error) {
	if reply, err := readReply(conn); err == nil && reply != "" {
		return reply, nil
	}
	return "", werr
}

func readReply(conn net.Conn) (string, error) {
	b, err := bufio.NewReader(io.LimitReader(conn, 4<<10)).ReadBytes(0)
	if err != nil && !(errors.Is(err, io.EOF) && len(b) > 0) {
		return "", fmt.Errorf("reading the reply: %w", err)
	}
	return string(bytes.TrimRight(b, "\x00\n")), nil
}

// parseReply reads "stream: OK", "stream: NAME FOUND" or "… ERROR".
func parseReply(reply string) (bool, string, error) {
	rest, ok := strings.CutPrefix(reply, "stream: ")
	switch {
	case !ok:
		return false, "", fmt.Errorf("clamd: unexpected reply %q", reply)
	case rest == "OK":
		return false, "", nil
	case strings.HasSuffix(rest, " FOUND"):
		return true, strings.TrimSuffix(rest, " FOUND"), nil
	}
	return false, "", fmt.Errorf("clamd: %s", rest)
}
