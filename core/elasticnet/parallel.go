package elasticnet

import (
	"context"
	"runtime"
	"sync"
)

// parallel runs fn(0), …, fn(n-1) on up to GOMAXPROCS goroutines. Each
// call must write only its own outputs, so results do not depend on the
// schedule or on GOMAXPROCS; the first error in index order is returned.
// done, if not nil, is called (serialised) after each completed call.
func parallel(ctx context.Context, n int, fn func(i int) error, done func()) error {
	errs := make([]error, n)
	workers := min(runtime.GOMAXPROCS(0), n)
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := ctx.Err(); err != nil {
					errs[i] = err
					continue
				}
				errs[i] = fn(i)
				if done != nil {
					mu.Lock()
					done()
					mu.Unlock()
				}
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
