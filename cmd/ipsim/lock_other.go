//go:build !unix

package main

import (
	"errors"
	"os"
)

// tryLock cannot lock here (no flock): the caller runs unguarded, as on a
// file system without locks.
func tryLock(*os.File) error {
	return errors.ErrUnsupported
}
