using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Hpc.Rings;

namespace Hpc.Benchmarks.Micro;

/// <summary>
/// One record through a segment ring: reserve, copy, commit, then peek, consume and publish — the producer's and
/// the consumer's work for one message, on one thread (so no cache-line transfer is measured, only the code).
/// </summary>
[MemoryDiagnoser]
public unsafe class RingBenchmarks
{
    /// <summary>Ring data size.</summary>
    private const int Capacity = 64 * 1024;

    /// <summary>Header and data of the ring.</summary>
    private byte* _memory;
    /// <summary>Producer end.</summary>
    private RingWriter _writer;
    /// <summary>Consumer end.</summary>
    private RingReader _reader;
    /// <summary>Payload copied into each record.</summary>
    private byte[] _payload = [];

    /// <summary>Payload bytes of one record.</summary>
    [Params(8, 256, 4096)]
    public int Bytes { get; set; }

    /// <summary>Allocates and attaches the ring.</summary>
    [GlobalSetup]
    public void Setup()
    {
        nuint size = (nuint)(192 + Capacity);
        _memory = (byte*)NativeMemory.AlignedAlloc(size, 4096);
        NativeMemory.Clear(_memory, size);
        _writer = new RingWriter(_memory, Capacity);
        _reader = new RingReader(_memory, Capacity);
        _payload = new byte[Bytes];
    }

    /// <summary>Frees the ring.</summary>
    [GlobalCleanup]
    public void Cleanup() => NativeMemory.AlignedFree(_memory);

    /// <summary>Enqueue then dequeue one record.</summary>
    [Benchmark]
    public int EnqueueDequeue()
    {
        byte* destination = _writer.TryReserve(_payload.Length);
        _payload.CopyTo(new Span<byte>(destination, _payload.Length));
        _writer.Commit(1, 0, 0, _payload.Length);
        _reader.TryPeek(out RingRecord record, out _);
        _reader.Consume(record);
        _reader.Publish();
        return record.Length;
    }
}
