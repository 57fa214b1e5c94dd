// BenchmarkDotNet micro-benchmarks: the segment ring and the vectorised reductions.
//   benchmarks/run micro [BenchmarkDotNet arguments, e.g. --filter *Ring*]
using BenchmarkDotNet.Running;

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Length > 0 ? args : ["--filter", "*"]);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
