using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Hpc.Mpi.Engine;

/// <summary>
/// Where an operation's bytes are: a fixed address (pinned or native memory), or a managed array and a byte offset
/// into it. The array form needs no pin: pinning a <see cref="Memory{T}"/> allocates a GCHandle in the runtime's
/// handle table and frees it at completion, which cost about a third of a small message's time. The engine takes
/// the array's address only inside a copy, under <c>fixed</c>, so the GC may move the array between copies. Only a
/// fixed address may be handed to another rank (a rendezvous).
/// </summary>
internal readonly unsafe struct MessageBuffer
{
    /// <summary>The fixed address, when <see cref="_array"/> is null.</summary>
    private readonly byte* _address;
    /// <summary>The array holding the bytes, or null for a fixed address.</summary>
    private readonly Array? _array;
    /// <summary>Where the bytes start in <see cref="_array"/>, in bytes.</summary>
    private readonly nint _offset;

    /// <summary>Bytes at an address that stays put until the operation completes.</summary>
    public MessageBuffer(byte* address) => _address = address;

    /// <summary>Bytes in <paramref name="array"/> from <paramref name="byteOffset"/>, not pinned.</summary>
    public MessageBuffer(Array array, nint byteOffset)
    {
        _array = array;
        _offset = byteOffset;
    }

    /// <summary>True when the address stays put, so another rank may copy from it.</summary>
    public bool IsFixed => _array is null;

    /// <summary>The fixed address (<see cref="IsFixed"/> only).</summary>
    public byte* Address => _array is null ? _address : throw new InvalidOperationException("an unpinned array has no fixed address");

    /// <summary>The first byte, for <c>fixed (byte* p = buffer)</c> around a copy.</summary>
    public ref byte GetPinnableReference() =>
        ref _array is null ? ref Unsafe.AsRef<byte>(_address) : ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_array), _offset);
}
