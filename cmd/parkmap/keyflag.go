package main

import "errors"

// keyFlag is a secret key given as text; String never shows it, so that
// --help and errors do not print it.
type keyFlag []byte

func (k *keyFlag) String() string { return "" }

func (k *keyFlag) Set(s string) error {
	if len(s) < 16 {
		return errors.New("a key needs 16 bytes or more")
	}
	*k = []byte(s)
	return nil
}
