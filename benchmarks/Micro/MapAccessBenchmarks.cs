using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using EbpfCat.Builder;
using EbpfCat.Xdp;

namespace EbpfCat.Benchmarks.Micro;

/// <summary>User-space access to program variables: an ArrayVariable (mmap'd memory), a HashVariable
/// (BPF_MAP_LOOKUP_ELEM / UPDATE_ELEM through our loader), and the bare bpf(2) lookup syscall beside them.</summary>

public unsafe partial class MapAccessBenchmarks
{
    sealed class Variables : XdpProgram
    {
        public ArrayVariable<ulong> array = new();
        public HashVariable<ulong> hash = new();

        protected override void Build()
        {
            array += 1;
            hash += 1;
            Exit(XdpAction.Pass);
        }
    }

    Variables program = null!;
    int hashFd;
    ulong key, value;

    [GlobalSetup]
    public void Setup()
    {
        program = new Variables();
        program.Load();
        program.array.Value = 1;
        program.hash.Value = 1;
        hashFd = program.Maps.Values.Single(m => m.Type == Maps.MapType.Hash).Handle.DangerousGetHandle().ToInt32();
    }

    [Benchmark(Description = "ArrayVariable read (mmap)")]
    public ulong ArrayRead() => program.array.Value;

    [Benchmark(Description = "ArrayVariable write (mmap)")]
    public void ArrayWrite() => program.array.Value = 42;

    [Benchmark(Description = "HashVariable read (syscall)")]
    public ulong HashRead() => program.hash.Value;

    [Benchmark(Description = "HashVariable write (syscall)")]
    public void HashWrite() => program.hash.Value = 42;

    [Benchmark(Description = "raw bpf(BPF_MAP_LOOKUP_ELEM)")]
    public long RawLookup()
    {
        // union bpf_attr for BPF_MAP_LOOKUP_ELEM: map_fd (u32), pad, key (u64 pointer), value (u64 pointer), flags.
        var attr = stackalloc ulong[4];
        attr[0] = (uint)hashFd;
        fixed (ulong* k = &key, v = &value)
        {
            attr[1] = (ulong)k;
            attr[2] = (ulong)v;
            attr[3] = 0;
            return Syscall(321, 1, attr, 32);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => program.Dispose();

    [LibraryImport("libc", EntryPoint = "syscall")]
    private static partial long Syscall(long number, long command, void* attr, long size);
}
