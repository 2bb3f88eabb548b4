package survival

import (
	"errors"
	"fmt"
	"math"
)

// Data is right-censored survival data: Time[i] is the follow-up time of
// subject i and Event[i] is true when the event (progression, death) was
// observed at that time, false when the subject was censored.
type Data struct {
	Time  []float64
	Event []bool
}

// ErrNoEvents is returned by computations that need at least one event.
var ErrNoEvents = errors.New("survival: no events")

// Len returns the number of subjects.
func (d Data) Len() int { return len(d.Time) }

// Validate reports data that no survival computation accepts: unequal
// lengths, no subjects, and NaN, infinite or negative times.
func (d Data) Validate() error {
	if len(d.Time) != len(d.Event) {
		return fmt.Errorf("survival: %d times but %d event indicators", len(d.Time), len(d.Event))
	}
	if len(d.Time) == 0 {
		return errors.New("survival: no subjects")
	}
	for i, t := range d.Time {
		if math.IsNaN(t) || math.IsInf(t, 0) || t < 0 {
			return fmt.Errorf("survival: time %v of subject %d is not a finite non-negative number", t, i)
		}
	}
	return nil
}

// Events returns the number of observed events.
func (d Data) Events() int {
	n := 0
	for _, e := range d.Event {
		if e {
			n++
		}
	}
	return n
}

// Subset returns the subjects at the given indices, in that order.
func (d Data) Subset(idx []int) Data {
	s := Data{Time: make([]float64, len(idx)), Event: make([]bool, len(idx))}
	for k, i := range idx {
		s.Time[k], s.Event[k] = d.Time[i], d.Event[i]
	}
	return s
}
