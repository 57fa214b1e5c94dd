using System.Runtime.InteropServices;
using Hpc.Mpi.Engine;
using Hpc.Segment;

namespace Hpc.Mpi;

/// <summary>
/// A shared-memory window (MPI_Win_allocate_shared): each rank of a node's communicator owns a part, and every rank
/// reads and writes every part directly, as memory. The parts lie one after another in the node segment's window
/// memory, which every rank of the node maps already, so making a window costs one allgather and one broadcast, not
/// a new shared mapping. Synchronise as with MPI: <see cref="Fence"/> between phases, or <see cref="Lock"/> /
/// <see cref="Unlock"/> and <see cref="Sync"/> for passive-target access. <see cref="Put"/>, <see cref="Get"/>,
/// <see cref="Accumulate"/> and the atomics work on any rank's part; accumulates on one part are atomic with respect
/// to each other.
/// </summary>
/// <example>
/// <code>
/// Comm node = Comm.World.SplitType(CommSplitType.Shared, 0);
/// using var window = node.AllocateSharedWindow&lt;double&gt;(1024);
/// window.Local.Fill(node.Rank);
/// window.Fence();
/// double left = window.Part((node.Rank + node.Size - 1) % node.Size)[0];   // a neighbour's value, read in place
/// </code>
/// </example>
/// <typeparam name="T">The element type.</typeparam>
public sealed unsafe class SharedWindow<T> : IDisposable
    where T : unmanaged
{
    /// <summary>Bytes of control per rank, in front of the parts: its lock word, then its accumulate lock word.</summary>
    internal const int ControlLine = 64;

    /// <summary>The communicator whose ranks own the parts.</summary>
    private readonly Comm _comm;
    /// <summary>The rank's engine (its arena, and its hand-offs of the core while a lock is taken).</summary>
    private readonly MessageEngine _engine;
    /// <summary>Offset of the window's block in the window memory (what is freed).</summary>
    private readonly long _block;
    /// <summary>The control lines, one per rank.</summary>
    private readonly byte* _control;
    /// <summary>The first rank's part; the others follow it.</summary>
    private readonly T* _data;
    /// <summary>Element index where each rank's part starts.</summary>
    private readonly long[] _start;
    /// <summary>Elements in each rank's part.</summary>
    private readonly int[] _count;
    /// <summary>The lock this rank holds on each part: 0 none, else 1 + <see cref="WindowLock"/>.</summary>
    private readonly byte[] _held;
    /// <summary>Set by <see cref="Dispose"/>.</summary>
    private bool _disposed;

    /// <summary>Wraps a block already allocated and zeroed.</summary>
    private SharedWindow(Comm comm, MessageEngine engine, long block, long[] start, int[] count)
    {
        _comm = comm;
        _engine = engine;
        _block = block;
        _control = engine.Windows.Memory + block;
        _data = (T*)(_control + ControlBytes(comm.Size));
        _start = start;
        _count = count;
        _held = new byte[comm.Size];
    }

    /// <summary>The communicator whose ranks share the window.</summary>
    public Comm Comm => _comm;

    /// <summary>The calling rank's part (what it gave <see cref="Comm.AllocateSharedWindow{T}"/> the size of).</summary>
    public Span<T> Local => Part(_comm.Rank);

    /// <summary>
    /// Rank <paramref name="rank"/>'s part, read and written in place (MPI_Win_shared_query). Parts are contiguous:
    /// rank r + 1's part starts where rank r's ends.
    /// </summary>
    public Span<T> Part(int rank)
    {
        CheckRank(rank);
        return new Span<T>(_data + _start[rank], _count[rank]);
    }

    /// <summary>
    /// Ends an access epoch and starts the next (MPI_Win_fence): every rank of the communicator must call it; what
    /// any rank wrote before it is seen by every rank after it.
    /// </summary>
    public void Fence()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Interlocked.MemoryBarrier();
        _comm.Barrier();
        Interlocked.MemoryBarrier();
    }

    /// <summary>
    /// Locks rank <paramref name="rank"/>'s part (MPI_Win_lock): an exclusive lock waits for every other lock on the
    /// part to go, a shared one for an exclusive one. While it waits the rank hands its core to a ready rank of the
    /// core now and then, so a lock held by a rank of the same core is released.
    /// </summary>
    /// <exception cref="InvalidOperationException">This rank holds a lock on the part already.</exception>
    public void Lock(int rank, WindowLock kind = WindowLock.Exclusive)
    {
        CheckRank(rank);
        if (_held[rank] != 0)
        {
            throw new InvalidOperationException($"rank {_comm.Rank} holds a lock on rank {rank}'s part of the window already");
        }

        int* word = LockWord(rank);
        if (kind == WindowLock.Exclusive)
        {
            WaitFor(word, &TryExclusive);
        }
        else
        {
            WaitFor(word, &TryShared);
        }

        _held[rank] = (byte)(1 + (int)kind);
    }

    /// <summary>Releases this rank's lock on rank <paramref name="rank"/>'s part (MPI_Win_unlock); its writes are visible after it.</summary>
    /// <exception cref="InvalidOperationException">This rank holds no lock on the part.</exception>
    public void Unlock(int rank)
    {
        CheckRank(rank);
        int* word = LockWord(rank);
        switch (_held[rank])
        {
            case 1 + (int)WindowLock.Exclusive:
                Interlocked.Exchange(ref *word, 0);
                break;
            case 1 + (int)WindowLock.Shared:
                Interlocked.Decrement(ref *word);
                break;
            default:
                throw new InvalidOperationException($"rank {_comm.Rank} holds no lock on rank {rank}'s part of the window");
        }

        _held[rank] = 0;
    }

    /// <summary>Takes a shared lock on every part (MPI_Win_lock_all).</summary>
    public void LockAll()
    {
        for (int rank = 0; rank < _comm.Size; rank++)
        {
            Lock(rank, WindowLock.Shared);
        }
    }

    /// <summary>Releases the locks of <see cref="LockAll"/> (MPI_Win_unlock_all).</summary>
    public void UnlockAll()
    {
        for (int rank = 0; rank < _comm.Size; rank++)
        {
            Unlock(rank);
        }
    }

    /// <summary>
    /// Makes this rank's writes to the window visible to the others and theirs, made before their own Sync, visible
    /// to it (MPI_Win_sync): a full memory fence.
    /// </summary>
    public void Sync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Interlocked.MemoryBarrier();
    }

    /// <summary>
    /// Completes this rank's operations on rank <paramref name="rank"/>'s part (MPI_Win_flush). In shared memory every
    /// operation is complete when its call returns; this orders them with a fence.
    /// </summary>
    public void Flush(int rank)
    {
        CheckRank(rank);
        Interlocked.MemoryBarrier();
    }

    /// <summary>Completes this rank's operations on every part (MPI_Win_flush_all).</summary>
    public void FlushAll() => Sync();

    /// <summary>Writes <paramref name="source"/> into rank <paramref name="target"/>'s part from element <paramref name="index"/> (MPI_Put).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The elements do not all lie in the part.</exception>
    public void Put(ReadOnlySpan<T> source, int target, int index) => source.CopyTo(Range(target, index, source.Length));

    /// <summary>Reads rank <paramref name="target"/>'s part from element <paramref name="index"/> into <paramref name="destination"/> (MPI_Get).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The elements do not all lie in the part.</exception>
    public void Get(Span<T> destination, int target, int index) => Range(target, index, destination.Length).CopyTo(destination);

    /// <summary>
    /// Combines <paramref name="source"/> into rank <paramref name="target"/>'s part from element
    /// <paramref name="index"/>: <c>part[index + i] = op(part[index + i], source[i])</c> (MPI_Accumulate), atomically
    /// with respect to the other accumulates and atomics on the part.
    /// </summary>
    public void Accumulate(ReadOnlySpan<T> source, int target, int index, Op<T> op)
    {
        ArgumentNullException.ThrowIfNull(op);
        Span<T> range = Range(target, index, source.Length);
        int* word = AccumulateWord(target);
        TakeAccumulateLock(word);
        op.Apply(source, range);
        Interlocked.Exchange(ref *word, 0);
    }

    /// <summary>
    /// As <see cref="Accumulate"/>, returning the part's elements from before the combine in
    /// <paramref name="result"/> (MPI_Get_accumulate).
    /// </summary>
    public void GetAccumulate(ReadOnlySpan<T> source, Span<T> result, int target, int index, Op<T> op)
    {
        ArgumentNullException.ThrowIfNull(op);
        if (result.Length != source.Length)
        {
            throw new ArgumentException($"the result holds {result.Length} elements, the source {source.Length}", nameof(result));
        }

        Span<T> range = Range(target, index, source.Length);
        int* word = AccumulateWord(target);
        TakeAccumulateLock(word);
        range.CopyTo(result);
        op.Apply(source, range);
        Interlocked.Exchange(ref *word, 0);
    }

    /// <summary>
    /// Combines <paramref name="value"/> into one element of rank <paramref name="target"/>'s part and returns the
    /// element from before (MPI_Fetch_and_op): a shared counter's fetch-and-add.
    /// </summary>
    public T FetchAndOp(T value, int target, int index, Op<T> op)
    {
        T old = default;
        GetAccumulate(new ReadOnlySpan<T>(in value), new Span<T>(ref old), target, index, op);
        return old;
    }

    /// <summary>
    /// Replaces one element of rank <paramref name="target"/>'s part with <paramref name="value"/> when its bytes equal
    /// <paramref name="compare"/>'s, and returns the element from before (MPI_Compare_and_swap).
    /// </summary>
    public T CompareAndSwap(T value, T compare, int target, int index)
    {
        Span<T> element = Range(target, index, 1);
        int* word = AccumulateWord(target);
        TakeAccumulateLock(word);
        T old = element[0];
        if (MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in old)).SequenceEqual(MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in compare))))
        {
            element[0] = value;
        }

        Interlocked.Exchange(ref *word, 0);
        return old;
    }

    /// <summary>
    /// Frees the window (MPI_Win_free): every rank of the communicator must call it, after its last access; the
    /// memory goes back to the node's window memory.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _comm.Barrier();
        _disposed = true;
        if (_comm.Rank == 0)
        {
            WindowArena arena = _engine.Windows;
            EnterArena(_engine, arena);
            arena.Free(_block);
            arena.Exit();
        }
    }

    /// <summary>
    /// Makes a window of <paramref name="count"/> elements on this rank over <paramref name="comm"/>, whose ranks all
    /// run on this node: the sizes are gathered, the communicator's rank 0 cuts the block and says where, and each
    /// rank zeroes its own part (its first touch, so the part's pages lie near the rank).
    /// </summary>
    internal static SharedWindow<T> Allocate(Comm comm, MessageEngine engine, int count)
    {
        long[] counts = comm.Allgather((long)count);
        var start = new long[comm.Size];
        var length = new int[comm.Size];
        long elements = 0;
        for (int rank = 0; rank < comm.Size; rank++)
        {
            start[rank] = elements;
            length[rank] = (int)counts[rank];
            elements += counts[rank];
        }

        long bytes = ControlBytes(comm.Size) + elements * sizeof(T);
        WindowArena arena = engine.Windows;
        Span<long> placed = [-1, 0];
        if (comm.Rank == 0 && arena.Size > 0)
        {
            // (A job without window memory has no arena header either: nothing of it may be touched.)
            EnterArena(engine, arena);
            placed[0] = arena.TryAllocate(bytes, out long block, out long free) ? block : -1;
            placed[1] = free;
            arena.Exit();
        }

        comm.Bcast(placed, 0);
        if (placed[0] < 0 || placed[0] > arena.Size - bytes)
        {
            throw new InvalidOperationException(arena.Size == 0
                ? "this job has no window memory for shared-memory windows (hermit-run --window-memory 0)"
                : $"a shared window of {bytes} bytes does not fit in the node's window memory: {placed[1]} of its {arena.Size} bytes are free (hermit-run --window-memory SIZE gives more)");
        }

        var window = new SharedWindow<T>(comm, engine, placed[0], start, length);
        window.Local.Clear();
        if (comm.Rank == 0)
        {
            new Span<byte>(window._control, ControlBytes(comm.Size)).Clear();
        }

        window.Fence();
        return window;
    }

    /// <summary>Bytes of control lines for <paramref name="ranks"/> ranks, rounded to a page so the parts start on one.</summary>
    private static int ControlBytes(int ranks) => (int)SegmentLayout.AlignUp((long)ranks * ControlLine, WindowArena.BlockAlignment);

    /// <summary>Takes the lock of the node's window memory, handing the core to a ready rank now and then.</summary>
    private static void EnterArena(MessageEngine engine, WindowArena arena)
    {
        while (!arena.TryEnter())
        {
            Thread.SpinWait(20);
            engine.PollFailed();
        }

        engine.PollSucceeded();
    }

    /// <summary>Rank <paramref name="rank"/>'s lock word.</summary>
    private int* LockWord(int rank) => (int*)(_control + (long)rank * ControlLine);

    /// <summary>Rank <paramref name="rank"/>'s accumulate lock word (1 while an accumulate or atomic works on the part).</summary>
    private int* AccumulateWord(int rank) => (int*)(_control + (long)rank * ControlLine + sizeof(int));

    /// <summary>Takes an accumulate lock word.</summary>
    private void TakeAccumulateLock(int* word) => WaitFor(word, &TryAccumulate);

    /// <summary>Takes a free lock word exclusively (-1).</summary>
    private static bool TryExclusive(int* word) => Interlocked.CompareExchange(ref *word, -1, 0) == 0;

    /// <summary>Adds a reader to a lock word not held exclusively.</summary>
    private static bool TryShared(int* word)
    {
        int readers = Volatile.Read(ref *word);
        return readers >= 0 && Interlocked.CompareExchange(ref *word, readers + 1, readers) == readers;
    }

    /// <summary>Takes a free accumulate lock word (1).</summary>
    private static bool TryAccumulate(int* word) => Interlocked.CompareExchange(ref *word, 1, 0) == 0;

    /// <summary>Tries <paramref name="take"/> until it succeeds, handing the core to a ready rank of the core now and then.</summary>
    private void WaitFor(int* word, delegate*<int*, bool> take)
    {
        while (!take(word))
        {
            Thread.SpinWait(20);
            _engine.PollFailed();
        }

        _engine.PollSucceeded();
    }

    /// <summary>Elements <paramref name="index"/> to <paramref name="index"/> + <paramref name="length"/> of rank <paramref name="target"/>'s part, checked.</summary>
    private Span<T> Range(int target, int index, int length)
    {
        Span<T> part = Part(target);
        if ((uint)index > (uint)part.Length || (uint)length > (uint)(part.Length - index))
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"elements {index} to {(long)index + length} do not lie in rank {target}'s part of {part.Length}");
        }

        return part.Slice(index, length);
    }

    /// <summary>Checks <paramref name="rank"/> names a rank of the window and the window is not freed.</summary>
    private void CheckRank(int rank)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)rank >= (uint)_comm.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"not a rank of the window's communicator of {_comm.Size}");
        }
    }
}
