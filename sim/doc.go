// Package sim is the discrete-time engine of ipsim: it steps a model, lets
// observers read its state after each step, derives one random stream per
// run from a master seed, runs replications of several arms on a pool of
// workers with results independent of the worker count, and summarises the
// recorded metrics (means, confidence intervals, paired differences).
//
// Two observers record metrics: a Recorder keeps every column at every
// step; a Summarizer keeps only each column's run summary (see Aggregate)
// and reads level columns in the last year only, for sweeps of many runs.
//
// sim knows nothing about industrial policy: a model is anything with a
// Step method, a metric is a named function of the model's state.
package sim
