// Package usecases_test tests the monitoring use cases (monitoring.Service) over the
// real store on both engines. They live apart from package monitoring so that its
// test binary, which runs the GENESIS reader's fuzzer, carries no database driver:
// with the SQLite driver linked in, the fuzzer's coverage bookkeeping made it about
// three hundred times slower.
package usecases_test
