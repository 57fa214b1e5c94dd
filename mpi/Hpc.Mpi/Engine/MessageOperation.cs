using System.Buffers;

namespace Hpc.Mpi.Engine;

/// <summary>A send or receive in flight: what both keep pinned until they complete, and their completion.</summary>
internal abstract class MessageOperation
{
    /// <summary>Keeps a Memory-based buffer pinned until the operation completes.</summary>
    private MemoryHandle _pin;
    /// <summary>Non-zero once complete; written from another rank's thread when a rendezvous completes a send.</summary>
    private int _complete;

    /// <summary>Holds <paramref name="pin"/> (default for a buffer the caller keeps pinned itself).</summary>
    protected MessageOperation(MemoryHandle pin) => _pin = pin;

    /// <summary>True once the buffer may be used again (a truncated receive counts as complete).</summary>
    public bool IsComplete => Volatile.Read(ref _complete) != 0;

    /// <summary>Marks the operation complete and releases the pin.</summary>
    public void Complete()
    {
        _pin.Dispose();
        _pin = default;
        Volatile.Write(ref _complete, 1);
    }
}
