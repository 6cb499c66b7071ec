using BenchmarkDotNet.Running;

// Everything in a few minutes (short job, in process):
//   dotnet run -c Release --project benchmarks/Micro -- --filter '*' --job short --inProcess --warmupCount 2 --iterationCount 5
// or one class: --filter '*MapAccess*'
BenchmarkSwitcher.FromAssembly(typeof(EbpfCat.Benchmarks.Micro.CompileBenchmarks).Assembly).Run(args);
