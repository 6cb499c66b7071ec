using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Micro -- --filter '*'   (or a class name, e.g. '*MapAccess*')
BenchmarkSwitcher.FromAssembly(typeof(EbpfCat.Benchmarks.Micro.CompileBenchmarks).Assembly).Run(args);
