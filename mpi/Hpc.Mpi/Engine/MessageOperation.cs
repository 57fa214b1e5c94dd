using System.Buffers;

namespace Hpc.Mpi.Engine;

/// <summary>
/// A send or receive in flight: what both keep pinned until they complete, and their completion. Operations are
/// pooled by their engine (<see cref="MessageEngine.Return(MessageOperation)"/>): a steady stream of operations allocates nothing, and
/// <see cref="Generation"/> tells a handle to an earlier use from the present one.
/// </summary>
internal abstract class MessageOperation
{
    /// <summary>Keeps a Memory-based buffer pinned until the operation completes.</summary>
    private MemoryHandle _pin;
    /// <summary>Non-zero once complete; written from another rank's thread when a rendezvous completes a send.</summary>
    private int _complete;

    /// <summary>True once the buffer may be used again (a truncated receive counts as complete).</summary>
    public bool IsComplete => Volatile.Read(ref _complete) != 0;

    /// <summary>Uses of this object so far: bumped each time it goes back to its pool.</summary>
    public int Generation { get; private set; }

    /// <summary>Marks the operation complete and releases the pin.</summary>
    public void Complete()
    {
        _pin.Dispose();
        _pin = default;
        Volatile.Write(ref _complete, 1);
    }

    /// <summary>Starts a use of the object: not complete, holding <paramref name="pin"/> (default for a buffer the caller keeps pinned).</summary>
    protected void Begin(MemoryHandle pin)
    {
        _pin = pin;
        _complete = 0;
    }

    /// <summary>Ends the present use (the object goes back to its pool): handles to it see a later generation.</summary>
    public void Retire() => Generation++;
}
