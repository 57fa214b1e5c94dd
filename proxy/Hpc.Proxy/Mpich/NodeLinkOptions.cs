namespace Hpc.Proxy.Mpich;

/// <summary>Tuning and hooks of a <see cref="NodeLink"/>; the defaults suit a per-node proxy.</summary>
internal sealed class NodeLinkOptions
{
    /// <summary>Bytes per chunk of a large message (1 MiB, a power of two): each chunk is one MPI message, received in place.</summary>
    public int ChunkSize { get; init; } = 1 << 20;

    /// <summary>Chunks in flight per peer and direction (4): enough to keep the transport busy while chunks complete.</summary>
    public int ChunksInFlight { get; init; } = 4;

    /// <summary>Messages up to this many bytes (64 KiB) go as one MPI message and are copied when sent.</summary>
    public int InlineLimit { get; init; } = 64 << 10;

    /// <summary>How long an idle MPI thread keeps polling after the last progress before it sleeps (1 ms).</summary>
    public TimeSpan SpinTime { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// The same while frames are in flight (10 ms): MPICH moves data over TCP only inside MPI calls, so sleeping
    /// then would stall the transfer; only a transfer that makes no progress at all for this long lets the thread sleep.
    /// </summary>
    public TimeSpan TransferSpinTime { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// After the spin, how long the thread naps in short sleeps (50 µs each) before it sleeps in whole
    /// milliseconds: a conversation slower than the spin (a loaded machine) still gets answers within ~50 µs.
    /// </summary>
    public TimeSpan NapTime { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Microseconds of one nap.</summary>
    public int NapMicroseconds { get; init; } = 50;

    /// <summary>Milliseconds each idle sleep lasts at most (a Send wakes the thread at once; arrivals wait up to this).</summary>
    public int IdleSleepMilliseconds { get; init; } = 1;

    /// <summary>An idle link sends an empty heartbeat to each peer this often.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A peer that sent nothing (not even a heartbeat) for this long is reported failed.</summary>
    public TimeSpan FailureTimeout { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>How long <see cref="NodeLink.Dispose"/> waits for pending sends and the closing barrier.</summary>
    public TimeSpan LeaveTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs on the MPI thread after new messages were queued (or the link failed), e.g. to ring the proxy loop's
    /// doorbell. It must be quick and must not throw or call back into the link except <see cref="NodeLink.Send"/>.
    /// </summary>
    public Action? OnArrival { get; init; }

    /// <summary>
    /// Runs on the MPI thread at the start of every polling pass (thousands of times a second while busy, about once
    /// per <see cref="IdleSleepMilliseconds"/> when idle), before the pass's MPI calls, so what it sends is posted in
    /// the same pass; returns true when it did work, which keeps the thread polling.
    /// Lets the proxy forward its own traffic from this thread, so a message does not wait for a second thread to be
    /// scheduled (on a machine with fewer cores than busy threads such a hand-off costs a scheduler slice, ~1–3 ms).
    /// Same rules as <see cref="OnArrival"/>.
    /// </summary>
    public Func<bool>? OnPoll { get; init; }

    /// <summary>
    /// Chooses where a message longer than <see cref="InlineLimit"/> is received, given (node, tag, length), when its
    /// header arrives: exactly <c>length</c> bytes (e.g. in the segment, saving a copy), which the link pins and
    /// writes until the message is taken, and which then is the message's payload. Default (or no hook): a new array.
    /// Runs on the MPI thread; same rules as <see cref="OnArrival"/>.
    /// </summary>
    public Func<int, int, int, Memory<byte>>? ReceiveBuffer { get; init; }

    /// <summary>
    /// Replaces the idle MPI thread's sleep when the work <see cref="OnPoll"/> does comes from elsewhere (ranks in
    /// other processes that ring a doorbell of their own): given the longest sleep in milliseconds, it sleeps on that
    /// doorbell and returns true, or returns false at once to have the link sleep on its own. A
    /// <see cref="NodeLink.Send"/> from another thread meanwhile waits for the sleep's end. Runs on the MPI thread;
    /// same rules as <see cref="OnArrival"/>.
    /// </summary>
    public Func<int, bool>? IdleWait { get; init; }

    /// <summary>
    /// Takes a complete message of at most <see cref="InlineLimit"/> bytes (node, tag, payload) on the MPI thread
    /// straight from the link's receive memory, which is reused once it returns; true when taken, false to have the
    /// link queue it for <see cref="NodeLink.TryReceive"/> as usual. Offered only when nothing is queued ahead, so
    /// order per (node, tag) holds. Saves a new array and a copy per message. Same rules as <see cref="OnArrival"/>.
    /// </summary>
    public Func<int, int, ReadOnlySpan<byte>, bool>? OnInline { get; init; }

    /// <summary>
    /// Asked on the MPI thread when it would back off from polling (after <see cref="SpinTime"/> without progress);
    /// true keeps it polling, e.g. while a rank of this node waits for a message from another node and a cpu is to
    /// spare for the link: the answer then costs no wake-up. Same rules as <see cref="OnArrival"/>.
    /// </summary>
    public Func<bool>? KeepPolling { get; init; }

    /// <summary>Runs once on the MPI thread when the link fails; same rules as <see cref="OnArrival"/>.</summary>
    public Action<NodeFailedException>? OnFailure { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for values the link cannot work with.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ChunkSize, 1 << FrameHeader.MinChunkShift, nameof(ChunkSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ChunkSize, 1 << FrameHeader.MaxChunkShift, nameof(ChunkSize));
        if (!int.IsPow2(ChunkSize))
        {
            throw new ArgumentOutOfRangeException(nameof(ChunkSize), ChunkSize, "The chunk size must be a power of two.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(ChunksInFlight, 1, nameof(ChunksInFlight));
        ArgumentOutOfRangeException.ThrowIfNegative(InlineLimit, nameof(InlineLimit));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(InlineLimit, ChunkSize, nameof(InlineLimit));
        ArgumentOutOfRangeException.ThrowIfLessThan(IdleSleepMilliseconds, 1, nameof(IdleSleepMilliseconds));
        ArgumentOutOfRangeException.ThrowIfLessThan(SpinTime, TimeSpan.Zero, nameof(SpinTime));
        ArgumentOutOfRangeException.ThrowIfLessThan(TransferSpinTime, SpinTime, nameof(TransferSpinTime));
        ArgumentOutOfRangeException.ThrowIfLessThan(NapTime, TimeSpan.Zero, nameof(NapTime));
        ArgumentOutOfRangeException.ThrowIfLessThan(NapMicroseconds, 1, nameof(NapMicroseconds));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(NapMicroseconds, 999, nameof(NapMicroseconds));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HeartbeatInterval, TimeSpan.Zero, nameof(HeartbeatInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(FailureTimeout, HeartbeatInterval * 2, nameof(FailureTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(LeaveTimeout, TimeSpan.Zero, nameof(LeaveTimeout));
    }
}
