// Command ipsim runs the industrial-policy simulation: it loads a scenario
// (a TOML file or an embedded preset), runs every arm for every
// replication with paired seeds, prints a summary table and writes a
// results folder (steps, summary, effects, events, documents, an optional
// region panel, a data dictionary, the resolved scenario and a manifest).
//
// Usage:
//
//	ipsim                         run the embedded default scenario
//	ipsim run [FILE] [flags]      run a scenario file or a preset
//	ipsim sweep FILE [flags]      run a scenario over its [sweep] design, resumably, or one shard of it
//	ipsim merge OUT DIR...        merge the shards of a sweep into one results folder
//	ipsim plot DIR                draw the charts and report.html of a results or sweep folder
//	ipsim validate [flags]        check the model against the stylized facts and properties
//	ipsim presets                 list the embedded presets
//	ipsim show [FILE] [flags]     print the fully resolved scenario
//	ipsim init [FILE]             write a starter scenario file
//	ipsim help [COMMAND]          describe the commands
//	ipsim version                 print the version and build information
//
// The package is organised so that commands live in their own files and
// register themselves (see commands.go); shared helpers for other commands
// are the atomic file writer (atomic.go), the table sinks (sink.go), the
// progress reporter (progress.go), the experiment runner and results
// folder (experiment.go, results.go) and the manifest (manifest.go).
package main
